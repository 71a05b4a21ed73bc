import type { Customer, FlexErrorDetail, Role } from './core/model.js';
import type { ContactQuery, CrmContact, CrmRecord } from './core/crm/types.js';

/**
 * The events a CRM listens to. Each is dispatched with `bubbles: true, composed: true`, so a
 * listener on `document` hears every one of them, whichever element sent it.
 */
abstract class FlexEvent<D> extends Event {
  constructor(
    type: string,
    readonly detail: D,
    init: EventInit = {},
  ) {
    super(type, { bubbles: true, composed: true, ...init });
  }
}

export interface ReadyDetail {
  readonly identity: string;
  readonly role: Role;
  readonly backend: string;
  readonly workerSid: string;
}

export class FlexReadyEvent extends FlexEvent<ReadyDetail> {
  static readonly eventName = 'flex-ready';
  constructor(detail: ReadyDetail) {
    super(FlexReadyEvent.eventName, detail);
  }
}

export class FlexErrorEvent extends FlexEvent<FlexErrorDetail> {
  static readonly eventName = 'flex-error';
  constructor(detail: FlexErrorDetail) {
    super(FlexErrorEvent.eventName, detail);
  }
}

/** What a CRM needs to find the record (screen pop) and log the interaction. */
export interface TaskDetail {
  readonly taskSid: string;
  readonly reservationSid?: string;
  readonly channel: string;
  readonly queueName: string;
  readonly customer: Customer;
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * The CRM records the interaction is associated with (`AssociateRecord`, or the one contact a
   * search found): in flex-task-accepted, flex-task-wrapup and flex-task-completed.
   */
  readonly associations?: readonly CrmRecord[];
}

export class FlexReservationCreatedEvent extends FlexEvent<TaskDetail> {
  static readonly eventName = 'flex-reservation-created';
  constructor(detail: TaskDetail) {
    super(FlexReservationCreatedEvent.eventName, detail);
  }
}

export class FlexTaskAcceptedEvent extends FlexEvent<TaskDetail> {
  static readonly eventName = 'flex-task-accepted';
  constructor(detail: TaskDetail) {
    super(FlexTaskAcceptedEvent.eventName, detail);
  }
}

export class FlexTaskSelectedEvent extends FlexEvent<TaskDetail> {
  static readonly eventName = 'flex-task-selected';
  constructor(detail: TaskDetail) {
    super(FlexTaskSelectedEvent.eventName, detail);
  }
}

/** Seconds spent in each phase of a task. */
export interface TaskDurations {
  readonly wait: number;
  readonly talk: number;
  readonly hold: number;
  readonly wrap: number;
}

export interface TaskOutcomeDetail extends TaskDetail {
  readonly disposition?: string;
  readonly notes?: string;
  readonly durations: TaskDurations;
}

export class FlexTaskWrapupEvent extends FlexEvent<TaskOutcomeDetail> {
  static readonly eventName = 'flex-task-wrapup';
  constructor(detail: TaskOutcomeDetail) {
    super(FlexTaskWrapupEvent.eventName, detail);
  }
}

export class FlexTaskCompletedEvent extends FlexEvent<TaskOutcomeDetail> {
  static readonly eventName = 'flex-task-completed';
  constructor(detail: TaskOutcomeDetail) {
    super(FlexTaskCompletedEvent.eventName, detail);
  }
}

export interface ActivityRef {
  readonly sid: string;
  readonly name: string;
}

export interface ActivityChangedDetail {
  readonly workerSid: string;
  readonly previous?: ActivityRef;
  readonly current: ActivityRef;
}

export class FlexActivityChangedEvent extends FlexEvent<ActivityChangedDetail> {
  static readonly eventName = 'flex-activity-changed';
  constructor(detail: ActivityChangedDetail) {
    super(FlexActivityChangedEvent.eventName, detail);
  }
}

export interface CallDetail {
  readonly callSid: string;
  readonly taskSid?: string;
  /** The other party's number. */
  readonly number: string;
  readonly direction: 'inbound' | 'outbound';
}

export class FlexCallStartedEvent extends FlexEvent<CallDetail> {
  static readonly eventName = 'flex-call-started';
  constructor(detail: CallDetail) {
    super(FlexCallStartedEvent.eventName, detail);
  }
}

export interface CallEndedDetail extends CallDetail {
  /** Seconds from answer to hang-up (0 for a call never answered). */
  readonly duration: number;
  /**
   * The call's end: `completed`, `busy`, `no-answer`, `canceled`, `failed`, or `missed` for an
   * inbound call that rang for this person and was not answered by them.
   */
  readonly status: string;
  /** For a `missed` call, why: `rejected`, `timeout` (rang out), `canceled` (the caller hung up) or `rescinded`. */
  readonly reason?: string;
}

