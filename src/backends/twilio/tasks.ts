import type { DomainEvent } from '../../core/domain-events.js';
import type {
  Activity,
  Reservation as DomainReservation,
  ReservationStatus,
  Task as DomainTask,
  TaskStatus,
  Transfer,
  Worker as DomainWorker,
} from '../../core/model.js';
import { BackendError } from '../backend.js';
import type { Handlers } from './commands.js';
import {
  acceptMessaging,
  completeMessaging,
  declineMessaging,
  interactionOfReservation,
  reaches,
  transferMessaging,
  wrapMessaging,
} from './messaging.js';
import type { TrOutgoingTransfer, TrReservation, TrTask, TrWorkspace, TrWorkspaceWorker } from './sdk-types.js';
import type { TwilioSession } from './session.js';
import { customerOf, workerFromItem } from './workspace-feed.js';

const ms = (d: Date | null | undefined, fallback: number): number =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.getTime() : fallback;

/** A task's TaskRouter attributes (an object, whatever the SDK holds). */
export function attributesOf(task: TrTask): Record<string, unknown> {
  const a = task.attributes;
  return a && typeof a === 'object' ? a : {};
}

/** The conversation of a chat task, from its attributes. */
export function conversationSidOf(r: TrReservation): string | undefined {
  const a = attributesOf(r.task);
  const sid = a['conversationSid'] ?? a['conversation_sid'];
  return typeof sid === 'string' ? sid : undefined;
}

/**
 * The signed-in worker, their reservations and tasks as the store sees them, and the transfer
 * directory. The SDK objects are kept in `session.reservations`; events are re-emitted from them.
 */
export class Tasks {
  /** twilio-taskrouter's Workspace: the transfer directory (workers and queues), as Flex fetches it. */
  workspace: TrWorkspace | undefined;

  constructor(private readonly s: TwilioSession) {}

  workerRecord(): DomainWorker {
    const s = this.s;
    const w = s.w;
    const attributes = w.attributes ?? {};
    const channels: Record<string, { capacity: number; assigned: number; available: boolean }> = {};
    for (const c of w.channels?.values() ?? []) {
      channels[c.taskChannelUniqueName] = {
        capacity: c.capacity,
        assigned: c.assignedTasks ?? 0,
        available: c.available,
      };
    }
    const skills = attributes['skills'];
    return {
      sid: w.sid,
      name:
        typeof attributes['full_name'] === 'string'
          ? attributes['full_name']
          : (w.friendlyName ?? w.name ?? s.identity),
      identity: s.identity,
      activitySid: w.activity?.sid ?? w.activitySid ?? '',
      activitySince: ms(w.dateStatusChanged, Date.now()),
      skills: (skills && typeof skills === 'object' && !Array.isArray(skills) ? skills : {}) as Record<string, number>,
      languages: Array.isArray(attributes['languages']) ? (attributes['languages'] as string[]) : [],
      ...(typeof attributes['team_name'] === 'string' ? { team: attributes['team_name'] } : {}),
      ...(typeof attributes['email'] === 'string' ? { email: attributes['email'] } : {}),
      channels,
      queueSids: [],
      attributes,
    };
  }

  /** The workspace's activities, from the TaskRouter Worker. */
  activities(): Activity[] {
    const all = this.s.worker?.activities.values() ?? [];
    return [...all].map((a) => ({ sid: a.sid, name: a.name, available: a.available }));
  }

  emitInitial(): void {
    const s = this.s;
    const w = s.w;
    const events: DomainEvent[] = [
      {
        type: 'session',
        workerSid: w.sid,
        identity: s.identity,
        role: s.role,
        workspaceSid: w.workspaceSid ?? s.claims?.workspaceSid ?? '',
        unavailable: s.unavailable(),
      },
      { type: 'activities', activities: this.activities() },
      { type: 'workers', workers: [this.workerRecord()] },
    ];
    s.emit(events);
    for (const r of w.reservations.values()) this.track(r);
  }

