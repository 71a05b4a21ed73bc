/**
 * The normalized domain model held by the store. Both backends (simulator and Twilio) translate
 * what they receive into these shapes, keyed by sid. Shapes follow TaskRouter's vocabulary so that
 * the Twilio SDK objects map onto them one to one.
 *
 * Times are epoch milliseconds; durations are seconds unless a name says otherwise.
 */

export type Role = 'agent' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

/** A task channel's unique name: voice, chat, sms, whatsapp, email, or one a workspace defines. */
export type ChannelName = string;

export interface Activity {
  readonly sid: string;
  readonly name: string;
  /** Whether a worker in this activity can be offered tasks. */
  readonly available: boolean;
}

export interface WorkerChannel {
  readonly capacity: number;
  /** Tasks on this channel the worker holds right now (reserved, assigned or wrapping). */
  readonly assigned: number;
  readonly available: boolean;
}

export interface Worker {
  readonly sid: string;
  readonly name: string;
  readonly identity: string;
  readonly activitySid: string;
  /** When the worker entered the current activity. */
  readonly activitySince: number;
  /** Skill name to level (1-10). */
  readonly skills: Readonly<Record<string, number>>;
  readonly languages: readonly string[];
  readonly team?: string;
  readonly email?: string;
  readonly channels: Readonly<Record<ChannelName, WorkerChannel>>;
  /** Queues the worker is eligible for. */
  readonly queueSids: readonly string[];
  /** Raw worker attributes as TaskRouter holds them. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface Queue {
  readonly sid: string;
  readonly name: string;
  readonly channels: readonly ChannelName[];
  /** TaskRouter target-workers expression. */
  readonly targetWorkers: string;
  /** Seconds within which a task must be accepted to count towards the service level. */
  readonly serviceLevelThreshold: number;
  /** Seconds below which an abandoned task counts as short-abandoned. */
  readonly shortAbandonedThreshold: number;
}

export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled';
export const TASK_STATUSES: readonly TaskStatus[] = [
  'pending',
  'reserved',
  'assigned',
  'wrapping',
  'completed',
  'canceled',
];

/** The customer's identity, read from task attributes; what a CRM needs for a screen pop. */
export interface Customer {
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly crmId?: string;
}

export type TransferMode = 'warm' | 'cold';
export type TransferStatus = 'initiated' | 'completed' | 'failed' | 'canceled';

export interface Transfer {
  readonly mode: TransferMode;
  /** Worker or queue sid. */
  readonly to: string;
  readonly toName: string;
  readonly toKind: 'worker' | 'queue';
  readonly status: TransferStatus;
  readonly initiatedBy: string;
  readonly at: number;
}

export interface Task {
  readonly sid: string;
  readonly status: TaskStatus;
  readonly channel: ChannelName;
  readonly queueSid: string;
  readonly queueName: string;
  readonly priority: number;
  readonly createdAt: number;
  readonly assignedAt?: number;
  readonly wrapupAt?: number;
  readonly completedAt?: number;
  readonly canceledAt?: number;
  /** Worker holding the task (reserved, assigned or wrapping). */
  readonly workerSid?: string;
  readonly customer: Customer;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly conversationSid?: string;
  readonly callSid?: string;
  readonly transfer?: Transfer;
  readonly reason?: string;
  /**
   * A supervisor on the task: read-along (`monitor`) on chat and other messaging channels;
   * monitor, coach or barge on voice, where the call's `supervision` says the same.
   */
  readonly supervision?: { readonly supervisorSid: string; readonly mode: SupervisionMode };
}

export type ReservationStatus =
  | 'pending'
  | 'accepted'
  | 'rejected'
  | 'timeout'
  | 'canceled'
  | 'rescinded'
  | 'wrapping'
  | 'completed';

export interface Reservation {
  readonly sid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly status: ReservationStatus;
  readonly createdAt: number;
  /** When a pending reservation times out. */
  readonly timeoutAt: number;
  readonly updatedAt: number;
}

export type MessageAuthorRole = 'agent' | 'customer' | 'system' | 'supervisor';

export interface Attachment {
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  readonly contentType: string;
  readonly url?: string;
}

export interface Message {
  readonly sid: string;
  readonly conversationSid: string;
  /** Position in the conversation, from 0; messages are ordered by it. */
  readonly index: number;
  readonly author: string;
  readonly authorName: string;
  readonly authorRole: MessageAuthorRole;
  readonly body: string;
  readonly timestamp: number;
  readonly attachments?: readonly Attachment[];
  /** Delivery of an agent's message: sending until the backend confirmed it. */
  readonly delivery?: 'sending' | 'sent' | 'failed';
}

export interface Conversation {
  readonly sid: string;
  readonly taskSid: string;
  readonly customerTyping: boolean;
  readonly agentTyping: boolean;
  /** Highest message index the agent has read (-1 for none). */
  readonly agentReadIndex: number;
  /** Highest message index the customer has read (-1 for none). */
  readonly customerReadIndex: number;
  /** Total messages in the conversation, loaded or not. */
  readonly messageCount: number;
  /** Whether older messages exist that are not loaded yet. */
  readonly hasOlder: boolean;
}

