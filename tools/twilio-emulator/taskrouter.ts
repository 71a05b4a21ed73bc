import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Activity, Reservation, Task, Worker } from '../../src/core/model.js';
import type { ContactCenterEngine } from '../../src/engine/engine.js';
import type { EngineLogEntry } from '../../src/engine/log.js';
import { EngineError } from '../../src/engine/types.js';
import { TEST_ACCOUNT, verifyToken, type TokenClaims } from './tokens.js';

/**
 * TaskRouter's EventBridge, as twilio-taskrouter 2.1.1 speaks it: one HTTP endpoint that tunnels
 * every REST call (`{url, method, params, token}` → `{payload}`), and a websocket per worker that
 * pushes `{event_type, payload}` frames after an `init` frame. Backed by the engine.
 */

const sec = (ms: number | undefined): number | null => (ms === undefined ? null : Math.floor(ms / 1000));
const channelSid = (name: string): string => 'TC' + Buffer.from(name).toString('hex').padEnd(32, '0').slice(0, 32);

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A call the Voice half keeps; the TaskRouter half starts it on a conference instruction. */
export interface CallHooks {
  /**
   * A voice reservation was accepted through the conference instruction: Twilio dials `to` (or,
   * without it, the worker's `contact_uri` attribute) into the task's conference.
   */
  conference(task: Task, worker: Worker, instruction: ConferenceInstruction): void;
  /**
   * Hold through the task: the customer (Task.updateParticipant → CustomerParticipant) or a
   * worker's leg (Task.hold(workerSid) → HoldWorkerParticipant). Throws when the task has no
   * TaskRouter conference.
   */
  hold(task: Task, change: { hold: boolean; targetWorkerSid?: string }): void;
  /** Task.kick(workerSid) → KickWorkerParticipant: the worker's leg leaves the conference. */
  kick(task: Task, targetWorkerSid: string): void;
  /** The agent's mute state changed through the reservation. */
  mute(task: Task, worker: Worker, muted: boolean): void;
  /**
   * A supervisor joined a voice task (Instruction=supervise): Twilio dials the supervisor's
   * contact URI into the task's conference; a later call with another mode changes the mode.
   */
  supervise?(task: Task, supervisor: Worker, mode: 'monitor' | 'coach' | 'barge', to?: string): void;
  /** The worker's conference participant changes (Reservation.updateParticipant: EndConferenceOnExit, Mute). */
  participant?(task: Task, worker: Worker, change: { endConferenceOnExit?: boolean; muted?: boolean }): void;
}

/** The parameters of a conference instruction the emulator acts on. */
export interface ConferenceInstruction {
  to?: string;
  endConferenceOnExit?: boolean;
  endConferenceOnCustomerExit?: boolean;
}

const flag = (value: unknown): boolean | undefined => (value === undefined ? undefined : value === true || value === 'true');

interface Socket {
  readonly ws: WebSocket;
  readonly workerSid: string;
}

export interface TaskRouterCounters {
  /** Websocket connections accepted. */
  wsAccepted: number;
  /** Websocket connections refused for a bad or expired token. */
  wsRefused: number;
  /** EventBridge HTTP requests, and those refused for the token. */
  ebRequests: number;
  ebRefused: number;
}

export class TaskRouterEmulator {
  readonly sockets = new Set<Socket>();
  readonly counters: TaskRouterCounters = { wsAccepted: 0, wsRefused: 0, ebRequests: 0, ebRefused: 0 };
  /** Every REST call received, for tests ({method, url, params}). */
  readonly requests: { method: string; url: string; params: Record<string, any> }[] = [];
  private pending: EngineLogEntry[] = [];
  private flushing = false;
  private readonly versions = new Map<string, number>();
  /** Workers' attributes as last set through TaskRouter (see workerAttributes). */
  private readonly attributes = new Map<string, Record<string, unknown>>();
  private readonly unsubscribe: () => void;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /**
   * Other Twilio APIs Flex tunnels through this endpoint (the Interactions API: `url` starting with
   * `v1/`), answered by their own emulator.
   */
  tunnel: ((claims: TokenClaims, url: string, method: string, params: Record<string, any>) => unknown) | undefined;
  /**
   * Refuses (throws) a Task API operation on a task that another API owns (a Flex interaction's
   * task is accepted, wrapped, completed and transferred through Interactions).
   */
  guardTask: ((taskSid: string, what: string) => void) | undefined;

