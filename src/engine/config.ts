import { compileExpression, ExpressionError, type Predicate } from './expression.js';

/**
 * Workspace configuration as JSON data. Entities may be referenced by name or sid; sids are made
 * up when absent. `validateConfig` refuses a bad configuration whole with a ConfigError naming the
 * field and the value.
 */
export interface WorkspaceConfig {
  readonly workspace?: { readonly sid?: string; readonly name?: string };
  readonly activities?: readonly ActivityConfig[];
  /** Activity (name or sid) a new worker starts in; default "Offline". */
  readonly defaultActivity?: string;
  /** Activity a worker moves to when a reservation times out; default "Unavailable". */
  readonly timeoutActivity?: string;
  /** Activity counted as offline in statistics; default "Offline". */
  readonly offlineActivity?: string;
  readonly channels?: readonly ChannelConfig[];
  readonly workers?: readonly WorkerConfig[];
  readonly queues: readonly QueueConfig[];
  readonly workflows?: readonly WorkflowConfig[];
  /** Seconds a reservation waits for an answer before it times out; default 30. */
  readonly reservationTimeout?: number;
  readonly statistics?: StatisticsConfig;
}

export interface ActivityConfig {
  readonly sid?: string;
  readonly name: string;
  readonly available: boolean;
}

export interface ChannelConfig {
  readonly name: string;
  /** Default per-worker capacity. */
  readonly capacity: number;
}

