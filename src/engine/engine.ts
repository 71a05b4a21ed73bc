import type {
  Activity,
  Customer,
  Queue,
  QueueStatistics,
  RealtimeStatistics,
  Reservation,
  ReservationStatus,
  SupervisionMode,
  Task,
  TaskStatus,
  Transfer,
  Worker,
  WorkerChannel,
} from '../core/model.js';
import { TASK_STATUSES } from '../core/model.js';
import { customerFromAttributes } from '../core/domain.js';
import type { Clock, Scheduler } from './clock.js';
import {
  ConfigError,
  validateConfig,
  validateWorker,
  type ResolvedConfig,
  type ResolvedQueue,
  type ResolvedTarget,
  type ResolvedWorker,
} from './config.js';
import { IndexedHeap } from './heap.js';
import type { EngineEventType, EngineLogEntry } from './log.js';
import { SidFactory } from './sid.js';
import { CumulativeCollector } from './stats.js';
import { EngineError, type CreateTaskInput, type Supervision, type TransferInput } from './types.js';

export interface EngineOptions {
  /** The time source and timers (a VirtualClock in tests and the simulator). */
  readonly clock: Clock & Scheduler;
  /** Keep at most this many log entries in memory (oldest dropped first); default unlimited. */
  readonly logLimit?: number;
}

interface ChannelState {
  capacity: number;
  assigned: number;
  available: boolean;
  ready: boolean;
}

interface WorkerState {
  readonly sid: string;
  readonly seq: number;
  name: string;
  readonly identity: string;
  email?: string;
  skills: Record<string, number>;
  languages: string[];
  team?: string;
  attributes: Record<string, unknown>;
  activitySid: string;
  activitySince: number;
  idleSince: number;
  readonly channels: Map<string, ChannelState>;
  queues: QueueState[];
  readonly pending: Set<ReservationState>;
  readonly targeted: Set<TaskState>;
  /** Eligible for every queue whatever the expressions say (the person at the keyboard in the simulator). */
  allQueues: boolean;
  snapshot?: Worker;
}

interface QueueState {
  readonly index: number;
  readonly config: ResolvedQueue;
  readonly members: Set<WorkerState>;
  readonly ready: Map<string, IndexedHeap<WorkerState>>;
  readonly waiting: Map<string, IndexedHeap<TaskState>>;
  /** Pending and reserved tasks per channel, oldest first (insertion order). */
  readonly live: Map<string, Set<TaskState>>;
  readonly statusCounts: Map<string, Record<TaskStatus, number>>;
  readonly activityCounts: Map<string, number>;
  readonly stats: CumulativeCollector;
}

interface TaskState {
  readonly sid: string;
  readonly seq: number;
  status: TaskStatus;
  readonly channel: string;
  queue: QueueState;
  priority: number;
  readonly createdAt: number;
  enteredQueueAt: number;
  assignedAt?: number;
  wrapupAt?: number;
  completedAt?: number;
  canceledAt?: number;
  worker?: WorkerState;
  reservation?: ReservationState;
  attributes: Record<string, unknown>;
  targets: readonly ResolvedTarget[];
  step: number;
  stepTimer?: number;
  readonly excluded: Set<WorkerState>;
  readonly targetWorker?: WorkerState;
  transfer?: Transfer;
  /** The task created by this task's transfer. */
  transferChild?: TaskState;
  /** The task this one was transferred from. */
  readonly transferParent?: TaskState;
  reason?: string;
  supervision?: Supervision;
  accepted: boolean;
}

interface ReservationState {
  readonly sid: string;
  readonly task: TaskState;
  readonly worker: WorkerState;
  status: ReservationStatus;
  readonly createdAt: number;
  readonly timeoutAt: number;
  updatedAt: number;
  timer?: number;
}

/** Sids of entities changed since the last `takeChanges()`. */
export interface EngineChanges {
  readonly workers: ReadonlySet<string>;
  readonly tasks: ReadonlySet<string>;
  readonly reservations: ReadonlySet<string>;
  readonly queues: ReadonlySet<string>;
}

const WAITING: ReadonlySet<TaskStatus> = new Set(['pending', 'reserved']);
const EXCLUDED_SCAN_LIMIT = 16;

function zeroCounts(): Record<TaskStatus, number> {
  return { pending: 0, reserved: 0, assigned: 0, wrapping: 0, completed: 0, canceled: 0 };
}

function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}

function workerLess(a: WorkerState, b: WorkerState): boolean {
  return a.idleSince < b.idleSince || (a.idleSince === b.idleSince && a.seq < b.seq);
}

function taskLess(a: TaskState, b: TaskState): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.enteredQueueAt !== b.enteredQueueAt) return a.enteredQueueAt < b.enteredQueueAt;
  return a.seq < b.seq;
}

/**
 * The contact-center engine: TaskRouter semantics over an injected clock.
 *
 * Routing is indexed: each queue keeps, per channel, a heap of ready workers ordered by idle time
 * and a heap of pending tasks ordered by priority then age. Queue membership is computed when a
 * worker or its attributes change, never per task, so a routing decision costs O(log n).
 */
export class ContactCenterEngine {
  readonly config: ResolvedConfig;
  private readonly clock: Clock & Scheduler;
  private readonly sids = new SidFactory();
  private readonly activityById = new Map<string, Activity>();
  private readonly queues: QueueState[] = [];
  private readonly queueBySid = new Map<string, QueueState>();
  private readonly queueByName = new Map<string, QueueState>();
  private readonly workers = new Map<string, WorkerState>();
  private readonly identities = new Set<string>();
  private readonly tasks = new Map<string, TaskState>();
  private readonly reservations = new Map<string, ReservationState>();
  private readonly logEntries: EngineLogEntry[] = [];
  private logSeq = 0;
  private readonly logLimit: number;
  private readonly listeners = new Set<(entry: EngineLogEntry) => void>();
  private readonly workspaceStats: CumulativeCollector;
  private readonly workspaceCounts = new Map<string, Record<TaskStatus, number>>();
  private changedWorkers = new Set<string>();
  private changedTasks = new Set<string>();
  private changedReservations = new Set<string>();
  private changedQueues = new Set<string>();
  private workerSeq = 0;
  private taskSeq = 0;

  /** Validates `config` (throwing ConfigError naming the field and value) and starts the engine. */
  constructor(config: unknown, options: EngineOptions) {
    this.config = validateConfig(config);
    this.clock = options.clock;
    this.logLimit = options.logLimit ?? Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    for (const activity of this.config.activities) this.activityById.set(activity.sid, { ...activity });
    this.workspaceStats = new CumulativeCollector(
      { serviceLevel: this.config.serviceLevelThreshold, shortAbandoned: this.config.shortAbandonedThreshold },
      'workspace',
      this.config.resetMinutes,
      this.config.timeZoneOffsetMinutes,
      now,
    );
    this.config.queues.forEach((config, index) => {
      const queue: QueueState = {
        index,
        config,
        members: new Set(),
        ready: new Map(config.channels.map((c) => [c, new IndexedHeap<WorkerState>(workerLess)])),
        waiting: new Map(config.channels.map((c) => [c, new IndexedHeap<TaskState>(taskLess)])),
        live: new Map(config.channels.map((c) => [c, new Set<TaskState>()])),
        statusCounts: new Map(config.channels.map((c) => [c, zeroCounts()])),
        activityCounts: new Map(),
        stats: new CumulativeCollector(
          { serviceLevel: config.serviceLevelThreshold, shortAbandoned: config.shortAbandonedThreshold },
          'queue',
          this.config.resetMinutes,
          this.config.timeZoneOffsetMinutes,
          now,
        ),
      };
      this.queues.push(queue);
      this.queueBySid.set(config.sid, queue);
      this.queueByName.set(config.name, queue);
    });
    for (const channel of this.config.channels) this.workspaceCounts.set(channel.name, zeroCounts());
    for (const worker of this.config.workers) this.insertWorker(worker);
  }

