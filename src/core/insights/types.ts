/**
 * The Insights data port: what `<flex-insights>` asks a contact center's history, and the shapes
 * of the answers. Two implementations: the simulator's (its event log and a generated past) and
 * the companion server's (TaskRouter events in SQLite or PostgreSQL). Plain data, no DOM.
 */

/** Channels as TaskRouter task channels name them (`voice`, `chat`, `sms`, `whatsapp`, `email`, …). */
export type InsightsChannel = string;

/**
 * One raw event, normalised from TaskRouter's event stream (the same names, so the server stores
 * what Twilio posts and the simulator what its engine logs). Every figure is a fold over these.
 */
export type InsightsEvent =
  | {
      readonly type: 'task.created';
      readonly at: number;
      readonly taskSid: string;
      readonly queueSid: string;
      readonly channel: InsightsChannel;
      /** The customer's name or address, for the conversation list. */
      readonly customer?: string;
    }
  | { readonly type: 'reservation.accepted'; readonly at: number; readonly taskSid: string; readonly workerSid: string }
  | { readonly type: 'task.hold' | 'task.unhold'; readonly at: number; readonly taskSid: string }
  | { readonly type: 'task.transferred'; readonly at: number; readonly taskSid: string; readonly workerSid?: string }
  | { readonly type: 'task.wrapup'; readonly at: number; readonly taskSid: string }
  | {
      readonly type: 'task.completed';
      readonly at: number;
      readonly taskSid: string;
      readonly disposition?: string;
      readonly notes?: string;
    }
  | { readonly type: 'task.canceled'; readonly at: number; readonly taskSid: string }
  | {
      readonly type: 'worker.activity';
      readonly at: number;
      readonly workerSid: string;
      /** `available` (takes tasks), `unavailable` (signed in, not taking tasks) or `offline`. */
      readonly status: 'available' | 'unavailable' | 'offline';
    };

export type InsightsEventType = InsightsEvent['type'];

/** One finished interaction (a completed or canceled task), as the fold of its events. */
export interface InteractionRow {
  readonly id: string;
  readonly createdAt: number;
  readonly endedAt: number;
  readonly queueSid: string;
  readonly channel: InsightsChannel;
  /** The agent who accepted it last (after a transfer, the receiving one); empty when abandoned. */
  readonly workerSid: string;
  readonly customer: string;
  /** Milliseconds from creation to the first acceptance (to the cancel when abandoned). */
  readonly waitMs: number;
  /** Milliseconds talking (accepted to wrap-up, holds excluded). */
  readonly talkMs: number;
  readonly holdMs: number;
  readonly wrapMs: number;
  readonly handled: boolean;
  readonly abandoned: boolean;
  readonly transfers: number;
  readonly disposition: string;
  readonly notes: string;
}

/** A period and filters; `from` inclusive, `to` exclusive, epoch ms (an interaction counts by its creation). */
export interface InsightsQuery {
  readonly from: number;
  readonly to: number;
  readonly queueSid?: string;
  readonly channel?: string;
  readonly workerSid?: string;
}

export interface InsightsThresholds {
  /** Seconds: answered within this counts towards service level (default 20). */
  readonly serviceLevel: number;
  /** Seconds: abandoned before this is a short abandon (default 5). */
  readonly shortAbandoned: number;
  /** Dispositions that mean the customer's issue was resolved (first-contact resolution). */
  readonly resolvedDispositions: readonly string[];
}

export const DEFAULT_THRESHOLDS: InsightsThresholds = {
  serviceLevel: 20,
  shortAbandoned: 5,
  resolvedDispositions: ['Resolved'],
};

/**
 * Counts and sums (durations in whole milliseconds, so sums are exact) for a set of interactions;
 * every figure on a dashboard derives from these.
 */
export interface InsightsSums {
  entered: number;
  handled: number;
  abandoned: number;
  shortAbandoned: number;
  /** Handled within the service-level threshold. */
  answeredInSla: number;
  /** Sum of wait over handled interactions (speed of answer), ms. */
  answerWaitMs: number;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  /** Interactions transferred at least once. */
  transferred: number;
  /** Handled, not transferred, and given a resolving disposition. */
  resolvedFirstContact: number;
}

/** Figures derived from sums: averages in seconds (two decimals), percentages 0–100 (two decimals). */
export interface InsightsFigures extends Readonly<InsightsSums> {
  readonly serviceLevelPct: number;
  readonly asa: number;
  readonly aht: number;
  readonly avgTalk: number;
  readonly avgHold: number;
  readonly avgWrap: number;
  readonly abandonedPct: number;
  readonly shortAbandonedPct: number;
  readonly transferPct: number;
  readonly fcrPct: number;
}

export interface InsightsBucket {
  /** Start of the bucket, epoch ms (an hour of the day: the hour's number 0–23 instead). */
  readonly start: number;
  readonly figures: InsightsFigures;
}

export interface QueueFigures {
  readonly queueSid: string;
  readonly name: string;
  readonly figures: InsightsFigures;
}

