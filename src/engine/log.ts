/** Kinds of entries in the engine's append-only event log. */
export type EngineEventType =
  | 'worker.created'
  | 'worker.activity'
  | 'worker.attributes'
  | 'worker.channel'
  | 'task.created'
  | 'task.queued'
  | 'task.status'
  | 'task.updated'
  | 'reservation.status'
  | 'transfer'
  | 'supervision'
  | 'stats.reset';

/**
 * One state change with its time. Every change of a worker, task or reservation appends exactly
 * one entry; statistics are a fold over these entries, and Insights or the emulator can replay them.
 */
export interface EngineLogEntry {
  /** Position in the log, from 1, never reused. */
  readonly seq: number;
  /** Epoch ms on the engine's clock. */
  readonly at: number;
  readonly type: EngineEventType;
  readonly taskSid?: string;
  readonly reservationSid?: string;
  readonly workerSid?: string;
  readonly queueSid?: string;
  readonly channel?: string;
  /** The new status (task or reservation), activity sid (worker.activity) or transfer/supervision status. */
  readonly status?: string;
  readonly previous?: string;
  readonly reason?: string;
  /** Seconds since the task entered its current queue (on accept, abandon, completion). */
  readonly waitSeconds?: number;
  /** Seconds since the task was created. */
  readonly totalWaitSeconds?: number;
  readonly talkSeconds?: number;
  readonly wrapupSeconds?: number;
  readonly handleSeconds?: number;
  /** task.status canceled: the customer left before an agent accepted. */
  readonly abandoned?: boolean;
  /** task.status completed: an agent had accepted it. */
  readonly handled?: boolean;
  readonly data?: Readonly<Record<string, unknown>>;
}
