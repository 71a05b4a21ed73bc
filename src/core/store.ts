import type { DomainEvent } from './domain-events.js';
import type {
  Activity,
  Call,
  ConnectionStatus,
  Conversation,
  FlexErrorDetail,
  FlexNotification,
  Message,
  Queue,
  QueueStatistics,
  Reservation,
  Role,
  Task,
  Worker,
} from './model.js';
import { initialCrmState, type CrmState } from './crm/types.js';

export interface Session {
  readonly workerSid?: string;
  readonly identity?: string;
  readonly role?: Role;
  readonly workspaceSid?: string;
  /**
   * Features this session cannot offer, with the reason's code: on Twilio without a companion
   * server, `coach` and `barge` are `server-required`. Elements show the control disabled, with why.
   */
  readonly unavailable?: Readonly<Record<string, string>>;
}

/** Everything the elements render, normalized and keyed by sid. Never mutate it. */
export interface FlexState {
  readonly connection: { readonly status: ConnectionStatus; readonly error?: FlexErrorDetail };
  readonly session: Session;
  readonly activities: Readonly<Record<string, Activity>>;
  readonly workers: Readonly<Record<string, Worker>>;
  readonly queues: Readonly<Record<string, Queue>>;
  readonly tasks: Readonly<Record<string, Task>>;
  readonly reservations: Readonly<Record<string, Reservation>>;
  readonly conversations: Readonly<Record<string, Conversation>>;
  /** Loaded messages per conversation sid, ordered by index. */
  readonly messages: Readonly<Record<string, readonly Message[]>>;
  readonly calls: Readonly<Record<string, Call>>;
  readonly queueStats: Readonly<Record<string, QueueStatistics>>;
  readonly workspaceStats?: QueueStatistics;
  readonly ui: { readonly selectedTaskSid?: string };
  readonly notifications: readonly FlexNotification[];
  /** Contact searches, associated records and CRM log calls, by task sid (see src/core/crm). */
  readonly crm: CrmState;
}

export const initialState: FlexState = Object.freeze<FlexState>({
  connection: { status: 'idle' },
  session: {},
  activities: {},
  workers: {},
  queues: {},
  tasks: {},
  reservations: {},
  conversations: {},
  messages: {},
  calls: {},
  queueStats: {},
  ui: {},
  notifications: [],
  crm: initialCrmState,
});

export type Selector<T> = (state: FlexState) => T;
export type Equality<T> = (a: T, b: T) => boolean;

/** The read side of the store that elements and plugins get. */
export interface ReadableStore {
  getState(): FlexState;
  /**
   * Calls `callback` with the selected value whenever it changes (by `equals`, `Object.is` by
   * default), at most once per animation frame however many events arrived. Returns an
   * unsubscribe function.
   */
  subscribe<T>(selector: Selector<T>, callback: (value: T, previous: T) => void, equals?: Equality<T>): () => void;
}

export interface Store extends ReadableStore {
  dispatch(events: DomainEvent | readonly DomainEvent[]): void;
  /** Runs pending notifications now instead of at the next frame (tests, benchmarks). */
  flush(): void;
  dispose(): void;
}

/** Schedules one callback; returns a cancel function. Injectable for Node and tests. */
export type FrameScheduler = (callback: () => void) => () => void;

/** Runs a callback as soon as the current task is done (a microtask by default). */
export type ImmediateScheduler = (callback: () => void) => void;

/**
 * The next animation frame, or 100 ms, whichever comes first: a hidden tab gets no frames, and the
 * store must keep notifying there (an incoming task raises a browser notification when hidden).
 */
export const animationFrameScheduler: FrameScheduler = (callback) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    callback();
  };
  const timer = setTimeout(run, typeof requestAnimationFrame === 'function' ? 100 : 16);
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const cancel = () => {
    clearTimeout(timer);
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
  return () => {
    done = true;
    cancel();
  };
};

interface Subscription {
  readonly selector: Selector<unknown>;
  readonly callback: (value: unknown, previous: unknown) => void;
  readonly equals: Equality<unknown>;
  value: unknown;
  active: boolean;
}

type Collections = Pick<
  FlexState,
  | 'activities'
  | 'workers'
  | 'queues'
  | 'tasks'
  | 'reservations'
  | 'conversations'
  | 'messages'
  | 'calls'
  | 'queueStats'