export interface WorkerConfig {
  readonly sid?: string;
  readonly name: string;
  readonly identity?: string;
  readonly email?: string;
  /** Skill name to level 1-10. */
  readonly skills?: Readonly<Record<string, number>>;
  readonly languages?: readonly string[];
  readonly team?: string;
  /** Channel name to capacity, overriding the channel default. */
  readonly capacity?: Readonly<Record<string, number>>;
  /** Activity name or sid; default `defaultActivity`. */
  readonly activity?: string;
  /** Further attributes the expressions can read. */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export interface QueueConfig {
  readonly sid?: string;
  readonly name: string;
  /** Target-workers expression; default "1 == 1" (everyone). */
  readonly targetWorkers?: string;
  /** Channels the queue serves; default all. */
  readonly channels?: readonly string[];
  /** Seconds; default 30. */
  readonly serviceLevelThreshold?: number;
  /** Seconds; default 10. */
  readonly shortAbandonedThreshold?: number;
}

export interface WorkflowTargetConfig {
  /** Queue name or sid. */
  readonly queue: string;
  /** Seconds before escalating to the next target; absent = wait here for good. */
  readonly timeout?: number;
  /** Priority set on the task while in this step. */
  readonly priority?: number;
}

export interface WorkflowFilterConfig {
  readonly name?: string;
  /** Expression over task attributes (plus `channel` and `priority`). */
  readonly expression: string;
  readonly targets: readonly WorkflowTargetConfig[];
}

export interface WorkflowConfig {
  readonly sid?: string;
  readonly name: string;
  /** First match wins. */
  readonly filters: readonly WorkflowFilterConfig[];
  /** Used when no filter matches; default the first queue. */
  readonly defaultTarget?: WorkflowTargetConfig;
}

export interface StatisticsConfig {
  /** Daily reset of the "today" figures, "HH:MM"; default "00:00". */
  readonly resetTime?: string;
  /** Offset of the reset time zone from UTC in minutes; default 0. */
  readonly timeZoneOffsetMinutes?: number;
  /** Workspace-level service level threshold in seconds; default 30. */
  readonly serviceLevelThreshold?: number;
  /** Workspace-level short-abandoned threshold in seconds; default 10. */
  readonly shortAbandonedThreshold?: number;
}

/** A refused configuration: `field` is a path like `queues[2].targetWorkers`. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`Invalid workspace configuration: ${field} ${reason} (got ${describe(value)})`);
    this.name = 'ConfigError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export interface ResolvedActivity {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
}

export interface ResolvedQueue {
  readonly sid: string;
  readonly name: string;
  readonly targetWorkers: string;
  readonly predicate: Predicate;
  readonly channels: readonly string[];
  readonly serviceLevelThreshold: number;
  readonly shortAbandonedThreshold: number;
}

export interface ResolvedTarget {
  readonly queueSid: string;
  readonly timeout?: number;
  readonly priority?: number;
}

export interface ResolvedWorkflow {
  readonly sid: string;
  readonly name: string;
  readonly filters: readonly {
    readonly name: string;
    readonly predicate: Predicate;
    readonly targets: readonly ResolvedTarget[];
  }[];
  readonly defaultTarget: ResolvedTarget;
}

export interface ResolvedWorker {
  readonly sid?: string;
  readonly name: string;
  readonly identity: string;
  readonly email?: string;
  readonly skills: Readonly<Record<string, number>>;
  readonly languages: readonly string[];
  readonly team?: string;
  readonly capacity: Readonly<Record<string, number>>;
  readonly activitySid: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A configuration that passed validation, with names resolved to sids and expressions compiled. */
export interface ResolvedConfig {
  readonly workspaceSid: string;
  readonly workspaceName: string;
  readonly activities: readonly ResolvedActivity[];
  readonly defaultActivitySid: string;
  readonly timeoutActivitySid: string;
  readonly offlineActivitySid: string;
  readonly channels: readonly { readonly name: string; readonly capacity: number }[];
  readonly workers: readonly ResolvedWorker[];
  readonly queues: readonly ResolvedQueue[];
  readonly workflows: readonly ResolvedWorkflow[];
  readonly reservationTimeout: number;
  readonly resetMinutes: number;
  readonly timeZoneOffsetMinutes: number;
  readonly serviceLevelThreshold: number;
  readonly shortAbandonedThreshold: number;
}

export const DEFAULT_ACTIVITIES: readonly ActivityConfig[] = [
  { name: 'Available', available: true },
  { name: 'Unavailable', available: false },
  { name: 'Break', available: false },
  { name: 'Offline', available: false },
];

export const DEFAULT_CHANNELS: readonly ChannelConfig[] = [
  { name: 'voice', capacity: 1 },
  { name: 'chat', capacity: 3 },
  { name: 'sms', capacity: 3 },
  { name: 'whatsapp', capacity: 3 },
  { name: 'email', capacity: 5 },
  { name: 'callback', capacity: 1 },
  { name: 'voicemail', capacity: 1 },
];

const SID_PATTERN = /^[A-Z]{2}[0-9a-fA-F]{32}$/;
const NAME_PATTERN = /^[^\s].{0,127}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkRecord(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ConfigError(field, value, 'must be an object');
  return value;
}

function checkArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ConfigError(field, value, 'must be an array');
  return value;
}

function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new ConfigError(field, value, 'must be a non-empty string of at most 128 characters');
  }
  return value;
}

function checkNumber(value: unknown, field: string, min: number, max: number, integer = false): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigError(field, value, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

function checkSid(value: unknown, field: string, prefix: string): string {
  if (typeof value !== 'string' || !SID_PATTERN.test(value) || !value.startsWith(prefix)) {
    throw new ConfigError(field, value, `must be a sid: "${prefix}" and 32 hex digits`);
  }
  return value;
}

function checkKnownKeys(record: Record<string, unknown>, field: string, known: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key))
      throw new ConfigError(`${field}.${key}`, record[key], `is not a known field (known: ${known.join(', ')})`);
  }
}

function compileAt(source: unknown, field: string): Predicate {
  if (typeof source !== 'string') throw new ConfigError(field, source, 'must be an expression string');
  try {
    return compileExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError)
      throw new ConfigError(field, source, `is not a valid expression: ${error.reason} at position ${error.position}`);
    throw error;
  }
}

function sidFor(prefix: string, index: number, salt: number): string {
  return prefix + (salt * 0x100000 + index + 1).toString(16).padStart(32, '0');
}

