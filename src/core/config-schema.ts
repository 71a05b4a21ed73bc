import { pinProblem } from './version-policy.js';
import { tokenValueProblem } from '../styles/tokens.js';
import { defaultConfig, deepMerge, isPlainObject, RESERVED_KEYS, type FlexConfig } from './config.js';
import { ROLES } from './model.js';

/**
 * Configuration validation. The schema is derived from `defaultConfig`'s shape (so a knob another
 * module adds to the defaults is known at once) plus the explicit types below for the keys whose
 * default says too little: enums, open maps, lists of objects, optional keys.
 */

export type ConfigSource = 'default' | 'service' | 'appConfig';

/** One problem found in one layer of configuration. */
export interface ConfigIssue {
  /** Dotted key path, e.g. `notifications.mode`. */
  readonly path: string;
  readonly source: ConfigSource;
  /** A sentence naming the key and where it came from. */
  readonly message: string;
}

export type SchemaNode =
  | { readonly type: 'boolean' | 'any' }
  | {
      readonly type: 'string';
      /** Why a string is unusable (the text after the key path, e.g. `must be …; got '…'`), or undefined. */
      readonly check?: (value: string) => string | undefined;
      /** The value kept once it passed `check` (e.g. a canonical language tag). */
      readonly normalize?: (value: string) => string;
    }
  | {
      readonly type: 'number';
      readonly min?: number;
      readonly max?: number;
      readonly integer?: boolean;
      /** How the range reads in a message, e.g. `milliseconds`. */
      readonly unit?: string;
    }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'array'; readonly items: SchemaNode }
  | { readonly type: 'record'; readonly values: SchemaNode; readonly keys?: (key: string) => string | undefined }
  | {
      readonly type: 'object';
      readonly fields: Readonly<Record<string, SchemaNode>>;
      readonly optional?: readonly string[];
      readonly required?: readonly string[];
    };

/** Status of a pre-release feature, as Flex shows it in its admin view. */
export type FeatureStatus = 'beta' | 'pilot';

export interface FeatureInfo {
  readonly status: FeatureStatus;
  readonly description: string;
}

const features = new Map<string, FeatureInfo>();

/** Makes a pre-release feature known, so `features: {name: true}` validates and the admin view lists it. */
export function registerFeature(name: string, info: FeatureInfo): void {
  features.set(name, info);
}

/** Every known pre-release feature. */
export function knownFeatures(): ReadonlyMap<string, FeatureInfo> {
  return features;
}

registerFeature('insights-history', {
  status: 'beta',
  description: 'Kept so configurations that name it still validate; <flex-app>\'s Insights view is <flex-insights> now, with or without it.',
});
registerFeature('plugin-integrity', {
  status: 'pilot',
  description: 'Subresource integrity for plugins: a hash in the plugin entry is verified before import.',
});
registerFeature('teams-skills-column', {
  status: 'beta',
  description: 'A skills column in the teams view.',
});

const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const any = { type: 'any' } as const;

/** A number node with a range (every numeric key has one: see the schema test). */
function range(min: number, max: number, options: { integer?: boolean; unit?: string } = {}): SchemaNode {
  return { type: 'number', min, max, integer: options.integer ?? true, unit: options.unit };
}

/** A string node with a check (and optionally the value kept once it passes). */
function checked(check: (value: string) => string | undefined, normalize?: (value: string) => string): SchemaNode {
  return { type: 'string', check, normalize };
}

/** The largest delay setTimeout honours (2^31-1 ms); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Why a language tag is unusable for Intl, or undefined (empty: the browser's language). */
function languageProblem(value: string): string | undefined {
  if (value === '') return undefined;
  try {
    Intl.getCanonicalLocales(value);
    return undefined;
  } catch {
    return `must be a BCP 47 language tag such as en-US or pt-BR (or empty for the browser's); got ${describe(value)}`;
  }
}

function canonicalLanguage(value: string): string {
  return value === '' ? value : (Intl.getCanonicalLocales(value)[0] ?? value);
}

