import { FlexError } from '../errors.js';
import { dashboardFromSums, type DashboardSums } from './aggregate.js';
import { eventsOfRow } from './fold.js';
import { timelineOf } from './memory-source.js';
import type {
  ConversationPage,
  ConversationQuery,
  ConversationRow,
  Dashboard,
  Evaluation,
  EvaluationQuery,
  InsightsDirectory,
  InsightsQuery,
  InsightsSource,
  InsightsThresholds,
  InteractionDetail,
  SaveEvaluationInput,
} from './types.js';

/**
 * Insights from the companion server (`server/insights/`): TaskRouter's events in SQLite or
 * PostgreSQL, queried over HTTP with the caller's access token. The server decides what the
 * token's role may see; this only turns its answers into the port's shapes.
 */
export class HttpInsightsSource implements InsightsSource {
  constructor(
    private readonly serverUrl: string,
    private readonly token: () => Promise<string>,
    private readonly now: () => number,
  ) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.token();
    let response: Response;
    try {
      response = await fetch(new URL(path.replace(/^\//, ''), this.serverUrl.endsWith('/') ? this.serverUrl : `${this.serverUrl}/`), {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new FlexError('server-unreachable', `The companion server at ${this.serverUrl} did not answer: ${(cause as Error).message}`, true, { cause });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new FlexError('upstream-error', `The companion server answered ${response.status} with something that is not JSON.`);
    }
    if (!response.ok) {
      const error = json as { code?: string; message?: string } | null;
      throw new FlexError(error?.code ?? 'upstream-error', error?.message ?? `The companion server answered ${response.status}.`);
    }
    return json as T;
  }

  async directory(): Promise<InsightsDirectory> {
    return this.#call('GET', '/insights/directory');
  }

  async dashboard(query: InsightsQuery, thresholds: InsightsThresholds): Promise<Dashboard> {
    const [sums, directory] = await Promise.all([
      this.#call<DashboardSums & { query: InsightsQuery }>('POST', '/insights/dashboard', { ...query, thresholds }),
      this.directory(),
    ]);
    return dashboardFromSums(query, sums, {
      now: this.now(),
      queueNames: new Map(directory.queues.map((q) => [q.sid, q.name])),
      agentNames: new Map(directory.agents.map((a) => [a.sid, a.name])),
    });
  }

  async conversations(query: ConversationQuery): Promise<ConversationPage> {
    return this.#call('POST', '/insights/conversations', query);
  }

  async interaction(id: string): Promise<InteractionDetail | undefined> {
    const answer = await this.#call<{ row: ConversationRow; evaluations: Evaluation[] }>('GET', `/insights/interactions/${encodeURIComponent(id)}`);
    const name = (sid: string) => (sid === answer.row.queueSid ? answer.row.queueName : sid === answer.row.workerSid ? answer.row.agentName : sid);
    // The server keeps the folded interaction, not each event: the timeline is rebuilt from it,
    // and a transcript needs the Conversations API (not kept here).
    return { row: answer.row, timeline: timelineOf(eventsOfRow(answer.row), name), transcript: [], evaluations: answer.evaluations };
  }

  async *exportRows(query: InsightsQuery, pageSize: number): AsyncIterable<readonly ConversationRow[]> {
    let afterCreated = -1;
    let afterId = '';
    for (;;) {
      const after = afterId ? { afterCreated, afterId } : {};
      const { rows } = await this.#call<{ rows: ConversationRow[] }>('POST', '/insights/export', { ...query, pageSize, ...after });
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      afterCreated = last.createdAt;
      afterId = last.id;
      if (rows.length < pageSize) return;
    }
  }

  async evaluations(query: EvaluationQuery): Promise<readonly Evaluation[]> {
    return (await this.#call<{ evaluations: Evaluation[] }>('POST', '/insights/evaluations/query', query)).evaluations;
  }

  async saveEvaluation(input: SaveEvaluationInput): Promise<Evaluation> {
    return this.#call('PUT', `/insights/evaluations/${encodeURIComponent(input.interactionId)}`, {
      answers: input.answers,
      comment: input.comment,
      score: input.score,
    });
  }
}
