import {
  BackendError,
  type Backend,
  type CommandName,
  type CommandResults,
  type Commands,
  type SessionOptions,
} from '../../backends/backend.js';
import { handoverNow, isHandoverSource, type HandoverSource, type HandoverState } from '../../backends/handover.js';
import type { DomainEvent } from '../domain-events.js';
import { FlexError } from '../errors.js';
import type { InsightsCapable } from '../insights/actions.js';
import type { InsightsScope, InsightsSource } from '../insights/types.js';
import type { FlexErrorDetail } from '../model.js';
import { createStore, type Store } from '../store.js';
import { TabLeadership } from './leadership.js';
import { isBackendEvent, mirrorState, stateEvents, type MirrorState } from './mirror.js';
import { clearSession, loadSession, saveSession } from './persist.js';

/**
 * One connection per browser and identity. A `SharedBackend` sits between the contact center and
 * the real backend (the Backend port on both sides):
 *
 * - The **leader** tab (it holds a Web Lock named after the scope) creates and connects the real
 *   backend, and mirrors its events to the other tabs over a BroadcastChannel, numbered.
 * - A **follower** tab connects nothing: it asks the leader for a snapshot of the state, then
 *   applies the leader's events; its commands go to the leader, which runs them on its backend
 *   and broadcasts the result (so every tab can answer a command re-sent after a takeover).
 * - When the leader's tab closes or crashes, the browser gives the lock to a waiting follower,
 *   which connects the backend itself: on the simulator it continues the leader's session from the
 *   mirrored journal (see `HandoverState`), so no task is doubled or lost.
 * - `claim()` ("Move call here") asks the leader to hand over: it stops its backend, sends its final
 *   state, and the claiming tab steals the lock and continues it.
 *
 * A follower that misses events (a gap in the numbering, or a dropped channel) asks for a new
 * snapshot; its commands wait in order in an outbox and are sent once. Without Web Locks or
 * BroadcastChannel, with sharing turned off, or for a second provider of the same scope on one
 * page, it is `solo`: a plain pass-through. No DOM beyond `document.visibilityState` when present.
 */

export type TabRole = 'connecting' | 'solo' | 'leader' | 'follower';

/** Why a tab connects on its own: `off` (single-connection="off"), `unsupported` (no Web Locks or BroadcastChannel), `page` (another provider of this page has the scope). */
export type SoloReason = 'off' | 'unsupported' | 'page';

/** What the UI reads about the tabs (the provider's banner, the ringer). */
export interface TabStatus {
  readonly role: TabRole;
  readonly soloReason?: SoloReason;
  /** A takeover or a planned handover is under way. */
  readonly switching: boolean;
  /** Whether another tab of the group is visible (then a hidden leader raises no browser notification). */
  otherTabVisible(): boolean;
  /** Makes this tab the leader (it gets the call's audio); resolves once it leads. */
  claim(): Promise<void>;
  subscribe(listener: () => void): () => void;
}

export interface SharedBackendOptions {
  /** The real backend's name (`simulator`, `twilio`, …). */
  readonly name: string;
  /** Tabs with the same scope share one connection: backend, identity, role and options. */
  readonly scope: string;
  /** Creates the real backend (in the leader tab only). */
  readonly create: () => Promise<Backend>;
  /** Whether to share at all; when not, why. */
  readonly solo?: SoloReason;
  /** Keep the backend's handover state in IndexedDB (a reload continues the session). Default true. */
  readonly persist?: boolean;
}

type Message =
  | { t: 'hello'; from: string; visible: boolean }
  | { t: 'here'; from: string; visible: boolean }
  | { t: 'bye'; from: string }
  | { t: 'leader'; from: string }
  | { t: 'clock'; from: string; now: number; wall: number; rate: number }
  | { t: 'snapshot'; from: string; to: string; seq: number; state: MirrorState; handover?: HandoverState }
  | { t: 'events'; from: string; seq: number; events: readonly DomainEvent[] }
  | { t: 'entry'; from: string; seq: number; entry: unknown }
  | { t: 'cmd'; from: string; id: string; name: CommandName; payload: unknown }
  | { t: 'result'; from: string; id: string; ok: boolean; value?: unknown; error?: FlexErrorDetail }
  | { t: 'claim'; from: string }
  | { t: 'handover'; from: string; to: string; handover?: HandoverState };

