import type { DomainEvent } from '../../core/domain-events.js';
import type { Role } from '../../core/model.js';
import { callSnapshot, conversationSnapshot } from './media.js';
import type { Simulation } from './simulation.js';
import type { HandoverState } from '../handover.js';
import type { SimulatorOptions } from './options.js';

/**
 * The simulator's handover: a simulation is deterministic (a seeded random source, a virtual
 * clock, timers in a fixed order), so its whole state is what it was started with plus every
 * input it received and when. A new leader tab, or the same tab after a reload, builds the same
 * simulation and replays the inputs at their virtual times: the same tasks, sids, conversation
 * history, statistics and clock, with nothing counted twice. Then the clock moves on by the time
 * that passed meanwhile (at the simulation's speed).
 *
 * The journal holds inputs, not state, so it stays small over a shift (a few hundred bytes per
 * command) and a follower tab can keep it current from one message per input.
 */
export const SIMULATOR_HANDOVER_VERSION = 1;

export interface SimulationBase {
  readonly identity: string;
  readonly role: Role;
  /** The parsed options, the start time fixed. */
  readonly options: SimulatorOptions;
  /** The workspace configuration when it came from `configUrl` (a generated one is rebuilt from the seed). */
  readonly config?: unknown;
}

/** One input: a backend command (`cmd`) or a control (`createTask`, `customerSays`, …), at a virtual time. */
export interface JournalEntry {
  readonly at: number;
  readonly op: string;
  readonly args: readonly unknown[];
}

function clone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    // Something that does not clone (a function in a payload): its JSON form is what replays.
    return JSON.parse(JSON.stringify(value ?? null)) as T;
  }
}

export class SimulationJournal {
  readonly #entries: JournalEntry[];
  readonly #listeners = new Set<(entry: JournalEntry) => void>();

  constructor(
    readonly base: SimulationBase,
    entries: readonly JournalEntry[] = [],
  ) {
    this.#entries = [...entries];
  }

  get entries(): readonly JournalEntry[] {
    return this.#entries;
  }

  record(at: number, op: string, args: readonly unknown[]): void {
    const entry: JournalEntry = { at, op, args: clone(args) };
    this.#entries.push(entry);
    for (const listener of [...this.#listeners]) listener(entry);
  }

  onEntry(listener: (entry: JournalEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  state(now: number, wall = Date.now()): HandoverState {
    const options = this.base.options;
    return {
      kind: 'simulator',
      version: SIMULATOR_HANDOVER_VERSION,
      base: this.base,
      entries: [...this.#entries],
      now,
      wall,
      rate: options.autoAdvance ? options.speed : 0,
    };
  }
}

function isEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    Number.isFinite(entry.at) &&
    typeof entry.op === 'string' &&
    Array.isArray(entry.args)
  );
}

/**
 * The simulator's own part of a handover state, when it is one that this session can continue:
 * the same identity and role, a known version, well-formed entries. Undefined otherwise (the
 * session then starts afresh).
 */
export function readSimulatorHandover(
  state: HandoverState | undefined,
  identity: string,
  role: Role,
): { base: SimulationBase; entries: readonly JournalEntry[]; state: HandoverState } | undefined {
  if (!state || state.kind !== 'simulator' || state.version !== SIMULATOR_HANDOVER_VERSION) return undefined;
  const base = state.base as Partial<SimulationBase> | null;
  if (!base || base.identity !== identity || base.role !== role || typeof base.options !== 'object' || !base.options) {
    return undefined;
  }
  if (!state.entries.every(isEntry)) return undefined;
  return { base: base as SimulationBase, entries: state.entries, state };
}

/**
 * What a restored session shows besides `initialEvents()`: the conversations (with the messages
 * sent so far) and calls of every task the person can see. A live session sends them when a task
 * becomes the person's; a replayed one revealed them while nothing was emitted.
 */
export function mediaEvents(sim: Simulation): DomainEvent[] {
  const events: DomainEvent[] = [];
  const now = sim.clock.now();
  for (const task of sim.engine.listTasks()) {
    if (!sim.scope.canSee(task.sid)) continue;
    const conversation = sim.conversationOf(task.sid);
    if (conversation) {
      events.push({ type: 'conversation', conversation: conversationSnapshot(conversation) });
      const sent = conversation.messages.slice(conversation.loadedFrom);
      if (sent.length > 0) events.push({ type: 'messages', conversationSid: conversation.sid, messages: sent });
    }
    const call = sim.callOf(task.sid);
    if (call) events.push({ type: 'call', call: callSnapshot(call, now) });
  }
  return events;
}
