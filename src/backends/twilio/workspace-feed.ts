import type { DomainEvent } from '../../core/domain-events.js';
import { customerFromAttributes } from '../../core/domain.js';
import type { Activity, Call, CallParticipant, Reservation, ReservationStatus, SupervisionMode, Task, TaskStatus, Worker } from '../../core/model.js';

/**
 * A supervisor's view of the whole workspace on `backend="twilio"`: every worker, every open task
 * and its reservations, read as real Flex reads them, from Twilio Sync's live query indexes
 * `tr-worker` and `tr-reservation` (the TaskRouter SDK only sees the signed-in
 * worker's own reservations). The feed works on anything shaped like twilio-sync's `SyncClient`:
 * the SDK itself, started with Flex's product id (`flex_insights`), in production and against the
 * local emulator (which serves Sync over twilsock).
 *
 * Item shapes (snake_case, Flex UI's field names; the mapping is in this file only):
 * - tr-worker: `{worker_sid, friendly_name, activity_sid?, activity_name, date_activity_changed, attributes}`
 * - tr-reservation: `{reservation_sid, task_sid, worker_sid, status, task_status, task_age,
 *   task_priority, queue_sid, queue_name, task_channel_unique_name, attributes (the task's),
 *   date_created, date_updated}`: Flex's Teams View reads tasks from here, not from tr-task.
 */

type AnyObj = Record<string, unknown>;

/** What the feed needs of a twilio-sync `LiveQuery`. */
export interface LiveQueryLike {
  getItems(): Readonly<Record<string, object>>;
  on(event: 'itemUpdated', listener: (item: { key: string; value: Record<string, unknown> }) => void): unknown;
  on(event: 'itemRemoved', listener: (args: { key: string }) => void): unknown;
  close(): void;
}

/** What the feed needs of a twilio-sync `SyncClient`. */
export interface SyncLike {
  liveQuery(indexName: string, queryExpression: string): Promise<LiveQueryLike>;
  updateToken(token: string): Promise<unknown>;
  shutdown(): Promise<void>;
  on(event: 'connectionStateChanged', listener: (state: string) => void): unknown;
  on(event: 'tokenAboutToExpire' | 'tokenExpired', listener: () => void): unknown;
}

/** The query expressions, one per index; the defaults select what Teams View shows. */
export interface FeedQueries {
  workers: string;
  reservations: string;
}

export const DEFAULT_FEED_QUERIES: FeedQueries = {
  workers: '',
  reservations: 'data.status IN ["pending", "accepted", "wrapping"]',
};

/**
 * A task as tr-reservation carries it (Flex's InsightsTask reads the same fields): `task_sid`,
 * `task_status`, `attributes`, `queue_sid`, `queue_name`, `task_channel_unique_name`,
 * `task_priority`, `task_age` (seconds).
 */
function taskItemOf(value: AnyObj, now: number): AnyObj {
  const age = Number(value['task_age']);
  return {
    task_sid: value['task_sid'],
    status: value['task_status'],
    attributes: value['attributes'],
    queue_sid: value['queue_sid'],
    queue_name: value['queue_name'],
    task_channel_unique_name: value['task_channel_unique_name'],
    priority: value['task_priority'],
    date_created: Number.isFinite(age) ? now - age * 1000 : value['date_created'],
    worker_sid: value['worker_sid'],
  };
}

const isoMs = (value: unknown, fallback: number): number => {
  const n = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(String(value));
  return Number.isFinite(n) ? n : fallback;
};

/** A text field of an index item (a string, or a number written as text); anything else is absent. */
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

const asObject = (value: unknown): AnyObj => {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as AnyObj;
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as AnyObj) : {};
    } catch {
      return {};
    }
  }
  return {};
};

/** The customer of a task, from its TaskRouter attributes: the one rule, `customerFromAttributes`. */
export function customerOf(attributes: AnyObj): Task['customer'] {
  return customerFromAttributes(attributes);
}

/** Skills as levels: `{skills: {name: level}}`, or Flex's `routing: {skills: [...], levels: {...}}`. */
function skillsOf(attributes: AnyObj): Record<string, number> {
  const skills = attributes['skills'];
  if (skills && typeof skills === 'object' && !Array.isArray(skills)) return skills as Record<string, number>;
  const routing = asObject(attributes['routing']);
  if (Array.isArray(routing['skills'])) {
    const levels = asObject(routing['levels']);
    return Object.fromEntries((routing['skills'] as unknown[]).map((s) => [String(s), Number(levels[String(s)] ?? 1)]));
  }
  return {};
}