type StreamMessage = Extract<Message, { t: 'events' | 'entry' }>;

interface Pending {
  readonly name: CommandName;
  readonly payload: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const RESULTS_KEPT = 1000;
/** Not a backend command: a follower's noteOutcome, relayed like one. */
const NOTE_OUTCOME = 'flex-elements:noteOutcome';
/** Followers say they are here, and the leader where its clock stands, this often. */
const HEARTBEAT_MS = 1000;
/** A follower not heard from for this long is gone (hidden tabs' timers are throttled: be generous). */
const FOLLOWER_TTL_MS = 90_000;
/** A leader that handed over takes its session back when the claiming tab does not take it by then. */
const HANDOVER_TIMEOUT_MS = 4000;

/** Lock and channel names per scope, so identities and backends never share. */
export function scopeName(scope: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < scope.length; i++) hash = Math.imul(hash ^ scope.charCodeAt(i), 0x01000193) >>> 0;
  return `flex-elements:${hash.toString(36)}:${scope.length}`;
}

const noFrames = () => () => {};

/**
 * Locks this page is still letting go of, by scope: a provider that replaces another one of the
 * same scope on this page (a new session, a test's next fixture) waits for it instead of following
 * a tab that is closing.
 */
const releasing = new Map<string, Promise<void>>();

function visible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

function newId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function errorOf(detail: FlexErrorDetail | undefined): BackendError {
  return new BackendError(detail?.code ?? 'unexpected', detail?.message ?? 'The leader tab could not run the command', detail?.recoverable ?? true);
}

function detailOf(error: unknown): FlexErrorDetail {
  const e = error as Partial<FlexErrorDetail> | null;
  return {
    code: typeof e?.code === 'string' ? e.code : 'unexpected',
    message: typeof e?.message === 'string' ? e.message : String(error),
    recoverable: typeof e?.recoverable === 'boolean' ? e.recoverable : true,
  };
}

/** Runs a relayed command on the real backend (a relayed noteOutcome included). */
async function run(inner: Backend, name: CommandName, payload: unknown): Promise<unknown> {
  if (name !== (NOTE_OUTCOME as CommandName)) return inner.execute(name, payload as never);
  const { taskSid, outcome } = payload as { taskSid: string; outcome: { disposition?: string; notes?: string } };
  (inner as Partial<InsightsCapable>).noteOutcome?.(taskSid, outcome);
  return undefined;
}

export class SharedBackend implements Backend {
  readonly name: string;
  readonly id = newId();
  readonly tabs: TabStatus;
  readonly #options: SharedBackendOptions;
  readonly #channelName: string;
  readonly #listeners = new Set<(events: readonly DomainEvent[]) => void>();
  readonly #statusListeners = new Set<() => void>();
  /** The backend state as this tab knows it (what a snapshot for another tab is made of). */
  readonly #mirror: Store = createStore({ scheduler: noFrames, immediate: () => {} });
  readonly #followers = new Map<string, { seen: number; visible: boolean }>();
  readonly #pending = new Map<string, Pending>();
  readonly #results = new Map<string, Extract<Message, { t: 'result' }>>();
  readonly #queues = new Map<string, Promise<void>>();
  #role: TabRole = 'connecting';
  #switching = false;
  #session: SessionOptions | undefined;
  #inner: Backend | undefined;
  #innerOff: (() => void)[] = [];
  #channel: BroadcastChannel | undefined;
  #leadership: TabLeadership | undefined;
  #leaderId: string | undefined;
  #seq = 0;
  #lastSeq = -1;
  #awaiting = false;
  #buffer: StreamMessage[] = [];
  /** The leader's journal and clock, mirrored (followers), for a takeover. */
  #handover: HandoverState | undefined;
  /** The state a planned handover gave this tab. */
  #handedOver: HandoverState | undefined;
  #clock: { now: number; wall: number; rate: number } | undefined;
  #ready: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  #timers: ReturnType<typeof setInterval>[] = [];
  #handoverTimer: ReturnType<typeof setTimeout> | undefined;
  #dropped = false;
  #closed = false;
  #commands = 0;
  #saving: Promise<void> | undefined;
  #saveAgain = false;
  /** The real backend's clock rate (from its handover state), for the followers' clocks. */
  #rate: number | undefined;
  /** Command ids this leader received (a follower re-sends what is unanswered after a resync). */
  readonly #received = new Set<string>();
  #onVisibility = () => this.#post({ t: 'here', from: this.id, visible: visible() });

