import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deepMerge, defaultConfig } from '../../../src/core/config.js';
import { Strings, registerLocale, registerStrings } from '../../../src/core/strings.js';
import { VERSION } from '../../../src/version.js';
import { readFileSync } from 'node:fs';

describe('config merge', () => {
  it('merges key by key, later sources winning; arrays are replaced', () => {
    const merged = deepMerge(defaultConfig, { notifications: { mode: 'always' } }, { wrapup: { dispositions: ['Sale'] } });
    assert.equal(merged.notifications.mode, 'always');
    assert.equal(merged.notifications.enabled, true);
    assert.deepEqual(merged.wrapup.dispositions, ['Sale']);
    assert.equal(defaultConfig.notifications.mode, 'whenNotInFocus', 'defaults are not mutated');
  });

  it('ignores prototype-polluting keys', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal((merged as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('strings', () => {
  registerStrings({ 'test.greeting': 'Hello {name}, you have {count} tasks' });
  registerLocale('es-MX', { 'test.greeting': 'Hola {name}, tienes {count} tareas' });

  it('fills placeholders and formats numbers for the locale', () => {
    assert.equal(new Strings('en-US').t('test.greeting', { name: 'Ana', count: 1200 }), 'Hello Ana, you have 1,200 tasks');
  });

  it('uses a shipped locale, and page overrides beat it', () => {
    assert.equal(new Strings('es-MX').t('test.greeting', { name: 'Ana', count: 2 }), 'Hola Ana, tienes 2 tareas');
    const overridden = new Strings('es-MX', { 'es-MX': { 'test.greeting': '¡Hola {name}!' } });
    assert.equal(overridden.t('test.greeting', { name: 'Ana' }), '¡Hola Ana!');
  });

  it('falls back to the key for an unknown string', () => {
    assert.equal(new Strings('en-US').t('no.such.key'), 'no.such.key');
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });
});