  /** After a reconnect: the SDK re-fetched reservations; re-emit what changed. */
  resync(): void {
    const s = this.s;
    s.emit([{ type: 'worker', worker: this.workerRecord() }]);
    for (const r of s.w.reservations.values()) {
      const known = s.reservations.get(r.sid);
      if (known === r) {
        s.emit(this.reservationEvents(r));
        continue;
      }
      // The SDK made new Reservation objects on reconnect: the old ones get no more events.
      s.reservations.delete(r.sid);
      this.track(r);
    }
  }

  taskRecord(r: TrReservation): DomainTask {
    const t = r.task;
    const attributes = attributesOf(t);
    const call = this.s.voice.calls.get(t.sid);
    const conversationSid = attributes['conversationSid'] ?? attributes['conversation_sid'];
    const transfer = this.#transferOf(t);
    // As in Flex, the agent sees their own reservation's state: after a transfer the shared task
    // stays assigned while this agent's reservation wraps up or completes.
    const own = r.status === 'wrapping' ? 'wrapping' : r.status === 'completed' ? 'completed' : undefined;
    return {
      sid: t.sid,
      status: own ?? (t.status as TaskStatus),
      channel: t.taskChannelUniqueName,
      queueSid: t.queueSid ?? '',
      queueName: t.queueName ?? '',
      priority: t.priority ?? 0,
      createdAt: ms(t.dateCreated, Date.now()),
      workerSid: r.workerSid,
      customer: customerOf(attributes),
      attributes,
      ...(typeof conversationSid === 'string' ? { conversationSid } : {}),
      ...(call ? { callSid: call.record.sid } : {}),
      ...(t.reason ? { reason: String(t.reason) } : {}),
      ...(transfer ? { transfer } : {}),
    };
  }

