import { FlexError } from '../errors.js';
import { aggregate, compileQuery, matches } from './aggregate.js';
import { eventsOfRow } from './fold.js';
import type { InteractionTable } from './table.js';
import type {
  ConversationPage,
  ConversationQuery,
  ConversationRow,
  Dashboard,
  Evaluation,
  EvaluationQuery,
  InsightsDirectory,
  InsightsEvent,
  InsightsQuery,
  InsightsScope,
  InsightsSource,
  InsightsThresholds,
  InteractionDetail,
  InteractionRow,
  SaveEvaluationInput,
  TimelineStep,
  TranscriptLine,
} from './types.js';

export interface TableSourceOptions {
  /** The interactions (built on first use: a generated past may take a moment). */
  readonly table: () => InteractionTable | Promise<InteractionTable>;
  readonly scope: InsightsScope;
  readonly now: () => number;
  readonly queues: () => readonly { sid: string; name: string }[];
  readonly agents: () => readonly { sid: string; name: string }[];
  /** The messages of a messaging interaction (empty for voice, or when unknown). */
  readonly transcript?: (row: InteractionRow) => readonly TranscriptLine[];
  /** The interaction's real events when known (else they are derived from the row). */
  readonly events?: (id: string) => readonly InsightsEvent[] | undefined;
  /** Where evaluations live (shared by the sources of one contact center); saved through `persist`. */
  readonly evaluations?: EvaluationMap;
  readonly persist?: (evaluations: EvaluationMap) => void;
}

/** interaction id → evaluator identity → evaluation */
export type EvaluationMap = Map<string, Map<string, Evaluation>>;

interface Names {
  readonly queues: Map<string, string>;
  readonly agents: Map<string, string>;
}

/** The call's (or conversation's) timeline from its events. */
export function timelineOf(events: readonly InsightsEvent[], names: (sid: string) => string): TimelineStep[] {
  const steps: TimelineStep[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'task.created':
        steps.push({ at: e.at, kind: 'created', text: names(e.queueSid) });
        break;
      case 'reservation.accepted':
        steps.push({ at: e.at, kind: 'talk', text: names(e.workerSid) });
        break;
      case 'task.hold':
        steps.push({ at: e.at, kind: 'hold' });
        break;
      case 'task.unhold':
        steps.push({ at: e.at, kind: 'resume' });
        break;
      case 'task.transferred':
        steps.push({ at: e.at, kind: 'transfer', ...(e.workerSid ? { text: names(e.workerSid) } : {}) });
        break;
      case 'task.wrapup':
        steps.push({ at: e.at, kind: 'wrapup' });
        break;
      case 'task.completed':
        steps.push({ at: e.at, kind: 'completed', text: [e.disposition, e.notes].filter(Boolean).join(' — ') });
        break;
      case 'task.canceled':
        steps.push({ at: e.at, kind: 'abandoned' });
        break;
      default:
        break;
    }
  }
  return steps;
}

/**
 * An InsightsSource over an in-memory InteractionTable, scoped to one caller: an agent's queries
 * are narrowed to their own worker (asking for another's is `forbidden`), and only supervisors
 * and admins may save evaluations. The simulator's implementation; tests use it too.
 */
export class TableInsightsSource implements InsightsSource {
  readonly #options: TableSourceOptions;
  readonly #evaluations: EvaluationMap;

  constructor(options: TableSourceOptions) {
    this.#options = options;
    this.#evaluations = options.evaluations ?? new Map<string, Map<string, Evaluation>>();
  }

