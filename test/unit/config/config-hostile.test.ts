import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  configSchema,
  parseShortcutBinding,
  PHONE_REGIONS,
  resolveConfig,
  SHORTCUT_IDS,
  validateLayer,
  type SchemaNode,
} from '../../../src/core/config-schema.js';
import { deepMerge, defaultConfig } from '../../../src/core/config.js';
import { DEFAULT_SHORTCUTS } from '../../../src/controllers/shortcuts.js';
import { tokenValueProblem } from '../../../src/styles/tokens.js';
import { checkThemeTokens, THEME_NAMES, validateThemeName } from '../../../src/styles/themes/index.js';

const messages = (issues: readonly { message: string }[]) => issues.map((issue) => issue.message);

/** Resolves one bad value in appConfig over a good one in the service layer. */
function overService(path: string, good: unknown, bad: unknown) {
  const nest = (value: unknown) => path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  return resolveConfig({ service: nest(good), appConfig: nest(bad) });
}

function read(config: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], config);
}

describe('hostile config 1: keys named like Object.prototype members', () => {
  const reserved = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'];

  for (const key of reserved) {
    for (const source of ['service', 'appConfig'] as const) {
      it(`reports ${source}.${key} at the top, in an object and in an open map, and loads the rest`, () => {
        const layer = JSON.parse(
          `{"${key}": {"polluted": 1}, "chat": {"${key}": 1, "pageSize": 40}, "strings": {"en": {"${key}": "x", "a.b": "ok"}, "${key}": {}},` +
            ` "features": {"${key}": true}, "shortcuts": {"bindings": {"${key}": "K"}}, "theme": {"tokens": {"${key}": "red"}},` +
            ` "queueStats": {"thresholds": {"${key}": {"warning": 1}}}, "notifications": {"mode": "always"}}`,
        ) as unknown;
        const { config, issues } = resolveConfig({ [source]: layer });
        const all = messages(issues);
        const about = (path: string) => all.filter((m) => m.startsWith(`${source}.${path} is not a known`));
        assert.equal(about(key).length, 1, all.join('\n'));
        for (const path of [`chat.${key}`, `strings.en.${key}`, `strings.${key}`, `features.${key}`, `shortcuts.bindings.${key}`, `theme.tokens.${key}`, `queueStats.thresholds.${key}`]) {
          assert.equal(about(path).length, 1, `${path}:\n${all.join('\n')}`);
        }
        assert.equal(config.chat.pageSize, 40);
        assert.equal(config.notifications.mode, 'always');
        assert.deepEqual(config.strings, { en: { 'a.b': 'ok' } });
        assert.equal(Object.getPrototypeOf(config.strings), Object.prototype);
        assert.equal(typeof config.chat.toString, 'function', 'the config objects keep their prototype methods');
        assert.equal(Object.hasOwn(config, key), false);
        assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      });
    }
  }

  it('never pollutes Object.prototype, through resolveConfig or deepMerge', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "chat": {"__proto__": {"polluted": 2}}}') as unknown;
    resolveConfig({ service: hostile, appConfig: hostile });
    const merged = deepMerge<Record<string, unknown>>({ chat: {} }, hostile, { constructor: { prototype: { polluted: 3 } } });
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.equal(Object.hasOwn(merged, '__proto__'), false);
    assert.equal(Object.hasOwn(merged, 'constructor'), false);
  });

  it('strips reserved keys below an open map of any values too', () => {
    const extended = { ...defaultConfig, crm: {} };
    const result = validateLayer(JSON.parse('{"crm": {"x": {"__proto__": {"polluted": 1}, "y": 1}}}'), 'appConfig', configSchema(extended));
    assert.deepEqual(result.value, { crm: { x: { y: 1 } } });
    assert.match(result.issues[0].message, /^appConfig\.crm\.x\.__proto__ is not a known setting/);
  });
});