export type CallStatus =
  | 'connecting'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'canceled'
  | 'failed';

export type SupervisionMode = 'monitor' | 'coach' | 'barge';

/** A call's recording: running, paused (card details, say) or stopped; absent when not recorded. */
export type RecordingStatus = 'recording' | 'paused' | 'stopped';

/**
 * A live call-quality problem, as the Twilio Voice SDK names its `warning` events: `high-rtt`,
 * `high-jitter`, `high-packet-loss`, `low-mos`, `constant-audio-input-level` (a silent
 * microphone), `constant-audio-output-level`, `ice-connectivity-lost`, `high-packets-lost-fraction`.
 */
export type CallQualityWarning = string;

export interface CallParticipant {
  readonly sid: string;
  readonly name: string;
  readonly kind: 'customer' | 'worker' | 'supervisor' | 'external';
  readonly workerSid?: string;
  readonly onHold: boolean;
  readonly muted: boolean;
  readonly status: 'connecting' | 'joined' | 'left';
}

export interface Call {
  readonly sid: string;
  readonly taskSid?: string;
  readonly direction: 'inbound' | 'outbound';
  readonly status: CallStatus;
  readonly from: string;
  readonly to: string;
  readonly muted: boolean;
  readonly onHold: boolean;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  /** Total seconds on hold so far. */
  readonly holdSeconds: number;
  readonly participants: readonly CallParticipant[];
  readonly supervision?: { readonly supervisorSid: string; readonly mode: SupervisionMode };
  /** The recording, when the call is recorded (config `voice.recording`). */
  readonly recording?: RecordingStatus;
  /** Call-quality warnings in force now (the Voice SDK's `warning` events not yet cleared). */
  readonly qualityWarnings?: readonly CallQualityWarning[];
}

/** Real-time figures for a queue or the workspace. */
export interface RealtimeStatistics {
  readonly tasksByStatus: Readonly<Record<TaskStatus, number>>;
  /** Reserved + assigned + wrapping. */
  readonly activeTasks: number;
  /** Pending + reserved. */
  readonly waitingTasks: number;
  /** Seconds the oldest waiting task has waited. */
  readonly longestWaitingAge: number;
  readonly longestWaitingTaskSid?: string;
  /** Activity name to the number of eligible workers in it. */
  readonly agentsByActivity: Readonly<Record<string, number>>;
  readonly availableAgents: number;
  readonly unavailableAgents: number;
  readonly offlineAgents: number;
  readonly eligibleWorkers: number;
  readonly longestAvailableWorkerSid?: string;
  readonly byChannel: Readonly<
    Record<ChannelName, { readonly active: number; readonly waiting: number; readonly longestWaitingAge: number }>
  >;
}

/** Cumulative figures over a window (today since the reset time, or the last 30 minutes). */
export interface CumulativeStatistics {
  readonly tasksEntered: number;
  readonly tasksAccepted: number;
  readonly tasksCompleted: number;
  readonly tasksCanceled: number;
  readonly tasksHandled: number;
  readonly handledWithinSla: number;
  readonly handledWithinSlaPct: number;
  /** Percentage of tasks accepted within the service level threshold, of accepted + abandoned. */
  readonly serviceLevelPct: number;
  readonly abandoned: number;
  readonly abandonedPct: number;
  readonly shortAbandoned: number;
  readonly shortAbandonedPct: number;
  readonly avgWaitTime: number;
  readonly avgAbandonTime: number;
  readonly avgHandleTime: number;
  readonly avgTalkTime: number;
  readonly avgWrapupTime: number;
  readonly reservationsCreated: number;
  readonly reservationsAccepted: number;
  readonly reservationsRejected: number;
  readonly reservationsTimedOut: number;
  readonly reservationsCanceled: number;
  readonly reservationsRescinded: number;
  readonly transferredOut: number;
  readonly transferredOutPct: number;
}

export interface QueueStatistics {
  /** Queue sid, or the workspace sid for workspace figures. */
  readonly sid: string;
  readonly name: string;
  readonly realtime: RealtimeStatistics;
  readonly today: CumulativeStatistics;
  readonly thirtyMinutes: CumulativeStatistics;
  readonly serviceLevelThreshold: number;
  readonly shortAbandonedThreshold: number;
  readonly updatedAt: number;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

export interface FlexErrorDetail {
  /** Stable machine-readable code, e.g. `unknown-backend`, `forbidden`, `invalid-config`. */
  readonly code: string;
  /** A sentence a person can read. */
  readonly message: string;
  /** Whether the UI keeps working (true) or the connection is lost (false). */
  readonly recoverable: boolean;
}

export type NotificationType = 'information' | 'success' | 'warning' | 'error';

export interface FlexNotification {
  readonly id: string;
  readonly type: NotificationType;
  readonly message: string;
  readonly at: number;
  /** Milliseconds after which it dismisses itself; 0 keeps it until dismissed. */
  readonly timeout: number;
}
