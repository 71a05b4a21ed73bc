import { ActivityLog } from './activity.js';
import type { ActivityChange } from './fold.js';
import type { InteractionRow } from './types.js';

const HANDLED = 1;
const ABANDONED = 2;

/** Interns strings to small integers (queue sids, channels, workers, dispositions). */
export class Dictionary {
  readonly values: string[] = [];
  readonly #index = new Map<string, number>();

  id(value: string): number {
    let id = this.#index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#index.set(value, id);
    }
    return id;
  }

  find(value: string): number | undefined {
    return this.#index.get(value);
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

/**
 * Finished interactions in columns (typed arrays and interned strings), so a dashboard over a
 * month of a large floor is one pass over numbers. Append-only; rows keep their insertion index.
 */
export class InteractionTable {
  readonly queues = new Dictionary();
  readonly channels = new Dictionary();
  readonly workers = new Dictionary();
  readonly dispositions = new Dictionary();
  length = 0;
  created = new Float64Array(1024);
  ended = new Float64Array(1024);
  queue = new Int32Array(1024);
  channel = new Uint16Array(1024);
  /** Worker index + 1 (0: nobody). */
  worker = new Int32Array(1024);
  wait = new Float64Array(1024);
  talk = new Float64Array(1024);
  hold = new Float64Array(1024);
  wrap = new Float64Array(1024);
  flags = new Uint8Array(1024);
  transfers = new Uint16Array(1024);
  disposition = new Int32Array(1024);
  readonly ids: string[] = [];
  readonly customers: string[] = [];
  readonly notes: string[] = [];
  readonly #byId = new Map<string, number>();

  /** The agents' status changes. */
  readonly activity = new ActivityLog();

  constructor() {
    this.dispositions.id('');
  }

  append(row: InteractionRow): number {
    const i = this.length;
    if (i === this.created.length) this.#resize(i * 2);
    this.created[i] = row.createdAt;
    this.ended[i] = row.endedAt;
    this.queue[i] = this.queues.id(row.queueSid);
    this.channel[i] = this.channels.id(row.channel);
    this.worker[i] = row.workerSid ? this.workers.id(row.workerSid) + 1 : 0;
    this.wait[i] = row.waitMs;
    this.talk[i] = row.talkMs;
    this.hold[i] = row.holdMs;
    this.wrap[i] = row.wrapMs;
    this.flags[i] = (row.handled ? HANDLED : 0) | (row.abandoned ? ABANDONED : 0);
    this.transfers[i] = Math.min(row.transfers, 65535);
    this.disposition[i] = this.dispositions.id(row.disposition);
    this.ids.push(row.id);
    this.customers.push(row.customer);
    this.notes.push(row.notes);
    this.#byId.set(row.id, i);
    this.length = i + 1;
    return i;
  }

  /** Records an agent's status change (kept in time order per agent). */
  appendActivity(change: ActivityChange): void {
    this.activity.append(change);
  }

  indexOf(id: string): number | undefined {
    return this.#byId.get(id);
  }

  handled(i: number): boolean {
    return (this.flags[i] & HANDLED) !== 0;
  }

  abandoned(i: number): boolean {
    return (this.flags[i] & ABANDONED) !== 0;
  }

  workerSid(i: number): string {
    const w = this.worker[i];
    return w === 0 ? '' : this.workers.values[w - 1];
  }

  row(i: number): InteractionRow {
    return {
      id: this.ids[i],
      createdAt: this.created[i],
      endedAt: this.ended[i],
      queueSid: this.queues.values[this.queue[i]],
      channel: this.channels.values[this.channel[i]],
      workerSid: this.workerSid(i),
      customer: this.customers[i],
      waitMs: this.wait[i],
      talkMs: this.talk[i],
      holdMs: this.hold[i],
      wrapMs: this.wrap[i],
      handled: this.handled(i),
      abandoned: this.abandoned(i),
      transfers: this.transfers[i],
      disposition: this.dispositions.values[this.disposition[i]],
      notes: this.notes[i],
    };
  }

  /** Milliseconds a worker spent per status within [from, to): `[offline, unavailable, available]`. */
  timeInStatus(workerSid: string, from: number, to: number): [number, number, number] {
    return this.activity.timeInStatus(workerSid, from, to);
  }

  #resize(size: number): void {
    this.created = grow(this.created, size);
    this.ended = grow(this.ended, size);
    this.queue = grow(this.queue, size);
    this.channel = grow(this.channel, size);
    this.worker = grow(this.worker, size);
    this.wait = grow(this.wait, size);
    this.talk = grow(this.talk, size);
    this.hold = grow(this.hold, size);
    this.wrap = grow(this.wrap, size);
    this.flags = grow(this.flags, size);
    this.transfers = grow(this.transfers, size);
    this.disposition = grow(this.disposition, size);
  }
}