/**
 * Checks a configuration and resolves it. Throws ConfigError on the first fault, naming the field
 * (`queues[1].targetWorkers`) and the value; nothing is half-applied.
 */
/** The keys a worker's configuration may have. */
const WORKER_KEYS = [
  'sid',
  'name',
  'identity',
  'email',
  'skills',
  'languages',
  'team',
  'capacity',
  'activity',
  'attributes',
];

export function validateConfig(input: unknown): ResolvedConfig {
  const root = checkRecord(input, 'config');
  checkKnownKeys(root, 'config', [
    'workspace',
    'activities',
    'defaultActivity',
    'timeoutActivity',
    'offlineActivity',
    'channels',
    'workers',
    'queues',
    'workflows',
    'reservationTimeout',
    'statistics',
  ]);

  let workspaceSid = sidFor('WS', 0, 0);
  let workspaceName = 'Flex Workspace';
  if (root['workspace'] !== undefined) {
    const ws = checkRecord(root['workspace'], 'workspace');
    checkKnownKeys(ws, 'workspace', ['sid', 'name']);
    if (ws['sid'] !== undefined) workspaceSid = checkSid(ws['sid'], 'workspace.sid', 'WS');
    if (ws['name'] !== undefined) workspaceName = checkName(ws['name'], 'workspace.name');
  }

  const usedSids = new Set<string>();
  const claimSid = (sid: string, field: string): string => {
    if (usedSids.has(sid)) throw new ConfigError(field, sid, 'duplicates another sid');
    usedSids.add(sid);
    return sid;
  };

  // Activities
  const activityInput =
    root['activities'] === undefined ? DEFAULT_ACTIVITIES : checkArray(root['activities'], 'activities');
  if (activityInput.length === 0) throw new ConfigError('activities', activityInput, 'must list at least one activity');
  const activities: ResolvedActivity[] = [];
  activityInput.forEach((raw, i) => {
    const field = `activities[${i}]`;
    const a = checkRecord(raw, field);
    checkKnownKeys(a, field, ['sid', 'name', 'available']);
    const name = checkName(a['name'], `${field}.name`);
    if (activities.some((other) => other.name === name))
      throw new ConfigError(`${field}.name`, name, 'duplicates another activity name');
    if (typeof a['available'] !== 'boolean')
      throw new ConfigError(`${field}.available`, a['available'], 'must be true or false');
    const sid = claimSid(
      a['sid'] === undefined ? sidFor('WA', i, 0) : checkSid(a['sid'], `${field}.sid`, 'WA'),
      `${field}.sid`,
    );
    activities.push({ sid, name, available: a['available'] });
  });
  const findActivity = (ref: unknown, field: string): string => {
    if (typeof ref !== 'string') throw new ConfigError(field, ref, 'must name an activity');
    const found = activities.find((a) => a.sid === ref || a.name === ref);
    if (!found)
      throw new ConfigError(field, ref, `names no activity (known: ${activities.map((a) => a.name).join(', ')})`);
    return found.sid;
  };
  const fallbackActivity = (name: string, wantAvailable: boolean): string =>
    (activities.find((a) => a.name === name) ?? activities.find((a) => a.available === wantAvailable) ?? activities[0])
      .sid;
  const defaultActivitySid =
    root['defaultActivity'] === undefined
      ? fallbackActivity('Offline', false)
      : findActivity(root['defaultActivity'], 'defaultActivity');
  const timeoutActivitySid =
    root['timeoutActivity'] === undefined
      ? fallbackActivity('Unavailable', false)
      : findActivity(root['timeoutActivity'], 'timeoutActivity');
  const offlineActivitySid =
    root['offlineActivity'] === undefined
      ? fallbackActivity('Offline', false)
      : findActivity(root['offlineActivity'], 'offlineActivity');

  // Channels
  const channelInput = root['channels'] === undefined ? DEFAULT_CHANNELS : checkArray(root['channels'], 'channels');
  if (channelInput.length === 0) throw new ConfigError('channels', channelInput, 'must list at least one channel');
  const channels: { name: string; capacity: number }[] = [];
  channelInput.forEach((raw, i) => {
    const field = `channels[${i}]`;
    const c = checkRecord(raw, field);
    checkKnownKeys(c, field, ['name', 'capacity']);
    const name = checkName(c['name'], `${field}.name`);
    if (!/^[a-z][a-z0-9_-]*$/.test(name))
      throw new ConfigError(`${field}.name`, name, 'must be lower-case letters, digits, "-" or "_"');
    if (channels.some((other) => other.name === name))
      throw new ConfigError(`${field}.name`, name, 'duplicates another channel');
    channels.push({ name, capacity: checkNumber(c['capacity'], `${field}.capacity`, 0, 100, true) });
  });
  const channelNames = channels.map((c) => c.name);

  // Queues
  const queueInput = checkArray(root['queues'], 'queues');
  if (queueInput.length === 0) throw new ConfigError('queues', queueInput, 'must list at least one queue');
  if (queueInput.length > 5000) throw new ConfigError('queues', queueInput.length, 'must list at most 5000 queues');
  const queues: ResolvedQueue[] = [];
  const queueNames = new Set<string>();
  queueInput.forEach((raw, i) => {
    const field = `queues[${i}]`;
    const q = checkRecord(raw, field);
    checkKnownKeys(q, field, [
      'sid',
      'name',
      'targetWorkers',
      'channels',
      'serviceLevelThreshold',
      'shortAbandonedThreshold',
    ]);
    const name = checkName(q['name'], `${field}.name`);
    if (queueNames.has(name)) throw new ConfigError(`${field}.name`, name, 'duplicates another queue name');
    queueNames.add(name);
    const targetWorkers = q['targetWorkers'] === undefined ? '1 == 1' : (q['targetWorkers'] as string);
    const predicate = compileAt(targetWorkers, `${field}.targetWorkers`);
    let queueChannels = channelNames;
    if (q['channels'] !== undefined) {
      const list = checkArray(q['channels'], `${field}.channels`);
      if (list.length === 0) throw new ConfigError(`${field}.channels`, list, 'must list at least one channel');
      queueChannels = list.map((c, j) => {
        if (typeof c !== 'string' || !channelNames.includes(c)) {
          throw new ConfigError(`${field}.channels[${j}]`, c, `names no channel (known: ${channelNames.join(', ')})`);
        }
        return c;
      });
    }
    const sid = claimSid(
      q['sid'] === undefined ? sidFor('WQ', i, 0) : checkSid(q['sid'], `${field}.sid`, 'WQ'),
      `${field}.sid`,
    );
    queues.push({
      sid,
      name,
      targetWorkers,
      predicate,
      channels: queueChannels,
      serviceLevelThreshold:
        q['serviceLevelThreshold'] === undefined
          ? 30
          : checkNumber(q['serviceLevelThreshold'], `${field}.serviceLevelThreshold`, 0, 86400),
      shortAbandonedThreshold:
        q['shortAbandonedThreshold'] === undefined
          ? 10
          : checkNumber(q['shortAbandonedThreshold'], `${field}.shortAbandonedThreshold`, 0, 86400),
    });
  });
  const findQueue = (ref: unknown, field: string): string => {
    if (typeof ref !== 'string') throw new ConfigError(field, ref, 'must name a queue');
    const found = queues.find((q) => q.sid === ref || q.name === ref);
    if (!found) throw new ConfigError(field, ref, 'names no queue');
    return found.sid;
  };
  const resolveTarget = (raw: unknown, field: string): ResolvedTarget => {
    const t = checkRecord(raw, field);
    checkKnownKeys(t, field, ['queue', 'timeout', 'priority']);
    return {
      queueSid: findQueue(t['queue'], `${field}.queue`),
      ...(t['timeout'] === undefined ? {} : { timeout: checkNumber(t['timeout'], `${field}.timeout`, 1, 86400 * 7) }),
      ...(t['priority'] === undefined
        ? {}
        : { priority: checkNumber(t['priority'], `${field}.priority`, 0, 1_000_000, true) }),
    };
  };

  // Workflows
  const workflows: ResolvedWorkflow[] = [];
  const workflowInput = root['workflows'] === undefined ? [] : checkArray(root['workflows'], 'workflows');
  workflowInput.forEach((raw, i) => {
    const field = `workflows[${i}]`;
    const w = checkRecord(raw, field);
    checkKnownKeys(w, field, ['sid', 'name', 'filters', 'defaultTarget']);
    const name = checkName(w['name'], `${field}.name`);
    const filters = checkArray(w['filters'], `${field}.filters`).map((rawFilter, j) => {
      const ff = `${field}.filters[${j}]`;
      const f = checkRecord(rawFilter, ff);
      checkKnownKeys(f, ff, ['name', 'expression', 'targets']);
      const targets = checkArray(f['targets'], `${ff}.targets`);
      if (targets.length === 0) throw new ConfigError(`${ff}.targets`, targets, 'must list at least one target');
      return {
        name: f['name'] === undefined ? `filter ${j + 1}` : checkName(f['name'], `${ff}.name`),
        predicate: compileAt(f['expression'], `${ff}.expression`),
        targets: targets.map((t, k) => resolveTarget(t, `${ff}.targets[${k}]`)),
      };
    });
    const sid = claimSid(
      w['sid'] === undefined ? sidFor('WW', i, 0) : checkSid(w['sid'], `${field}.sid`, 'WW'),
      `${field}.sid`,
    );
    workflows.push({
      sid,
      name,
      filters,
      defaultTarget:
        w['defaultTarget'] === undefined
          ? { queueSid: queues[0].sid }
          : resolveTarget(w['defaultTarget'], `${field}.defaultTarget`),
    });
  });
  if (workflows.length === 0) {
    workflows.push({
      sid: sidFor('WW', 0, 0),
      name: 'Default',
      filters: [],
      defaultTarget: { queueSid: queues[0].sid },
    });
  }

  // Workers
  const workerInput = root['workers'] === undefined ? [] : checkArray(root['workers'], 'workers');
  const identities = new Set<string>();
  const workers: ResolvedWorker[] = workerInput.map((raw, i) => {
    const field = `workers[${i}]`;
    const w = checkRecord(raw, field);
    checkKnownKeys(w, field, WORKER_KEYS);
    return resolveWorker(w, field, { channels, identities, findActivity, defaultActivitySid, claimSid });
  });

  const reservationTimeout =
    root['reservationTimeout'] === undefined
      ? 30
      : checkNumber(root['reservationTimeout'], 'reservationTimeout', 1, 86400);
  let resetMinutes = 0;
  let timeZoneOffsetMinutes = 0;
  let serviceLevelThreshold = 30;
  let shortAbandonedThreshold = 10;
  if (root['statistics'] !== undefined) {
    const s = checkRecord(root['statistics'], 'statistics');
    checkKnownKeys(s, 'statistics', [
      'resetTime',
      'timeZoneOffsetMinutes',
      'serviceLevelThreshold',
      'shortAbandonedThreshold',
    ]);
    if (s['resetTime'] !== undefined) {
      const match = typeof s['resetTime'] === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s['resetTime']) : null;
      if (!match) throw new ConfigError('statistics.resetTime', s['resetTime'], 'must be a time "HH:MM"');
      resetMinutes = Number(match[1]) * 60 + Number(match[2]);
    }
    if (s['timeZoneOffsetMinutes'] !== undefined) {
      timeZoneOffsetMinutes = checkNumber(
        s['timeZoneOffsetMinutes'],
        'statistics.timeZoneOffsetMinutes',
        -840,
        840,
        true,
      );
    }
    if (s['serviceLevelThreshold'] !== undefined) {
      serviceLevelThreshold = checkNumber(s['serviceLevelThreshold'], 'statistics.serviceLevelThreshold', 0, 86400);
    }
    if (s['shortAbandonedThreshold'] !== undefined) {
      shortAbandonedThreshold = checkNumber(
        s['shortAbandonedThreshold'],
        'statistics.shortAbandonedThreshold',
        0,
        86400,
      );
    }
  }

  return {
    workspaceSid,
    workspaceName,
    activities,
    defaultActivitySid,
    timeoutActivitySid,
    offlineActivitySid,
    channels,
    workers,
    queues,
    workflows,
    reservationTimeout,
    resetMinutes,
    timeZoneOffsetMinutes,
    serviceLevelThreshold,
    shortAbandonedThreshold,
  };
}

