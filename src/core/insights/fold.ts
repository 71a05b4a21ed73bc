import type { InsightsEvent, InteractionRow } from './types.js';

interface Open {
  id: string;
  createdAt: number;
  queueSid: string;
  channel: string;
  customer: string;
  workerSid: string;
  acceptedAt?: number;
  holdStart?: number;
  holdMs: number;
  wrapAt?: number;
  transfers: number;
}

/** One agent's change of status, as the activity fold keeps it. */
export interface ActivityChange {
  readonly workerSid: string;
  readonly at: number;
  readonly status: 'available' | 'unavailable' | 'offline';
}

const whole = (ms: number) => Math.max(0, Math.round(ms));

/**
 * Folds raw events into finished interactions, one per task that completed or was canceled,
 * in the order they finished. Events must come in time order per task; events of a task whose
 * creation was never seen (a trimmed log) are ignored. Also returns every activity change.
 *
 * - wait: creation to the first acceptance (to the cancel when nobody accepted);
 * - talk: the first acceptance to wrap-up (to completion without one), holds excluded;
 * - hold: the sum of hold → unhold intervals (a hold still open at wrap-up ends there);
 * - wrap: wrap-up to completion;
 * - handled: an agent accepted it; abandoned: canceled before anyone did.
 */
export class InteractionFold {
  readonly #open = new Map<string, Open>();

  /** Applies one event; returns the interaction it finished, if any. */
  apply(event: InsightsEvent): InteractionRow | undefined {
    if (event.type === 'worker.activity') return undefined;
    if (event.type === 'task.created') {
      if (!this.#open.has(event.taskSid)) {
        this.#open.set(event.taskSid, {
          id: event.taskSid,
          createdAt: event.at,
          queueSid: event.queueSid,
          channel: event.channel,
          customer: event.customer ?? '',
          workerSid: '',
          holdMs: 0,
          transfers: 0,
        });
      }
      return undefined;
    }
    const open = this.#open.get(event.taskSid);
    if (!open) return undefined;
    switch (event.type) {
      case 'reservation.accepted':
        open.acceptedAt ??= event.at;
        open.workerSid = event.workerSid;
        return undefined;
      case 'task.hold':
        if (open.acceptedAt !== undefined && open.holdStart === undefined && open.wrapAt === undefined) open.holdStart = event.at;
        return undefined;
      case 'task.unhold':
        this.#endHold(open, event.at);
        return undefined;
      case 'task.transferred':
        open.transfers++;
        return undefined;
      case 'task.wrapup':
        this.#endHold(open, event.at);
        open.wrapAt ??= event.at;
        return undefined;
      case 'task.completed':
      case 'task.canceled': {
        this.#endHold(open, event.at);
        this.#open.delete(open.id);
        const accepted = open.acceptedAt;
        const wrapAt = open.wrapAt ?? event.at;
        const handled = accepted !== undefined;
        return {
          id: open.id,
          createdAt: open.createdAt,
          endedAt: event.at,
          queueSid: open.queueSid,
          channel: open.channel,
          workerSid: open.workerSid,
          customer: open.customer,
          waitMs: whole((accepted ?? event.at) - open.createdAt),
          talkMs: handled ? whole(wrapAt - accepted - open.holdMs) : 0,
          holdMs: handled ? whole(open.holdMs) : 0,
          wrapMs: handled ? whole(event.at - wrapAt) : 0,
          handled,
          abandoned: !handled && event.type === 'task.canceled',
          transfers: open.transfers,
          disposition: event.type === 'task.completed' ? (event.disposition ?? '') : '',
          notes: event.type === 'task.completed' ? (event.notes ?? '') : '',
        };
      }
    }
  }

  /** Tasks seen created and not finished yet. */
  get openCount(): number {
    return this.#open.size;
  }

  #endHold(open: Open, at: number): void {
    if (open.holdStart === undefined) return;
    open.holdMs += Math.max(0, at - open.holdStart);
    open.holdStart = undefined;
  }
}

/** Folds a whole list of events (sorted by time) into interactions and activity changes. */
export function foldEvents(events: Iterable<InsightsEvent>): { rows: InteractionRow[]; activity: ActivityChange[] } {
  const fold = new InteractionFold();
  const rows: InteractionRow[] = [];
  const activity: ActivityChange[] = [];
  for (const event of events) {
    if (event.type === 'worker.activity') {
      activity.push({ workerSid: event.workerSid, at: event.at, status: event.status });
      continue;
    }
    const row = fold.apply(event);
    if (row) rows.push(row);
  }
  return { rows, activity };
}

/**
 * The events an interaction row stands for (the inverse of the fold, with holds as one block
 * right after the acceptance): how generated history becomes the same raw events the live
 * simulator and TaskRouter produce.
 */
export function eventsOfRow(row: InteractionRow): InsightsEvent[] {
  const events: InsightsEvent[] = [
    { type: 'task.created', at: row.createdAt, taskSid: row.id, queueSid: row.queueSid, channel: row.channel, customer: row.customer },
  ];
  if (!row.handled) {
    events.push({ type: row.abandoned ? 'task.canceled' : 'task.completed', at: row.endedAt, taskSid: row.id });
    return events;
  }
  const accepted = row.createdAt + row.waitMs;
  events.push({ type: 'reservation.accepted', at: accepted, taskSid: row.id, workerSid: row.workerSid });
  for (let i = 0; i < row.transfers; i++) events.push({ type: 'task.transferred', at: accepted, taskSid: row.id, workerSid: row.workerSid });
  if (row.holdMs > 0) {
    events.push({ type: 'task.hold', at: accepted, taskSid: row.id });
    events.push({ type: 'task.unhold', at: accepted + row.holdMs, taskSid: row.id });
  }
  const wrapAt = accepted + row.holdMs + row.talkMs;
  events.push({ type: 'task.wrapup', at: wrapAt, taskSid: row.id });
  events.push({
    type: 'task.completed',
    at: wrapAt + row.wrapMs,
    taskSid: row.id,
    ...(row.disposition ? { disposition: row.disposition } : {}),
    ...(row.notes ? { notes: row.notes } : {}),
  });
  return events;
}
