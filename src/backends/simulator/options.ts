import { FlexError } from '../../core/errors.js';

/** `session.options` the simulator understands. */
export interface SimulatorOptions {
  /** Agents on the floor, the person included (default 25, at most 10,000). */
  readonly agents: number;
  /** Queues (default 4, at most 500). */
  readonly queues: number;
  readonly seed: number;
  /** Virtual time runs this many times faster than real time (default 1). */
  readonly speed: number;
  /** URL of a workspace configuration JSON to use instead of the generated one. */
  readonly configUrl?: string;
  /** Synthetic arrivals and bot agents (default true). */
  readonly traffic: boolean;
  /** Virtual start time, epoch ms (default now). */
  readonly startTime: number;
  /** Real milliseconds between ticks (default 250). */
  readonly tickMs: number;
  /** Whether virtual time follows real time; false = it moves only through `controls.advance` (tests). */
  readonly autoAdvance: boolean;
  /** Whether answered calls are recorded (the contact center's `voice.recording.enabled`). */
  readonly recording: boolean;
  /** Days of generated history Insights shows before the session (default 30, 0 for none, at most 400). */
  readonly historyDays: number;
}

function invalid(option: string, value: unknown, rule: string): FlexError {
  return new FlexError(
    'invalid-option',
    `Simulator option "${option}" ${rule}, got ${JSON.stringify(value) ?? String(value)}`,
  );
}

/** A number option in [min, max] (a whole number when `whole`), given as a number or numeric string. */
function numeric(
  raw: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
  min: number,
  max: number,
  whole: boolean,
): number {
  const value = raw[key];
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const ok = typeof n === 'number' && (whole ? Number.isInteger(n) : Number.isFinite(n)) && n >= min && n <= max;
  if (!ok) throw invalid(key, value, `must be ${whole ? 'an integer' : 'a number'} from ${min} to ${max}`);
  return n;
}

const integer = (raw: Readonly<Record<string, unknown>>, key: string, fallback: number, min: number, max: number) =>
  numeric(raw, key, fallback, min, max, true);
const number = (raw: Readonly<Record<string, unknown>>, key: string, fallback: number, min: number, max: number) =>
  numeric(raw, key, fallback, min, max, false);

/** Reads and checks `session.options`; throws FlexError `invalid-option` naming the option. */
export function parseOptions(raw: Readonly<Record<string, unknown>> | undefined): SimulatorOptions {
  const options = raw ?? {};
  const traffic = options['traffic'];
  if (traffic !== undefined && typeof traffic !== 'boolean') throw invalid('traffic', traffic, 'must be true or false');
  const configUrl = options['configUrl'];
  if (configUrl !== undefined && (typeof configUrl !== 'string' || configUrl.trim() === '')) {
    throw invalid('configUrl', configUrl, 'must be a URL string');
  }
  const autoAdvance = options['autoAdvance'];
  if (autoAdvance !== undefined && typeof autoAdvance !== 'boolean')
    throw invalid('autoAdvance', autoAdvance, 'must be true or false');
  const recording = options['recording'];
  if (recording !== undefined && typeof recording !== 'boolean') throw invalid('recording', recording, 'must be true or false');
  return {
    recording: recording ?? false,
    autoAdvance: autoAdvance ?? true,
    agents: integer(options, 'agents', 25, 1, 10_000),
    queues: integer(options, 'queues', 4, 1, 500),
    seed: integer(options, 'seed', 1, -2147483648, 4294967295),
    speed: number(options, 'speed', 1, 0.01, 10_000),
    ...(configUrl === undefined ? {} : { configUrl: configUrl }),
    traffic: traffic ?? true,
    startTime: number(options, 'startTime', Date.now(), 0, 8.64e15),
    tickMs: integer(options, 'tickMs', 250, 10, 10_000),
    historyDays: integer(options, 'historyDays', 30, 0, 400),
  };
}