describe('hostile config 2: language', () => {
  it("refuses en_US (Intl would throw later) and keeps the previous layer's language", () => {
    const { config, issues } = overService('language', 'pt-BR', 'en_US');
    assert.deepEqual(messages(issues), [
      "appConfig.language must be a BCP 47 language tag such as en-US or pt-BR (or empty for the browser's); got 'en_US'",
    ]);
    assert.equal(config.language, 'pt-BR');
    assert.doesNotThrow(() => new Intl.DateTimeFormat(config.language));
  });

  it('canonicalizes a valid tag and keeps empty (the browser language)', () => {
    assert.equal(resolveConfig({ appConfig: { language: 'EN-us' } }).config.language, 'en-US');
    assert.equal(resolveConfig({ service: { language: 'zh-hant-tw' } }).config.language, 'zh-Hant-TW');
    const empty = resolveConfig({ service: { language: 'fr' }, appConfig: { language: '' } });
    assert.deepEqual(empty.issues, []);
    assert.equal(empty.config.language, '');
  });
});

describe('hostile config 3: pluginService.initializationTimeout', () => {
  for (const bad of [2 ** 31, -1, Infinity, NaN, 0]) {
    it(`refuses ${bad} with the valid range`, () => {
      const { config, issues } = overService('pluginService.initializationTimeout', 5000, bad);
      assert.equal(issues.length, 1);
      assert.match(issues[0].message, /^appConfig\.pluginService\.initializationTimeout must be a number from 1 to 2147483647 \(milliseconds\); got number/);
      assert.equal(config.pluginService.initializationTimeout, 5000);
    });
  }

  it('accepts the largest delay a timer honours', () => {
    const { config, issues } = resolveConfig({ appConfig: { pluginService: { initializationTimeout: 2 ** 31 - 1 } } });
    assert.deepEqual(issues, []);
    assert.equal(config.pluginService.initializationTimeout, 2 ** 31 - 1);
  });
});

describe('hostile config 4: wrapup requires a disposition but lists none', () => {
  it('refuses the combination in one layer and falls back to the previous requireDisposition', () => {
    const { config, issues } = resolveConfig({ appConfig: { wrapup: { dispositions: [], requireDisposition: true } } });
    assert.deepEqual(messages(issues), [
      "appConfig.wrapup.requireDisposition true with an empty wrapup.dispositions list is refused (no task could ever be completed); falling back to the defaults' requireDisposition (false)",
    ]);
    assert.equal(config.wrapup.requireDisposition, false);
    assert.deepEqual(config.wrapup.dispositions, []);
  });

  it('says so for the service layer', () => {
    const { config, issues } = resolveConfig({ service: { wrapup: { dispositions: [], requireDisposition: true } } });
    assert.match(issues[0].message, /^service\.wrapup\.requireDisposition true with an empty wrapup\.dispositions list is refused/);
    assert.equal(config.wrapup.requireDisposition, false);
  });

  it('sets requireDisposition false when appConfig empties the list the service requires', () => {
    const { config, issues } = resolveConfig({
      service: { wrapup: { requireDisposition: true } },
      appConfig: { wrapup: { dispositions: [] } },
    });
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /^appConfig\.wrapup\.requireDisposition .*; using requireDisposition false$/);
    assert.equal(config.wrapup.requireDisposition, false);
  });

  it('keeps a required disposition when a list remains', () => {
    const { config, issues } = resolveConfig({ service: { wrapup: { dispositions: [] } }, appConfig: { wrapup: { dispositions: ['Sale'], requireDisposition: true } } });
    assert.deepEqual(issues, []);
    assert.equal(config.wrapup.requireDisposition, true);
  });

  it('refuses an empty disposition name', () => {
    const { config, issues } = resolveConfig({ appConfig: { wrapup: { dispositions: ['Sale', ' '] } } });
    assert.deepEqual(messages(issues), ["appConfig.wrapup.dispositions[1] must be a non-empty name; got ' '"]);
    assert.deepEqual(config.wrapup.dispositions, ['Sale']);
  });
});