  /** The table, brought up to date (the simulator appends what finished since the last query). */
  async #load(): Promise<InteractionTable> {
    return this.#options.table();
  }

  /** Narrows a query to what the caller may see. */
  #scoped<Q extends InsightsQuery | EvaluationQuery>(query: Q): Q {
    const scope = this.#options.scope;
    if (scope.role !== 'agent') return query;
    if (query.workerSid !== undefined && query.workerSid !== scope.workerSid)
      throw new FlexError('forbidden', 'An agent sees only their own interactions and evaluations.');
    return { ...query, workerSid: scope.workerSid ?? '\u0000none' };
  }

  #names(): Names {
    const queues = new Map(this.#options.queues().map((q) => [q.sid, q.name]));
    const agents = new Map(this.#options.agents().map((a) => [a.sid, a.name]));
    return { queues, agents };
  }

  #scores(): Map<string, number> {
    const scores = new Map<string, number>();
    for (const [id, byEvaluator] of this.#evaluations) {
      let sum = 0;
      for (const e of byEvaluator.values()) sum += e.score;
      if (byEvaluator.size) scores.set(id, Math.round((sum / byEvaluator.size) * 10) / 10);
    }
    return scores;
  }

  async directory(): Promise<InsightsDirectory> {
    const table = await this.#load();
    const scope = this.#options.scope;
    let since: number | undefined;
    for (let i = 0; i < table.length; i++) if (since === undefined || table.created[i] < since) since = table.created[i];
    const agents = this.#options.agents();
    return {
      queues: this.#options.queues(),
      agents: scope.role === 'agent' ? agents.filter((a) => a.sid === scope.workerSid) : agents,
      channels: [...new Set(table.channels.values)].sort(),
      now: this.#options.now(),
      ...(since === undefined ? {} : { since }),
    };
  }

  async dashboard(query: InsightsQuery, thresholds: InsightsThresholds): Promise<Dashboard> {
    const scoped = this.#scoped(query);
    const table = await this.#load();
    const names = this.#names();
    return aggregate(table, scoped, thresholds, {
      now: this.#options.now(),
      queueNames: names.queues,
      agentNames: names.agents,
      scores: this.#scores(),
    });
  }

  #conversationRow(table: InteractionTable, i: number, names: Names, scores: Map<string, number>): ConversationRow {
    const row = table.row(i);
    const score = scores.get(row.id);
    return {
      ...row,
      agentName: names.agents.get(row.workerSid) ?? row.workerSid,
      queueName: names.queues.get(row.queueSid) ?? row.queueSid,
      ...(score === undefined ? {} : { score }),
    };
  }

  /** Indexes of the rows a query selects, newest first, narrowed by a search. */
  #select(table: InteractionTable, query: ConversationQuery, names: Names): number[] {
    const q = compileQuery(table, query);
    const search = query.search?.trim().toLowerCase() ?? '';
    const selected: number[] = [];
    for (let i = 0; i < table.length; i++) {
      if (!matches(table, i, q)) continue;
      if (search) {
        const worker = table.workerSid(i);
        const queue = table.queues.values[table.queue[i]];
        const haystack = [
          table.ids[i],
          names.agents.get(worker) ?? worker,
          names.queues.get(queue) ?? queue,
          table.channels.values[table.channel[i]],
          table.dispositions.values[table.disposition[i]],
          table.customers[i],
        ]
          .join('\n')
          .toLowerCase();
        if (!haystack.includes(search)) continue;
      }
      selected.push(i);
    }
    return selected;
  }

  async conversations(query: ConversationQuery): Promise<ConversationPage> {
    const scoped = this.#scoped(query);
    const table = await this.#load();
    const names = this.#names();
    const selected = this.#select(table, scoped, names);
    selected.sort((a, b) => table.created[b] - table.created[a]);
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.min(500, Math.max(1, query.limit ?? 50));
    const scores = this.#scores();
    return {
      rows: selected.slice(offset, offset + limit).map((i) => this.#conversationRow(table, i, names, scores)),
      total: selected.length,
    };
  }

  async interaction(id: string): Promise<InteractionDetail | undefined> {
    const table = await this.#load();
    const i = table.indexOf(id);
    if (i === undefined) return undefined;
    const scope = this.#options.scope;
    if (scope.role === 'agent' && table.workerSid(i) !== scope.workerSid)
      throw new FlexError('forbidden', 'An agent sees only their own interactions.');
    const names = this.#names();
    const row = this.#conversationRow(table, i, names, this.#scores());
    const events = this.#options.events?.(id) ?? eventsOfRow(row);
    const name = (sid: string) => names.queues.get(sid) ?? names.agents.get(sid) ?? sid;
    return {
      row,
      timeline: timelineOf(events, name),
      transcript: row.channel === 'voice' ? [] : (this.#options.transcript?.(row) ?? []),
      evaluations: [...(this.#evaluations.get(id)?.values() ?? [])],
    };
  }

  async *exportRows(query: InsightsQuery, pageSize: number): AsyncIterable<readonly ConversationRow[]> {
    const scoped = this.#scoped(query);
    const table = await this.#load();
    const names = this.#names();
    const selected = this.#select(table, scoped, names);
    selected.sort((a, b) => table.created[a] - table.created[b]);
    const scores = this.#scores();
    const size = Math.max(1, pageSize);
    for (let k = 0; k < selected.length; k += size) {
      yield selected.slice(k, k + size).map((i) => this.#conversationRow(table, i, names, scores));
    }
  }

  async evaluations(query: EvaluationQuery): Promise<readonly Evaluation[]> {
    const scoped = this.#scoped(query);
    const table = await this.#load();
    const list: Evaluation[] = [];
    for (const byEvaluator of this.#evaluations.values()) {
      for (const e of byEvaluator.values()) {
        if (scoped.workerSid !== undefined && e.agent !== scoped.workerSid) continue;
        const i = table.indexOf(e.interactionId);
        const created = i === undefined ? e.createdAt : table.created[i];
        if (scoped.from !== undefined && created < scoped.from) continue;
        if (scoped.to !== undefined && created >= scoped.to) continue;
        list.push(e);
      }
    }
    return list.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async saveEvaluation(input: SaveEvaluationInput): Promise<Evaluation> {
    const scope = this.#options.scope;
    if (scope.role === 'agent') throw new FlexError('forbidden', 'Only supervisors and admins evaluate interactions.');
    if (input.evaluator !== scope.identity) throw new FlexError('forbidden', 'An evaluation is saved in its author’s name only.');
    const table = await this.#load();
    const i = table.indexOf(input.interactionId);
    if (i === undefined) throw new FlexError('not-found', `There is no finished interaction "${input.interactionId}".`);
    const agent = table.workerSid(i);
    if (!agent) throw new FlexError('invalid-payload', `The interaction "${input.interactionId}" was never answered: there is no agent to evaluate.`);
    let byEvaluator = this.#evaluations.get(input.interactionId);
    if (!byEvaluator) this.#evaluations.set(input.interactionId, (byEvaluator = new Map<string, Evaluation>()));
    const previous = byEvaluator.get(input.evaluator);
    const evaluation: Evaluation = {
      interactionId: input.interactionId,
      evaluator: input.evaluator,
      agent,
      agentName: this.#names().agents.get(agent) ?? agent,
      answers: { ...input.answers },
      comment: input.comment,
      score: input.score,
      createdAt: previous?.createdAt ?? input.at,
      updatedAt: input.at,
    };
    byEvaluator.set(input.evaluator, evaluation);
    this.#options.persist?.(this.#evaluations);
    return evaluation;
  }
}