export interface AgentFigures {
  readonly workerSid: string;
  readonly name: string;
  readonly figures: InsightsFigures;
  /** Milliseconds signed in (available or unavailable) within the period. */
  readonly loggedInMs: number;
  /** Milliseconds available within the period. */
  readonly availableMs: number;
  /** Handle time over available time, percent. */
  readonly occupancyPct: number;
  /** Handle time over signed-in time, percent. */
  readonly utilisationPct: number;
  readonly evaluations: number;
  /** Average evaluation score (0–100) over the period's evaluated interactions; undefined when none. */
  readonly averageScore?: number;
}

export interface Dashboard {
  readonly query: InsightsQuery;
  readonly totals: InsightsFigures;
  /** 24 buckets, by hour of the day (local time of the contact center's clock). */
  readonly byHour: readonly InsightsBucket[];
  /** One bucket per calendar day in the period. */
  readonly byDay: readonly InsightsBucket[];
  readonly queues: readonly QueueFigures[];
  readonly agents: readonly AgentFigures[];
}

export interface InsightsDirectory {
  readonly queues: readonly { readonly sid: string; readonly name: string }[];
  readonly agents: readonly { readonly sid: string; readonly name: string }[];
  readonly channels: readonly string[];
  /** The contact center's clock now (epoch ms). */
  readonly now: number;
  /** The oldest interaction's creation, epoch ms (undefined when there is none). */
  readonly since?: number;
}

export interface ConversationQuery extends InsightsQuery {
  /** Matches agent, queue, channel, disposition, customer or id, case-insensitive. */
  readonly search?: string;
  readonly offset?: number;
  readonly limit?: number;
}

/** A row of the Conversations list: the interaction plus names and its evaluation score, if any. */
export interface ConversationRow extends InteractionRow {
  readonly agentName: string;
  readonly queueName: string;
  readonly score?: number;
}

export interface ConversationPage {
  readonly rows: readonly ConversationRow[];
  readonly total: number;
}

/** One step of a call's (or a conversation's) life, for the review. */
export interface TimelineStep {
  readonly at: number;
  readonly kind: 'created' | 'ringing' | 'talk' | 'hold' | 'resume' | 'transfer' | 'wrapup' | 'completed' | 'abandoned';
  readonly text?: string;
}

export interface TranscriptLine {
  readonly at: number;
  readonly author: 'customer' | 'agent' | 'system';
  readonly body: string;
}

export interface InteractionDetail {
  readonly row: ConversationRow;
  readonly timeline: readonly TimelineStep[];
  /** Messaging channels: the messages; voice: empty. */
  readonly transcript: readonly TranscriptLine[];
  readonly evaluations: readonly Evaluation[];
}

/** A questionnaire question: its answer type decides how an answer scores (0 to 1, times weight). */
export interface Question {
  readonly id: string;
  readonly label: string;
  /** `scale`: 1–5; `yes-no`: "yes" scores; `choice`: options from worst to best; `text`: not scored. */
  readonly type: 'scale' | 'yes-no' | 'choice' | 'text';
  /** Relative weight in the total (0 for none). */
  readonly weight: number;
  readonly options?: readonly string[];
}

export type EvaluationAnswers = Readonly<Record<string, string | number | boolean>>;

export interface Evaluation {
  readonly interactionId: string;
  /** The evaluator's identity. */
  readonly evaluator: string;
  /** The evaluated agent's worker sid. */
  readonly agent: string;
  readonly agentName: string;
  readonly answers: EvaluationAnswers;
  readonly comment: string;
  /** Weighted total, 0–100 with one decimal. */
  readonly score: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SaveEvaluationInput {
  readonly interactionId: string;
  readonly answers: EvaluationAnswers;
  readonly comment: string;
  readonly score: number;
  readonly evaluator: string;
  readonly at: number;
}

export interface EvaluationQuery {
  readonly workerSid?: string;
  readonly from?: number;
  readonly to?: number;
}

/**
 * The port. Every method answers for the caller it was opened for: an implementation given an
 * agent's scope returns only that agent's interactions and evaluations, whatever the query says.
 */
export interface InsightsSource {
  directory(): Promise<InsightsDirectory>;
  dashboard(query: InsightsQuery, thresholds: InsightsThresholds): Promise<Dashboard>;
  conversations(query: ConversationQuery): Promise<ConversationPage>;
  interaction(id: string): Promise<InteractionDetail | undefined>;
  /** The period's rows in pages of `pageSize`, oldest first (for streaming exports). */
  exportRows(query: InsightsQuery, pageSize: number): AsyncIterable<readonly ConversationRow[]>;
  evaluations(query: EvaluationQuery): Promise<readonly Evaluation[]>;
  saveEvaluation(input: SaveEvaluationInput): Promise<Evaluation>;
}

/** Who is asking: an agent sees only their own worker's data. */
export interface InsightsScope {
  readonly role: 'agent' | 'supervisor' | 'admin';
  readonly workerSid?: string;
  readonly identity: string;
}
