import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, knownFeatures, resolveConfig, validateLayer } from '../../../src/core/config-schema.js';
import { defaultConfig } from '../../../src/core/config.js';

describe('resolveConfig: precedence and deep merge', () => {
  it('defaults ← service ← appConfig, key by key, appConfig winning', () => {
    const { config, entries, issues } = resolveConfig({
      service: { notifications: { mode: 'always' }, outbound: { defaultCountry: 'MX', enabled: false } },
      appConfig: { outbound: { defaultCountry: 'BR' }, wrapup: { dispositions: ['Sale'] } },
    });
    assert.deepEqual(issues, []);
    assert.equal(config.notifications.mode, 'always', 'service beats defaults');
    assert.equal(config.notifications.enabled, true, 'sibling keys keep defaults');
    assert.equal(config.outbound.defaultCountry, 'BR', 'appConfig beats service');
    assert.equal(config.outbound.enabled, false, 'a service sibling survives appConfig');
    assert.deepEqual(config.wrapup.dispositions, ['Sale'], 'lists are replaced, not merged');
    const source = (path: string) => entries.find((e) => e.path === path)?.source;
    assert.equal(source('notifications.mode'), 'service');
    assert.equal(source('notifications.enabled'), 'default');
    assert.equal(source('outbound.defaultCountry'), 'appConfig');
    assert.equal(source('outbound.enabled'), 'service');
    assert.equal(source('wrapup.dispositions'), 'appConfig');
    assert.equal(defaultConfig.outbound.defaultCountry, 'US', 'defaults are not mutated');
  });
});

describe('validation', () => {
  it('names the key path and the layer of a bad enum, and keeps the previous layer for it', () => {
    const { config, issues } = resolveConfig({
      service: { notifications: { mode: 'always' } },
      appConfig: { notifications: { mode: 'sometimes', enabled: false } },
    });
    assert.equal(issues.length, 1);
    assert.equal(issues[0].message, "appConfig.notifications.mode must be one of whenNotInFocus, always; got 'sometimes'");
    assert.equal(issues[0].path, 'notifications.mode');
    assert.equal(config.notifications.mode, 'always', "falls back to the service's value");
    assert.equal(config.notifications.enabled, false, 'the rest of the layer still loads');
  });

  it('reports unknown and mistyped keys from the service layer', () => {
    const { config, issues } = resolveConfig({
      service: { ringtone: { enabled: 'yes' }, colour: 'red', pluginService: { initializationTimeout: 500 } },
    });
    const messages = issues.map((i) => i.message);
    assert.ok(messages.includes('service.ringtone.enabled must be a boolean; got \'yes\''), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('service.colour is not a known setting')), messages.join('\n'));
    assert.equal(config.ringtone.enabled, true);
    assert.equal(config.pluginService.initializationTimeout, 500);
  });

  it('rejects unknown feature flags and accepts registered ones', () => {
    const known = [...knownFeatures().keys()][0];
    const { config, issues } = resolveConfig({ appConfig: { features: { [known]: true, 'time-travel': true } } });
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /^appConfig\.features\.time-travel is not a known feature/);
    assert.deepEqual(config.features, { [known]: true });
  });

  it('checks plugin entries, token names and threshold shapes', () => {
    const { issues, config } = resolveConfig({
      appConfig: {
        plugins: [{ url: '/a.js' }, { name: 'no url' }, { url: '/b.js', enabled: 'no' }],
        theme: { tokens: { '--flex-color-primary': '#000', color: 'red' } },
        queueStats: { thresholds: { waitingTasks: { warning: 5, direction: 'sideways' } } },
      },
    });
    const messages = issues.map((i) => i.message).join('\n');
    assert.match(messages, /appConfig\.plugins\[1\] needs url/);
    assert.match(messages, /appConfig\.plugins\[2\]\.enabled must be a boolean/);
    assert.match(messages, /appConfig\.theme\.tokens\.color is not a --flex-\* custom property name/);
    assert.match(messages, /appConfig\.queueStats\.thresholds\.waitingTasks\.direction must be one of above, below/);
    assert.deepEqual(config.plugins, [{ url: '/a.js' }, { url: '/b.js' }]);
    assert.deepEqual(config.theme.tokens, { '--flex-color-primary': '#000' });
  });

  it('knows keys added to defaultConfig without a schema change', () => {
    const extended = { ...defaultConfig, crm: { screenPop: true } };
    const schema = configSchema(extended);
    assert.deepEqual(validateLayer({ crm: { screenPop: false } }, 'appConfig', schema).issues, []);
    assert.match(validateLayer({ crm: { screenPop: 1 } }, 'appConfig', schema).issues[0].message, /appConfig\.crm\.screenPop must be a boolean; got number 1/);
  });

  it('turns a layer that is not an object into one error and loads the defaults', () => {
    const { config, issues } = resolveConfig({ service: 'nonsense' });
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /^service must be an object/);
    assert.deepEqual(config, defaultConfig);
  });
});
