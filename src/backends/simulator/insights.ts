import { InteractionFold } from '../../core/insights/fold.js';
import { TableInsightsSource, type EvaluationMap } from '../../core/insights/memory-source.js';
import { InteractionTable } from '../../core/insights/table.js';
import type { Evaluation, InsightsEvent, InsightsScope, InsightsSource, InteractionRow, TranscriptLine } from '../../core/insights/types.js';
import { readJson, writeJson } from '../../core/local-storage.js';
import { Random } from '../../engine/random.js';
import { generateHistory } from './insights-history.js';
import type { InsightsRecorder } from './insights-recorder.js';
import type { Simulation } from './simulation.js';

/**
 * The simulator's Insights: a generated past (`sim-history-days`, built on the first query) plus
 * everything the session's engine logged since, folded into one table; evaluations kept in
 * localStorage per seed, so a supervisor's review is there when the agent signs in next (the
 * generated interactions keep their ids for a seed). Loaded on demand with `<flex-insights>`.
 */
interface Shared {
  table?: InteractionTable;
  fold: InteractionFold;
  cursor: number;
  dropped: number;
  evaluations: EvaluationMap;
  /** Live events per task, for the review's timeline. */
  byTask: Map<string, InsightsEvent[]>;
}

const shared = new WeakMap<InsightsRecorder, Shared>();

const storageKey = (seed: number) => `flex-elements.insights.evaluations.${seed}`;

function isEvaluationList(value: unknown): value is Evaluation[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as Evaluation).interactionId === 'string' &&
        typeof (e as Evaluation).evaluator === 'string' &&
        typeof (e as Evaluation).agent === 'string' &&
        typeof (e as Evaluation).score === 'number',
    )
  );
}

function loadEvaluations(seed: number): EvaluationMap {
  const map: EvaluationMap = new Map();
  for (const e of readJson(storageKey(seed), [] as Evaluation[], isEvaluationList)) {
    let byEvaluator = map.get(e.interactionId);
    if (!byEvaluator) map.set(e.interactionId, (byEvaluator = new Map<string, Evaluation>()));
    byEvaluator.set(e.evaluator, e);
  }
  return map;
}

const GREETINGS = ['Hi, I need some help with my order', 'Hello! My invoice looks wrong', 'Hi there, I can’t sign in', 'Good morning, I want to change my plan', 'Hey, my package has not arrived'];
const AGENT_LINES = ['Thanks for reaching out, I’m happy to help.', 'Could you confirm the email on the account?', 'I see it now, one moment please.', 'I’ve fixed that for you.', 'Is there anything else I can do for you today?'];
const CUSTOMER_LINES = ['Sure, it is the one I’m writing from.', 'Ok, thanks.', 'That’s great, thank you!', 'No, that’s all.'];

/** A plausible transcript for a generated messaging interaction (the same for the same id). */
function generatedTranscript(row: InteractionRow): TranscriptLine[] {
  let h = 0;
  for (let i = 0; i < row.id.length; i++) h = Math.imul(h ^ row.id.charCodeAt(i), 16777619);
  const random = new Random(h >>> 0);
  const start = row.createdAt + row.waitMs;
  const span = Math.max(1, row.talkMs + row.holdMs);
  const lines: TranscriptLine[] = [{ at: row.createdAt, author: 'customer', body: random.pick(GREETINGS) }];
  const turns = random.int(2, 4);
  for (let k = 0; k < turns; k++) {
    const at = start + Math.round((span * (k + 0.5)) / (turns + 1));
    lines.push({ at, author: 'agent', body: AGENT_LINES[Math.min(k, AGENT_LINES.length - 1)] });
    lines.push({ at: at + 20_000, author: 'customer', body: CUSTOMER_LINES[Math.min(k, CUSTOMER_LINES.length - 1)] });
  }
  lines.push({ at: start + span, author: 'agent', body: AGENT_LINES[AGENT_LINES.length - 1] });
  return lines;
}

export function openSimulatorInsights(sim: Simulation, recorder: InsightsRecorder, scope: InsightsScope, historyDays: number): InsightsSource {
  let state = shared.get(recorder);
  if (!state) {
    state = { fold: new InteractionFold(), cursor: 0, dropped: 0, evaluations: loadEvaluations(sim.options.seed), byTask: new Map() };
    shared.set(recorder, state);
  }
  const s = state;
  const table = (): InteractionTable => {
    if (!s.table) {
      const t = new InteractionTable();
      // The queues and agents in the directory order, so history is stable for a seed.
      generateHistory(
        {
          seed: sim.options.seed,
          days: historyDays,
          end: recorder.startedAt,
          queues: sim.engine.listQueues().map((q) => ({ sid: q.sid, channels: q.channels })),
          agents: sim.engine.listWorkers().map((w) => w.sid),
          customers: sim.customers.map((c) => c.name),
        },
        (row) => t.append(row),
        (change) => t.appendActivity(change),
      );
      s.table = t;
    }
    // Live events since the last query (the recorder may have dropped the oldest).
    const events = recorder.events;
    let from = s.cursor - (recorder.dropped - s.dropped);
    if (from < 0) from = 0;
    for (let i = from; i < events.length; i++) {
      const event = events[i];
      if (event.type === 'worker.activity') {
        s.table.appendActivity(event);
        continue;
      }
      const list = s.byTask.get(event.taskSid);
      if (list) list.push(event);
      else if (event.type === 'task.created') s.byTask.set(event.taskSid, [event]);
      const row = s.fold.apply(event);
      if (row) s.table.append(row);
    }
    s.cursor = events.length;
    s.dropped = recorder.dropped;
    return s.table;
  };
  return new TableInsightsSource({
    table,
    scope,
    now: () => sim.clock.now(),
    queues: () => sim.engine.listQueues().map((q) => ({ sid: q.sid, name: q.name })),
    agents: () => sim.engine.listWorkers().map((w) => ({ sid: w.sid, name: w.name })),
    transcript: (row) => recorder.transcripts.get(row.id) ?? (s.byTask.has(row.id) ? [] : generatedTranscript(row)),
    events: (id) => s.byTask.get(id),
    evaluations: s.evaluations,
    persist: (map) => {
      const list: Evaluation[] = [];
      for (const byEvaluator of map.values()) list.push(...byEvaluator.values());
      writeJson(storageKey(sim.options.seed), list);
    },
  });
}