export class FlexCallEndedEvent extends FlexEvent<CallEndedDetail> {
  static readonly eventName = 'flex-call-ended';
  constructor(detail: CallEndedDetail) {
    super(FlexCallEndedEvent.eventName, detail);
  }
}

export interface TransferRequestDetail {
  readonly taskSid: string;
  /** Worker or queue sid. */
  readonly to: string;
  readonly toKind: 'worker' | 'queue';
  readonly mode: 'warm' | 'cold';
  /** The "Transfer note" for the receiving agent, when one was written. */
  readonly note?: string;
}

/** Cancelable: `preventDefault()` stops `<flex-worker-directory>` from invoking TransferTask. */
export class FlexTransferRequestEvent extends FlexEvent<TransferRequestDetail> {
  static readonly eventName = 'flex-transfer-request';
  constructor(detail: TransferRequestDetail) {
    super(FlexTransferRequestEvent.eventName, detail, { cancelable: true });
  }
}

export interface RecordingChangedDetail {
  readonly taskSid: string;
  readonly status: 'recording' | 'paused' | 'stopped';
}

/** A call of the person's task started, paused, resumed or stopped recording. */
export class FlexRecordingChangedEvent extends FlexEvent<RecordingChangedDetail> {
  static readonly eventName = 'flex-recording-changed';
  constructor(detail: RecordingChangedDetail) {
    super(FlexRecordingChangedEvent.eventName, detail);
  }
}

export interface CallQualityWarningDetail {
  readonly taskSid: string;
  /** The Voice SDK's warning name: `high-rtt`, `high-jitter`, `high-packet-loss`, `low-mos`, `constant-audio-input-level`, … */
  readonly warning: string;
  /** False when the warning starts, true when it clears. */
  readonly cleared: boolean;
}

/** A call-quality warning started or cleared on the person's call. */
export class FlexCallQualityWarningEvent extends FlexEvent<CallQualityWarningDetail> {
  static readonly eventName = 'flex-call-quality-warning';
  constructor(detail: CallQualityWarningDetail) {
    super(FlexCallQualityWarningEvent.eventName, detail);
  }
}

export interface ContactSearchDetail {
  readonly query: ContactQuery;
  /**
   * Answers the search from the listener: the contacts, or a promise of them. Without it (and
   * without `preventDefault()`), `provider.crm.searchContacts` answers, if there is one.
   */
  respondWith(contacts: readonly CrmContact[] | Promise<readonly CrmContact[]>): void;
}

/**
 * Sent when a reservation arrives, before `provider.crm.searchContacts` is called; cancelable:
 * `preventDefault()` without `respondWith` skips the search for this task.
 */
export class FlexContactSearchEvent extends FlexEvent<ContactSearchDetail> {
  static readonly eventName = 'flex-contact-search';
  constructor(detail: ContactSearchDetail) {
    super(FlexContactSearchEvent.eventName, detail, { cancelable: true });
  }
}

export interface ContactCreateRequestDetail {
  readonly taskSid: string;
  readonly channel: string;
  readonly phone?: string;
  readonly email?: string;
  readonly name?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** "New contact" was chosen because the search found no one: the CRM opens its create form. */
export class FlexContactCreateRequestEvent extends FlexEvent<ContactCreateRequestDetail> {
  static readonly eventName = 'flex-contact-create-request';
  constructor(detail: ContactCreateRequestDetail) {
    super(FlexContactCreateRequestEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'flex-contact-search': FlexContactSearchEvent;
    'flex-contact-create-request': FlexContactCreateRequestEvent;
    'flex-recording-changed': FlexRecordingChangedEvent;
    'flex-call-quality-warning': FlexCallQualityWarningEvent;
    'flex-transfer-request': FlexTransferRequestEvent;
    'flex-ready': FlexReadyEvent;
    'flex-error': FlexErrorEvent;
    'flex-reservation-created': FlexReservationCreatedEvent;
    'flex-task-accepted': FlexTaskAcceptedEvent;
    'flex-task-selected': FlexTaskSelectedEvent;
    'flex-task-wrapup': FlexTaskWrapupEvent;
    'flex-task-completed': FlexTaskCompletedEvent;
    'flex-activity-changed': FlexActivityChangedEvent;
    'flex-call-started': FlexCallStartedEvent;
    'flex-call-ended': FlexCallEndedEvent;
  }
}