  /** The task's outgoing transfer (twilio-taskrouter's `task.transfers.outgoing`) as the store's Transfer. */
  #transferOf(t: TrTask): Transfer | undefined {
    const o = t.transfers?.outgoing;
    if (!o) return undefined;
    const status = String(o.status ?? '').toLowerCase();
    return {
      mode: o.mode === 'COLD' ? 'cold' : 'warm',
      to: String(o.to ?? ''),
      toName: String(o.to ?? ''),
      toKind: o.type === 'QUEUE' ? 'queue' : 'worker',
      status:
        status === 'complete' || status === 'completed'
          ? 'completed'
          : status === 'failed' || status === 'canceled'
            ? status
            : 'initiated',
      initiatedBy: String(o.workerSid ?? this.s.worker?.sid ?? ''),
      at: ms(o.dateCreated, Date.now()),
    };
  }

  reservationEvents(r: TrReservation): DomainEvent[] {
    const created = ms(r.dateCreated, Date.now());
    const reservation: DomainReservation = {
      sid: r.sid,
      taskSid: r.task.sid,
      workerSid: r.workerSid,
      status: r.status as ReservationStatus,
      createdAt: created,
      timeoutAt: created + Number(r.timeout ?? 0) * 1000,
      updatedAt: ms(r.dateUpdated, Date.now()),
    };
    return [
      { type: 'task', task: this.taskRecord(r) },
      { type: 'reservation', reservation },
    ];
  }

  /** Follows a reservation (and its task and transfer) and re-emits it on every change. */
  track(r: TrReservation): void {
    const s = this.s;
    if (s.reservations.has(r.sid)) return;
    s.reservations.set(r.sid, r);
    const update = () => {
      s.emit(this.reservationEvents(r));
      s.emit([{ type: 'worker', worker: this.workerRecord() }]);
    };
    for (const event of ['accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapup', 'completed']) {
      r.on(event, () => {
        update();
        if (event === 'accepted') void s.chat.open(r);
        if (event !== 'accepted')
          s.voice.endCallOf(r.task.sid, event === 'wrapup' || event === 'completed' ? 'completed' : 'canceled');
      });
    }
    const task = r.task;
    for (const event of ['updated', 'wrapup', 'completed', 'canceled']) task.on(event, update);
    task.on('transferInitiated', (outgoing: TrOutgoingTransfer | null | undefined) => {
      for (const event of ['attemptFailed', 'canceled', 'completed', 'failed']) outgoing?.on?.(event, update);
      update();
    });
    update();
    if (r.status === 'accepted' || r.status === 'wrapping') void s.chat.open(r);
  }

  /**
   * Workers and queues to transfer to, as Flex fills its directory: twilio-taskrouter's Workspace
   * (`fetchWorkers`, `fetchTaskQueues` through EventBridge). Other workers reach an agent's store
   * without attributes or e-mail; a supervisor's view of them comes from the Sync feed.
   */
  async loadDirectory(token: string): Promise<void> {
    const s = this.s;
    const Ctor = s.sdk.TaskRouter?.Workspace;
    if (!Ctor || s.closed) return;
    const o = s.options;
    const workspace = new Ctor(
      token,
      {
        ...(o.ebServer ? { ebServer: o.ebServer } : {}),
        ...(o.region ? { region: o.region } : {}),
        logLevel: o.logLevel ?? 'error',
      },
      s.claims?.workspaceSid,
    );
    this.workspace = workspace;
    const [workers, queues] = await Promise.all([workspace.fetchWorkers(), workspace.fetchTaskQueues()]);
    if (s.closed) return;
    const events: DomainEvent[] = [
      {
        type: 'queues',
        queues: [...queues.values()].map((q) => ({
          sid: String(q.sid ?? q.queueSid),
          name: String(q.queueName ?? q.name ?? q.friendlyName ?? q.sid),
          // TaskRouter's queue has no channel list: every channel.
          channels: [],
          targetWorkers: String(q.targetWorkers ?? ''),
          serviceLevelThreshold: 0,
          shortAbandonedThreshold: 0,
        })),
      },
    ];
    if (!s.feedExpected) {
      const own = String(s.worker?.sid ?? '');
      const now = Date.now();
      const others = [...workers.values()].filter((w) => w.sid !== own).map((w) => this.#colleague(w, now));
      if (others.length) events.push({ type: 'workers', workers: others });
    }
    s.emit(events);
  }

  /** What an agent's browser holds of a colleague: a name to transfer to, not their attributes. */
  #colleague(w: TrWorkspaceWorker, now: number): DomainWorker {
    const changed = w.dateStatusChanged ?? w.dateActivityChanged;
    const record = workerFromItem(
      String(w.sid),
      {
        worker_sid: w.sid,
        friendly_name: w.friendlyName ?? w.name,
        activity_sid: w.activitySid,
        activity_name: w.activityName,
        ...(changed instanceof Date ? { date_activity_changed: changed.toISOString() } : {}),
        attributes: w.attributes ?? {},
      },
      this.activities(),
      now,
    );
    const { email: _email, ...rest } = record;
    return { ...rest, attributes: {} };
  }
}

// ------------------------------------------------------------------ commands