>;
type CollectionName = keyof Collections;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Creates the store. Events are reduced as they arrive (so `getState()` is always current);
 * subscribers hear about the result at most once per animation frame.
 *
 * Notification is leading-edge: the first change in a frame is announced as soon as the current
 * task ends (a microtask), so a lone event — a reservation arriving — is on screen in the frame it
 * arrived in; changes that come later in the same frame wait for the next frame and are announced
 * together. A burst of any size within one task is one notification.
 *
 * Reduction copies a collection once per frame, not once per event: the first event that touches
 * `workers` in a frame copies the record, later ones write into that copy. A copy is sealed as
 * soon as anyone reads the state, so an object handed out is never changed afterwards.
 */
export function createStore(
  options: { scheduler?: FrameScheduler; immediate?: ImmediateScheduler; initial?: FlexState } = {},
): Store {
  const scheduler = options.scheduler ?? animationFrameScheduler;
  const immediate = options.immediate ?? queueMicrotask;
  let state: FlexState = options.initial ?? initialState;
  let writable = new Set<CollectionName>();
  /** A notification is scheduled (in a microtask or at the next frame). */
  let pending = false;
  /** Subscribers were notified in the current frame; the flag clears at the next frame. */
  let notifiedThisFrame = false;
  let cancelFrame: (() => void) | undefined;
  let disposed = false;
  const subscriptions = new Set<Subscription>();

  function collection<K extends CollectionName>(name: K): Mutable<Collections[K]> {
    if (!writable.has(name)) {
      state = { ...state, [name]: { ...state[name] } };
      writable.add(name);
    }
    return state[name];
  }

  function set<K extends keyof FlexState>(key: K, value: FlexState[K]): void {
    if (state[key] !== value) state = { ...state, [key]: value };
  }

  function reduce(event: DomainEvent): void {
    switch (event.type) {
      case 'connection':
        set('connection', event.error ? { status: event.status, error: event.error } : { status: event.status });
        break;
      case 'session':
        set('session', {
          workerSid: event.workerSid,
          identity: event.identity,
          role: event.role,
          workspaceSid: event.workspaceSid,
          ...(event.unavailable ? { unavailable: event.unavailable } : {}),
        });
        break;
      case 'activities': {
        const activities = collection('activities');
        for (const activity of event.activities) activities[activity.sid] = activity;
        break;
      }
      case 'workers': {
        const workers = collection('workers');
        for (const worker of event.workers) workers[worker.sid] = worker;
        break;
      }
      case 'worker':
        collection('workers')[event.worker.sid] = event.worker;
        break;
      case 'worker.removed':
        delete collection('workers')[event.sid];
        break;
      case 'queues': {
        const queues = collection('queues');
        for (const queue of event.queues) queues[queue.sid] = queue;
        break;
      }
      case 'task':
        collection('tasks')[event.task.sid] = event.task;
        break;
      case 'task.removed': {
        const removed = state.tasks[event.sid];
        if (!removed) break;
        delete collection('tasks')[event.sid];
        // What belonged to the task goes with it, so a long shift does not accumulate state.
        const reservations = Object.values(state.reservations).filter((r) => r.taskSid === event.sid);
        if (reservations.length > 0) {
          const writableReservations = collection('reservations');
          for (const reservation of reservations) delete writableReservations[reservation.sid];
        }
        if (removed.conversationSid) {
          if (state.conversations[removed.conversationSid]) delete collection('conversations')[removed.conversationSid];
          if (state.messages[removed.conversationSid]) delete collection('messages')[removed.conversationSid];
        }
        if (removed.callSid && state.calls[removed.callSid]) delete collection('calls')[removed.callSid];
        if (state.ui.selectedTaskSid === event.sid) set('ui', { ...state.ui, selectedTaskSid: undefined });
        forgetCrm(event.sid);
        break;
      }
      case 'reservation':
        collection('reservations')[event.reservation.sid] = event.reservation;
        break;
      case 'conversation':
        collection('conversations')[event.conversation.sid] = event.conversation;
        break;
      case 'messages': {
        const messages = collection('messages');
        messages[event.conversationSid] = mergeMessages(messages[event.conversationSid] ?? [], event.messages);
        break;
      }
      case 'call':
        collection('calls')[event.call.sid] = event.call;
        break;
      case 'queue.stats':
        collection('queueStats')[event.stats.sid] = event.stats;
        break;
      case 'workspace.stats':
        set('workspaceStats', event.stats);
        break;
      case 'ui.select-task':
        if (state.ui.selectedTaskSid !== event.taskSid) set('ui', { ...state.ui, selectedTaskSid: event.taskSid });
        break;
      case 'notification.shown':
        set('notifications', [...state.notifications.filter((n) => n.id !== event.notification.id), event.notification]);
        break;
      case 'notification.dismissed':
        if (state.notifications.some((n) => n.id === event.id)) {
          set(
            'notifications',
            state.notifications.filter((n) => n.id !== event.id),
          );
        }
        break;
      case 'crm.search':
        set('crm', { ...state.crm, searches: { ...state.crm.searches, [event.taskSid]: event.search } });
        break;
      case 'crm.associations':
        set('crm', { ...state.crm, associations: { ...state.crm.associations, [event.taskSid]: event.records } });
        break;
      case 'crm.log': {
        const logs = { ...state.crm.logs };
        if (event.log) logs[event.taskSid] = event.log;
        else delete logs[event.taskSid];
        set('crm', { ...state.crm, logs });
        break;
      }
      default: {
        const unknown: never = event;
        throw new Error(`Unknown domain event: ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** A removed task's search and associations go with it (its log call stays until it is done). */
  function forgetCrm(taskSid: string): void {
    const { searches, associations } = state.crm;
    if (!(taskSid in searches) && !(taskSid in associations)) return;
    const nextSearches = { ...searches };
    const nextAssociations = { ...associations };
    delete nextSearches[taskSid];
    delete nextAssociations[taskSid];
    set('crm', { ...state.crm, searches: nextSearches, associations: nextAssociations });
  }

  /** At the start of every frame after a notification: clear the flag, run what waited. */
  function onFrame(): void {
    cancelFrame = undefined;
    notifiedThisFrame = false;
    if (pending) notify();
  }

  function schedule(): void {
    if (pending || disposed) return;
    pending = true;
    if (!notifiedThisFrame) immediate(() => pending && notify());
    // Otherwise the frame callback that clears notifiedThisFrame is already scheduled.
  }

  function notify(): void {
    pending = false;
    notifiedThisFrame = true;
    cancelFrame ??= scheduler(onFrame);
    writable = new Set();
    const current = state;
    for (const subscription of [...subscriptions]) {
      if (!subscription.active) continue;
      const next = subscription.selector(current);
      if (subscription.equals(next, subscription.value)) continue;
      const previous = subscription.value;
      subscription.value = next;
      subscription.callback(next, previous);
    }
  }

  return {
    getState() {
      writable = new Set();
      return state;
    },
    dispatch(events) {
      const list = Array.isArray(events) ? (events as readonly DomainEvent[]) : [events as DomainEvent];
      if (list.length === 0) return;
      for (const event of list) reduce(event);
      schedule();
    },
    subscribe<T>(selector: Selector<T>, callback: (value: T, previous: T) => void, equals: Equality<T> = Object.is) {
      const subscription: Subscription = {
        selector: selector,
        callback: callback as (value: unknown, previous: unknown) => void,
        equals: equals as Equality<unknown>,
        value: selector(state),
        active: true,
      };
      subscriptions.add(subscription);
      return () => {
        subscription.active = false;
        subscriptions.delete(subscription);
      };
    },
    flush() {
      if (pending) notify();
    },
    dispose() {
      disposed = true;
      pending = false;
      cancelFrame?.();
      cancelFrame = undefined;
      subscriptions.clear();
    },
  };
}

/** Upserts messages by index, keeping the list ordered. */
function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return existing;
  const last = existing.at(-1);
  // The common case: new messages appended at the end, in order.
  if (!last || incoming.every((m, i) => m.index > (i === 0 ? last.index : incoming[i - 1].index))) {
    return [...existing, ...incoming];
  }
  const byIndex = new Map(existing.map((m) => [m.index, m]));
  for (const message of incoming) byIndex.set(message.index, message);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Shallow equality for selector results that are arrays or plain objects. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => Object.is(item, b[i]));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