export function workerFromItem(key: string, value: AnyObj, activities: readonly Activity[], now: number): Worker {
  const attributes = asObject(value['attributes']);
  const activity =
    activities.find((a) => a.sid === value['activity_sid']) ?? activities.find((a) => a.name === value['activity_name']);
  const contact = typeof attributes['contact_uri'] === 'string' ? attributes['contact_uri'].replace(/^client:/, '') : undefined;
  return {
    sid: text(value['worker_sid'] ?? key),
    name: text(attributes['full_name'] ?? value['friendly_name'] ?? key),
    identity: text(contact ?? value['friendly_name'] ?? key),
    activitySid: activity?.sid ?? text(value['activity_sid'] ?? ''),
    activitySince: isoMs(value['date_activity_changed'], now),
    skills: skillsOf(attributes),
    languages: Array.isArray(attributes['languages']) ? (attributes['languages'] as string[]) : [],
    ...(typeof attributes['team_name'] === 'string' ? { team: attributes['team_name'] } : {}),
    ...(typeof attributes['email'] === 'string' ? { email: attributes['email'] } : {}),
    channels: {},
    queueSids: [],
    attributes,
  };
}

const TASK_STATUSES = new Set<TaskStatus>(['pending', 'reserved', 'assigned', 'wrapping', 'completed', 'canceled']);

export function taskFromItem(key: string, value: AnyObj, workerSid: string | undefined, now: number): Task {
  const attributes = asObject(value['attributes']);
  const status = text(value['status'] ?? 'pending') as TaskStatus;
  const conversationSid = attributes['conversationSid'] ?? attributes['conversation_sid'];
  return {
    sid: text(value['task_sid'] ?? key),
    status: TASK_STATUSES.has(status) ? status : 'pending',
    channel: text(value['task_channel_unique_name'] ?? value['channel_type'] ?? 'default'),
    queueSid: text(value['queue_sid'] ?? ''),
    queueName: text(value['queue_name'] ?? ''),
    priority: Number(value['priority'] ?? 0),
    createdAt: isoMs(value['date_created'], now),
    ...(workerSid ? { workerSid } : {}),
    customer: customerOf(attributes),
    attributes,
    ...(typeof conversationSid === 'string' ? { conversationSid } : {}),
  };
}

const RESERVATION_STATUSES = new Set<ReservationStatus>(['pending', 'accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapping', 'completed']);

export function reservationFromItem(key: string, value: AnyObj, now: number): Reservation {
  const status = text(value['status'] ?? value['reservation_status'] ?? 'pending') as ReservationStatus;
  const createdAt = isoMs(value['date_created'], now);
  return {
    sid: text(value['reservation_sid'] ?? key),
    taskSid: text(value['task_sid'] ?? ''),
    workerSid: text(value['worker_sid'] ?? ''),
    status: RESERVATION_STATUSES.has(status) ? status : 'pending',
    createdAt,
    timeoutAt: createdAt + Number(value['reservation_timeout'] ?? 120) * 1000,
    updatedAt: isoMs(value['date_updated'], createdAt),
  };
}

/** Statuses in which a reservation holds its task (the task is that worker's). */
const HOLDING = new Set<ReservationStatus>(['accepted', 'wrapping']);

export interface FeedSink {
  emit(events: DomainEvent[]): void;
  /** Tasks the signed-in worker has through the TaskRouter SDK: their richer records win. */
  isOwnTask(taskSid: string): boolean;
  readonly ownWorkerSid: string;
  activities(): readonly Activity[];
  /** The signed-in supervisor's own supervision of a task, which only the backend knows. */
  supervision(taskSid: string): { readonly supervisorSid: string; readonly name: string; readonly mode: SupervisionMode } | undefined;
}

/**
 * Keeps the store in step with two live queries. Items are kept raw, so a task's worker can be
 * resolved from whichever of the task and its reservation arrives first.
 */
