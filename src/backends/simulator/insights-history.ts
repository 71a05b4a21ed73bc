import type { ActivityChange } from '../../core/insights/fold.js';
import type { InteractionRow } from '../../core/insights/types.js';
import { Random } from '../../engine/random.js';
import { pickWeighted } from './insights-recorder.js';

export interface HistoryQueue {
  readonly sid: string;
  readonly channels: readonly string[];
}

export interface HistoryInput {
  readonly seed: number;
  /** Whole days before today's midnight, plus today up to `end`. */
  readonly days: number;
  /** The end of history (the session's start), epoch ms. */
  readonly end: number;
  readonly queues: readonly HistoryQueue[];
  readonly agents: readonly string[];
  readonly customers: readonly string[];
}

const CHANNELS: readonly [string, number][] = [
  ['voice', 45],
  ['chat', 30],
  ['sms', 8],
  ['whatsapp', 10],
  ['email', 7],
];
/** Mean talk seconds per channel (messaging handles several at once, so it runs longer). */
const TALK: Readonly<Record<string, number>> = { voice: 290, chat: 420, sms: 380, whatsapp: 400, email: 540 };
const DISPOSITIONS: readonly [string, number][] = [
  ['Resolved', 64],
  ['Follow-up needed', 17],
  ['Escalated', 8],
  ['Wrong number', 3],
  ['No answer', 2],
  ['', 6],
];
const NOTES = ['', '', '', 'Customer asked for a call back', 'Sent the knowledge-base article', 'Refund approved', 'Updated the address'];
/** How busy each hour of a day is (relative): a morning peak, lunch dip, afternoon peak. */
const HOUR_LOAD = [0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.55, 0.8, 1.05, 1.25, 1.35, 1.3, 1.0, 1.05, 1.25, 1.3, 1.15, 0.95, 0.75, 0.6, 0.5, 0.4, 0.3, 0.25];

/** A stable 32-bit mix of the seed, an agent and a calendar day: each agent-day is its own stream. */
function mix(seed: number, a: number, b: number): number {
  let h = (seed >>> 0) ^ Math.imul(a + 0x9e37, 0x85ebca6b) ^ Math.imul(b + 0x7f4a, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 13)) >>> 0;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A deterministic past for the simulated floor: for every agent and day, a shift (most work
 * weekdays, a few weekends; starts between 7:00 and 12:00 local, eight hours with a break), and
 * back-to-back interactions in it whose pace follows the hour of the day; customers who give up
 * waiting (more at the peaks); holds on calls, transfers, dispositions. The same seed gives the
 * same past, and a day is the same whatever `days` is. Rows come out per agent and day, not in
 * time order.
 */
export function generateHistory(input: HistoryInput, onRow: (row: InteractionRow) => void, onActivity: (change: ActivityChange) => void): void {
  if (input.days <= 0 || input.agents.length === 0 || input.queues.length === 0) return;
  const today = new Date(input.end);
  today.setHours(0, 0, 0, 0);
  const byChannel = new Map<string, string[]>();
  for (const queue of input.queues) {
    for (const channel of queue.channels) {
      const list = byChannel.get(channel) ?? [];
      list.push(queue.sid);
      byChannel.set(channel, list);
    }
  }
  const channels = CHANNELS.filter(([c]) => byChannel.has(c));
  if (channels.length === 0) return;
  const fallbackQueue = input.queues[0].sid;
  const idPrefix = `WT${hex(input.seed >>> 0, 8)}`;
  for (let d = input.days; d >= 0; d--) {
    const dayStart = new Date(today);
    dayStart.setDate(today.getDate() - d);
    const start = dayStart.getTime();
    if (start >= input.end) break;
    const weekday = dayStart.getDay();
    const weekend = weekday === 0 || weekday === 6;
    const calendarDay = Math.floor(start / 86_400_000);
    for (let a = 0; a < input.agents.length; a++) {
      const agent = input.agents[a];
      const random = new Random(mix(input.seed, a, calendarDay));
      // Two days off a week on average: weekends mostly, and a weekday now and then.
      if (weekend ? !random.chance(0.22) : random.chance(0.08)) continue;
      const shiftStart = start + (7 + random.int(0, 5)) * 3_600_000 + random.int(0, 3) * 900_000;
      const shiftEnd = shiftStart + 8 * 3_600_000;
      const breakStart = shiftStart + Math.round((3.5 + random.next() * 1.5) * 3_600_000);
      const breakEnd = breakStart + 30 * 60_000;
      if (shiftStart >= input.end) continue;
      onActivity({ workerSid: agent, at: shiftStart, status: 'available' });
      if (breakStart < input.end) onActivity({ workerSid: agent, at: breakStart, status: 'unavailable' });
      if (breakEnd < input.end) onActivity({ workerSid: agent, at: breakEnd, status: 'available' });
      if (shiftEnd < input.end) onActivity({ workerSid: agent, at: shiftEnd, status: 'offline' });
      const stop = Math.min(shiftEnd, input.end);
      let serial = 0;
      const id = () => `${idPrefix}${hex(calendarDay, 6)}${hex(a, 6)}${hex(++serial, 6)}`;
      let t = shiftStart + random.exponential(300_000);
      while (t < stop) {
        if (t >= breakStart && t < breakEnd) {
          t = breakEnd + random.exponential(120_000);
          continue;
        }
        const hour = Math.min(23, Math.floor((t - start) / 3_600_000));
        const load = HOUR_LOAD[hour] * (weekend ? 0.7 : 1);
        const channel = pickWeighted(random, channels);
        const queue = random.pick(byChannel.get(channel) ?? [fallbackQueue]);
        const customer = input.customers.length ? random.pick(input.customers) : '';
        // Someone else gave up waiting in this queue meanwhile (more often when it is busy).
        if (random.chance(0.045 * load)) {
          const wait = Math.round(random.chance(0.3) ? random.next() * 5000 : random.exponential(45_000));
          const created = Math.round(t - wait - random.next() * 60_000);
          if (created + wait < input.end) onRow({
            id: id(),
            createdAt: created,
            endedAt: created + wait,
            queueSid: queue,
            channel,
            workerSid: '',
            customer: input.customers.length ? random.pick(input.customers) : '',
            waitMs: wait,
            talkMs: 0,
            holdMs: 0,
            wrapMs: 0,
            handled: false,
            abandoned: true,
            transfers: 0,
            disposition: '',
            notes: '',
          });
        }
        const wait = Math.round(random.exponential(8_000 + 22_000 * load));
        const accepted = Math.round(t);
        const created = accepted - wait;
        const talk = Math.round(random.duration(TALK[channel] ?? 300, 20) * 1000);
        const hold = channel === 'voice' && random.chance(0.22) ? Math.round(random.duration(60, 10) * 1000) : 0;
        const wrap = Math.round(random.duration(45, 5) * 1000);
        const transfers = random.chance(0.05) ? 1 : 0;
        const ended = accepted + hold + talk + wrap;
        // Still going at the end of history: the live session does not know it, so it is not history.
        if (ended >= input.end) break;
        onRow({
          id: id(),
          createdAt: created,
          endedAt: ended,
          queueSid: queue,
          channel,
          workerSid: agent,
          customer,
          waitMs: wait,
          talkMs: talk,
          holdMs: hold,
          wrapMs: wrap,
          handled: true,
          abandoned: false,
          transfers,
          disposition: pickWeighted(random, DISPOSITIONS),
          notes: random.pick(NOTES),
        });
        // Idle time between contacts shrinks when the floor is busy.
        t = ended + random.exponential(150_000 / Math.max(0.3, load));
      }
    }
  }
}
