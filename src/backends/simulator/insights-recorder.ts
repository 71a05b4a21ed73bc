import type { InsightsEvent, TranscriptLine } from '../../core/insights/types.js';
import type { EngineLogEntry } from '../../engine/log.js';
import { Random } from '../../engine/random.js';
import type { Simulation } from './simulation.js';

/** Events the recorder keeps for Insights (a long shift on a large floor stays bounded). */
export const INSIGHTS_EVENT_LIMIT = 1_000_000;
const TRANSCRIPT_LIMIT = 200;
/** Dispositions given to the simulated agents' finished tasks, with their odds. */
const BOT_DISPOSITIONS: readonly [string, number][] = [
  ['Resolved', 62],
  ['Follow-up needed', 18],
  ['Escalated', 8],
  ['Wrong number', 4],
  ['', 8],
];

export function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  let roll = random.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1][0];
}

/**
 * Turns the engine's log into Insights events as it is written (the engine keeps only its recent
 * log), plus what the engine does not log: holds, the person's dispositions (from CompleteTask)
 * and the messages of finished conversations. Small and always on; the history and the queries
 * load on demand (insights.ts).
 */
export class InsightsRecorder {
  readonly events: InsightsEvent[] = [];
  /** Messages of finished messaging tasks, by task sid. */
  readonly transcripts = new Map<string, readonly TranscriptLine[]>();
  readonly #outcomes = new Map<string, { disposition?: string; notes?: string }>();
  readonly #random: Random;
  readonly #unsubscribe: () => void;
  /** Events dropped from the front when the limit was reached. */
  dropped = 0;
  /** When the session began: the generated history ends here. */
  readonly startedAt: number;

  constructor(private readonly sim: Simulation) {
    this.#random = new Random((sim.options.seed ^ 0x5eed) >>> 0);
    this.startedAt = sim.clock.now();
    this.#unsubscribe = sim.engine.onEntry((entry) => this.#onEntry(entry));
    // Everyone's activity as the session starts.
    const at = sim.clock.now();
    for (const worker of sim.engine.listWorkers()) this.#activity(worker.sid, worker.activitySid, at);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  /** The person put a call on hold or took it off. */
  hold(taskSid: string, hold: boolean): void {
    this.#push({ type: hold ? 'task.hold' : 'task.unhold', at: this.sim.clock.now(), taskSid });
  }

  /** The disposition and notes CompleteTask (or WrapupTask) gave a task, kept for its completion. */
  noteOutcome(taskSid: string, outcome: { disposition?: string; notes?: string }): void {
    const previous = this.#outcomes.get(taskSid) ?? {};
    this.#outcomes.set(taskSid, {
      disposition: outcome.disposition || previous.disposition,
      notes: outcome.notes || previous.notes,
    });
  }

  #push(event: InsightsEvent): void {
    this.events.push(event);
    if (this.events.length > INSIGHTS_EVENT_LIMIT) {
      const drop = Math.ceil(INSIGHTS_EVENT_LIMIT / 10);
      this.events.splice(0, drop);
      this.dropped += drop;
    }
  }

  #activity(workerSid: string, activitySid: string | undefined, at: number): void {
    const activity = activitySid ? this.sim.engine.activity(activitySid) : undefined;
    const status = !activity || activity.name.toLowerCase() === 'offline' ? 'offline' : activity.available ? 'available' : 'unavailable';
    this.#push({ type: 'worker.activity', at, workerSid, status });
  }

  #onEntry(entry: EngineLogEntry): void {
    const at = entry.at;
    const taskSid = entry.taskSid;
    switch (entry.type) {
      case 'worker.created':
      case 'worker.activity':
        if (entry.workerSid) this.#activity(entry.workerSid, entry.status, at);
        return;
      case 'task.created': {
        if (!taskSid || !entry.queueSid) return;
        const task = this.sim.engine.task(taskSid);
        const attributes = task?.attributes ?? {};
        const named = attributes['name'] ?? attributes['from'];
        const customer = typeof named === 'string' ? named : '';
        this.#push({ type: 'task.created', at, taskSid, queueSid: entry.queueSid, channel: entry.channel ?? task?.channel ?? 'voice', customer });
        return;
      }
      case 'reservation.status':
        if (entry.status === 'accepted' && taskSid && entry.workerSid) this.#push({ type: 'reservation.accepted', at, taskSid, workerSid: entry.workerSid });
        return;
      case 'transfer':
        if (entry.status === 'completed' && taskSid) this.#push({ type: 'task.transferred', at, taskSid });
        return;
      case 'task.status': {
        if (!taskSid) return;
        if (entry.status === 'wrapping') this.#push({ type: 'task.wrapup', at, taskSid });
        else if (entry.status === 'canceled') {
          this.#outcomes.delete(taskSid);
          this.#push({ type: 'task.canceled', at, taskSid });
        } else if (entry.status === 'completed') {
          const outcome = this.#outcomes.get(taskSid);
          this.#outcomes.delete(taskSid);
          const byPerson = entry.workerSid === this.sim.personSid;
          const disposition = outcome?.disposition ?? (byPerson || !entry.handled ? '' : pickWeighted(this.#random, BOT_DISPOSITIONS));
          this.#captureTranscript(taskSid);
          this.#push({
            type: 'task.completed',
            at,
            taskSid,
            ...(disposition ? { disposition } : {}),
            ...(outcome?.notes ? { notes: outcome.notes } : {}),
          });
        }
        return;
      }
      default:
        return;
    }
  }

  #captureTranscript(taskSid: string): void {
    const conversationSid = this.sim.media.get(taskSid)?.conversationSid;
    const conversation = conversationSid ? this.sim.conversations.get(conversationSid) : undefined;
    if (!conversation) return;
    const lines: TranscriptLine[] = conversation.messages.slice(-TRANSCRIPT_LIMIT).map((m) => ({
      at: m.timestamp,
      author: m.authorRole === 'customer' ? 'customer' : m.authorRole === 'agent' ? 'agent' : 'system',
      body: m.body,
    }));
    this.transcripts.set(taskSid, lines);
  }
}