describe('hostile config 5: numeric ranges', () => {
  const cases: [string, number, unknown[], RegExp][] = [
    ['chat.pageSize', 50, [0, -1, 2.5, 1e9, '30'], /must be an integer from 1 to 200; got/],
    ['chat.collapseAt', 500, [-1, 0, 1.5], /must be an integer from 1 to 1000000 \(characters\); got/],
    ['chat.typingThrottleMs', 1000, [-1, 60_001, 0.5], /must be an integer from 0 to 60000 \(milliseconds\); got/],
    ['chat.attachments.maxFiles', 3, [-1, 21, 1.5], /must be an integer from 0 to 20; got/],
    ['chat.attachments.maxFileSize', 1024, [0, -5, 2 ** 40], /must be an integer from 1 to 1073741824 \(bytes\); got/],
  ];
  for (const [path, good, bads, pattern] of cases) {
    for (const bad of bads) {
      it(`refuses ${path}: ${String(bad)}`, () => {
        const { config, issues } = overService(path, good, bad);
        assert.equal(issues.length, 1, messages(issues).join('\n'));
        assert.ok(issues[0].message.startsWith(`appConfig.${path} `), issues[0].message);
        assert.match(issues[0].message, pattern);
        assert.equal(read(config, path), good, 'falls back to the service value');
      });
    }
  }

  it('accepts the bounds', () => {
    const { issues } = resolveConfig({
      appConfig: { chat: { pageSize: 200, collapseAt: 1, typingThrottleMs: 0, attachments: { maxFiles: 0, maxFileSize: 1 } } },
    });
    assert.deepEqual(issues, []);
  });

  it('refuses negative and non-finite queue-stats thresholds', () => {
    const { config, issues } = resolveConfig({
      appConfig: { queueStats: { thresholds: { waiting: { warning: -1, critical: 10 }, sla30m: { warning: 80, direction: 'below' } } } },
    });
    assert.deepEqual(messages(issues), ['appConfig.queueStats.thresholds.waiting.warning must be a number from 0 to 1000000000; got number -1']);
    assert.deepEqual(config.queueStats.thresholds, { waiting: { critical: 10 }, sla30m: { warning: 80, direction: 'below' } });
  });

  it('gives every numeric key in the schema a finite range', () => {
    const unbounded: string[] = [];
    const walk = (node: SchemaNode, path: string) => {
      if (node.type === 'number' && !(Number.isFinite(node.min) && Number.isFinite(node.max))) unbounded.push(path);
      if (node.type === 'object') for (const [key, child] of Object.entries(node.fields)) walk(child, path ? `${path}.${key}` : key);
      if (node.type === 'record') walk(node.values, `${path}.*`);
      if (node.type === 'array') walk(node.items, `${path}[]`);
    };
    walk(configSchema(), '');
    assert.deepEqual(unbounded, []);
  });
});

describe('hostile config 6: shortcuts.bindings', () => {
  it('keeps the core list of shortcut ids equal to DEFAULT_SHORTCUTS', () => {
    assert.deepEqual([...SHORTCUT_IDS].sort(), Object.keys(DEFAULT_SHORTCUTS).sort());
  });

  it('refuses an unknown shortcut by name and a binding that does not parse, and keeps the good ones', () => {
    const { config, issues } = resolveConfig({
      service: { shortcuts: { bindings: { hold: 'Alt+H' } } },
      appConfig: { shortcuts: { bindings: { dance: 'D', accept: 'Alt+Shift+K', end: 'Ctrl+Shift+1', hold: 'Ctrl+Hyper+K', mute: '' } } },
    });
    assert.deepEqual(messages(issues), [
      'appConfig.shortcuts.bindings.dance is not a known shortcut (known: accept, reject, hold, mute, end, next, previous, activity)',
      "appConfig.shortcuts.bindings.hold must be modifiers and one key, such as Alt+Shift+K or Ctrl+Shift+1, or empty to switch it off (Hyper is not a modifier (Ctrl, Shift, Alt or Meta)); got 'Ctrl+Hyper+K'",
    ]);
    assert.deepEqual(config.shortcuts.bindings, { hold: 'Alt+H', accept: 'Alt+Shift+K', end: 'Ctrl+Shift+1', mute: '' });
  });

  it('parses bindings as the shortcuts controller reads them', () => {
    assert.deepEqual(parseShortcutBinding('Alt+Shift+K'), { combo: { ctrl: false, shift: true, alt: true, meta: false, key: 'K' } });
    assert.deepEqual(parseShortcutBinding('ctrl+shift+1'), { combo: { ctrl: true, shift: true, alt: false, meta: false, key: '1' } });
    assert.deepEqual(parseShortcutBinding('a'), { combo: { ctrl: true, shift: true, alt: false, meta: false, key: 'A' } });
    assert.deepEqual(parseShortcutBinding('Cmd+ArrowUp'), { combo: { ctrl: false, shift: false, alt: false, meta: true, key: 'ARROWUP' } });
    assert.deepEqual(parseShortcutBinding('F2'), { combo: { ctrl: false, shift: false, alt: false, meta: false, key: 'F2' } });
    assert.deepEqual(parseShortcutBinding(' '), {});
    for (const bad of ['Ctrl+', '+K', 'Ctrl++K', 'Ctrl+KK', 'Ctrl+Ctrl+K', 'Ctrl+Control+K', 'Shift+K', 'K+Ctrl', 'Ctrl+F25', 'Ctrl+constructor+K', 'Ctrl+Space']) {
      assert.ok(parseShortcutBinding(bad).problem, bad);
    }
  });
});