  constructor(options: SharedBackendOptions) {
    this.#options = options;
    this.name = options.name;
    this.#channelName = scopeName(options.scope);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.tabs = {
      get role() {
        return self.#role;
      },
      get soloReason() {
        return self.#options.solo;
      },
      get switching() {
        return self.#switching;
      },
      otherTabVisible: () => {
        const now = Date.now();
        for (const [id, follower] of this.#followers) {
          if (id !== this.id && follower.visible && now - follower.seen < FOLLOWER_TTL_MS) return true;
        }
        return false;
      },
      claim: () => this.claim(),
      subscribe: (listener) => {
        this.#statusListeners.add(listener);
        return () => this.#statusListeners.delete(listener);
      },
    };
  }

  /** The real backend's controls (the simulator's) in the tab that runs it. */
  get controls(): unknown {
    return (this.#inner as { controls?: unknown } | undefined)?.controls;
  }

  /** The backend's clock: the real backend's in the leader, the leader's (extrapolated) in a follower; NaN when it keeps none. */
  now(): number {
    const inner = this.#inner as { now?: () => number; controls?: { now?: () => number } } | undefined;
    if (inner) {
      try {
        if (typeof inner.now === 'function') return inner.now();
        if (typeof inner.controls?.now === 'function') return inner.controls.now();
      } catch {
        return NaN;
      }
      return NaN;
    }
    return this.#clock ? handoverNow(this.#clock) : NaN;
  }

  /**
   * Insights, from the backend in the tab that runs it (its history lives there). A follower tab
   * has none of its own: it says where to look instead.
   */
  insights(scope: InsightsScope): Promise<InsightsSource> {
    const inner = this.#inner as Partial<InsightsCapable> | undefined;
    if (inner && typeof inner.insights === 'function') return inner.insights(scope);
    return Promise.reject(
      inner || this.#role !== 'follower'
        ? new FlexError('insights-unavailable', `The ${this.name} backend keeps no history for Insights.`)
        : new FlexError(
            'insights-unavailable',
            'Insights opens in the tab that holds the connection for this agent: use it there, or close the other tabs.',
          ),
    );
  }

  /** The disposition and notes a task is completed with, for the history in the tab that keeps it. */
  noteOutcome(taskSid: string, outcome: { disposition?: string; notes?: string }): void {
    const inner = this.#inner as Partial<InsightsCapable> | undefined;
    if (inner) inner.noteOutcome?.(taskSid, outcome);
    else void this.execute(NOTE_OUTCOME as CommandName, { taskSid, outcome } as never).catch(() => {});
  }

  // ------------------------------------------------------------------ the Backend port

  async connect(session: SessionOptions): Promise<void> {
    this.#session = session;
    if (this.#options.solo) {
      this.#setRole('solo');
      await this.#lead(session.restore);
      return;
    }
    // Read what a reload may continue while the lock is being asked for (IndexedDB takes a moment).
    const persisted = session.restore ? Promise.resolve(undefined) : this.#persisted();
    // The real backend's code loads meanwhile too (the provider preloads the simulator's chunk).
    await releasing.get(this.#channelName);
    if (this.#closed) throw new BackendError('not-connected', 'The session was closed');
    this.#openChannel();
    this.#timers.push(setInterval(() => this.#heartbeat(), HEARTBEAT_MS));
    const leadership = (this.#leadership = new TabLeadership(`${this.#channelName}:leader`));
    leadership.onAcquired = () => {
      if (this.#role === 'follower') void this.#takeOver();
    };
    leadership.onLost = () => this.#stepDown();
    if (await leadership.tryAcquire()) {
      this.#setRole('leader');
      this.#leaderId = this.id;
      try {
        await this.#lead(session.restore ?? (await persisted));
      } catch (error) {
        // Another tab may manage (a token that works there); this one reports the failure.
        void leadership.close();
        throw error;
      }
      this.#post({ t: 'leader', from: this.id });
      return;
    }
    this.#setRole('follower');
    this.#emit([{ type: 'connection', status: 'connecting' }]);
    const ready = new Promise<void>((resolve, reject) => (this.#ready = { resolve, reject }));
    leadership.wait();
    this.#resync();
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#onVisibility);
    await ready;
  }

  async disconnect(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    clearTimeout(this.#handoverTimer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#post({ t: 'bye', from: this.id });
    const released = this.#leadership?.close();
    if (released) {
      const name = this.#channelName;
      const done = released.finally(() => {
        if (releasing.get(name) === done) releasing.delete(name);
      });
      releasing.set(name, done);
    }
    this.#channel?.close();
    this.#channel = undefined;
    const error = new BackendError('not-connected', 'The session was closed');
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#ready?.reject(error);
    this.#ready = undefined;
    const inner = this.#inner;
    if (inner) {
      this.#inner = undefined;
      for (const off of this.#innerOff.splice(0)) off();
      // The session ends on purpose: a later page load starts afresh.
      if (this.#persists(inner)) void clearSession(this.#channelName);
      await inner.disconnect();
    }
    this.#emit([{ type: 'connection', status: 'disconnected' }]);
    this.#mirror.dispose();
  }

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  execute<K extends CommandName>(name: K, payload: Commands[K]): Promise<CommandResults[K]> {
    const inner = this.#inner;
    if (inner && !this.#switching) return inner.execute(name, payload);
    if (this.#closed) return Promise.reject(new BackendError('not-connected', `Cannot run ${String(name)}: the session is closed`));
    return new Promise<CommandResults[K]>((resolve, reject) => {
      const id = `${this.id}:${++this.#commands}`;
      this.#pending.set(id, { name, payload, resolve: resolve as (value: unknown) => void, reject });
      this.#sendPending(id);
    });
  }

  // ------------------------------------------------------------------ leading

  async #lead(restore: HandoverState | undefined): Promise<void> {
    const session = this.#session!;
    const inner = await this.#options.create();
    if (this.#closed) return void inner.disconnect();
    this.#inner = inner;
    const takeover = this.#mirror.getState().session.workerSid !== undefined;
    const seen = { tasks: new Set<string>(), workers: new Set<string>() };
    let connecting = true;
    this.#innerOff.push(
      inner.subscribe((events) => {
        if (connecting && takeover) {
          for (const event of events) {
            if (event.type === 'task') seen.tasks.add(event.task.sid);
            else if (event.type === 'worker') seen.workers.add(event.worker.sid);
            else if (event.type === 'workers') for (const worker of event.workers) seen.workers.add(worker.sid);
          }
          // A takeover reconnects: the panel stays up and says so, instead of loading again.
          events = events.map((event) =>
            event.type === 'connection' && event.status === 'connecting' ? { type: 'connection', status: 'reconnecting' } : event,
          );
        }
        this.#fromInner(events);
      }),
    );
    if (isHandoverSource(inner)) this.#innerOff.push(inner.onHandoverEntry((entry) => this.#fromEntry(inner, entry)));
    try {
      await inner.connect({ ...session, ...(restore ? { restore } : {}) });
    } finally {
      connecting = false;
    }
    if (takeover) {
      // What the previous leader had and this session does not: gone meanwhile (or never real).
      const state = this.#mirror.getState();
      const gone: DomainEvent[] = [];
      for (const sid of Object.keys(state.tasks)) if (!seen.tasks.has(sid)) gone.push({ type: 'task.removed', sid });
      for (const sid of Object.keys(state.workers)) if (!seen.workers.has(sid)) gone.push({ type: 'worker.removed', sid });
      this.#fromInner(gone);
      if (this.#mirror.getState().connection.status === 'reconnecting') this.#fromInner([{ type: 'connection', status: 'connected' }]);
    }
    this.#rate = isHandoverSource(inner) ? inner.handoverState()?.rate : undefined;
    this.#save(inner);
  }

  #fromInner(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    this.#mirror.dispatch(events);
    this.#emit(events);
    if (this.#followers.size > 0) this.#post({ t: 'events', from: this.id, seq: ++this.#seq, events });
  }

  #fromEntry(inner: Backend & HandoverSource, entry: unknown): void {
    if (this.#followers.size > 0) this.#post({ t: 'entry', from: this.id, seq: ++this.#seq, entry });
    this.#save(inner);
  }

  /**
   * Only a leader keeps its session for a reload: the lock makes it the one tab of its scope
   * (solo tabs of one scope would overwrite each other's record).
   */
  #persists(inner: Backend): inner is Backend & HandoverSource {
    return this.#options.persist !== false && !this.#options.solo && isHandoverSource(inner);
  }

  async #persisted(): Promise<HandoverState | undefined> {
    return this.#options.persist === false || this.#options.solo ? undefined : loadSession(this.#channelName);
  }

  /** Keeps the handover state in IndexedDB after every input (coalesced while a write is under way). */
  #save(inner: Backend): void {
    if (!this.#persists(inner) || this.#closed) return;
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    const state = inner.handoverState();
    if (!state) return;
    this.#saving = saveSession(this.#channelName, state).finally(() => {
      this.#saving = undefined;
      if (this.#saveAgain && this.#inner === inner) {
        this.#saveAgain = false;
        this.#save(inner);
      }
    });
  }

  /** Commands from a follower, in the order it sent them; a command seen before gets its result again. */
  #serve(message: Extract<Message, { t: 'cmd' }>): void {
    const known = this.#results.get(message.id);
    if (known) return this.#post(known);
    // Under way already: its result is broadcast when it is done.
    if (this.#received.has(message.id)) return;
    this.#received.add(message.id);
    if (this.#received.size > RESULTS_KEPT) this.#received.delete(this.#received.values().next().value!);
    const previous = this.#queues.get(message.from) ?? Promise.resolve();
    const next = previous.then(async () => {
      const inner = this.#inner;
      if (!inner || this.#switching || this.#results.has(message.id)) return;
      let result: Extract<Message, { t: 'result' }>;
      try {
        const value = await run(inner, message.name, message.payload);
        result = { t: 'result', from: this.id, id: message.id, ok: true, value };
      } catch (error) {
        result = { t: 'result', from: this.id, id: message.id, ok: false, error: detailOf(error) };
      }
      this.#remember(result);
      this.#post(result);
    });
    this.#queues.set(message.from, next);
    void next.finally(() => {
      if (this.#queues.get(message.from) === next) this.#queues.delete(message.from);
    });
  }

  #remember(result: Extract<Message, { t: 'result' }>): void {
    this.#results.set(result.id, result);
    if (this.#results.size > RESULTS_KEPT) this.#results.delete(this.#results.keys().next().value!);
  }

  /** A follower asked for the session: stop, send the final state, and let it steal the lock. */
  async #handOver(to: string): Promise<void> {
    const inner = this.#inner;
    if (!inner || this.#switching || this.#role !== 'leader') return;
    this.#switching = true;
    this.#notifyStatus();
    const state = isHandoverSource(inner) ? inner.handoverState() : undefined;
    this.#inner = undefined;
    for (const off of this.#innerOff.splice(0)) off();
    await inner.disconnect().catch(() => {});
    this.#handover = state;
    this.#clock = state ? { now: state.now, wall: state.wall, rate: state.rate } : this.#clock;
    this.#leaderId = to;
    this.#setRole('follower');
    this.#post({ t: 'handover', from: this.id, to, ...(state ? { handover: state } : {}) });
    clearTimeout(this.#handoverTimer);
    this.#handoverTimer = setTimeout(() => {
      // The claiming tab never took it (closed meanwhile): this tab leads again, from where it stopped.
      if (this.#leadership?.held && this.#role === 'follower') void this.#takeOver(state);
    }, HANDOVER_TIMEOUT_MS);
  }

  /** The lock was taken away (after a handover): a follower from now on, waiting in the queue again. */
  #stepDown(): void {
    clearTimeout(this.#handoverTimer);
    const inner = this.#inner;
    if (inner) {
      this.#inner = undefined;
      for (const off of this.#innerOff.splice(0)) off();
      void inner.disconnect().catch(() => {});
    }
    this.#switching = false;
    this.#setRole('follower');
    this.#resync();
    this.#leadership?.wait();
  }

  /** This tab got the lock: it connects the backend and continues the session. */
  async #takeOver(restore?: HandoverState): Promise<void> {
    if (this.#closed) return;
    this.#switching = true;
    this.#setRole('leader');
    this.#leaderId = this.id;
    this.#seq = 0;
    this.#awaiting = false;
    this.#buffer = [];
    this.#followers.delete(this.id);
    this.#post({ t: 'leader', from: this.id });
    const state = restore ?? this.#handedOver ?? this.#continued() ?? (await this.#persisted());
    this.#handedOver = undefined;
    if (this.#mirror.getState().session.workerSid !== undefined) this.#fromInner([{ type: 'connection', status: 'reconnecting' }]);
    try {
      await this.#lead(state);
    } catch (error) {
      this.#fromInner([{ type: 'connection', status: 'error', error: detailOf(error) }]);
      this.#ready?.reject(error);
      this.#ready = undefined;
      return;
    } finally {
      this.#switching = false;
      this.#notifyStatus();
    }
    this.#ready?.resolve();
    this.#ready = undefined;
    // This tab's own commands that no leader answered: run here, in order, once.
    for (const [id, pending] of [...this.#pending]) {
      this.#pending.delete(id);
      const known = this.#results.get(id);
      if (known) {
        if (known.ok) pending.resolve(known.value);
        else pending.reject(errorOf(known.error));
        continue;
      }
      run(this.#inner!, pending.name, pending.payload).then(pending.resolve, pending.reject);
    }
  }

  /** The mirrored journal with its clock moved to the last one heard. */
  #continued(): HandoverState | undefined {
    const handover = this.#handover;
    if (!handover) return undefined;
    return this.#clock ? { ...handover, now: this.#clock.now, wall: this.#clock.wall } : handover;
  }

  // ------------------------------------------------------------------ following

  /** Asks the leader for a snapshot; stream messages wait until it arrives. */
  #resync(): void {
    this.#awaiting = true;
    this.#buffer = [];
    this.#post({ t: 'hello', from: this.id, visible: visible() });
  }

  #applySnapshot(message: Extract<Message, { t: 'snapshot' }>): void {
    const current = mirrorState(this.#mirror.getState());
    const events = stateEvents(message.state, current.session.workerSid ? current : undefined);
    events.push({ type: 'connection', status: message.state.connection.status, ...(message.state.connection.error ? { error: message.state.connection.error } : {}) });
    this.#mirror.dispatch(events);
    this.#emit(events);
    this.#handover = message.handover;
    if (message.handover) this.#clock = { now: message.handover.now, wall: message.handover.wall, rate: message.handover.rate };
    this.#lastSeq = message.seq;
    this.#awaiting = false;
    const buffered = this.#buffer.splice(0).filter((m) => m.seq > message.seq).sort((a, b) => a.seq - b.seq);
    for (const m of buffered) this.#applyStream(m);
    this.#ready?.resolve();
    this.#ready = undefined;
    // Commands that waited for a leader go now, in order.
    for (const id of this.#pending.keys()) this.#sendPending(id);
  }

  #applyStream(message: StreamMessage): void {
    if (this.#awaiting) {
      this.#buffer.push(message);
      return;
    }
    if (message.seq <= this.#lastSeq) return;
    if (message.seq !== this.#lastSeq + 1) return this.#resync();
    this.#lastSeq = message.seq;
    if (message.t === 'events') {
      this.#mirror.dispatch(message.events);
      this.#emit(message.events);
    } else if (this.#handover) {
      this.#handover = { ...this.#handover, entries: [...this.#handover.entries, message.entry] };
    }
  }

  #sendPending(id: string): void {
    const pending = this.#pending.get(id);
    if (!pending || !this.#channel || this.#dropped || this.#awaiting || this.#leaderId === undefined || this.#role === 'leader') return;
    this.#post({ t: 'cmd', from: this.id, id, name: pending.name, payload: pending.payload });
  }

  async claim(): Promise<void> {
    if (this.#role === 'leader' || this.#role === 'solo') return;
    if (this.#closed) throw new BackendError('not-connected', 'The session is closed');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new BackendError('claim-failed', 'The other tab did not hand the session over; try again.'));
      }, HANDOVER_TIMEOUT_MS * 2);
      const off = this.tabs.subscribe(() => {
        if (this.#role === 'leader' && !this.#switching) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
      this.#post({ t: 'claim', from: this.id });
    });
  }

  // ------------------------------------------------------------------ the channel

  #openChannel(): void {
    const channel = new BroadcastChannel(this.#channelName);
    channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
    this.#channel = channel;
  }

  #post(message: Message): void {
    if (!this.#channel || this.#dropped) return;
    try {
      this.#channel.postMessage(message);
    } catch (error) {
      // Something in an event that does not clone: the followers see a gap and ask for a snapshot.
      this.#session?.reportError?.(error);
    }
  }

  #receive(message: Message): void {
    if (this.#closed || this.#dropped || !message || typeof message !== 'object' || message.from === this.id) return;
    switch (message.t) {
      case 'hello':
      case 'here':
        this.#followers.set(message.from, { seen: Date.now(), visible: message.visible });
        if (message.t === 'hello' && this.#role === 'leader' && !this.#switching) this.#sendSnapshot(message.from);
        else if (message.t === 'hello' && this.#role === 'leader') queueMicrotask(() => this.#sendSnapshot(message.from));
        this.#notifyStatus();
        break;
      case 'bye':
        this.#followers.delete(message.from);
        this.#notifyStatus();
        break;
      case 'leader':
        if (this.#role === 'leader') break;
        this.#leaderId = message.from;
        this.#resync();
        break;
      case 'clock':
        if (this.#role !== 'follower') break;
        if (this.#leaderId !== message.from) {
          const known = this.#leaderId !== undefined;
          this.#leaderId = message.from;
          if (known) this.#resync();
        }
        this.#clock = { now: message.now, wall: message.wall, rate: message.rate };
        break;
      case 'snapshot':
        if (message.to === this.id && this.#role === 'follower') {
          this.#leaderId = message.from;
          this.#applySnapshot(message);
        }
        break;
      case 'events':
      case 'entry':
        if (this.#role === 'follower' && message.from === this.#leaderId) this.#applyStream(message);
        break;
      case 'cmd':
        if (this.#role === 'leader') this.#serve(message);
        break;
      case 'result': {
        this.#remember(message);
        const pending = this.#pending.get(message.id);
        if (!pending) break;
        this.#pending.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(errorOf(message.error));
        break;
      }
      case 'claim':
        if (this.#role === 'leader') void this.#handOver(message.from);
        break;
      case 'handover':
        if (message.to !== this.id || this.#role !== 'follower') break;
        this.#handedOver = message.handover;
        this.#switching = true;
        this.#notifyStatus();
        this.#leadership?.wait(true);
        break;
      default:
        break;
    }
  }

  #sendSnapshot(to: string): void {
    if (this.#role !== 'leader') return;
    const inner = this.#inner;
    const handover = inner && isHandoverSource(inner) ? inner.handoverState() : this.#continued();
    this.#post({ t: 'snapshot', from: this.id, to, seq: this.#seq, state: mirrorState(this.#mirror.getState()), ...(handover ? { handover } : {}) });
  }

  #heartbeat(): void {
    if (this.#role === 'follower') {
      this.#post({ t: 'here', from: this.id, visible: visible() });
      return;
    }
    if (this.#role !== 'leader') return;
    const now = Date.now();
    for (const [id, follower] of this.#followers) if (now - follower.seen > FOLLOWER_TTL_MS) this.#followers.delete(id);
    if (this.#followers.size === 0) return;
    this.#post({ t: 'clock', from: this.id, now: this.now(), wall: Date.now(), rate: this.#rate ?? 0 });
  }

  // ------------------------------------------------------------------ test seam

  /**
   * Drops this tab's channel for `ms` (as a frozen tab or a lost message would): events sent
   * meanwhile are missed and commands wait in the outbox; then it catches up from a snapshot and
   * sends the outbox in order, once. For the drop tests and the bench.
   */
  simulateDrop(ms: number): Promise<void> {
    if (this.#role !== 'follower' || this.#dropped) return Promise.resolve();
    this.#dropped = true;
    this.#emit([{ type: 'connection', status: 'reconnecting' }]);
    return new Promise((resolve) =>
      setTimeout(() => {
        this.#dropped = false;
        if (!this.#closed) this.#resync();
        resolve();
      }, ms),
    );
  }

  // ------------------------------------------------------------------ local

  #emit(events: readonly DomainEvent[]): void {
    const list = events.filter(isBackendEvent);
    if (list.length === 0) return;
    for (const listener of [...this.#listeners]) listener(list);
  }

  #setRole(role: TabRole): void {
    if (this.#role === role) return;
    this.#role = role;
    this.#notifyStatus();
  }

  #notifyStatus(): void {
    for (const listener of [...this.#statusListeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
