// Types of the Insights store (store.mjs), for TypeScript hosts and this repository's tests.
import type { DashboardSums } from '../../src/core/insights/aggregate.js';
import type { Evaluation, InsightsQuery, InsightsThresholds, InteractionRow } from '../../src/core/insights/types.js';

export type StoredEvaluation = Omit<Evaluation, 'agentName'>;

export interface InsightsStore {
  readonly kind: 'sqlite' | 'postgres';
  addEvents(events: readonly Record<string, unknown>[]): Promise<number>;
  importRows(rows: readonly InteractionRow[]): Promise<void>;
  importActivity(changes: readonly { workerSid: string; at: number; status: string }[]): Promise<void>;
  setNames(kind: 'queue' | 'worker', list: readonly { sid: string; name: string }[]): Promise<void>;
  names(): Promise<{ queues: { sid: string; name: string }[]; agents: { sid: string; name: string }[] }>;
  channels(): Promise<string[]>;
  since(): Promise<number | undefined>;
  dashboardSums(query: InsightsQuery, thresholds: InsightsThresholds): Promise<Omit<DashboardSums, 'evaluations'>>;
  conversations(query: InsightsQuery & { search?: string; limit?: number; offset?: number }): Promise<{ rows: InteractionRow[]; total: number }>;
  exportPage(query: InsightsQuery, afterCreated: number, afterId: string, pageSize: number): Promise<InteractionRow[]>;
  interaction(id: string): Promise<InteractionRow | undefined>;
  evaluations(query: { workerSid?: string; interactionId?: string; from?: number; to?: number }): Promise<StoredEvaluation[]>;
  saveEvaluation(input: { interactionId: string; evaluator: string; agent: string; answers: unknown; comment: string; score: number; at: number }): Promise<StoredEvaluation>;
  close(): Promise<void>;
}

/** `reset` drops the Insights tables first (tests and benchmarks only). */
export function openInsightsStore(options: { sqlite?: string; postgres?: string; reset?: boolean }): Promise<InsightsStore>;