describe('hostile config 7: outbound and ringtone', () => {
  it('keeps the region list equal to what libphonenumber-js knows', async () => {
    const { getCountries } = await import('libphonenumber-js/min');
    assert.deepEqual([...PHONE_REGIONS].sort(), [...getCountries()].sort());
  });

  it("refuses defaultCountry 'XX' and keeps the previous layer's; upper-cases a known one", () => {
    const { config, issues } = overService('outbound.defaultCountry', 'MX', 'XX');
    assert.deepEqual(messages(issues), [
      "appConfig.outbound.defaultCountry must be a region code the phone-number library knows (ISO 3166-1 alpha-2, such as US, GB or BR); got 'XX'",
    ]);
    assert.equal(config.outbound.defaultCountry, 'MX');
    assert.equal(resolveConfig({ appConfig: { outbound: { defaultCountry: 'gb' } } }).config.outbound.defaultCountry, 'GB');
    assert.equal(resolveConfig({ appConfig: { outbound: { defaultCountry: 'toString' } } }).issues.length, 1);
  });

  it('refuses caller ids that are not E.164, keeping the good ones (or the previous list when none is good)', () => {
    const only = overService('outbound.callerIds', ['+442071838750'], ['abc']);
    assert.deepEqual(messages(only.issues), [
      "appConfig.outbound.callerIds[0] must be an E.164 number: + then 8 to 15 digits (e.g. +15550100); got 'abc'",
    ]);
    assert.deepEqual(only.config.outbound.callerIds, ['+442071838750']);
    const mixed = resolveConfig({ appConfig: { outbound: { callerIds: ['+15550100', '+1234567', '+1234567890123456', '15550100', '+05550100', '+4915112345678'] } } });
    assert.equal(mixed.issues.length, 4, messages(mixed.issues).join('\n'));
    assert.deepEqual(mixed.config.outbound.callerIds, ['+15550100', '+4915112345678']);
    assert.deepEqual(resolveConfig({ appConfig: { outbound: { callerIds: [] } } }).config.outbound.callerIds, []);
  });

  it('allows http:, https:, relative, data:audio/ and blob: ringtone URLs only', () => {
    for (const good of ['', 'https://cdn.example.com/ring.mp3', 'http://x/ring.ogg', '/sounds/ring.mp3', 'ring.mp3', '//cdn.example.com/r.mp3', 'data:audio/mpeg;base64,AAAA', 'blob:https://app.example.com/5b1c']) {
      assert.deepEqual(resolveConfig({ appConfig: { ringtone: { url: good } } }).issues, [], good);
    }
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'vbscript:x', 'file:///etc/passwd', 'data:text/html,<script>', 'ftp://x/r.mp3']) {
      const { config, issues } = overService('ringtone.url', '/ok.mp3', bad);
      assert.equal(issues.length, 1, bad);
      assert.match(issues[0].message, /^appConfig\.ringtone\.url must be an http:, https:, relative, data:audio\/ or blob: URL \(.+ is not allowed\); got /);
      assert.equal(config.ringtone.url, '/ok.mp3');
    }
  });
});

describe('hostile config 8: a service layer that is not an object', () => {
  for (const [value, got] of [
    [null, 'null'],
    [42, 'number 42'],
    [['a'], 'a list'],
    ['{"a":1}', `'{"a":1}'`],
  ] as const) {
    it(`reports ${got} and loads the defaults and appConfig`, () => {
      const { config, issues } = resolveConfig({ service: value, appConfig: { notifications: { mode: 'always' } } });
      assert.deepEqual(messages(issues), [`service must be an object (the JSON at config-url); got ${got}; it was ignored`]);
      assert.equal(config.notifications.mode, 'always');
      assert.deepEqual({ ...config, notifications: defaultConfig.notifications }, defaultConfig);
    });
  }

  it('treats an absent service layer or a null appConfig as no layer', () => {
    assert.deepEqual(resolveConfig({ service: undefined, appConfig: null }).issues, []);
  });
});

