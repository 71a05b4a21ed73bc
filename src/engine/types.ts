import type { SupervisionMode, Transfer, TransferMode } from '../core/model.js';

/** A refused engine operation: `code` is stable (`not-found`, `invalid-state`, `invalid-argument`). */
export class EngineError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-state' | 'invalid-argument',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Input to `createTask`. */
export interface CreateTaskInput {
  readonly channel: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Overrides the workflow step's priority. */
  readonly priority?: number;
  /** Routes straight into this queue (name or sid), skipping the workflow. */
  readonly queueSid?: string;
  /** Workflow sid or name; default the first workflow. */
  readonly workflowSid?: string;
  /** Offers the task only to this worker (transfers to a worker, outbound calls). */
  readonly targetWorkerSid?: string;
  /**
   * Reserves and accepts at once for `targetWorkerSid`, whatever the worker's activity (an
   * outbound call the worker places). Needs free capacity on the channel.
   */
  readonly assignImmediately?: boolean;
}

export interface TransferInput {
  /** A worker sid or a queue sid (or queue name). */
  readonly to: string;
  readonly mode: TransferMode;
}

export interface Supervision {
  readonly supervisorSid: string;
  readonly mode: SupervisionMode;
  readonly since: number;
}

export type { Transfer };