  constructor(
    readonly engine: ContactCenterEngine,
    readonly calls: CallHooks,
    private readonly options: { heartbeatMs: number; now: () => number },
  ) {
    this.unsubscribe = engine.onEntry((entry) => {
      this.pending.push(entry);
      if (!this.flushing) {
        this.flushing = true;
        queueMicrotask(() => this.flush());
      }
    });
    this.heartbeat = setInterval(() => {
      for (const socket of this.sockets) if (socket.ws.readyState === 1) socket.ws.send(' ');
    }, options.heartbeatMs);
  }

  close(): void {
    this.unsubscribe();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const socket of this.sockets) socket.ws.terminate();
    this.sockets.clear();
  }

  /** Drops every worker websocket without a close frame (a network failure). */
  drop(workerSid?: string): number {
    let n = 0;
    for (const socket of [...this.sockets]) {
      if (workerSid && socket.workerSid !== workerSid) continue;
      socket.ws.terminate();
      this.sockets.delete(socket);
      n++;
    }
    return n;
  }

  private version(sid: string, bump = false): string {
    const v = (this.versions.get(sid) ?? 0) + (bump ? 1 : 0);
    this.versions.set(sid, v);
    return String(v);
  }

  // ------------------------------------------------------------------ REST shapes

  private base() {
    return { account_sid: TEST_ACCOUNT.accountSid, workspace_sid: this.engine.workspaceSid };
  }

  activityJson(a: Activity) {
    const t = sec(this.options.now());
    return { ...this.base(), available: a.available, date_created: t, date_updated: t, friendly_name: a.name, sid: a.sid };
  }

  /**
   * A worker's attributes as TaskRouter holds them: until a client first sets them, derived from
   * the generated worker; after that exactly what was last POSTed (TaskRouter replaces them).
   */
  workerAttributes(w: Worker): Record<string, unknown> {
    return (
      this.attributes.get(w.sid) ?? {
        ...w.attributes,
        full_name: w.name,
        ...(w.email ? { email: w.email } : {}),
        skills: w.skills,
        languages: w.languages,
        ...(w.team ? { team_name: w.team } : {}),
      }
    );
  }

  /**
   * Attributes=… on a worker REPLACES them, as on TaskRouter: keys not sent are gone, contact_uri
   * included. The engine (which merges, for the simulator) is told to clear the missing keys, and
   * its routing fields follow the new document (no `skills` → no skills).
   */
  private replaceWorkerAttributes(w: Worker, next: Record<string, unknown>): void {
    if (next === null || typeof next !== 'object' || Array.isArray(next)) throw new HttpError(400, 20001, 'Attributes must be a JSON object');
    const cleared = Object.fromEntries(Object.keys(w.attributes).filter((k) => !(k in next)).map((k) => [k, undefined]));
    const routing = (next['routing'] ?? {}) as Record<string, unknown>;
    const { full_name: fullName, team_name: team, email, skills, languages, ...rest } = next;
    this.engine.setWorkerAttributes(w.sid, {
      ...cleared,
      ...rest,
      full_name: fullName,
      team_name: team,
      skills: skills ?? routing['skills'] ?? {},
      languages: Array.isArray(languages) ? languages : [],
      team: typeof team === 'string' ? team : undefined,
      email: typeof email === 'string' ? email : undefined,
      ...(typeof fullName === 'string' ? { name: fullName } : {}),
    });
    this.attributes.set(w.sid, next);
  }

  /** Attributes=… on a task replaces them, as on TaskRouter; the engine's own bookkeeping keys stay. */
  private replaceTaskAttributes(task: Task, next: unknown): void {
    if (next === null || typeof next !== 'object' || Array.isArray(next)) throw new HttpError(400, 20001, 'Attributes must be a JSON object');
    const kept = ['transferredFrom', 'transferMode'];
    const cleared = Object.fromEntries(Object.keys(task.attributes).filter((k) => !(k in next) && !kept.includes(k)).map((k) => [k, undefined]));
    this.engine.updateTaskAttributes(task.sid, { ...cleared, ...(next as Record<string, unknown>) });
  }

  workerJson(w: Worker) {
    const activity = this.engine.activity(w.activitySid);
    const t = sec(this.options.now());
    return {
      ...this.base(),
      activity_name: activity?.name ?? '',
      activity_sid: w.activitySid,
      attributes: JSON.stringify(this.workerAttributes(w)),
      available: activity?.available ?? false,
      date_created: t,
      date_status_changed: sec(w.activitySince),
      date_updated: t,
      friendly_name: w.identity,
      sid: w.sid,
      version: this.version(w.sid),
    };
  }

  channelJson(w: Worker, name: string) {
    const c = w.channels[name];
    const t = sec(this.options.now());
    return {
      ...this.base(),
      assigned_tasks: c.assigned,
      available: c.available,
      available_capacity_percentage: c.capacity === 0 ? 0 : Math.round((100 * (c.capacity - c.assigned)) / c.capacity),
      configured_capacity: c.capacity,
      date_created: t,
      date_updated: t,
      last_reserved_time: null,
      sid: 'WC' + w.sid.slice(2, 26) + Buffer.from(name).toString('hex').padEnd(8, '0').slice(0, 8),
      task_channel_sid: channelSid(name),
      task_channel_unique_name: name,
      worker_sid: w.sid,
    };
  }

  taskJson(t: Task) {
    const now = this.options.now();
    return {
      ...this.base(),
      addons: '{}',
      age: Math.max(0, Math.floor((now - t.createdAt) / 1000)),
      assignment_status: t.status,
      attributes: JSON.stringify(t.attributes),
      date_created: sec(t.createdAt),
      date_updated: sec(now),
      priority: t.priority,
      queue_name: t.queueName,
      queue_sid: t.queueSid,
      reason: t.reason ?? null,
      routing_target: null,
      sid: t.sid,
      task_channel_unique_name: t.channel,
      task_channel_sid: channelSid(t.channel),
      timeout: 86400,
      workflow_name: 'Assign to Anyone',
      workflow_sid: 'WW' + this.engine.workspaceSid.slice(2),
      version: this.version(t.sid),
      virtual_start_time: sec(t.createdAt),
    };
  }

  reservationJson(r: Reservation) {
    const task = this.engine.task(r.taskSid);
    const worker = this.engine.worker(r.workerSid);
    return {
      ...this.base(),
      date_created: sec(r.createdAt),
      date_updated: sec(r.updatedAt),
      reservation_status: r.status,
      sid: r.sid,
      task: task ? this.taskJson(task) : null,
      task_sid: r.taskSid,
      reservation_timeout: Math.max(0, Math.round((r.timeoutAt - r.createdAt) / 1000)),
      worker_name: worker?.identity ?? '',
      worker_sid: r.workerSid,
      version: this.version(r.sid),
    };
  }

  transferJson(t: Task, status: string) {
    const transfer = t.transfer!;
    const now = sec(this.options.now());
    return {
      ...this.base(),
      date_created: sec(transfer.at),
      date_updated: now,
      initiating_reservation_sid: this.reservationsOfTask(t.sid).find((r) => r.workerSid === transfer.initiatedBy)?.sid ?? null,
      initiating_worker_sid: transfer.initiatedBy,
      initiating_queue_sid: null,
      initiating_workflow_sid: null,
      sid: 'TT' + t.sid.slice(2),
      task_sid: t.sid,
      transfer_mode: transfer.mode.toUpperCase(),
      transfer_to: transfer.to,
      transfer_type: transfer.toKind === 'worker' ? 'WORKER' : 'QUEUE',
      transfer_status: status,
    };
  }

  /**
   * The engine's tasks that are one task on TaskRouter: a task and its transfer copies (the
   * engine makes a new task per transfer; Twilio adds a reservation to the same task).
   */
  private family(taskSid: string): Task[] {
    const root = (sid: string): string => {
      for (let i = 0; i < 20; i++) {
        const parent = this.engine.task(sid)?.attributes['transferredFrom'];
        if (typeof parent !== 'string' || !this.engine.task(parent)) break;
        sid = parent;
      }
      return sid;
    };
    const top = root(taskSid);
    return this.engine.listTasks().filter((t) => t.sid === top || root(t.sid) === top);
  }

  private reservationsOfTask(taskSid: string): Reservation[] {
    return this.engine.listReservations().filter((r) => r.taskSid === taskSid);
  }

  // ------------------------------------------------------------------ websocket

  /** A worker's websocket: checks the token, closes older sessions on request, sends init. */
  accept(ws: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const check = verifyToken(url.searchParams.get('token'), this.options.now());
    const grant = check.ok ? check.claims.grants.task_router : undefined;
    if (!check.ok || !grant || !this.engine.worker(grant.worker_sid)) {
      this.counters.wsRefused++;
      const reason = check.ok ? 'The token has no TaskRouter grant for a known worker' : check.reason;
      ws.send(JSON.stringify({ event_type: 'error', payload: { code: check.ok ? 20151 : check.code, message: reason } }));
      ws.close(4001, reason.slice(0, 120));
      return;
    }
    this.counters.wsAccepted++;
    if (url.searchParams.get('closeExistingSessions') === 'true') this.drop(grant.worker_sid);
    const socket: Socket = { ws, workerSid: grant.worker_sid };
    this.sockets.add(socket);
    ws.on('close', () => this.sockets.delete(socket));
    ws.on('error', () => this.sockets.delete(socket));
    ws.send(
      JSON.stringify({
        event_type: 'init',
        payload: {
          channel_id: grant.worker_sid,
          account_sid: TEST_ACCOUNT.accountSid,
          workspace_sid: this.engine.workspaceSid,
          token_lifetime: Math.max(0, check.claims.exp * 1000 - this.options.now()),
        },
      }),
    );
  }

  private send(workerSid: string, eventType: string, payload: unknown): void {
    const frame = JSON.stringify({ event_type: eventType, payload });
    for (const socket of this.sockets) if (socket.workerSid === workerSid && socket.ws.readyState === 1) socket.ws.send(frame);
  }

  private flush(): void {
    this.flushing = false;
    const entries = this.pending;
    this.pending = [];
    for (const entry of entries) {
      try {
        this.push(entry);
      } catch (error) {
        console.error('[twilio-emulator] could not push', entry.type, error);
      }
    }
  }

  private push(entry: EngineLogEntry): void {
    const e = this.engine;
    switch (entry.type) {
      case 'worker.activity': {
        const w = e.worker(entry.workerSid!);
        if (w) this.send(w.sid, 'worker.activity.update', this.workerJson(w));
        break;
      }
      case 'worker.attributes': {
        const w = e.worker(entry.workerSid!);
        if (w) this.send(w.sid, 'worker.attributes.update', this.workerJson(w));
        break;
      }
      case 'worker.channel': {
        const w = e.worker(entry.workerSid!);
        if (w && entry.channel && w.channels[entry.channel])
          this.send(w.sid, 'worker.channel.availability.update', this.channelJson(w, entry.channel));
        break;
      }
      case 'reservation.status': {
        const r = e.reservation(entry.reservationSid!);
        if (!r) break;
        this.version(r.sid, true);
        // The entry's status, not the current one: a reservation created and accepted in the same
        // tick (an outbound call's task) still needs reservation.created first, or the SDK throws.
        const status = entry.status ?? r.status;
        const name = status === 'pending' ? 'created' : status === 'wrapping' ? 'wrapup' : status;
        this.send(r.workerSid, `reservation.${name}`, this.reservationJson(r));
        break;
      }
      case 'task.status':
      case 'task.updated': {
        const t = e.task(entry.taskSid!);
        if (!t) break;
        this.version(t.sid, true);
        const name =
          entry.type === 'task.updated'
            ? 'updated'
            : t.status === 'wrapping'
              ? 'wrapup'
              : t.status === 'completed' || t.status === 'canceled'
                ? t.status
                : 'updated';
        const workers = new Set(this.reservationsOfTask(t.sid).map((r) => r.workerSid));
        for (const w of workers) this.send(w, `task.${name}`, this.taskJson(t));
        break;
      }
      case 'transfer': {
        const t = e.task(entry.taskSid!);
        if (!t?.transfer) break;
        const event =
          entry.status === 'initiated'
            ? 'task.transfer-initiated'
            : entry.status === 'completed'
              ? 'task.transfer-completed'
              : entry.status === 'failed'
                ? 'task.transfer-failed'
                : 'task.transfer-canceled';
        this.send(t.transfer.initiatedBy, event, this.transferJson(t, entry.status === 'initiated' ? 'initiated' : entry.status!));
        break;
      }
      default:
        break;
    }
  }

  // ------------------------------------------------------------------ EventBridge HTTP

  /** One EventBridge request: `{url, method, params, token}` → `{payload}`. */
  handle(body: Record<string, any>): unknown {
    this.counters.ebRequests++;
    const check = verifyToken(body.token, this.options.now());
    if (!check.ok) {
      this.counters.ebRefused++;
      throw new HttpError(401, check.code, check.reason);
    }
    const url = String(body.url ?? '');
    const method = String(body.method ?? 'GET').toUpperCase();
    const params = (body.params && typeof body.params === 'object' ? body.params : {}) as Record<string, any>;
    this.requests.push({ method, url, params });
    try {
      if (/^\/*v1\//.test(url) && this.tunnel) return { payload: this.tunnel(check.claims, url, method, params) };
      return { payload: this.route(check.claims, url, method, params) };
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof EngineError)
        throw new HttpError(error.code === 'not-found' ? 404 : 400, error.code === 'not-found' ? 20404 : 20001, error.message);
      throw error;
    }
  }

  private route(claims: TokenClaims, url: string, method: string, params: Record<string, any>): unknown {
    const e = this.engine;
    const parts = url.replace(/^\/+/, '').split('/').filter(Boolean);
    if (parts[0] !== 'Workspaces' || parts[1] !== e.workspaceSid) throw new HttpError(404, 20404, `No resource ${url}`);
    const grant = claims.grants.task_router;
    const me = grant?.worker_sid ?? '';
    const privileged = grant?.role === 'supervisor' || grant?.role === 'admin';
    const rest = parts.slice(2);
    const [kind, id, sub, subId] = rest;
    const list = <T>(items: T[]) => ({ contents: items, after_sid: null });
    const own = (workerSid: string) => {
      if (workerSid !== me && !privileged) throw new HttpError(403, 20403, `Worker ${me} may not act for ${workerSid}`);
      const w = e.worker(workerSid);
      if (!w) throw new HttpError(404, 20404, `No worker ${workerSid}`);
      return w;
    };
    if (kind === 'Activities' && !id) return list(e.listActivities().map((a) => this.activityJson(a)));
    if (kind === 'TaskQueues' && !id)
      return list(
        e.listQueues().map((q) => ({
          ...this.base(),
          friendly_name: q.name,
          sid: q.sid,
          target_workers: q.targetWorkers,
          reservation_activity_name: null,
          assignment_activity_name: null,
          reservation_activity_sid: null,
          assignment_activity_sid: null,
          max_reserved_workers: 1,
          task_order: 'FIFO',
          date_created: null,
          date_updated: null,
          lifo_queue: false,
        })),
      );
    if (kind === 'Workers' && !id) return list(e.listWorkers().map((w) => this.workerJson(w)));
    if (kind === 'Workers' && id) {
      const w = own(id);
      if (!sub) {
        if (method === 'POST') {
          if (typeof params['ActivitySid'] === 'string')
            e.setWorkerActivity(w.sid, params['ActivitySid'], {
              rejectPendingReservations: params['RejectPendingReservations'] === true || params['RejectPendingReservations'] === 'true',
            });
          // twilio-taskrouter sends Attributes as an object through EventBridge; REST sends a JSON string.
          const attributes: unknown = typeof params['Attributes'] === 'string' ? JSON.parse(params['Attributes']) : params['Attributes'];
          if (attributes !== undefined) this.replaceWorkerAttributes(w, attributes as Record<string, unknown>);
          this.version(w.sid, true);
        }
        return this.workerJson(e.worker(w.sid)!);
      }
      if (sub === 'WorkerChannels') return list(Object.keys(w.channels).map((c) => this.channelJson(w, c)));
      if (sub === 'Reservations' && !subId) {
        const active = new Set(['pending', 'accepted', 'wrapping']);
        return list(
          e
            .listReservations()
            .filter((r) => r.workerSid === w.sid && active.has(r.status))
            .map((r) => this.reservationJson(r)),
        );
      }
      if (sub === 'Reservations' && subId) return this.reservation(w, subId, method, params);
      if (sub === 'Transfers' && !subId) {
        const taskSid = String(params['TaskSid'] ?? '');
        const mode = String(params['Mode'] ?? 'WARM').toLowerCase() as 'warm' | 'cold';
        this.guardTask?.(taskSid, 'transfer');
        e.transferTask(taskSid, { to: String(params['To'] ?? ''), mode }, w.sid);
        return this.transferJson(e.task(taskSid)!, 'initiated');
      }
      if (sub === 'Transfers' && subId) {
        const taskSid = String(params['TaskSid'] ?? '');
        if (params['TransferStatus'] === 'canceled') e.cancelTransfer(taskSid);
        return this.transferJson(e.task(taskSid)!, String(params['TransferStatus'] ?? 'initiated'));
      }
      if (sub === 'CustomerParticipant' || sub === 'HoldWorkerParticipant' || sub === 'KickWorkerParticipant') {
        const taskSid = String(params['TaskSid'] ?? '');
        const task = e.task(taskSid);
        if (!task) throw new HttpError(404, 20404, `No task ${taskSid}`);
        if (!privileged && !this.reservationsOfTask(taskSid).some((r) => r.workerSid === w.sid && r.status === 'accepted'))
          throw new HttpError(403, 20403, `Worker ${w.sid} has no accepted reservation of task ${taskSid}`);
        if (task.channel !== 'voice') throw new HttpError(400, 20001, `Task ${taskSid} is ${task.channel}: only a voice task's conference has participants`);
        if (sub === 'KickWorkerParticipant') {
          const target = params['TargetWorkerSid'];
          if (typeof target !== 'string' || !target) throw new HttpError(400, 20001, 'TargetWorkerSid is required');
          this.calls.kick(task, target);
        } else {
          const hold = flag(params['Hold']);
          if (hold === undefined) throw new HttpError(400, 20001, 'Hold is required');
          if (sub === 'HoldWorkerParticipant') {
            const target = params['TargetWorkerSid'];
            if (typeof target !== 'string' || !target) throw new HttpError(400, 20001, 'TargetWorkerSid is required');
            this.calls.hold(task, { hold, targetWorkerSid: target });
          } else this.calls.hold(task, { hold });
        }
        return this.taskJson(task);
      }
      if (sub === 'WorkerParticipant' && typeof params['ReservationSid'] === 'string') {
        // Reservation.updateParticipant: the worker's own leg in the task's conference.
        const r = e.reservation(params['ReservationSid']);
        if (!r || r.workerSid !== w.sid) throw new HttpError(404, 20404, `No reservation ${params['ReservationSid']}`);
        if (r.status !== 'accepted') throw new HttpError(400, 20001, `Reservation ${r.sid} is ${r.status}: only an accepted reservation has a conference participant`);
        const change = { endConferenceOnExit: flag(params['EndConferenceOnExit']), muted: flag(params['Mute'] ?? params['Muted']) };
        this.calls.participant?.(e.task(r.taskSid)!, w, change);
        return this.reservationJson(r);
      }
    }
    if (kind === 'Tasks' && !id && method === 'POST') return this.createTask(me, privileged, params);
    if (kind === 'Tasks' && !id) return list(e.listTasks().map((t) => this.taskJson(t)));
    if (kind === 'Tasks' && id && !sub) {
      const task = e.task(id);
      if (!task) throw new HttpError(404, 20404, `No task ${id}`);
      if (method === 'POST') {
        if (!privileged && !this.reservationsOfTask(id).some((r) => r.workerSid === me))
          throw new HttpError(403, 20403, `Task ${id} is not yours`);
        const status = params['AssignmentStatus'];
        if (status !== undefined) this.guardTask?.(id, status === 'wrapping' ? 'wrap up' : status === 'completed' ? 'complete' : 'cancel');
        const reason = typeof params['Reason'] === 'string' ? params['Reason'] : undefined;
        // twilio-taskrouter sends Attributes as an object through EventBridge; REST sends a JSON string.
        // Either way TaskRouter REPLACES the task's attributes (keys not sent are gone).
        const attributes: unknown = typeof params['Attributes'] === 'string' ? JSON.parse(params['Attributes']) : params['Attributes'];
        if (attributes !== undefined) this.replaceTaskAttributes(task, attributes);
        // On TaskRouter a transfer is a new reservation on the same task, so the task-level status
        // acts on every reservation of it: the engine's transfer copies are the same Twilio task.
        if (status === 'wrapping') for (const t of this.family(id)) if (t.status === 'assigned') e.wrapupTask(t.sid, reason);
        if (status === 'completed') for (const t of this.family(id)) if (t.status === 'assigned' || t.status === 'wrapping') e.completeTask(t.sid, reason);
        else if (status === 'canceled') e.cancelTask(id, reason);
        this.version(id, true);
      }
      return this.taskJson(e.task(id)!);
    }
    if (kind === 'Tasks' && id && sub === 'Reservations' && subId) {
      // Supervisor monitor: Instruction=supervise, SupervisorMode=monitor|whisper|barge.
      if (!privileged) throw new HttpError(403, 20403, 'Only supervisors may monitor');
      const mode = String(params['SupervisorMode'] ?? 'monitor');
      this.guardTask?.(id, 'supervise (a supervisor joins as an Interactions participant)');
      const supervision = mode === 'whisper' ? 'coach' : (mode as 'monitor' | 'barge');
      e.monitorTask(id, me, supervision);
      const task = e.task(id)!;
      if (task.channel === 'voice') this.calls.supervise?.(task, e.worker(me)!, supervision, typeof params['To'] === 'string' ? params['To'] : undefined);
      const r = e.reservation(subId);
      return r ? this.reservationJson(r) : {};
    }
    throw new HttpError(404, 20404, `The emulator does not serve ${method} ${url}`);
  }

  /**
   * Worker.createTask (Flex's outbound call): `{WorkflowSid, TaskQueueSid, RoutingTarget, TaskChannel,
   * Attributes}`. The workflow and queue must exist and the queue must serve the channel; the task
   * is routed to `RoutingTarget` only, through a normal reservation (the worker accepts it).
   */
  private createTask(me: string, privileged: boolean, params: Record<string, any>): unknown {
    const e = this.engine;
    const workflowSid = String(params['WorkflowSid'] ?? '');
    const workflows = [...e.config.workflows.map((w) => w.sid), 'WW' + e.workspaceSid.slice(2)];
    if (!workflows.includes(workflowSid)) throw new HttpError(400, 20001, `No workflow ${JSON.stringify(workflowSid)} in this workspace`);
    const queue = e.queue(String(params['TaskQueueSid'] ?? ''));
    if (!queue || !String(params['TaskQueueSid']).startsWith('WQ')) throw new HttpError(400, 20001, `No task queue ${JSON.stringify(params['TaskQueueSid'])} in this workspace`);
    // twilio-taskrouter sends TaskChannelUniqueName; TaskRouter's REST names it TaskChannel.
    const channel = String(params['TaskChannelUniqueName'] ?? params['TaskChannel'] ?? 'default');
    if (!queue.channels.includes(channel)) throw new HttpError(400, 20001, `Task queue ${queue.name} does not serve channel ${channel}`);
    const target = String(params['RoutingTarget'] ?? '');
    if (target && target !== me && !privileged) throw new HttpError(403, 20403, `Worker ${me} may not create a task for ${target}`);
    const attributes: unknown = typeof params['Attributes'] === 'string' ? JSON.parse(params['Attributes']) : (params['Attributes'] ?? {});
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) throw new HttpError(400, 20001, 'Attributes must be a JSON object');
    const sid = e.createTask({
      channel,
      queueSid: queue.sid,
      attributes: attributes as Record<string, unknown>,
      ...(target ? { targetWorkerSid: target } : {}),
    });
    return this.taskJson(e.task(sid)!);
  }

  private reservation(w: Worker, sid: string, method: string, params: Record<string, any>): unknown {
    const e = this.engine;
    const r = e.reservation(sid);
    if (!r || r.workerSid !== w.sid) throw new HttpError(404, 20404, `No reservation ${sid}`);
    if (method === 'POST') {
      const status = params['ReservationStatus'];
      const instruction = params['Instruction'];
      if (typeof status === 'string')
        this.guardTask?.(r.taskSid, status === 'accepted' ? 'accept (an invite)' : status === 'rejected' ? 'decline (an invite)' : status === 'wrapping' ? 'wrap up' : 'complete');
      if (status === 'accepted') e.acceptReservation(sid);
      else if (status === 'rejected') e.rejectReservation(sid);
      else if (status === 'wrapping') {
        // The reservation only: after a transfer, the other worker's reservation is untouched.
        if (r.status !== 'accepted') throw new HttpError(400, 20001, `Reservation ${sid} is ${r.status}: only an accepted reservation can wrap up`);
        e.wrapupTask(r.taskSid);
      } else if (status === 'completed') {
        if (r.status !== 'accepted' && r.status !== 'wrapping') throw new HttpError(400, 20001, `Reservation ${sid} is ${r.status}: only an accepted or wrapping reservation can complete`);
        e.completeTask(r.taskSid);
      }
      else if (instruction === 'conference') {
        const task = e.task(r.taskSid)!;
        if (task.channel !== 'voice') throw new HttpError(400, 20001, `The conference instruction is for voice tasks; task ${task.sid} is ${task.channel}`);
        const conference: ConferenceInstruction = {
          ...(typeof params['To'] === 'string' ? { to: params['To'] } : {}),
          ...(params['EndConferenceOnExit'] !== undefined ? { endConferenceOnExit: flag(params['EndConferenceOnExit']) } : {}),
          ...(params['EndConferenceOnCustomerExit'] !== undefined ? { endConferenceOnCustomerExit: flag(params['EndConferenceOnCustomerExit']) } : {}),
        };
        // Dial first: a worker Twilio cannot reach (no contact_uri, no To) leaves the reservation pending.
        this.calls.conference(task, w, conference);
        if (r.status === 'pending') e.acceptReservation(sid);
      } else if (instruction === 'dequeue' || instruction === 'call' || instruction === 'redirect') {
        if (r.status === 'pending') e.acceptReservation(sid);
      } else if (params['Muted'] !== undefined || params['Mute'] !== undefined) {
        const muted = params['Muted'] ?? params['Mute'];
        this.calls.mute(e.task(r.taskSid)!, w, muted === true || muted === 'true');
      }
      this.version(sid, true);
    }
    return this.reservationJson(e.reservation(sid)!);
  }
}