describe('hostile config 10: the theme attribute', () => {
  it('accepts the presets and unset values, and names a bad one', () => {
    for (const name of [...THEME_NAMES, undefined, null, '']) assert.equal(validateThemeName(name), undefined, String(name));
    assert.equal(
      validateThemeName('neon'),
      "The theme attribute of <flex-provider> must be one of light, dark, high-contrast, auto; got 'neon'; config theme.name applies instead.",
    );
    assert.match(validateThemeName(3) ?? '', /got number 3;/);
  });

  it('uses the same preset names as config theme.name', () => {
    const schema = configSchema() as Extract<SchemaNode, { type: 'object' }>;
    const theme = schema.fields['theme'] as Extract<SchemaNode, { type: 'object' }>;
    assert.deepEqual(theme.fields['name'], { type: 'enum', values: [...THEME_NAMES] });
  });
});

describe('hostile config 11: theme token values', () => {
  const bad = ['red; color: blue', 'red /* x', 'x */ red', '"unterminated', "'open", '{', '}', '<b>', 'a\\62 c', 'rgb(0 0 0', 'a)', 'a[', 'a\nb'];

  it('refuses each dangerous value by name and keeps the other tokens', () => {
    const tokens: Record<string, string> = { '--flex-color-primary': '#123456', '--flex-radius-s': "calc(2px + 1px) 'a;b'".replace(';', ',') };
    bad.forEach((value, i) => (tokens[`--flex-bad-${i}`] = value));
    const { config, issues } = resolveConfig({ appConfig: { theme: { tokens } } });
    assert.equal(issues.length, bad.length, messages(issues).join('\n'));
    bad.forEach((value, i) => {
      const issue = issues.find((item) => item.path === `theme.tokens.--flex-bad-${i}`);
      assert.ok(issue, value);
      assert.match(issue.message, new RegExp(`^appConfig\\.theme\\.tokens\\.--flex-bad-${i} must be a plain CSS value \\(it .+\\); got `));
    });
    assert.deepEqual(config.theme.tokens, { '--flex-color-primary': '#123456', '--flex-radius-s': "calc(2px + 1px) 'a,b'" });
  });

  it("falls back to the service layer's value for a refused token", () => {
    const { config } = resolveConfig({
      service: { theme: { tokens: { '--flex-color-primary': '#111111' } } },
      appConfig: { theme: { tokens: { '--flex-color-primary': 'red;}', '--flex-color-text': '#222222' } } },
    });
    assert.deepEqual(config.theme.tokens, { '--flex-color-primary': '#111111', '--flex-color-text': '#222222' });
  });

  it('gives applyTheme the same check, with a message per refused token', () => {
    for (const value of bad) assert.ok(tokenValueProblem(value), value);
    for (const value of ['#fff', 'rgba(0, 0, 0, 0.5)', "'Segoe UI', sans-serif", 'var(--flex-space-s, 4px)', '"a/b"', '']) {
      assert.equal(tokenValueProblem(value), undefined, value);
    }
    const { accepted, refused } = checkThemeTokens({ '--flex-color-primary': '#000', '--flex-color-text': 'red /* x', color: 'red', '--flex-x': 5 });
    assert.deepEqual(accepted, { '--flex-color-primary': '#000' });
    assert.deepEqual(refused, [
      { name: '--flex-color-text', message: 'theme.tokens.--flex-color-text must be a plain CSS value (it contains a comment marker (/* or */)); it was ignored.' },
      { name: 'color', message: 'theme.tokens.color is not a --flex-* custom property name; it was ignored.' },
      { name: '--flex-x', message: 'theme.tokens.--flex-x must be a plain CSS value (it is not a string); it was ignored.' },
    ]);
  });
});

describe('hostile config: how a bad value is described', () => {
  it('names non-finite numbers and other types readably', () => {
    const got = (value: unknown) => resolveConfig({ appConfig: { chat: { pageSize: value } } }).issues[0]?.message.replace(/^.*; got /, '');
    assert.equal(got(Infinity), 'number Infinity');
    assert.equal(got(NaN), 'number NaN');
    assert.equal(got(() => 1), 'a function');
    assert.equal(got(Symbol('x')), 'a symbol');
    assert.equal(got(1n), 'bigint 1');
  });
});
