import { expect, html } from '@open-wc/testing';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { applyTheme } from '../../../src/styles/themes/index.js';
import { banner, settle, simulatorFixture, withErrors } from '../helpers.js';

const token = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

describe('hostile configuration on <flex-provider>', () => {
  afterEach(() => applyTheme(document, 'light', {}));

  it('reports each hostile key (banner and flex-error), falls back, and loads everything else', async () => {
    const appConfig = JSON.parse(
      JSON.stringify({
        language: 'en_US',
        chat: { pageSize: 0, collapseAt: -1 },
        pluginService: { initializationTimeout: 2 ** 31 },
        wrapup: { dispositions: [], requireDisposition: true },
        shortcuts: { bindings: { dance: 'D', hold: 'Ctrl+Hyper+K', accept: 'Alt+Shift+K' } },
        outbound: { defaultCountry: 'XX', callerIds: ['abc'] },
        ringtone: { url: 'javascript:alert(1)' },
        notifications: { mode: 'always' },
      }).replace('{', '{"__proto__": {"polluted": 1}, "constructor": 1, "toString": {}, '),
    ) as FlexProvider['appConfig'];
    const { result, errors } = await withErrors(() =>
      simulatorFixture(html`<flex-provider sim-traffic="off" sim-clock="manual" .appConfig=${appConfig}></flex-provider>`),
    );
    const { provider } = result;
    await settle();
    const expected = [
      /^appConfig\.__proto__ is not a known setting/,
      /^appConfig\.constructor is not a known setting/,
      /^appConfig\.toString is not a known setting/,
      /^appConfig\.language must be a BCP 47 language tag .*; got 'en_US'$/,
      /^appConfig\.chat\.pageSize must be an integer from 1 to 200; got number 0$/,
      /^appConfig\.chat\.collapseAt must be an integer from 1 to 1000000 \(characters\); got number -1$/,
      /^appConfig\.pluginService\.initializationTimeout must be a number from 1 to 2147483647 \(milliseconds\); got number 2147483648$/,
      /^appConfig\.wrapup\.requireDisposition true with an empty wrapup\.dispositions list is refused \(no task could ever be completed\); falling back to the defaults' requireDisposition \(false\)$/,
      /^appConfig\.shortcuts\.bindings\.dance is not a known shortcut/,
      /^appConfig\.shortcuts\.bindings\.hold must be modifiers and one key/,
      /^appConfig\.outbound\.defaultCountry must be a region code .*; got 'XX'$/,
      /^appConfig\.outbound\.callerIds\[0\] must be an E\.164 number/,
      /^appConfig\.ringtone\.url must be an http:, https:, relative, data:audio\/ or blob: URL \(javascript: is not allowed\)/,
    ];
    const messages = errors.filter((e) => e.code === 'invalid-config').map((e) => e.message);
    for (const pattern of expected) {
      expect(messages.filter((m) => pattern.test(m)), `${String(pattern)} in\n${messages.join('\n')}`).to.have.length(1);
      expect(banner(provider)).to.match(new RegExp(pattern.source.replace(/^\^|\$$/g, '')));
    }
    expect(messages).to.have.length(expected.length);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    const { config } = provider;
    expect(config.language).to.equal('');
    expect(config.chat.pageSize).to.equal(30);
    expect(config.chat.collapseAt).to.equal(1200);
    expect(config.pluginService.initializationTimeout).to.equal(10_000);
    expect(config.wrapup).to.deep.equal({ dispositions: [], requireDisposition: false });
    expect(config.shortcuts.bindings).to.deep.equal({ accept: 'Alt+Shift+K' });
    expect(config.outbound.defaultCountry).to.equal('US');
    expect(config.outbound.callerIds).to.deep.equal(['+15550100']);
    expect(config.ringtone.url).to.equal('');
    expect(config.notifications.mode).to.equal('always', 'the rest of appConfig loads');
    expect(provider.store!.getState().connection.status).to.equal('connected');
  });

  it('reports a config-url whose JSON is not an object and loads the defaults and appConfig', async () => {
    const { result, errors } = await withErrors(() =>
      simulatorFixture(
        html`<flex-provider
          sim-traffic="off"
          sim-clock="manual"
          config-url="data:application/json,null"
          .appConfig=${{ notifications: { mode: 'always' } }}
        ></flex-provider>`,
      ),
    );
    const { provider } = result;
    await settle();
    const message = /^(service must be an object \(the JSON at config-url\); got null|The configuration at config-url "data:application\/json,null" must be a JSON object, got null)/;
    const reported = errors.filter((e) => message.test(e.message));
    expect(reported, errors.map((e) => e.message).join('\n')).to.have.length(1);
    expect(banner(provider)).to.contain('null');
    expect(provider.config.notifications.mode).to.equal('always');
    expect(provider.store!.getState().connection.status).to.equal('connected');
  });

  it('refuses a bad token by name and still applies the good ones', async () => {
    const { result, errors } = await withErrors(() =>
      simulatorFixture(
        html`<flex-provider
          sim-traffic="off"
          sim-clock="manual"
          .appConfig=${{
            theme: {
              tokens: {
                '--flex-color-danger': 'rgb(1 2 3',
                '--flex-color-primary': 'rgb(1, 2, 3)',
                '--flex-color-text': 'red /* x',
                '--flex-radius-s': '7px',
              },
            },
          }}
        ></flex-provider>`,
      ),
    );
    await settle();
    const messages = errors.map((e) => e.message);
    expect(messages).to.include("appConfig.theme.tokens.--flex-color-danger must be a plain CSS value (it has an unclosed \"(\"); got 'rgb(1 2 3'");
    expect(messages).to.include("appConfig.theme.tokens.--flex-color-text must be a plain CSS value (it contains a comment marker (/* or */)); got 'red /* x'");
    expect(token('--flex-color-primary')).to.equal('rgb(1, 2, 3)');
    expect(token('--flex-radius-s')).to.equal('7px');
    expect(token('--flex-color-danger')).to.equal('#c41c1c', 'a refused token keeps the preset');
    expect(banner(result.provider)).to.contain('--flex-color-text');
  });

  it('applyTheme refuses each breaking value and keeps every other override in the sheet', () => {
    const bad = {
      '--flex-color-danger': 'rgb(1 2 3',
      '--flex-color-text': '"open',
      '--flex-color-border': 'red; } :root { --flex-color-primary: lime',
      '--flex-color-focus': 'a\\',
      '--flex-color-success': '</style>',
      '--flex-color-warning': 'x */ y',
    };
    const refused = applyTheme(document, 'light', { '--flex-color-primary': 'rgb(4, 5, 6)', ...bad, '--flex-radius-s': '9px' });
    expect(refused.sort()).to.deep.equal(Object.keys(bad).sort());
    expect(token('--flex-color-primary')).to.equal('rgb(4, 5, 6)');
    expect(token('--flex-radius-s')).to.equal('9px');
    expect(token('--flex-color-text')).to.equal('#121c2d');
  });
});