interface WorkerContext {
  readonly channels: readonly { readonly name: string; readonly capacity: number }[];
  readonly identities: Set<string>;
  readonly findActivity: (ref: unknown, field: string) => string;
  readonly defaultActivitySid: string;
  readonly claimSid: (sid: string, field: string) => string;
}

function resolveWorker(w: Record<string, unknown>, field: string, ctx: WorkerContext): ResolvedWorker {
  const name = checkName(w['name'], `${field}.name`);
  const identity =
    w['identity'] === undefined
      ? name.toLowerCase().replace(/[^a-z0-9]+/g, '.')
      : checkName(w['identity'], `${field}.identity`);
  if (ctx.identities.has(identity))
    throw new ConfigError(`${field}.identity`, identity, 'duplicates another worker identity');
  ctx.identities.add(identity);
  const skills: Record<string, number> = {};
  if (w['skills'] !== undefined) {
    const s = checkRecord(w['skills'], `${field}.skills`);
    for (const [skill, level] of Object.entries(s))
      skills[skill] = checkNumber(level, `${field}.skills.${skill}`, 1, 10, true);
  }
  let languages: string[] = [];
  if (w['languages'] !== undefined) {
    languages = checkArray(w['languages'], `${field}.languages`).map((l, j) =>
      checkName(l, `${field}.languages[${j}]`),
    );
  }
  const capacity: Record<string, number> = {};
  for (const channel of ctx.channels) capacity[channel.name] = channel.capacity;
  if (w['capacity'] !== undefined) {
    const c = checkRecord(w['capacity'], `${field}.capacity`);
    for (const [channel, value] of Object.entries(c)) {
      if (!(channel in capacity)) throw new ConfigError(`${field}.capacity.${channel}`, value, 'names no channel');
      capacity[channel] = checkNumber(value, `${field}.capacity.${channel}`, 0, 100, true);
    }
  }
  const attributes = w['attributes'] === undefined ? {} : checkRecord(w['attributes'], `${field}.attributes`);
  return {
    ...(w['sid'] === undefined ? {} : { sid: ctx.claimSid(checkSid(w['sid'], `${field}.sid`, 'WK'), `${field}.sid`) }),
    name,
    identity,
    ...(w['email'] === undefined ? {} : { email: checkName(w['email'], `${field}.email`) }),
    skills,
    languages,
    ...(w['team'] === undefined ? {} : { team: checkName(w['team'], `${field}.team`) }),
    capacity,
    activitySid:
      w['activity'] === undefined ? ctx.defaultActivitySid : ctx.findActivity(w['activity'], `${field}.activity`),
    attributes,
  };
}

/**
 * Validates one worker against a resolved configuration (for workers added after start).
 * Throws ConfigError naming the field.
 */
export function validateWorker(
  config: ResolvedConfig,
  input: unknown,
  existingIdentities: Set<string>,
  field = 'worker',
): ResolvedWorker {
  const w = checkRecord(input, field);
  checkKnownKeys(w, field, WORKER_KEYS);
  return resolveWorker(w, field, {
    channels: config.channels,
    identities: existingIdentities,
    findActivity: (ref, f) => {
      const found = config.activities.find((a) => a.sid === ref || a.name === ref);
      if (!found) throw new ConfigError(f, ref, 'names no activity');
      return found.sid;
    },
    defaultActivitySid: config.defaultActivitySid,
    claimSid: (sid) => sid,
  });
}