  // ---------------------------------------------------------------- reading

  get workspaceSid(): string {
    return this.config.workspaceSid;
  }

  now(): number {
    return this.clock.now();
  }

  listActivities(): Activity[] {
    return [...this.activityById.values()];
  }

  activity(sidOrName: string): Activity | undefined {
    return this.activityById.get(sidOrName) ?? this.listActivities().find((a) => a.name === sidOrName);
  }

  listQueues(): Queue[] {
    return this.queues.map((q) => this.queueSnapshot(q));
  }

  queue(sidOrName: string): Queue | undefined {
    const q = this.queueBySid.get(sidOrName) ?? this.queueByName.get(sidOrName);
    return q && this.queueSnapshot(q);
  }

  get workerCount(): number {
    return this.workers.size;
  }

  listWorkers(): Worker[] {
    return [...this.workers.values()].map((w) => this.workerSnapshot(w));
  }

  worker(sid: string): Worker | undefined {
    const w = this.workers.get(sid);
    return w && this.workerSnapshot(w);
  }

  workerByIdentity(identity: string): Worker | undefined {
    for (const w of this.workers.values()) if (w.identity === identity) return this.workerSnapshot(w);
    return undefined;
  }

  task(sid: string): Task | undefined {
    const t = this.tasks.get(sid);
    return t && this.taskSnapshot(t);
  }

  listTasks(): Task[] {
    return [...this.tasks.values()].map((t) => this.taskSnapshot(t));
  }

  reservation(sid: string): Reservation | undefined {
    const r = this.reservations.get(sid);
    return r && this.reservationSnapshot(r);
  }

  listReservations(): Reservation[] {
    return [...this.reservations.values()].map((r) => this.reservationSnapshot(r));
  }

  /** The pending reservation of a task, if any. */
  pendingReservationOf(taskSid: string): Reservation | undefined {
    const r = this.tasks.get(taskSid)?.reservation;
    return r && r.status === 'pending' ? this.reservationSnapshot(r) : undefined;
  }

  /** The current reservation of a task (pending, accepted or wrapping). */
  currentReservationOf(taskSid: string): Reservation | undefined {
    const r = this.tasks.get(taskSid)?.reservation;
    return r && this.reservationSnapshot(r);
  }

  supervision(taskSid: string): Supervision | undefined {
    return this.tasks.get(taskSid)?.supervision;
  }

  /** The sid of the task a transfer created, if the task has one. */
  transferChildOf(taskSid: string): string | undefined {
    return this.tasks.get(taskSid)?.transferChild?.sid;
  }

  /** The event log (at most `logLimit` newest entries). */
  get log(): readonly EngineLogEntry[] {
    return this.logEntries;
  }

