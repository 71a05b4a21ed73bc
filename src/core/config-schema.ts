import { defaultConfig, deepMerge, type FlexConfig } from './config.js';
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
  | { readonly type: 'string' | 'number' | 'boolean' | 'any' }
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
  description: 'The Insights view in <flex-app>: today and the last 30 minutes from workspace statistics.',
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
const number = { type: 'number' } as const;
const any = { type: 'any' } as const;

/** Explicit schema nodes by dotted path; everything else is inferred from defaultConfig. */
const explicit: Record<string, SchemaNode> = {
  strings: { type: 'record', values: { type: 'record', values: string } },
  'theme.name': { type: 'enum', values: ['light', 'dark', 'high-contrast', 'auto'] },
  'theme.tokens': {
    type: 'record',
    values: string,
    keys: (key) => (/^--flex-[a-z0-9-]+$/.test(key) ? undefined : 'is not a --flex-* custom property name'),
  },
  'notifications.mode': { type: 'enum', values: ['whenNotInFocus', 'always'] },
  'shortcuts.bindings': { type: 'record', values: string },
  'queueStats.thresholds': {
    type: 'record',
    values: {
      type: 'object',
      fields: { warning: number, critical: number, direction: { type: 'enum', values: ['above', 'below'] } },
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
};

/** Keys that may be absent from defaultConfig but are still valid at the top level. */
const optionalTopLevel = ['role'];

function infer(value: unknown, path: string): SchemaNode {
  const given = explicit[path];
  if (given) return given;
  if (typeof value === 'string') return string;
  if (typeof value === 'number') return number;
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
  return `${typeof value} ${JSON.stringify(value)}`;
}

const SOURCE_LABEL: Record<ConfigSource, string> = { default: 'defaults', service: 'service', appConfig: 'appConfig' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
        return { ok: true, value };
      case 'string':
      case 'number':
      case 'boolean':
        if (typeof value !== node.type || (node.type === 'number' && !Number.isFinite(value))) {
          report(path, `must be a ${node.type}; got ${describe(value)}`);
          return { ok: false };
        }
        return { ok: true, value };
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
          const field = node.fields[key];
          if (!field || key === '__proto__') {
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

  if (layer === undefined || layer === null) return { value: {}, issues };
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
  const config = deepMerge(defaultConfig, service.value, app.value);
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

function readKeys(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
