import type { DomainEvent } from '../../core/domain-events.js';
import { FlexError } from '../../core/errors.js';
import type { Customer } from '../../core/model.js';
import { ROLES } from '../../core/model.js';
import { ConfigError } from '../../engine/config.js';
import type { ContactCenterEngine } from '../../engine/engine.js';
import { EngineError } from '../../engine/types.js';
import {
  BackendError,
  type Backend,
  type CommandName,
  type CommandResults,
  type Commands,
  type SessionOptions,
} from '../backend.js';
import { handoverNow, type HandoverSource, type HandoverState } from '../handover.js';
import { runCommand } from './commands.js';
import { injectCallWarning } from './channels.js';
import { parseOptions } from './options.js';
import { mediaEvents, readSimulatorHandover, SimulationJournal, type JournalEntry } from './snapshot.js';
import { Simulation } from './simulation.js';
import { generateWorkspace } from './workspace.js';
import type { SimCustomer } from './customers.js';
import { InsightsRecorder } from './insights-recorder.js';
import type { InsightsScope, InsightsSource } from '../../core/insights/types.js';

/** The test and demo seam of the simulator backend. */
export interface SimulatorControls {
  /** Creates a task now, as if a customer arrived; returns the task sid. queueSid defaults to the first queue serving the channel. */
  createTask(input: {
    channel: string;
    queueSid?: string;
    customer?: Partial<Customer>;
    attributes?: Record<string, unknown>;
    priority?: number;
    firstMessage?: string;
    history?: number;
    /** A voicemail's transcript (`channel: 'voicemail'`). */
    transcript?: string;
    /** An email's subject (`channel: 'email'`; firstMessage may then be HTML). */
    subject?: string;
  }): string;
  /**
   * A Voice SDK call-quality warning (`high-rtt`, `high-jitter`, `high-packet-loss`, `low-mos`,
   * `constant-audio-input-level`, …) starts on the task's call, or clears with `cleared`.
   */
  injectCallWarning(taskSid: string, warning: string, cleared?: boolean): void;
  customerSays(taskSid: string, body: string): void;
  customerTyping(taskSid: string, typing: boolean): void;
  /** The customer leaves or hangs up (abandon while waiting/ringing, or end while assigned). */
  customerLeaves(taskSid: string): void;
  /** Moves virtual time forward by ms, running everything due (reservation timeouts, bot actions, customer replies), then emits. */
  advance(ms: number): void;
  setTraffic(on: boolean): void;
  /** Forces the outcome of the next outbound call instead of chance. */
  setNextOutboundOutcome(outcome: 'answered' | 'busy' | 'no-answer' | undefined): void;
  readonly engine: ContactCenterEngine;
  /** The seeded customer directory the traffic draws from. */
  readonly customers: readonly SimCustomer[];
  /** The virtual time now (epoch ms). */
  now(): number;
  /** The person's worker sid. */
  readonly workerSid: string;
  /** Emits everything pending now (normally done each tick). */
  flush(): void;
}

/** The simulator backend: the engine plus synthetic traffic, behind the Backend port. */
export interface SimulatorBackend extends Backend, HandoverSource {
  readonly controls: SimulatorControls;
}

function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (error instanceof EngineError) return new BackendError(error.code, error.message);
  if (error instanceof RangeError) return new BackendError('invalid-argument', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new BackendError('unexpected', message);
}

class SimulatorBackendImpl implements SimulatorBackend {
  readonly name = 'simulator';
  private sim: Simulation | undefined;
  private recorder: InsightsRecorder | undefined;
  /** Every input since the session opened, for a handover to another tab or a reload (snapshot.ts). */
  private journal: SimulationJournal | undefined;
  private readonly journalListeners = new Set<(entry: unknown) => void>();
  /** True while a restored session replays its journal: nothing is emitted meanwhile. */
  private replaying = false;
  private readonly listeners = new Set<(events: readonly DomainEvent[]) => void>();
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastReal = 0;
  private tickCount = 0;
  private connecting: Promise<void> | undefined;
  readonly controls: SimulatorControls;