/**
 * The regions libphonenumber-js knows (its `getCountries()`, ISO 3166-1 alpha-2 plus AC, TA and XK),
 * kept here so core never loads the phone-number metadata (a lazy chunk). A unit test keeps it equal.
 */
export const PHONE_REGIONS: readonly string[] = (
  'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM ' +
  'FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN ' +
  'MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT ' +
  'PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK ' +
  'TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const phoneRegions = new Set(PHONE_REGIONS);

function countryProblem(value: string): string | undefined {
  return phoneRegions.has(value.toUpperCase())
    ? undefined
    : `must be a region code the phone-number library knows (ISO 3166-1 alpha-2, such as US, GB or BR); got ${describe(value)}`;
}

/** E.164: `+`, then 8 to 15 digits, the first not 0. */
export const E164 = /^\+[1-9]\d{7,14}$/;

function callerIdProblem(value: string): string | undefined {
  return E164.test(value) ? undefined : `must be an E.164 number: + then 8 to 15 digits (e.g. +15550100); got ${describe(value)}`;
}

/**
 * Why a URL may not be used as an audio source, or undefined: only http:, https:, relative URLs
 * (resolved as the browser does), `data:audio/…` and `blob:`; every other scheme (javascript:,
 * file:, vbscript:, data: of another type, …) is refused. Empty means the built-in sound.
 */
export function audioUrlProblem(value: string): string | undefined {
  if (value === '') return undefined;
  const refuse = (why: string) =>
    `must be an http:, https:, relative, data:audio/ or blob: URL (${why}); got ${describe(value)}`;
  let url: URL;
  try {
    url = new URL(value, 'https://relative.invalid/');
  } catch {
    return refuse('it is not a URL');
  }
  const scheme = url.protocol;
  if (scheme === 'http:' || scheme === 'https:' || scheme === 'blob:') return undefined;
  if (scheme === 'data:' && /^audio\//i.test(url.pathname)) return undefined;
  return refuse(`${scheme} is not allowed`);
}

function dispositionProblem(value: string): string | undefined {
  return value.trim() ? undefined : `must be a non-empty name; got ${describe(value)}`;
}

/** Shortcut ids, as used in config `shortcuts.bindings`; equal to DEFAULT_SHORTCUTS' keys (a test checks). */
export const SHORTCUT_IDS = ['accept', 'reject', 'hold', 'mute', 'end', 'next', 'previous', 'activity'] as const;

/** A parsed shortcut binding: the modifiers that must be down and the key (upper case). */
export interface ShortcutCombo {
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
  /** `A`–`Z`, `0`–`9`, `F1`–`F24`, a punctuation key, or a named key in upper case (`ARROWUP`). */
  readonly key: string;
}

const MODIFIERS: Readonly<Record<string, 'ctrl' | 'shift' | 'alt' | 'meta'>> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  shift: 'shift',
  alt: 'alt',
  option: 'alt',
  meta: 'meta',
  cmd: 'meta',
  command: 'meta',
};

const NAMED_KEYS = [
  'Enter', 'Escape', 'Tab', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown',
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight',
];
const NAMED = new Map(NAMED_KEYS.map((name) => [name.toLowerCase(), name.toUpperCase()]));

/**
 * Parses a shortcut binding: modifiers and one key joined by `+` (`Alt+Shift+K`, `Ctrl+Shift+1`),
 * or a key alone (Ctrl+Shift implied, Flex's default). Modifiers: Ctrl (Control), Shift, Alt
 * (Option), Meta (Cmd, Command), case-insensitive, each at most once. A combination with letters,
 * digits or punctuation needs Ctrl, Alt or Meta (Shift alone would fire while the agent types);
 * F1–F24 may stand alone. Empty switches the shortcut off (`combo` undefined, no `problem`).
 */
export function parseShortcutBinding(binding: string): { combo?: ShortcutCombo; problem?: string } {
  const text = binding.trim();
  if (text === '') return {};
  const parts = text.split('+').map((part) => part.trim());
  const keyName = parts.pop()!;
  if (!keyName || parts.some((part) => part === '')) return { problem: 'it has an empty part (a key cannot be +)' };
  let key: string;
  if (/^[a-z0-9]$/i.test(keyName) || /^[`\-=[\];',./]$/.test(keyName)) key = keyName.toUpperCase();
  else if (/^f([1-9]|1[0-9]|2[0-4])$/i.test(keyName)) key = keyName.toUpperCase();
  else if (NAMED.has(keyName.toLowerCase())) key = NAMED.get(keyName.toLowerCase())!;
  else return { problem: `${keyName} is not a key (a letter, a digit, F1–F24, punctuation or ${NAMED_KEYS.join(', ')})` };
  if (parts.length === 0) {
    return /^F\d/.test(key) ? { combo: { ctrl: false, shift: false, alt: false, meta: false, key } } : { combo: { ctrl: true, shift: true, alt: false, meta: false, key } };
  }
  const combo = { ctrl: false, shift: false, alt: false, meta: false, key };
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier || !Object.hasOwn(MODIFIERS, part.toLowerCase())) return { problem: `${part} is not a modifier (Ctrl, Shift, Alt or Meta)` };
    if (combo[modifier]) return { problem: `${part} is given twice` };
    combo[modifier] = true;
  }
  if (!combo.ctrl && !combo.alt && !combo.meta && !/^F\d/.test(key)) {
    return { problem: 'it needs Ctrl, Alt or Meta (without one it would fire while the agent types)' };
  }
  return { combo };
}

function bindingProblem(value: string): string | undefined {
  const { problem } = parseShortcutBinding(value);
  return problem
    ? `must be modifiers and one key, such as Alt+Shift+K or Ctrl+Shift+1, or empty to switch it off (${problem}); got ${describe(value)}`
    : undefined;
}

const THRESHOLD = range(0, 1e9, { integer: false });

/** Explicit schema nodes by dotted path; everything else is inferred from defaultConfig. */
const explicit: Record<string, SchemaNode> = {
  language: checked(languageProblem, canonicalLanguage),
  strings: { type: 'record', values: { type: 'record', values: string } },
  'theme.name': { type: 'enum', values: ['light', 'dark', 'high-contrast', 'auto'] },
  'theme.tokens': {
    type: 'record',
    values: checked((value) => {
      const problem = tokenValueProblem(value);
      return problem ? `must be a plain CSS value (it ${problem}); got ${describe(value)}` : undefined;
    }),
    keys: (key) => (/^--flex-[a-z0-9-]+$/.test(key) ? undefined : 'is not a --flex-* custom property name'),
  },
  'ringtone.url': checked(audioUrlProblem),
  'wrapup.dispositions': { type: 'array', items: checked(dispositionProblem) },
  'outbound.defaultCountry': checked(countryProblem, (value) => value.toUpperCase()),
  'outbound.callerIds': { type: 'array', items: checked(callerIdProblem) },
  'pluginService.initializationTimeout': range(1, MAX_TIMEOUT_MS, { integer: false, unit: 'milliseconds' }),
  'chat.pageSize': range(1, 200),
  'chat.typingThrottleMs': range(0, 60_000, { unit: 'milliseconds' }),
  'chat.collapseAt': range(1, 1_000_000, { unit: 'characters' }),
  'chat.attachments.maxFiles': range(0, 20),
  'chat.attachments.maxFileSize': range(1, 1024 ** 3, { unit: 'bytes' }),
  'chat.cannedResponses': {
    type: 'array',
    items: { type: 'object', fields: { title: string, text: string, category: string }, required: ['title', 'text'], optional: ['category'] },
  },
  'outbound.templates': {
    type: 'array',
    items: { type: 'object', fields: { id: string, name: string, text: string }, required: ['id', 'name', 'text'] },
  },
  'crm.searchTimeout': range(1, MAX_TIMEOUT_MS, { unit: 'milliseconds' }),
  'crm.logAttempts': range(1, 20),
  'crm.logRetryDelay': range(0, MAX_TIMEOUT_MS, { unit: 'milliseconds' }),
  'notifications.mode': { type: 'enum', values: ['whenNotInFocus', 'always'] },
  'shortcuts.bindings': {
    type: 'record',
    values: checked(bindingProblem),
    keys: (key) =>
      (SHORTCUT_IDS as readonly string[]).includes(key) ? undefined : `is not a known shortcut (known: ${SHORTCUT_IDS.join(', ')})`,
  },
  'queueStats.thresholds': {
    type: 'record',
    values: {
      type: 'object',
      fields: { warning: THRESHOLD, critical: THRESHOLD, direction: { type: 'enum', values: ['above', 'below'] } },
      optional: ['warning', 'critical', 'direction'],
    },
  },
  plugins: {
    type: 'array',
    items: {
      type: 'object',
      fields: { url: string, name: string, integrity: string, enabled: boolean },
      required: ['url'],
      optional: ['name', 'integrity', 'enabled'],
    },
  },
  features: {
    type: 'record',
    values: boolean,
    keys: (key) =>
      features.has(key) ? undefined : `is not a known feature (known: ${[...features.keys()].join(', ') || 'none'})`,
  },
  'app.navigation.order': { type: 'array', items: string },
  'app.navigation.hidden': { type: 'array', items: string },
  role: { type: 'enum', values: ROLES },
  'insights.questionnaire': {
    type: 'array',
    items: {
      type: 'object',
      fields: {
        id: string,
        label: string,
        type: { type: 'enum', values: ['scale', 'yes-no', 'choice', 'text'] },
        weight: range(0, 1000, { integer: false }),
        options: { type: 'array', items: string },
      },
      required: ['id', 'label', 'type', 'weight'],
      optional: ['options'],
    },
  },
  'insights.resolvedDispositions': { type: 'array', items: string },
  'insights.serviceLevelSeconds': range(0, 3600, { integer: false, unit: 'seconds' }),
  'insights.shortAbandonedSeconds': range(0, 3600, { integer: false, unit: 'seconds' }),
  'version.mode': { type: 'enum', values: ['follow-minor', 'pinned'] },
  'version.pinned': checked(pinProblem),
};

/** Keys that may be absent from defaultConfig but are still valid at the top level. */
const optionalTopLevel = ['role'];

function infer(value: unknown, path: string): SchemaNode {
  const given = explicit[path];
  if (given) return given;
  if (typeof value === 'string') return string;
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'boolean') return boolean;
  if (Array.isArray(value)) return { type: 'array', items: value.length ? infer(value[0], `${path}[]`) : any };
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    // An empty object in the defaults is an open map whose values we cannot know.
    if (entries.length === 0) return { type: 'record', values: any };
    const fields: Record<string, SchemaNode> = {};
    for (const [key, child] of entries) fields[key] = infer(child, path ? `${path}.${key}` : key);
    return { type: 'object', fields };
  }
  return any;
}

/** The schema for the current defaults (recomputed on each call: other modules may add knobs). */
export function configSchema(defaults: object = defaultConfig): SchemaNode {
  const root = infer(defaults, '') as Extract<SchemaNode, { type: 'object' }>;
  const fields = { ...root.fields };
  for (const key of optionalTopLevel) fields[key] ??= explicit[key];
  return { type: 'object', fields, optional: optionalTopLevel };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return `a ${typeof value}`;
}

const RESERVED_PROBLEM = 'is not a known setting (the name is reserved: it belongs to every JavaScript object)';

const SOURCE_LABEL: Record<ConfigSource, string> = { default: 'defaults', service: 'service', appConfig: 'appConfig' };


/**
 * Checks one layer against the schema. Returns the layer with every bad key removed (so the previous
 * layer's value stays in force for it) and one issue per bad key.
 */
export function validateLayer(
  layer: unknown,
  source: ConfigSource,
  schema: SchemaNode = configSchema(),
): { value: Record<string, unknown>; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const prefix = SOURCE_LABEL[source];
  const report = (path: string, problem: string) =>
    issues.push({ path, source, message: `${prefix}${path ? `.${path}` : ''} ${problem}` });

  const check = (node: SchemaNode, value: unknown, path: string): { ok: boolean; value?: unknown } => {
    switch (node.type) {
      case 'any':
        return { ok: true, value: withoutReserved(value, path) };
      case 'boolean':
        if (typeof value !== 'boolean') {
          report(path, `must be a boolean; got ${describe(value)}`);
          return { ok: false };
        }
        return { ok: true, value };
      case 'string': {
        if (typeof value !== 'string') {
          report(path, `must be a string; got ${describe(value)}`);
          return { ok: false };
        }
        const problem = node.check?.(value);
        if (problem) {
          report(path, problem);
          return { ok: false };
        }
        return { ok: true, value: node.normalize ? node.normalize(value) : value };
      }
      case 'number': {
        const { min = -Infinity, max = Infinity, integer = false, unit } = node;
        const inRange =
          typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
        if (!inRange) {
          const bounds = Number.isFinite(min) && Number.isFinite(max) ? ` from ${min} to ${max}` : '';
          report(path, `must be ${integer ? 'an integer' : 'a number'}${bounds}${unit ? ` (${unit})` : ''}; got ${describe(value)}`);
          return { ok: false };
        }
        return { ok: true, value };
      }
      case 'enum':
        if (typeof value !== 'string' || !node.values.includes(value)) {
          report(path, `must be one of ${node.values.join(', ')}; got ${describe(value)}`);
          return { ok: false };
        }
        return { ok: true, value };
      case 'array': {
        if (!Array.isArray(value)) {
          report(path, `must be a list; got ${describe(value)}`);
          return { ok: false };
        }
        const items: unknown[] = [];
        value.forEach((item, index) => {
          const result = check(node.items, item, `${path}[${index}]`);
          if (result.ok) items.push(result.value);
        });
        // Every entry refused: the previous layer's list stays (an empty list is a different intent).
        if (value.length > 0 && items.length === 0) return { ok: false };
        return { ok: true, value: items };
      }
      case 'record': {
        if (!isPlainObject(value)) {
          report(path, `must be an object; got ${describe(value)}`);
          return { ok: false };
        }
        const out: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(value)) {
          const childPath = path ? `${path}.${key}` : key;
          if (RESERVED_KEYS.has(key)) {
            report(childPath, RESERVED_PROBLEM);
            continue;
          }
          const keyProblem = node.keys?.(key);
          if (keyProblem) {
            report(childPath, keyProblem);
            continue;
          }
          const result = check(node.values, child, childPath);
          if (result.ok) out[key] = result.value;
        }
        return { ok: true, value: out };
      }
      case 'object': {
        if (!isPlainObject(value)) {
          report(path, `must be an object; got ${describe(value)}`);
          return { ok: false };
        }
        const out: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(value)) {
          const childPath = path ? `${path}.${key}` : key;
          const field = Object.hasOwn(node.fields, key) && !RESERVED_KEYS.has(key) ? node.fields[key] : undefined;
          if (!field) {
            report(childPath, `is not a known setting (known: ${Object.keys(node.fields).join(', ')})`);
            continue;
          }
          if (child === undefined) continue;
          const result = check(field, child, childPath);
          if (result.ok) out[key] = result.value;
        }
        const missing = node.required?.filter((key) => !(key in out)) ?? [];
        if (missing.length) {
          report(path, `needs ${missing.join(', ')}`);
          return { ok: false };
        }
        return { ok: true, value: out };
      }
    }
  };

  // Any deeper object in a layer that is not validated key by key (an `any` node) loses its reserved keys too.
  const withoutReserved = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => withoutReserved(item, `${path}[${index}]`));
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) report(childPath, RESERVED_PROBLEM);
      else out[key] = withoutReserved(child, childPath);
    }
    return out;
  };

  if (layer === undefined || (layer === null && source !== 'service')) return { value: {}, issues };
  if (!isPlainObject(layer) && source === 'service') {
    // config-url answered with JSON that is not an object (null, a number, a list, a string).
    report('', `must be an object (the JSON at config-url); got ${describe(layer)}; it was ignored`);
    return { value: {}, issues };
  }
  const result = check(schema, layer, '');
  return { value: (result.ok ? result.value : {}) as Record<string, unknown>, issues };
}

/** Leaf key paths of a layer: objects are walked, everything else (lists too) is a leaf. */
function leaves(value: unknown, path: readonly string[], out: [string[], unknown][]): void {
  if (isPlainObject(value) && (Object.keys(value).length > 0 || path.length === 0)) {
    for (const [key, child] of Object.entries(value)) leaves(child, [...path, key], out);
  } else if (path.length) {
    out.push([[...path], value]);
  }
}

function has(value: unknown, path: readonly string[]): boolean {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return true;
}

/** One effective value and the layer it came from. */
export interface ConfigEntry {
  /** Dotted key path, e.g. `notifications.mode`. */
  readonly path: string;
  readonly value: unknown;
  readonly source: ConfigSource;
}

export interface ResolvedConfig {
  readonly config: FlexConfig;
  /** Every effective leaf value with where it came from (default, service or appConfig). */
  readonly entries: readonly ConfigEntry[];
  readonly issues: readonly ConfigIssue[];
}

/**
 * Resolves the effective configuration: defaults ← service (ui_attributes) ← appConfig, merged key
 * by key, each layer validated first so a bad key keeps the previous layer's value.
 */
export function resolveConfig(layers: { service?: unknown; appConfig?: unknown } = {}): ResolvedConfig {
  const schema = configSchema();
  const service = validateLayer(layers.service, 'service', schema);
  const app = validateLayer(layers.appConfig, 'appConfig', schema);
  service.issues.push(...checkCombinations(defaultConfig, service.value, 'service', 'default'));
  const serviceConfig = deepMerge(defaultConfig, service.value);
  app.issues.push(
    ...checkCombinations(serviceConfig, app.value, 'appConfig', has(service.value, ['wrapup', 'requireDisposition']) ? 'service' : 'default'),
  );
  const config = deepMerge(serviceConfig, app.value);
  const pairs: [string[], unknown][] = [];
  leaves(config, [], pairs);
  const entries = pairs.map(([path, value]): ConfigEntry => {
    // The last layer that holds this key (or a list or scalar above it) is where it came from.
    const from = (layer: unknown) =>
      path.some((_, i) => {
        const prefix = path.slice(0, i + 1);
        return has(layer, prefix) && (i === path.length - 1 || !isPlainObject(readKeys(layer, prefix)));
      });
    const source: ConfigSource = from(app.value) ? 'appConfig' : from(service.value) ? 'service' : 'default';
    return { path: path.join('.'), value, source };
  });
  return { config, entries, issues: [...service.issues, ...app.issues] };
}

const PREVIOUS_LABEL: Record<ConfigSource, string> = { default: "the defaults'", service: "the service's", appConfig: "appConfig's" };

/**
 * Rules across keys, checked on the layer merged over the layers before it: a combination that
 * cannot work is reported and this layer's part of it is dropped (falling back to the previous
 * layer), or, when the previous layer's value still makes it impossible, set to the safe value.
 * Mutates `layer` (an already validated copy).
 */
function checkCombinations(
  base: FlexConfig,
  layer: Record<string, unknown>,
  source: ConfigSource,
  previous: ConfigSource,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const wrapup = layer['wrapup'];
  if (isPlainObject(wrapup)) {
    const impossible = () => {
      const effective = deepMerge(base, layer).wrapup;
      return effective.requireDisposition && effective.dispositions.length === 0;
    };
    if (impossible()) {
      let outcome: string;
      if (Object.hasOwn(wrapup, 'requireDisposition')) delete wrapup['requireDisposition'];
      if (impossible()) {
        wrapup['requireDisposition'] = false;
        outcome = 'using requireDisposition false';
      } else {
        outcome = `falling back to ${PREVIOUS_LABEL[previous]} requireDisposition (false)`;
      }
      issues.push({
        path: 'wrapup.requireDisposition',
        source,
        message:
          `${SOURCE_LABEL[source]}.wrapup.requireDisposition true with an empty wrapup.dispositions list is refused ` +
          `(no task could ever be completed); ${outcome}`,
      });
    }
  }
  return issues;
}

function readKeys(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