/** The worker's activity and attributes, reservations, wrap-up, completion and transfers. */
export const taskHandlers = {
  async setActivity(s, p) {
    const w = s.w;
    if (p.workerSid && p.workerSid !== w.sid) {
      s.privileged();
      if (!w.setWorkerActivity)
        throw new BackendError('unsupported', "This TaskRouter client cannot change another worker's activity");
      await w.setWorkerActivity(p.workerSid, p.activitySid, {
        rejectPendingReservations: !!p.rejectPendingReservations,
      });
      return;
    }
    const activity = w.activities.get(p.activitySid);
    if (!activity) throw new BackendError('not-found', `No activity ${JSON.stringify(p.activitySid)}`);
    await activity.setAsCurrent({ rejectPendingReservations: !!p.rejectPendingReservations });
  },
  async setWorkerAttributes(s, p) {
    // TaskRouter replaces a worker's attributes: as Flex's mergeExisting, the change is merged
    // onto the current ones (top-level keys) so a partial update keeps contact_uri, routing…
    const w = s.w;
    const change = p.attributes ?? {};
    if (p.workerSid === w.sid) {
      await w.setAttributes({ ...(w.attributes ?? {}), ...change });
      return;
    }
    s.privileged();
    const current = s.supervision.feed?.workerAttributes(String(p.workerSid));
    if (!current) {
      throw new BackendError(
        'not-found',
        `The current attributes of worker ${String(p.workerSid)} are not known (no workspace view from Twilio Sync): TaskRouter replaces attributes, so a partial update would erase the others`,
      );
    }
    if (!w.setWorkerAttributes)
      throw new BackendError('unsupported', "This TaskRouter client cannot change another worker's attributes");
    await w.setWorkerAttributes(p.workerSid, { ...current, ...change });
  },
  // A messaging task (a Flex interaction) goes through the Interactions API at every step
  // (messaging.ts), never through the TaskRouter Task API: that is what makes the agent a
  // participant of the Conversation and takes them out of it again.
  async acceptReservation(s, p) {
    const r = s.reservation(p.reservationSid);
    const interaction = interactionOfReservation(r);
    if (interaction) await acceptMessaging(s, r, interaction);
    else if (r.task.taskChannelUniqueName === 'voice') await s.voice.accept(r);
    else await r.accept();
    s.emit(s.tasks.reservationEvents(r));
  },
  async rejectReservation(s, p) {
    const r = s.reservation(p.reservationSid);
    const interaction = interactionOfReservation(r);
    if (interaction) await declineMessaging(s, r, interaction);
    else await r.reject();
    s.emit(s.tasks.reservationEvents(r));
  },
  async wrapupTask(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    s.voice.endCallOf(p.taskSid, 'completed');
    // The agent's own reservation, as Flex: after a transfer the task has other reservations.
    const interaction = interactionOfReservation(r);
    if (r.status === 'accepted' && interaction) await wrapMessaging(s, r, interaction);
    else if (r.status === 'accepted') {
      // Hanging up a call whose leg ends the conference wraps the reservation up on TaskRouter's
      // side already: a refused wrap is fine when that event arrives.
      await r.wrap().catch(async (error: unknown) => {
        if (!(await reaches(r, 'wrapup', 'wrapping', 3000))) throw error;
      });
    }
    s.emit(s.tasks.reservationEvents(r));
  },
  async completeTask(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    s.voice.endCallOf(p.taskSid, 'completed');
    const interaction = interactionOfReservation(r);
    await (interaction ? completeMessaging(s, r, interaction) : r.complete());
    s.emit(s.tasks.reservationEvents(r));
  },
  async transferTask(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    const interaction = interactionOfReservation(r);
    if (interaction) {
      if (!p.to) throw new BackendError('invalid-argument', 'transferTask needs "to": a worker or a queue sid');
      await transferMessaging(s, r, interaction, p.to, p.mode);
      s.emit(s.tasks.reservationEvents(r));
      return;
    }
    const cold = p.mode === 'cold';
    // A cold transfer, as Flex: the agent's leaving must not end the conference (and drop the
    // customer), so endConferenceOnExit goes off first, and back on if the transfer fails to start.
    const inConference = cold && r.task.taskChannelUniqueName === 'voice' && s.voice.calls.has(String(p.taskSid));
    if (inConference) await r.updateParticipant({ endConferenceOnExit: false });
    try {
      await r.task.transfer(p.to, { mode: cold ? 'COLD' : 'WARM' });
    } catch (error) {
      if (inConference) await Promise.resolve(r.updateParticipant({ endConferenceOnExit: true })).catch(() => {});
      throw error;
    }
    s.emit(s.tasks.reservationEvents(r));
  },
  async cancelTransfer(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    if (interactionOfReservation(r))
      throw new BackendError('unsupported', 'A messaging transfer cannot be canceled: the conversation was handed over when it started');
    const outgoing = r.task.transfers?.outgoing;
    if (!outgoing) throw new BackendError('invalid-state', `Task ${p.taskSid} has no transfer in progress`);
    await outgoing.cancel();
    s.emit(s.tasks.reservationEvents(r));
  },
} satisfies Partial<Handlers>;