  /** Listens to every log entry as it is appended; returns an unsubscribe function. */
  onEntry(listener: (entry: EngineLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Returns the sids changed since the last call, and starts a new set. */
  takeChanges(): EngineChanges {
    const changes = {
      workers: this.changedWorkers,
      tasks: this.changedTasks,
      reservations: this.changedReservations,
      queues: this.changedQueues,
    };
    this.changedWorkers = new Set();
    this.changedTasks = new Set();
    this.changedReservations = new Set();
    this.changedQueues = new Set();
    return changes;
  }

  // ---------------------------------------------------------------- workers

  /**
   * Adds a worker (same shape as `workers[]` in the configuration); returns its sid. With
   * `allQueues` the worker is a member of every queue whatever the target expressions say.
   */
  addWorker(input: unknown, options: { allQueues?: boolean } = {}): string {
    let resolved: ResolvedWorker;
    try {
      resolved = validateWorker(this.config, input, new Set(this.identities));
    } catch (error) {
      if (error instanceof ConfigError) throw new EngineError('invalid-argument', error.message);
      throw error;
    }
    if (resolved.sid && this.workers.has(resolved.sid))
      throw new EngineError('invalid-argument', `Worker ${resolved.sid} already exists`);
    return this.insertWorker(resolved, options.allQueues ?? false).sid;
  }

  private insertWorker(input: ResolvedWorker, allQueues = false): WorkerState {
    const now = this.clock.now();
    const sid = input.sid ?? this.sids.next('WK');
    const channels = new Map<string, ChannelState>();
    for (const [name, capacity] of Object.entries(input.capacity))
      channels.set(name, { capacity, assigned: 0, available: true, ready: false });
    const worker: WorkerState = {
      sid,
      seq: ++this.workerSeq,
      name: input.name,
      identity: input.identity,
      ...(input.email === undefined ? {} : { email: input.email }),
      skills: { ...input.skills },
      languages: [...input.languages],
      ...(input.team === undefined ? {} : { team: input.team }),
      attributes: { ...input.attributes },
      activitySid: input.activitySid,
      activitySince: now,
      idleSince: now,
      channels,
      queues: [],
      pending: new Set(),
      targeted: new Set(),
      allQueues,
    };
    this.workers.set(sid, worker);
    this.identities.add(worker.identity);
    this.append({ type: 'worker.created', workerSid: sid, status: worker.activitySid });
    this.setMembership(worker, this.matchQueues(worker));
    this.refreshReady(worker);
    this.touchWorker(worker);
    for (const channel of worker.channels.keys()) this.routeWorker(worker, channel);
    return worker;
  }

  /** Changes a worker's activity. Going unavailable with pending reservations needs `rejectPendingReservations`. */
  setWorkerActivity(
    workerSid: string,
    activitySidOrName: string,
    options: { rejectPendingReservations?: boolean } = {},
  ): void {
    const worker = this.requireWorker(workerSid);
    const activity = this.activity(activitySidOrName);
    if (!activity) throw new EngineError('not-found', `No activity ${JSON.stringify(activitySidOrName)}`);
    if (!activity.available && worker.pending.size > 0) {
      if (!options.rejectPendingReservations) {
        throw new EngineError(
          'invalid-state',
          `Worker ${worker.name} has pending reservations; reject them first or pass rejectPendingReservations`,
        );
      }
      for (const reservation of [...worker.pending]) this.rejectReservation(reservation.sid);
    }
    if (activity.sid === worker.activitySid) return;
    this.changeActivity(worker, activity, 'set');
  }

  private changeActivity(worker: WorkerState, activity: Activity, reason: string): void {
    const previous = worker.activitySid;
    for (const queue of worker.queues) {
      queue.activityCounts.set(previous, (queue.activityCounts.get(previous) ?? 1) - 1);
      queue.activityCounts.set(activity.sid, (queue.activityCounts.get(activity.sid) ?? 0) + 1);
      this.changedQueues.add(queue.config.sid);
    }
    const now = this.clock.now();
    worker.activitySid = activity.sid;
    worker.activitySince = now;
    this.append({ type: 'worker.activity', workerSid: worker.sid, status: activity.sid, previous, reason });
    if (activity.available) this.setIdle(worker, now);
    this.touchWorker(worker);
    const ready = this.refreshReady(worker);
    for (const channel of ready) this.routeWorker(worker, channel);
  }

  /**
   * Merges attributes into a worker's (top-level keys). `skills` (name to level 1-10, or a list of
   * names), `languages`, `team`, `email` and `name` update the worker's fields; queue membership is
   * recomputed.
   */
  setWorkerAttributes(workerSid: string, attributes: Readonly<Record<string, unknown>>): void {
    const worker = this.requireWorker(workerSid);
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
      throw new EngineError('invalid-argument', 'Worker attributes must be an object');
    }
    const next = { ...attributes };
    let skills = worker.skills;
    if ('skills' in next) {
      skills = normalizeSkills(next['skills']);
      delete next['skills'];
    }
    let languages = worker.languages;
    if ('languages' in next) {
      const value = next['languages'];
      if (!Array.isArray(value) || value.some((l) => typeof l !== 'string')) {
        throw new EngineError(
          'invalid-argument',
          `Worker attribute languages must be a list of strings, got ${JSON.stringify(value)}`,
        );
      }
      languages = [...(value as string[])];
      delete next['languages'];
    }
    for (const key of ['team', 'email', 'name'] as const) {
      if (key in next && next[key] !== undefined && typeof next[key] !== 'string') {
        throw new EngineError(
          'invalid-argument',
          `Worker attribute ${key} must be a string, got ${JSON.stringify(next[key])}`,
        );
      }
    }
    worker.skills = skills;
    worker.languages = languages;
    if ('team' in next) {
      if (next['team'] === undefined) delete worker.team;
      else worker.team = next['team'] as string;
      delete next['team'];
    }
    if ('email' in next) {
      if (next['email'] === undefined) delete worker.email;
      else worker.email = next['email'] as string;
      delete next['email'];
    }
    if (typeof next['name'] === 'string') {
      worker.name = next['name'];
      delete next['name'];
    }
    worker.attributes = { ...worker.attributes, ...next };
    this.append({ type: 'worker.attributes', workerSid: worker.sid });
    this.setMembership(worker, this.matchQueues(worker));
    this.touchWorker(worker);
    for (const channel of worker.channels.keys()) this.routeWorker(worker, channel);
  }

  /** Changes a worker's capacity or availability on one channel. */
  setWorkerChannel(workerSid: string, channel: string, change: { capacity?: number; available?: boolean }): void {
    const worker = this.requireWorker(workerSid);
    const state = worker.channels.get(channel);
    if (!state) throw new EngineError('not-found', `No channel ${JSON.stringify(channel)}`);
    if (change.capacity !== undefined) {
      if (!Number.isInteger(change.capacity) || change.capacity < 0 || change.capacity > 100) {
        throw new EngineError('invalid-argument', `Capacity must be an integer from 0 to 100, got ${change.capacity}`);
      }
      state.capacity = change.capacity;
    }
    if (change.available !== undefined) state.available = change.available;
    this.append({
      type: 'worker.channel',
      workerSid: worker.sid,
      channel,
      data: { capacity: state.capacity, available: state.available },
    });
    this.touchWorker(worker);
    for (const ready of this.refreshReady(worker)) this.routeWorker(worker, ready);
  }

  /** The attributes expressions see for a worker. */
  private expressionAttributes(worker: WorkerState): Record<string, unknown> {
    return {
      ...worker.attributes,
      name: worker.name,
      identity: worker.identity,
      ...(worker.email === undefined ? {} : { email: worker.email }),
      skills: worker.skills,
      languages: worker.languages,
      ...(worker.team === undefined ? {} : { team: worker.team }),
    };
  }

  private matchQueues(worker: WorkerState): QueueState[] {
    if (worker.allQueues) return [...this.queues];
    const attributes = this.expressionAttributes(worker);
    return this.queues.filter((q) => q.config.predicate(attributes));
  }

  private setMembership(worker: WorkerState, next: QueueState[]): void {
    const nextSet = new Set(next);
    for (const queue of worker.queues) {
      if (nextSet.has(queue)) continue;
      queue.members.delete(worker);
      queue.activityCounts.set(worker.activitySid, (queue.activityCounts.get(worker.activitySid) ?? 1) - 1);
      for (const heap of queue.ready.values()) heap.remove(worker);
      this.changedQueues.add(queue.config.sid);
    }
    const before = new Set(worker.queues);
    for (const queue of next) {
      if (before.has(queue)) continue;
      queue.members.add(worker);
      queue.activityCounts.set(worker.activitySid, (queue.activityCounts.get(worker.activitySid) ?? 0) + 1);
      for (const [channel, heap] of queue.ready) if (worker.channels.get(channel)?.ready) heap.push(worker);
      this.changedQueues.add(queue.config.sid);
    }
    worker.queues = next;
  }

  private isReady(worker: WorkerState, channel: ChannelState): boolean {
    return (
      this.activityById.get(worker.activitySid)!.available &&
      channel.available &&
      channel.capacity > 0 &&
      channel.assigned < channel.capacity
    );
  }

  /** Updates the ready heaps after a change; returns the channels that became ready. */
  private refreshReady(worker: WorkerState): string[] {
    const became: string[] = [];
    for (const [name, channel] of worker.channels) {
      const ready = this.isReady(worker, channel);
      if (ready === channel.ready) continue;
      channel.ready = ready;
      for (const queue of worker.queues) {
        const heap = queue.ready.get(name);
        if (!heap) continue;
        if (ready) heap.push(worker);
        else heap.remove(worker);
      }
      if (ready) became.push(name);
    }
    return became;
  }

  private setIdle(worker: WorkerState, at: number): void {
    worker.idleSince = at;
    for (const [name, channel] of worker.channels) {
      if (!channel.ready) continue;
      for (const queue of worker.queues) queue.ready.get(name)?.update(worker);
    }
  }

  // ---------------------------------------------------------------- tasks

  /** Creates a task and routes it; returns its sid. */
  createTask(input: CreateTaskInput): string {
    if (!input || typeof input !== 'object')
      throw new EngineError('invalid-argument', 'createTask needs an input object');
    const channel = input.channel;
    if (!this.workspaceCounts.has(channel))
      throw new EngineError('invalid-argument', `No channel ${JSON.stringify(channel)}`);
    if (input.priority !== undefined && (!Number.isInteger(input.priority) || input.priority < 0)) {
      throw new EngineError('invalid-argument', `Priority must be a non-negative integer, got ${input.priority}`);
    }
    const attributes = { ...(input.attributes ?? {}) };
    let targets: readonly ResolvedTarget[];
    if (input.queueSid !== undefined) {
      const queue = this.queueBySid.get(input.queueSid) ?? this.queueByName.get(input.queueSid);
      if (!queue) throw new EngineError('not-found', `No queue ${JSON.stringify(input.queueSid)}`);
      targets = [{ queueSid: queue.config.sid }];
    } else {
      const workflow = input.workflowSid
        ? this.config.workflows.find((w) => w.sid === input.workflowSid || w.name === input.workflowSid)
        : this.config.workflows[0];
      if (!workflow) throw new EngineError('not-found', `No workflow ${JSON.stringify(input.workflowSid)}`);
      const env = { ...attributes, channel, priority: input.priority ?? attributes['priority'] ?? 0 };
      targets = workflow.filters.find((f) => f.predicate(env))?.targets ?? [workflow.defaultTarget];
    }
    const first = this.queueBySid.get(targets[0].queueSid)!;
    if (!first.ready.has(channel))
      throw new EngineError('invalid-argument', `Queue ${first.config.name} does not serve channel ${channel}`);
    let targetWorker: WorkerState | undefined;
    if (input.targetWorkerSid !== undefined) {
      targetWorker = this.requireWorker(input.targetWorkerSid);
      if (!targetWorker.channels.has(channel))
        throw new EngineError('invalid-argument', `Worker has no channel ${channel}`);
    }
    if (input.assignImmediately) {
      if (!targetWorker) throw new EngineError('invalid-argument', 'assignImmediately needs a targetWorkerSid');
      const c = targetWorker.channels.get(channel)!;
      if (c.assigned >= c.capacity)
        throw new EngineError('invalid-state', `Worker ${targetWorker.name} has no free ${channel} capacity`);
    }
    const task = this.insertTask({
      channel,
      attributes,
      targets,
      priority: input.priority,
      targetWorker,
      immediate: input.assignImmediately ?? false,
    });
    return task.sid;
  }

  private insertTask(input: {
    channel: string;
    attributes: Record<string, unknown>;
    targets: readonly ResolvedTarget[];
    priority: number | undefined;
    targetWorker: WorkerState | undefined;
    parent?: TaskState;
    immediate?: boolean;
  }): TaskState {
    const now = this.clock.now();
    const queue = this.queueBySid.get(input.targets[0].queueSid)!;
    const task: TaskState = {
      sid: this.sids.next('WT'),
      seq: ++this.taskSeq,
      status: 'pending',
      channel: input.channel,
      queue,
      priority: input.priority ?? input.targets[0].priority ?? 0,
      createdAt: now,
      enteredQueueAt: now,
      attributes: input.attributes,
      targets: input.targets,
      step: 0,
      excluded: new Set(),
      ...(input.targetWorker ? { targetWorker: input.targetWorker } : {}),
      ...(input.parent ? { transferParent: input.parent } : {}),
      accepted: false,
    };
    this.tasks.set(task.sid, task);
    // A new task is a change even before anything else touches it (a pending task without media).
    this.touchTask(task);
    this.count(task, undefined, 'pending');
    this.append({
      type: 'task.created',
      taskSid: task.sid,
      queueSid: queue.config.sid,
      channel: task.channel,
      status: 'pending',
    });
    this.enterQueue(task, input.parent ? 'transferred' : 'created');
    if (input.immediate && input.targetWorker) {
      this.reserve(task, input.targetWorker);
      this.acceptReservation(task.reservation!.sid);
    } else {
      this.routeTask(task);
    }
    return task;
  }

  private enterQueue(task: TaskState, reason: 'created' | 'escalated' | 'transferred'): void {
    const now = this.clock.now();
    task.enteredQueueAt = now;
    task.queue.live.get(task.channel)!.add(task);
    this.changedQueues.add(task.queue.config.sid);
    this.append({
      type: 'task.queued',
      taskSid: task.sid,
      queueSid: task.queue.config.sid,
      channel: task.channel,
      reason,
    });
    const target = task.targets[task.step];
    if (target.priority !== undefined && reason === 'escalated') task.priority = target.priority;
    if (target.timeout !== undefined && task.step + 1 < task.targets.length) {
      task.stepTimer = this.clock.schedule(now + target.timeout * 1000, () => this.escalate(task));
    }
  }

  private escalate(task: TaskState): void {
    task.stepTimer = undefined;
    if (!WAITING.has(task.status)) return;
    if (task.status === 'reserved' && task.reservation) this.endReservation(task.reservation, 'rescinded', 'escalated');
    const from = task.queue;
    from.waiting.get(task.channel)!.remove(task);
    from.live.get(task.channel)!.delete(task);
    this.uncount(task, task.status);
    task.step++;
    task.queue = this.queueBySid.get(task.targets[task.step].queueSid)!;
    if (!task.queue.ready.has(task.channel)) {
      // A workflow may escalate into a queue that does not serve the channel: keep waiting where it was.
      task.queue = from;
      this.count(task, undefined, task.status);
      from.live.get(task.channel)!.add(task);
      this.pushWaiting(task);
      return;
    }
    task.excluded.clear();
    this.count(task, undefined, task.status);
    this.changedQueues.add(from.config.sid);
    this.enterQueue(task, 'escalated');
    this.touchTask(task);
    this.routeTask(task);
  }

  private pushWaiting(task: TaskState): void {
    if (task.targetWorker) task.targetWorker.targeted.add(task);
    else task.queue.waiting.get(task.channel)!.push(task);
  }

  /** Offers a pending task to the longest-idle eligible worker, or leaves it waiting. */
  private routeTask(task: TaskState): void {
    if (task.status !== 'pending') return;
    if (task.targetWorker) {
      const channel = task.targetWorker.channels.get(task.channel)!;
      if (channel.ready && !task.excluded.has(task.targetWorker)) this.reserve(task, task.targetWorker);
      else task.targetWorker.targeted.add(task);
      return;
    }
    const heap = task.queue.ready.get(task.channel)!;
    let worker = heap.peek();
    if (worker && task.excluded.has(worker)) {
      const skipped: WorkerState[] = [];
      while (worker && task.excluded.has(worker) && skipped.length < EXCLUDED_SCAN_LIMIT) {
        skipped.push(heap.pop()!);
        worker = heap.peek();
      }
      if (worker && task.excluded.has(worker)) worker = undefined;
      for (const w of skipped) heap.push(w);
    }
    if (worker) this.reserve(task, worker);
    else task.queue.waiting.get(task.channel)!.push(task);
  }

  /** Gives a worker who became ready on `channel` the best waiting tasks, while capacity lasts. */
  private routeWorker(worker: WorkerState, channelName: string): void {
    const channel = worker.channels.get(channelName);
    if (!channel) return;
    while (channel.ready) {
      let best: TaskState | undefined;
      for (const task of worker.targeted) {
        if (
          task.channel === channelName &&
          task.status === 'pending' &&
          !task.excluded.has(worker) &&
          (!best || taskLess(task, best))
        ) {
          best = task;
        }
      }
      if (!best) {
        for (const queue of worker.queues) {
          const heap = queue.waiting.get(channelName);
          if (!heap || heap.size === 0) continue;
          const head = this.firstEligible(heap, worker);
          if (head && (!best || taskLess(head, best))) best = head;
        }
      }
      if (!best) return;
      this.reserve(best, worker);
    }
  }

  private firstEligible(heap: IndexedHeap<TaskState>, worker: WorkerState): TaskState | undefined {
    let head = heap.peek();
    if (!head || !head.excluded.has(worker)) return head;
    const skipped: TaskState[] = [];
    while (head && head.excluded.has(worker) && skipped.length < EXCLUDED_SCAN_LIMIT) {
      skipped.push(heap.pop()!);
      head = heap.peek();
    }
    for (const t of skipped) heap.push(t);
    return head && !head.excluded.has(worker) ? head : undefined;
  }

  private reserve(task: TaskState, worker: WorkerState): void {
    const now = this.clock.now();
    task.queue.waiting.get(task.channel)!.remove(task);
    worker.targeted.delete(task);
    const reservation: ReservationState = {
      sid: this.sids.next('WR'),
      task,
      worker,
      status: 'pending',
      createdAt: now,
      timeoutAt: now + this.config.reservationTimeout * 1000,
      updatedAt: now,
    };
    reservation.timer = this.clock.schedule(reservation.timeoutAt, () => this.timeoutReservation(reservation));
    this.reservations.set(reservation.sid, reservation);
    worker.pending.add(reservation);
    task.reservation = reservation;
    task.worker = worker;
    worker.channels.get(task.channel)!.assigned++;
    this.setIdle(worker, now);
    this.refreshReady(worker);
    this.touchWorker(worker);
    this.touchReservation(reservation);
    this.append({
      type: 'reservation.status',
      reservationSid: reservation.sid,
      taskSid: task.sid,
      workerSid: worker.sid,
      queueSid: task.queue.config.sid,
      channel: task.channel,
      status: 'pending',
    });
    this.setTaskStatus(task, 'reserved');
  }

  private requireReservation(sid: string): ReservationState {
    const reservation = typeof sid === 'string' ? this.reservations.get(sid) : undefined;
    if (!reservation) throw new EngineError('not-found', `No reservation ${JSON.stringify(sid)}`);
    return reservation;
  }

  private requirePending(sid: string, verb: string): ReservationState {
    const reservation = this.requireReservation(sid);
    if (reservation.status !== 'pending') {
      throw new EngineError(
        'invalid-state',
        `Cannot ${verb} reservation ${sid}: it is ${reservation.status}, not pending`,
      );
    }
    return reservation;
  }

  /** The worker accepts: the task becomes assigned. */
  acceptReservation(reservationSid: string): void {
    const reservation = this.requirePending(reservationSid, 'accept');
    const task = reservation.task;
    const now = this.clock.now();
    this.clearReservationTimer(reservation);
    reservation.worker.pending.delete(reservation);
    if (task.stepTimer !== undefined) this.clock.cancel(task.stepTimer);
    task.stepTimer = undefined;
    task.queue.live.get(task.channel)!.delete(task);
    reservation.status = 'accepted';
    reservation.updatedAt = now;
    task.assignedAt = now;
    task.accepted = true;
    this.touchReservation(reservation);
    this.append({
      type: 'reservation.status',
      reservationSid: reservation.sid,
      taskSid: task.sid,
      workerSid: reservation.worker.sid,
      queueSid: task.queue.config.sid,
      channel: task.channel,
      status: 'accepted',
      previous: 'pending',
      waitSeconds: seconds(now - task.enteredQueueAt),
      totalWaitSeconds: seconds(now - task.createdAt),
    });
    this.setTaskStatus(task, 'assigned');
    const parent = task.transferParent;
    if (parent?.transfer && parent.transferChild === task && parent.transfer.status === 'initiated') {
      this.setTransferStatus(parent, 'completed');
      if (parent.transfer.mode === 'cold' && parent.status === 'assigned') this.wrapupTask(parent.sid, 'transferred');
    }
  }

  /** The worker declines: the task goes back to its queue for someone else. */
  rejectReservation(reservationSid: string): void {
    const reservation = this.requirePending(reservationSid, 'reject');
    this.endReservation(reservation, 'rejected', 'rejected');
  }

  private timeoutReservation(reservation: ReservationState): void {
    reservation.timer = undefined;
    if (reservation.status !== 'pending') return;
    this.endReservation(reservation, 'timeout', 'timeout');
    const worker = reservation.worker;
    const activity = this.activityById.get(this.config.timeoutActivitySid)!;
    if (worker.activitySid !== activity.sid) {
      if (worker.pending.size > 0)
        for (const other of [...worker.pending]) this.endReservation(other, 'rejected', 'worker timed out');
      this.changeActivity(worker, activity, 'reservation timeout');
    }
  }

  /** Ends a pending reservation without acceptance and returns the task to its queue. */
  private endReservation(
    reservation: ReservationState,
    status: 'rejected' | 'timeout' | 'rescinded',
    reason: string,
  ): void {
    const task = reservation.task;
    const worker = reservation.worker;
    this.closeReservation(reservation, status);
    task.reservation = undefined;
    task.worker = undefined;
    task.excluded.add(worker);
    this.setTaskStatus(task, 'pending', reason);
    const transferFailed = task.targetWorker !== undefined && task.transferParent !== undefined;
    if (transferFailed) {
      this.setTransferStatus(task.transferParent, 'failed');
      this.cancelInternal(task, `transfer ${status}`, false);
    } else if (status !== 'rescinded') {
      this.routeTask(task);
    }
    for (const ready of this.refreshReady(worker)) this.routeWorker(worker, ready);
  }

  private closeReservation(reservation: ReservationState, status: ReservationStatus): void {
    const task = reservation.task;
    const worker = reservation.worker;
    const previous = reservation.status;
    this.clearReservationTimer(reservation);
    worker.pending.delete(reservation);
    reservation.status = status;
    reservation.updatedAt = this.clock.now();
    const channel = worker.channels.get(task.channel)!;
    channel.assigned--;
    this.touchWorker(worker);
    this.touchReservation(reservation);
    this.append({
      type: 'reservation.status',
      reservationSid: reservation.sid,
      taskSid: task.sid,
      workerSid: worker.sid,
      queueSid: task.queue.config.sid,
      channel: task.channel,
      status,
      previous,
    });
  }

  private clearReservationTimer(reservation: ReservationState): void {
    if (reservation.timer !== undefined) this.clock.cancel(reservation.timer);
    reservation.timer = undefined;
  }

  /** Assigned → wrapping (the conversation ended; after-call work starts). */
  wrapupTask(taskSid: string, reason?: string): void {
    const task = this.requireTask(taskSid);
    if (task.status !== 'assigned')
      throw new EngineError('invalid-state', `Cannot wrap up task ${taskSid}: it is ${task.status}, not assigned`);
    const now = this.clock.now();
    task.wrapupAt = now;
    if (reason !== undefined) task.reason = reason;
    this.endSupervision(task, 'task wrapping');
    const reservation = task.reservation!;
    const previous = reservation.status;
    reservation.status = 'wrapping';
    reservation.updatedAt = now;
    this.touchReservation(reservation);
    this.append({
      type: 'reservation.status',
      reservationSid: reservation.sid,
      taskSid: task.sid,
      workerSid: reservation.worker.sid,
      queueSid: task.queue.config.sid,
      channel: task.channel,
      status: 'wrapping',
      previous,
    });
    this.setTaskStatus(task, 'wrapping', reason);
  }

  /** Wrapping (or assigned) → completed; frees the worker's capacity. */
  completeTask(taskSid: string, reason?: string): void {
    const task = this.requireTask(taskSid);
    if (task.status !== 'wrapping' && task.status !== 'assigned') {
      throw new EngineError(
        'invalid-state',
        `Cannot complete task ${taskSid}: it is ${task.status}, not assigned or wrapping`,
      );
    }
    const now = this.clock.now();
    if (task.status === 'assigned') task.wrapupAt = now;
    task.completedAt = now;
    if (reason !== undefined) task.reason = reason;
    this.endSupervision(task, 'task completed');
    const reservation = task.reservation!;
    const worker = reservation.worker;
    this.closeReservation(reservation, 'completed');
    this.setIdle(worker, now);
    this.setTaskStatus(task, 'completed', reason);
    for (const ready of this.refreshReady(worker)) this.routeWorker(worker, ready);
  }

  /**
   * Cancels a task that no agent has accepted yet (the customer hung up or left). Counts as
   * abandoned unless `abandoned` is false.
   */
  cancelTask(taskSid: string, reason = 'canceled', abandoned = true): void {
    const task = this.requireTask(taskSid);
    if (!WAITING.has(task.status))
      throw new EngineError('invalid-state', `Cannot cancel task ${taskSid}: it is ${task.status}`);
    this.cancelInternal(task, reason, abandoned);
  }

  private cancelInternal(task: TaskState, reason: string, abandoned: boolean): void {
    const now = this.clock.now();
    const reservation = task.status === 'reserved' ? task.reservation : undefined;
    if (reservation) {
      this.closeReservation(reservation, 'canceled');
    }
    if (task.stepTimer !== undefined) this.clock.cancel(task.stepTimer);
    task.stepTimer = undefined;
    task.queue.waiting.get(task.channel)!.remove(task);
    task.queue.live.get(task.channel)!.delete(task);
    task.targetWorker?.targeted.delete(task);
    task.canceledAt = now;
    task.reason = reason;
    const worker = task.worker;
    task.worker = undefined;
    this.setTaskStatus(task, 'canceled', reason, {
      abandoned,
      waitSeconds: seconds(now - task.enteredQueueAt),
      totalWaitSeconds: seconds(now - task.createdAt),
    });
    const parent = task.transferParent;
    if (parent?.transfer?.status === 'initiated' && parent.transferChild === task)
      this.setTransferStatus(parent, 'failed');
    if (worker) for (const ready of this.refreshReady(worker)) this.routeWorker(worker, ready);
  }

  /** Changes a task's attributes (merged at the top level). */
  updateTaskAttributes(taskSid: string, attributes: Readonly<Record<string, unknown>>): void {
    const task = this.requireTask(taskSid);
    task.attributes = { ...task.attributes, ...attributes };
    this.touchTask(task);
    this.append({ type: 'task.updated', taskSid, queueSid: task.queue.config.sid });
  }

  /** Replaces a task's attributes (TaskRouter's own semantics: the new object is the whole). */
  replaceTaskAttributes(taskSid: string, attributes: Readonly<Record<string, unknown>>): void {
    const task = this.requireTask(taskSid);
    task.attributes = { ...attributes };
    this.touchTask(task);
    this.append({ type: 'task.updated', taskSid, queueSid: task.queue.config.sid });
  }

  /** Removes a finished task and its reservations from memory (statistics keep their figures). */
  purgeTask(taskSid: string): string[] {
    const task = this.requireTask(taskSid);
    if (task.status !== 'completed' && task.status !== 'canceled')
      throw new EngineError('invalid-state', `Task ${taskSid} is still ${task.status}`);
    this.uncount(task, task.status);
    this.tasks.delete(taskSid);
    const removed: string[] = [];
    for (const [sid, reservation] of this.reservations) {
      if (reservation.task === task) {
        this.reservations.delete(sid);
        removed.push(sid);
      }
    }
    return removed;
  }

  // ---------------------------------------------------------------- transfers

  /**
   * Transfers an assigned task to a worker or a queue by creating a new task for the target. Warm:
   * the original stays assigned (consult, then both talk). Cold: the original wraps up as soon as
   * the target accepts. Returns the new task's sid.
   */
  transferTask(taskSid: string, input: TransferInput, initiatedBy?: string): string {
    const task = this.requireTask(taskSid);
    if (input?.mode !== 'warm' && input?.mode !== 'cold') {
      throw new EngineError(
        'invalid-argument',
        `Transfer mode must be "warm" or "cold", got ${JSON.stringify(input?.mode)}`,
      );
    }
    if (task.status !== 'assigned')
      throw new EngineError('invalid-state', `Cannot transfer task ${taskSid}: it is ${task.status}, not assigned`);
    if (task.transfer?.status === 'initiated')
      throw new EngineError('invalid-state', `Task ${taskSid} already has a transfer in progress`);
    const targetWorker = this.workers.get(input.to);
    const targetQueue = targetWorker ? undefined : (this.queueBySid.get(input.to) ?? this.queueByName.get(input.to));
    if (!targetWorker && !targetQueue)
      throw new EngineError('not-found', `No worker or queue ${JSON.stringify(input.to)} to transfer to`);
    if (targetWorker === task.worker)
      throw new EngineError('invalid-argument', 'Cannot transfer a task to the worker who holds it');
    if (targetWorker && !targetWorker.channels.has(task.channel))
      throw new EngineError('invalid-argument', `Worker has no channel ${task.channel}`);
    if (targetQueue && !targetQueue.ready.has(task.channel)) {
      throw new EngineError(
        'invalid-argument',
        `Queue ${targetQueue.config.name} does not serve channel ${task.channel}`,
      );
    }
    const now = this.clock.now();
    task.transfer = {
      mode: input.mode,
      to: targetWorker ? targetWorker.sid : targetQueue!.config.sid,
      toName: targetWorker ? targetWorker.name : targetQueue!.config.name,
      toKind: targetWorker ? 'worker' : 'queue',
      status: 'initiated',
      initiatedBy: initiatedBy ?? task.worker!.sid,
      at: now,
    };
    this.touchTask(task);
    this.append({
      type: 'transfer',
      taskSid: task.sid,
      queueSid: task.queue.config.sid,
      workerSid: task.worker!.sid,
      status: 'initiated',
      data: { mode: input.mode, to: task.transfer.to, toKind: task.transfer.toKind },
    });
    const child = this.insertTask({
      channel: task.channel,
      attributes: { ...task.attributes, transferredFrom: task.sid, transferMode: input.mode },
      targets: [{ queueSid: targetQueue ? targetQueue.config.sid : task.queue.config.sid }],
      priority: task.priority,
      targetWorker,
      parent: task,
    });
    task.transferChild = child;
    return child.sid;
  }

  /** Cancels a transfer whose target has not accepted yet. */
  cancelTransfer(taskSid: string): void {
    const task = this.requireTask(taskSid);
    if (task.transfer?.status !== 'initiated' || !task.transferChild) {
      throw new EngineError('invalid-state', `Task ${taskSid} has no transfer in progress`);
    }
    const child = task.transferChild;
    this.setTransferStatus(task, 'canceled');
    if (WAITING.has(child.status)) this.cancelInternal(child, 'transfer canceled', false);
  }

  private setTransferStatus(task: TaskState, status: Transfer['status']): void {
    if (!task.transfer) return;
    task.transfer = { ...task.transfer, status };
    this.touchTask(task);
    this.append({
      type: 'transfer',
      taskSid: task.sid,
      queueSid: task.queue.config.sid,
      status,
      data: { to: task.transfer.to },
    });
  }

  // ---------------------------------------------------------------- supervision

  /**
   * A supervisor joins an assigned task: monitor, coach or barge on voice; on other channels only
   * monitor (read-along). Calling again changes the mode.
   */
  monitorTask(taskSid: string, supervisorSid: string, mode: SupervisionMode): void {
    const task = this.requireTask(taskSid);
    const supervisor = this.requireWorker(supervisorSid);
    if (mode !== 'monitor' && mode !== 'coach' && mode !== 'barge') {
      throw new EngineError(
        'invalid-argument',
        `Supervision mode must be monitor, coach or barge, got ${JSON.stringify(mode)}`,
      );
    }
    if (task.status !== 'assigned')
      throw new EngineError('invalid-state', `Cannot monitor task ${taskSid}: it is ${task.status}, not assigned`);
    if (task.channel !== 'voice' && mode !== 'monitor') {
      throw new EngineError(
        'invalid-argument',
        `Only monitor (read-along) is possible on ${task.channel} tasks, not ${mode}`,
      );
    }
    if (task.worker === supervisor)
      throw new EngineError('invalid-argument', 'A worker cannot supervise their own task');
    if (task.supervision && task.supervision.supervisorSid !== supervisor.sid) {
      throw new EngineError('invalid-state', `Task ${taskSid} is already supervised by another supervisor`);
    }
    const previous = task.supervision?.mode;
    task.supervision = { supervisorSid: supervisor.sid, mode, since: task.supervision?.since ?? this.clock.now() };
    this.touchTask(task);
    this.append({
      type: 'supervision',
      taskSid,
      workerSid: supervisor.sid,
      status: mode,
      ...(previous ? { previous } : {}),
    });
  }

  /** The supervisor leaves. */
  stopMonitoring(taskSid: string): void {
    const task = this.requireTask(taskSid);
    if (!task.supervision) throw new EngineError('invalid-state', `Task ${taskSid} is not being monitored`);
    this.endSupervision(task, 'stopped');
  }

  private endSupervision(task: TaskState, reason: string): void {
    if (!task.supervision) return;
    const { supervisorSid, mode } = task.supervision;
    task.supervision = undefined;
    this.touchTask(task);
    this.append({
      type: 'supervision',
      taskSid: task.sid,
      workerSid: supervisorSid,
      status: 'stopped',
      previous: mode,
      reason,
    });
  }

  // ---------------------------------------------------------------- bookkeeping

  private requireTask(sid: string): TaskState {
    const task = typeof sid === 'string' ? this.tasks.get(sid) : undefined;
    if (!task) throw new EngineError('not-found', `No task ${JSON.stringify(sid)}`);
    return task;
  }

  private requireWorker(sid: string): WorkerState {
    const worker = typeof sid === 'string' ? this.workers.get(sid) : undefined;
    if (!worker) throw new EngineError('not-found', `No worker ${JSON.stringify(sid)}`);
    return worker;
  }

  private setTaskStatus(
    task: TaskState,
    status: TaskStatus,
    reason?: string,
    extra: Partial<EngineLogEntry> = {},
  ): void {
    const previous = task.status;
    const now = this.clock.now();
    this.uncount(task, previous);
    task.status = status;
    this.count(task, previous, status);
    if (status === 'pending') this.pushWaiting(task);
    this.touchTask(task);
    const entry: Partial<EngineLogEntry> = { ...extra };
    if (status === 'completed') {
      Object.assign(entry, {
        handled: task.accepted,
        waitSeconds: task.assignedAt !== undefined ? seconds(task.assignedAt - task.enteredQueueAt) : 0,
        totalWaitSeconds: task.assignedAt !== undefined ? seconds(task.assignedAt - task.createdAt) : 0,
        talkSeconds: seconds((task.wrapupAt ?? now) - (task.assignedAt ?? now)),
        wrapupSeconds: seconds(now - (task.wrapupAt ?? now)),
        handleSeconds: seconds(now - (task.assignedAt ?? now)),
      });
    }
    this.append({
      type: 'task.status',
      taskSid: task.sid,
      queueSid: task.queue.config.sid,
      channel: task.channel,
      ...(task.worker ? { workerSid: task.worker.sid } : {}),
      status,
      previous,
      ...(reason !== undefined ? { reason } : {}),
      ...entry,
    });
  }

  private count(task: TaskState, _previous: TaskStatus | undefined, status: TaskStatus): void {
    task.queue.statusCounts.get(task.channel)![status]++;
    this.workspaceCounts.get(task.channel)![status]++;
    this.changedQueues.add(task.queue.config.sid);
  }

  private uncount(task: TaskState, status: TaskStatus): void {
    task.queue.statusCounts.get(task.channel)![status]--;
    this.workspaceCounts.get(task.channel)![status]--;
  }

  private touchWorker(worker: WorkerState): void {
    worker.snapshot = undefined;
    this.changedWorkers.add(worker.sid);
  }

  private touchTask(task: TaskState): void {
    this.changedTasks.add(task.sid);
  }

  private touchReservation(reservation: ReservationState): void {
    this.changedReservations.add(reservation.sid);
  }

  private append(partial: Omit<EngineLogEntry, 'seq' | 'at'> & Partial<Pick<EngineLogEntry, 'at'>>): void {
    const entry: EngineLogEntry = { seq: ++this.logSeq, at: this.clock.now(), ...partial };
    this.logEntries.push(entry);
    if (this.logEntries.length > this.logLimit) this.logEntries.splice(0, Math.ceil(this.logLimit / 2));
    if (entry.queueSid) {
      const queue = this.queueBySid.get(entry.queueSid);
      queue?.stats.record(entry);
      if (entry.type !== 'task.queued' || entry.reason !== 'escalated') this.workspaceStats.record(entry);
    }
    for (const listener of this.listeners) listener(entry);
  }

  // ---------------------------------------------------------------- snapshots

  private queueSnapshot(q: QueueState): Queue {
    return {
      sid: q.config.sid,
      name: q.config.name,
      channels: q.config.channels,
      targetWorkers: q.config.targetWorkers,
      serviceLevelThreshold: q.config.serviceLevelThreshold,
      shortAbandonedThreshold: q.config.shortAbandonedThreshold,
    };
  }

  private workerSnapshot(w: WorkerState): Worker {
    if (w.snapshot) return w.snapshot;
    const available = this.activityById.get(w.activitySid)!.available;
    const channels: Record<string, WorkerChannel> = {};
    for (const [name, c] of w.channels)
      channels[name] = { capacity: c.capacity, assigned: c.assigned, available: c.available && available };
    w.snapshot = {
      sid: w.sid,
      name: w.name,
      identity: w.identity,
      activitySid: w.activitySid,
      activitySince: w.activitySince,
      skills: w.skills,
      languages: w.languages,
      ...(w.team === undefined ? {} : { team: w.team }),
      ...(w.email === undefined ? {} : { email: w.email }),
      channels,
      queueSids: w.queues.map((q) => q.config.sid),
      attributes: this.expressionAttributes(w),
    };
    return w.snapshot;
  }

  private taskSnapshot(t: TaskState): Task {
    return {
      sid: t.sid,
      status: t.status,
      channel: t.channel,
      queueSid: t.queue.config.sid,
      queueName: t.queue.config.name,
      priority: t.priority,
      createdAt: t.createdAt,
      ...(t.assignedAt === undefined ? {} : { assignedAt: t.assignedAt }),
      ...(t.wrapupAt === undefined ? {} : { wrapupAt: t.wrapupAt }),
      ...(t.completedAt === undefined ? {} : { completedAt: t.completedAt }),
      ...(t.canceledAt === undefined ? {} : { canceledAt: t.canceledAt }),
      ...(t.worker ? { workerSid: t.worker.sid } : {}),
      customer: customerOf(t.attributes),
      attributes: t.attributes,
      ...(t.transfer ? { transfer: t.transfer } : {}),
      ...(t.reason === undefined ? {} : { reason: t.reason }),
      ...(t.supervision
        ? { supervision: { supervisorSid: t.supervision.supervisorSid, mode: t.supervision.mode } }
        : {}),
    };
  }

  private reservationSnapshot(r: ReservationState): Reservation {
    return {
      sid: r.sid,
      taskSid: r.task.sid,
      workerSid: r.worker.sid,
      status: r.status,
      createdAt: r.createdAt,
      timeoutAt: r.timeoutAt,
      updatedAt: r.updatedAt,
    };
  }

  // ---------------------------------------------------------------- statistics

  /** Real-time and cumulative figures for one queue. */
  queueStatistics(queueSid: string): QueueStatistics {
    const q = this.queueBySid.get(queueSid) ?? this.queueByName.get(queueSid);
    if (!q) throw new EngineError('not-found', `No queue ${JSON.stringify(queueSid)}`);
    const now = this.clock.now();
    return {
      sid: q.config.sid,
      name: q.config.name,
      realtime: this.realtime([q], q.members, q.activityCounts, now),
      today: q.stats.todayFigures(now),
      thirtyMinutes: q.stats.thirtyMinuteFigures(now),
      serviceLevelThreshold: q.config.serviceLevelThreshold,
      shortAbandonedThreshold: q.config.shortAbandonedThreshold,
      updatedAt: now,
    };
  }

  /** Real-time and cumulative figures for the whole workspace. */
  workspaceStatistics(): QueueStatistics {
    const now = this.clock.now();
    const activityCounts = new Map<string, number>();
    for (const w of this.workers.values())
      activityCounts.set(w.activitySid, (activityCounts.get(w.activitySid) ?? 0) + 1);
    return {
      sid: this.config.workspaceSid,
      name: this.config.workspaceName,
      realtime: this.realtime(this.queues, this.workers.values(), activityCounts, now, this.workspaceCounts),
      today: this.workspaceStats.todayFigures(now),
      thirtyMinutes: this.workspaceStats.thirtyMinuteFigures(now),
      serviceLevelThreshold: this.config.serviceLevelThreshold,
      shortAbandonedThreshold: this.config.shortAbandonedThreshold,
      updatedAt: now,
    };
  }

  /** When the "today" figures were last reset. */
  statisticsResetAt(): number {
    this.workspaceStats.roll(this.clock.now());
    return this.workspaceStats.resetAt;
  }

  private realtime(
    queues: readonly QueueState[],
    members: Iterable<WorkerState>,
    activityCounts: ReadonlyMap<string, number>,
    now: number,
    counts?: ReadonlyMap<string, Record<TaskStatus, number>>,
  ): RealtimeStatistics {
    const tasksByStatus = zeroCounts();
    const byChannel: Record<string, { active: number; waiting: number; longestWaitingAge: number }> = {};
    let oldest: TaskState | undefined;
    const addCounts = (channel: string, c: Record<TaskStatus, number>): void => {
      for (const status of TASK_STATUSES) tasksByStatus[status] += c[status];
      const entry = (byChannel[channel] ??= { active: 0, waiting: 0, longestWaitingAge: 0 });
      entry.active += c.reserved + c.assigned + c.wrapping;
      entry.waiting += c.pending + c.reserved;
    };
    if (counts) for (const [channel, c] of counts) addCounts(channel, c);
    for (const q of queues) {
      if (!counts) for (const [channel, c] of q.statusCounts) addCounts(channel, c);
      for (const [channel, live] of q.live) {
        const first = live.values().next().value;
        if (!first) continue;
        const entry = (byChannel[channel] ??= { active: 0, waiting: 0, longestWaitingAge: 0 });
        entry.longestWaitingAge = Math.max(entry.longestWaitingAge, seconds(now - this.waitStart(first, !counts)));
        if (!oldest || this.waitStart(first, !counts) < this.waitStart(oldest, !counts)) oldest = first;
      }
    }
    const agentsByActivity: Record<string, number> = {};
    let availableAgents = 0;
    let unavailableAgents = 0;
    let offlineAgents = 0;
    for (const [sid, n] of activityCounts) {
      if (n === 0) continue;
      const activity = this.activityById.get(sid)!;
      agentsByActivity[activity.name] = n;
      if (activity.available) availableAgents += n;
      else if (sid === this.config.offlineActivitySid) offlineAgents += n;
      else unavailableAgents += n;
    }
    let eligibleWorkers = 0;
    let longestAvailable: WorkerState | undefined;
    for (const w of members) {
      eligibleWorkers++;
      if (
        this.activityById.get(w.activitySid)!.available &&
        (!longestAvailable || w.activitySince < longestAvailable.activitySince)
      ) {
        longestAvailable = w;
      }
    }
    return {
      tasksByStatus,
      activeTasks: tasksByStatus.reserved + tasksByStatus.assigned + tasksByStatus.wrapping,
      waitingTasks: tasksByStatus.pending + tasksByStatus.reserved,
      longestWaitingAge: oldest ? seconds(now - this.waitStart(oldest, !counts)) : 0,
      ...(oldest ? { longestWaitingTaskSid: oldest.sid } : {}),
      agentsByActivity,
      availableAgents,
      unavailableAgents,
      offlineAgents,
      eligibleWorkers,
      ...(longestAvailable ? { longestAvailableWorkerSid: longestAvailable.sid } : {}),
      byChannel,
    };
  }

  private waitStart(task: TaskState, perQueue: boolean): number {
    return perQueue ? task.enteredQueueAt : task.createdAt;
  }
}

/** Reads the customer's identity from task attributes: the one rule, `customerFromAttributes`. */
export function customerOf(attributes: Readonly<Record<string, unknown>>): Customer {
  return customerFromAttributes(attributes);
}

function normalizeSkills(value: unknown): Record<string, number> {
  if (Array.isArray(value)) {
    const skills: Record<string, number> = {};
    for (const name of value) {
      if (typeof name !== 'string')
        throw new EngineError('invalid-argument', `Skill names must be strings, got ${JSON.stringify(name)}`);
      skills[name] = 5;
    }
    return skills;
  }
  if (value === null || typeof value !== 'object') {
    throw new EngineError(
      'invalid-argument',
      `Worker attribute skills must be an object of levels or a list of names, got ${JSON.stringify(value)}`,
    );
  }
  const skills: Record<string, number> = {};
  for (const [name, level] of Object.entries(value)) {
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 10) {
      throw new EngineError(
        'invalid-argument',
        `Skill level for ${name} must be an integer from 1 to 10, got ${JSON.stringify(level)}`,
      );
    }
    skills[name] = level;
  }
  return skills;
}

export type { EngineEventType };