  constructor() {
    const sim = (): Simulation => {
      if (!this.sim) throw new FlexError('not-connected', 'The simulator is not connected');
      return this.sim;
    };
    const controlled = <T>(fn: (s: Simulation) => T, op?: string, args: readonly unknown[] = []): T => {
      const s = sim();
      if (op) this.journal?.record(s.clock.now(), op, args);
      try {
        return fn(s);
      } catch (error) {
        throw toBackendError(error);
      } finally {
        s.flush();
      }
    };
    this.controls = {
      createTask: (input) =>
        controlled((s) => {
          if (!input || typeof input.channel !== 'string') throw new RangeError('createTask needs a channel');
          if (
            input.history !== undefined &&
            (!Number.isInteger(input.history) || input.history < 0 || input.history > 10_000)
          ) {
            throw new RangeError(`history must be an integer from 0 to 10000, got ${input.history}`);
          }
          return s.createTask(input);
        }, 'createTask', [input]),
      customerSays: (taskSid, body) => controlled((s) => s.customerSays(taskSid, body), 'customerSays', [taskSid, body]),
      injectCallWarning: (taskSid, warning, cleared) =>
        controlled((s) => injectCallWarning(s, taskSid, warning, cleared === true), 'injectCallWarning', [taskSid, warning, cleared === true]),
      customerTyping: (taskSid, typing) => controlled((s) => s.customerTyping(taskSid, typing), 'customerTyping', [taskSid, typing]),
      customerLeaves: (taskSid) => controlled((s) => s.customerLeaves(taskSid), 'customerLeaves', [taskSid]),
      advance: (ms) => {
        const s = sim();
        if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms))
          throw new BackendError('invalid-argument', `advance() needs ms ≥ 0, got ${ms}`);
        s.advanceTo(s.clock.now() + ms);
      },
      setTraffic: (on) => controlled((s) => s.setTraffic(on), 'setTraffic', [on]),
      setNextOutboundOutcome: (outcome) =>
        controlled((s) => s.setNextOutboundOutcome(outcome), 'setNextOutboundOutcome', [outcome]),
      get engine() {
        return sim().engine;
      },
      get customers() {
        return sim().customers;
      },
      now: () => sim().clock.now(),
      get workerSid() {
        return sim().personSid;
      },
      flush: () => sim().flush(),
    };
  }

  async connect(session: SessionOptions): Promise<void> {
    if (this.sim) throw new FlexError('already-connected', 'The simulator is already connected; disconnect first');
    if (this.connecting) return this.connecting;
    this.connecting = this.open(session).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(session: SessionOptions): Promise<void> {
    if (!session || typeof session.identity !== 'string' || session.identity.trim() === '') {
      throw new FlexError('invalid-option', 'The session needs an identity');
    }
    if (!ROLES.includes(session.role))
      throw new FlexError('invalid-option', `Unknown role ${JSON.stringify(session.role)}`);
    const restore = readSimulatorHandover(session.restore, session.identity, session.role);
    // A restored session keeps what it was started with (seed, start time, speed, configuration).
    const options = restore
      ? { ...restore.base.options, autoAdvance: parseOptions(session.options).autoAdvance }
      : parseOptions(session.options);
    let config: unknown;
    let generated = false;
    if (restore?.base.config !== undefined) {
      config = restore.base.config;
    } else if (options.configUrl !== undefined) {
      config = await fetchConfig(options.configUrl);
    } else {
      generated = true;
      config = generateWorkspace({
        bots: options.traffic ? options.agents - 1 : 0,
        queues: options.queues,
        seed: options.seed,
      });
    }
    let sim: Simulation;
    try {
      sim = new Simulation(config as never, options, session.identity, session.role, generated, (events) => {
        if (!this.replaying) this.publish(events);
      });
    } catch (error) {
      if (error instanceof ConfigError) throw new FlexError('invalid-config', error.message, false, { cause: error });
      if (error instanceof EngineError) throw new FlexError('invalid-option', error.message, false, { cause: error });
      throw FlexError.from(error, 'invalid-config');
    }
    this.sim = sim;
    this.recorder = new InsightsRecorder(sim);
    this.journal = new SimulationJournal(
      { identity: session.identity, role: session.role, options, ...(generated ? {} : { config }) },
      restore?.entries,
    );
    this.journal.onEntry((entry) => {
      for (const listener of [...this.journalListeners]) listener(entry);
    });
    if (restore) this.replay(sim, restore.entries, restore.state);
    this.publish([
      { type: 'connection', status: 'connecting' },
      ...sim.initialEvents(),
      ...(restore ? mediaEvents(sim) : []),
      { type: 'connection', status: 'connected' },
    ]);
    if (options.autoAdvance) {
      this.lastReal = realNow();
      this.ticker = setInterval(() => this.tick(), options.tickMs);
    }
  }

  /** Replays a restored session's inputs at their virtual times, then moves the clock on to now. */
  private replay(sim: Simulation, entries: readonly JournalEntry[], state: HandoverState): void {
    this.replaying = true;
    try {
      for (const entry of entries) {
        sim.advanceTo(entry.at);
        try {
          this.apply(sim, entry);
        } catch {
          // It failed the first time too (a command the simulator refused): same outcome.
        }
        sim.flush();
      }
      sim.advanceTo(Math.max(sim.clock.now(), handoverNow(state)));
    } finally {
      this.replaying = false;
    }
  }

  /** Runs one journal entry against a simulation being restored (what the control or command did live). */
  private apply(sim: Simulation, entry: JournalEntry): void {
    const [a, b, c] = entry.args as unknown[];
    switch (entry.op) {
      case 'cmd':
        this.run(sim, a as CommandName, b as never);
        break;
      case 'createTask':
        sim.createTask(a as never);
        break;
      case 'customerSays':
        sim.customerSays(a as string, b as string);
        break;
      case 'injectCallWarning':
        injectCallWarning(sim, a as string, b as never, c === true);
        break;
      case 'customerTyping':
        sim.customerTyping(a as string, b as boolean);
        break;
      case 'customerLeaves':
        sim.customerLeaves(a as string);
        break;
      case 'setTraffic':
        sim.setTraffic(a as boolean);
        break;
      case 'setNextOutboundOutcome':
        sim.setNextOutboundOutcome(a as never);
        break;
      case 'noteOutcome':
        this.recorder?.noteOutcome(a as string, b as never);
        break;
      default:
        break;
    }
  }

  handoverState(): HandoverState | undefined {
    const sim = this.sim;
    return sim && this.journal ? this.journal.state(sim.clock.now()) : undefined;
  }

  onHandoverEntry(listener: (entry: unknown) => void): () => void {
    this.journalListeners.add(listener);
    return () => this.journalListeners.delete(listener);
  }

  private tick(): void {
    const sim = this.sim;
    if (!sim) return;
    const real = realNow();
    const elapsed = Math.max(0, real - this.lastReal);
    this.lastReal = real;
    this.tickCount++;
    try {
      sim.advanceTo(sim.clock.now() + elapsed * sim.options.speed, this.tickCount % 4 === 0);
    } catch (error) {
      this.publish([{ type: 'connection', status: 'error', error: FlexError.from(error).toDetail() }]);
    }
  }

  async disconnect(): Promise<void> {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    const sim = this.sim;
    this.sim = undefined;
    this.recorder?.dispose();
    this.recorder = undefined;
    this.journal = undefined;
    if (sim) {
      sim.dispose();
      this.publish([{ type: 'connection', status: 'disconnected' }]);
    }
  }

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async execute<K extends CommandName>(name: K, payload: Commands[K]): Promise<CommandResults[K]> {
    const sim = this.sim;
    if (!sim) throw new BackendError('not-connected', `Cannot run ${String(name)}: the simulator is not connected`);
    this.journal?.record(sim.clock.now(), 'cmd', [name, payload]);
    try {
      return this.run(sim, name, payload);
    } catch (error) {
      throw toBackendError(error);
    } finally {
      sim.flush();
    }
  }

  private run<K extends CommandName>(sim: Simulation, name: K, payload: Commands[K]): CommandResults[K] {
    const result = runCommand(sim, name, payload);
    if (name === 'holdCall') {
      const hold = payload as Commands['holdCall'];
      this.recorder?.hold(hold.taskSid, hold.hold);
    }
    return result;
  }

  /**
   * Insights over this session: the generated past (`historyDays`) and what happened since. The
   * scope is the session's own (its role and worker), whatever the caller passes.
   */
  async insights(_scope: InsightsScope): Promise<InsightsSource> {
    const sim = this.sim;
    const recorder = this.recorder;
    if (!sim || !recorder) throw new BackendError('not-connected', 'Insights needs a connected simulator');
    const { openSimulatorInsights } = await import('./insights.js');
    const scope: InsightsScope = { role: sim.role, identity: sim.identity, workerSid: sim.personSid };
    return openSimulatorInsights(sim, recorder, scope, sim.options.historyDays);
  }

  /** The disposition and notes a task is completed with (the engine does not keep them). */
  noteOutcome(taskSid: string, outcome: { disposition?: string; notes?: string }): void {
    const sim = this.sim;
    if (sim) this.journal?.record(sim.clock.now(), 'noteOutcome', [taskSid, outcome]);
    this.recorder?.noteOutcome(taskSid, outcome);
  }

  private publish(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    for (const listener of [...this.listeners]) listener(events);
  }
}

function realNow(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

async function fetchConfig(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new FlexError(
      'invalid-config',
      `Could not fetch the workspace configuration from ${url}: ${(error as Error).message}`,
      false,
      { cause: error },
    );
  }
  if (!response.ok)
    throw new FlexError(
      'invalid-config',
      `Could not fetch the workspace configuration from ${url}: HTTP ${response.status}`,
      false,
    );
  try {
    return await response.json();
  } catch (error) {
    throw new FlexError(
      'invalid-config',
      `The workspace configuration at ${url} is not JSON: ${(error as Error).message}`,
      false,
      { cause: error },
    );
  }
}

/** Creates a simulator backend; `connect` starts a simulated contact center from `session.options`. */
export function createSimulatorBackend(): SimulatorBackend {
  return new SimulatorBackendImpl();
}