export class WorkspaceFeed {
  readonly #sync: SyncLike;
  readonly #sink: FeedSink;
  readonly #queries: FeedQueries;
  readonly #now: () => number;
  readonly #tasks = new Map<string, AnyObj>();
  /** Worker names by sid, for call participants. */
  readonly #names = new Map<string, string>();
  /** Workers' TaskRouter attributes by sid, as the index holds them (a partial update merges onto them). */
  readonly #attributes = new Map<string, AnyObj>();
  readonly #reservations = new Map<string, Reservation>();
  readonly #open: LiveQueryLike[] = [];
  #closed = false;

  constructor(sync: SyncLike, sink: FeedSink, queries: Partial<FeedQueries> = {}, now: () => number = Date.now) {
    this.#sync = sync;
    this.#sink = sink;
    this.#queries = { ...DEFAULT_FEED_QUERIES, ...queries };
    this.#now = now;
  }

  async start(): Promise<void> {
    const [workers, reservations] = await Promise.all([
      this.#sync.liveQuery('tr-worker', this.#queries.workers),
      this.#sync.liveQuery('tr-reservation', this.#queries.reservations),
    ]);
    if (this.#closed) {
      for (const q of [workers, reservations]) q.close();
      return;
    }
    this.#open.push(workers, reservations);
    const now = this.#now();
    const events: DomainEvent[] = [];
    const everyone = Object.entries(workers.getItems()).map(([key, value]) => workerFromItem(key, value as AnyObj, this.#sink.activities(), now));
    for (const w of everyone) {
      this.#names.set(w.sid, w.name);
      this.#attributes.set(w.sid, w.attributes);
    }
    // The signed-in worker's own record comes from the TaskRouter SDK (with its channels).
    const workerRecords = everyone.filter((w) => w.sid !== this.#sink.ownWorkerSid);
    if (workerRecords.length) events.push({ type: 'workers', workers: workerRecords });
    for (const [key, value] of Object.entries(reservations.getItems())) this.#setReservation(key, value as AnyObj, now);
    for (const key of this.#tasks.keys()) events.push(...this.taskEvents(key));
    this.#sink.emit(events);

    workers.on('itemUpdated', ({ key, value }) => {
      const worker = workerFromItem(key, value, this.#sink.activities(), this.#now());
      this.#names.set(worker.sid, worker.name);
      this.#attributes.set(worker.sid, worker.attributes);
      if (key !== this.#sink.ownWorkerSid) this.#sink.emit([{ type: 'worker', worker }]);
    });
    workers.on('itemRemoved', ({ key }) => {
      if (key !== this.#sink.ownWorkerSid) this.#sink.emit([{ type: 'worker.removed', sid: key }]);
    });
    reservations.on('itemUpdated', ({ key, value }) => {
      const reservation = this.#setReservation(key, value, this.#now());
      this.#sink.emit(this.taskEvents(reservation.taskSid));
    });
    reservations.on('itemRemoved', ({ key }) => {
      const reservation = this.#reservations.get(key);
      this.#reservations.delete(key);
      if (!reservation) return;
      const taskSid = reservation.taskSid;
      // A task leaves the view with its last reservation (Flex's tr-reservation carries the task).
      if ([...this.#reservations.values()].some((r) => r.taskSid === taskSid)) {
        this.#sink.emit(this.taskEvents(taskSid));
        return;
      }
      this.#tasks.delete(taskSid);
      if (!this.#sink.isOwnTask(taskSid)) this.#sink.emit([{ type: 'task.removed', sid: taskSid }]);
    });
  }

  /** Keeps a tr-reservation item: the reservation, and its task from the item's task_* fields. */
  #setReservation(key: string, value: AnyObj, now: number): Reservation {
    const reservation = reservationFromItem(key, value, now);
    this.#reservations.set(key, reservation);
    if (reservation.taskSid) this.#tasks.set(reservation.taskSid, taskItemOf(value, now));
    return reservation;
  }

  /** A worker's current TaskRouter attributes, when the index has the worker. */
  workerAttributes(workerSid: string): AnyObj | undefined {
    return this.#attributes.get(workerSid);
  }

  /** The reservation that holds a task now (Supervisor.monitor needs its sid). */
  reservationOf(taskSid: string): Reservation | undefined {
    let found: Reservation | undefined;
    for (const r of this.#reservations.values()) if (r.taskSid === taskSid && HOLDING.has(r.status)) found = r;
    return found;
  }

  /** The task whose attributes name this conversation (a chat's read-along), if the feed has one. */
  taskSidOfConversation(conversationSid: string): string | undefined {
    for (const [sid, value] of this.#tasks) {
      const attributes = asObject(value['attributes']);
      if ((attributes['conversationSid'] ?? attributes['conversation_sid']) === conversationSid) return sid;
    }
    return undefined;
  }

  /** The task as the store should show it now (or undefined when the feed has none). */
  task(taskSid: string): Task | undefined {
    const value = this.#tasks.get(taskSid);
    if (!value) return undefined;
    // The reservation's own update may come after the task's: a held task's pending reservation
    // already names its worker.
    const status = String(value['status']);
    const holder =
      this.reservationOf(taskSid) ??
      (status === 'assigned' || status === 'wrapping' ? [...this.#reservations.values()].find((r) => r.taskSid === taskSid && r.status === 'pending') : undefined);
    const worker = holder?.workerSid ?? (typeof value['worker_sid'] === 'string' ? value['worker_sid'] : undefined);
    const task = taskFromItem(taskSid, value, worker, this.#now());
    if (task.channel !== 'voice') {
      const mine = this.#sink.supervision(taskSid);
      return mine ? { ...task, supervision: { supervisorSid: mine.supervisorSid, mode: mine.mode } } : task;
    }
    const callSid = typeof task.attributes['call_sid'] === 'string' ? task.attributes['call_sid'] : `${taskSid}-call`;
    return { ...task, callSid };
  }

  /**
   * A voice task's call as the workspace view knows it: the customer, the agent holding the task
   * and, when this supervisor joined it, the supervisor. (Holds and mutes of the agent's own leg
   * are not in the indexes.)
   */
  call(taskSid: string): Call | undefined {
    const task = this.task(taskSid);
    if (!task?.callSid || (task.status !== 'assigned' && task.status !== 'wrapping')) return undefined;
    const holder = this.reservationOf(taskSid);
    const mine = this.#sink.supervision(taskSid);
    const joined = task.status === 'assigned';
    const participants: CallParticipant[] = [
      { sid: `${taskSid}-customer`, name: task.customer.name, kind: 'customer', onHold: false, muted: false, status: joined ? 'joined' : 'left' },
    ];
    if (task.workerSid) {
      const name = this.#names.get(task.workerSid) ?? task.workerSid;
      participants.push({ sid: `${taskSid}-worker`, name, kind: 'worker', workerSid: task.workerSid, onHold: false, muted: false, status: joined ? 'joined' : 'left' });
    }
    if (mine && joined) {
      participants.push({ sid: `${taskSid}-supervisor`, name: mine.name, kind: 'supervisor', workerSid: mine.supervisorSid, onHold: false, muted: mine.mode === 'monitor', status: 'joined' });
    }
    return {
      sid: task.callSid,
      taskSid,
      direction: task.attributes['direction'] === 'outbound' ? 'outbound' : 'inbound',
      status: joined ? 'in-progress' : 'completed',
      from: typeof task.attributes['from'] === 'string' ? task.attributes['from'] : '',
      to: typeof task.attributes['to'] === 'string' ? task.attributes['to'] : '',
      muted: false,
      onHold: false,
      startedAt: holder?.updatedAt ?? task.createdAt,
      holdSeconds: 0,
      participants,
      ...(mine && joined ? { supervision: { supervisorSid: mine.supervisorSid, mode: mine.mode } } : {}),
    };
  }

  /** The store events for a task of the workspace (nothing for the signed-in worker's own tasks). */
  taskEvents(taskSid: string): DomainEvent[] {
    if (this.#sink.isOwnTask(taskSid)) return [];
    const task = this.task(taskSid);
    if (!task) return [];
    const events: DomainEvent[] = [{ type: 'task', task }];
    const call = this.call(taskSid);
    if (call) events.push({ type: 'call', call });
    for (const r of this.#reservations.values()) if (r.taskSid === taskSid) events.push({ type: 'reservation', reservation: r });
    return events;
  }

  close(): void {
    this.#closed = true;
    for (const q of this.#open.splice(0)) q.close();
  }
}
