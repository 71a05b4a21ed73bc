import type { DomainEvent } from '../core/domain-events.js';
import type { Attachment, Role, SupervisionMode, TransferMode } from '../core/model.js';
import type { HandoverState } from './handover.js';

/**
 * The port between the UI and a contact center. Commands go in through `execute`, domain events
 * come out through `subscribe`. Shaped after TaskRouter (workers, activities, reservations, tasks,
 * channels) so that the simulator and the Twilio SDKs both fit behind it.
 *
 * A backend never touches the DOM. It reports every state change as a domain event, including the
 * results of its own commands: `execute` resolves once the backend accepted the command, and the
 * new state arrives as events.
 */
export interface Backend {
  /** `simulator`, `twilio`, or a custom backend's name. */
  readonly name: string;
  /** Opens the session; resolves once the initial state has been emitted. */
  connect(session: SessionOptions): Promise<void>;
  /** Closes the session and releases every timer, socket and listener. Safe to call twice. */
  disconnect(): Promise<void>;
  /** Receives batches of domain events; returns an unsubscribe function. */
  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void;
  execute<K extends CommandName>(name: K, payload: Commands[K]): Promise<CommandResults[K]>;
}

export interface SessionOptions {
  readonly identity: string;
  readonly role: Role;
  /** For backends that need credentials (Twilio). */
  readonly tokenProvider?: () => Promise<string>;
  /** Backend-specific options, e.g. the simulator's seed and size. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Reports a problem that does not end the session (a supervisor's workspace view that failed to
   * load, say): the contact center shows it and emits `flex-error`.
   */
  readonly reportError?: (error: unknown) => void;
  /**
   * A session to continue instead of starting afresh (another tab's, or this tab's before a
   * reload): see `HandoverState`. A backend that cannot continue it starts a new session.
   */
  readonly restore?: HandoverState;
}

/** Every command a backend understands, with its payload. */
export interface Commands {
  /** The signed-in worker (or, with workerSid, another worker: supervisors only). */
  setActivity: { activitySid: string; workerSid?: string; rejectPendingReservations?: boolean };
  setWorkerAttributes: { workerSid: string; attributes: Record<string, unknown> };
  acceptReservation: { reservationSid: string };
  rejectReservation: { reservationSid: string };
  wrapupTask: { taskSid: string; reason?: string };
  completeTask: { taskSid: string; reason?: string };
  transferTask: { taskSid: string; to: string; mode: TransferMode };
  cancelTransfer: { taskSid: string };
  sendMessage: { conversationSid: string; body: string; attachments?: readonly Attachment[]; clientId?: string };
  sendTyping: { conversationSid: string };
  markRead: { conversationSid: string; index: number };
  /** Loads a page of messages older than `before` (an index); events carry them. */
  loadMessages: { conversationSid: string; before?: number; pageSize: number };
  /** `linkedTaskSid`: the callback or voicemail task this call answers (its voice task links back to it). */
  startOutboundCall: { to: string; from?: string; linkedTaskSid?: string };
  hangupCall: { taskSid: string };
  holdCall: { taskSid: string; hold: boolean };
  muteCall: { taskSid: string; muted: boolean };
  sendDigits: { taskSid: string; digits: string };
  holdParticipant: { taskSid: string; participantSid: string; hold: boolean };
  kickParticipant: { taskSid: string; participantSid: string };
  monitorTask: { taskSid: string; mode: SupervisionMode };
  stopMonitoring: { taskSid: string };
  /** The microphone and speaker to use (empty ids: the system default). */
  setAudioDevices: { inputDeviceId: string; outputDeviceId: string };
  /** Dials a number into the task's call (a consultant, an interpreter): an `external` participant. */
  addParticipant: { taskSid: string; to: string; from?: string };
  /** Ends the task's call for every party (the conference ends). */
  endCallForAll: { taskSid: string };
  /** Pauses or resumes the call's recording (Twilio's recording status names). */
  setRecording: { taskSid: string; status: 'paused' | 'in-progress' };
  /** Creates a callback task; `scheduledFor` in epoch ms. */
  createCallback: { to: string; name?: string; scheduledFor?: number; queue?: string; notes?: string };
  /** Parks a conversation: the task ends and frees capacity; the customer's next message brings it back. */
  parkConversation: { taskSid: string };
  /** Writes a task's attributes: merged at the top level (Flex's mergeExisting), or replaced. */
  setTaskAttributes: { taskSid: string; attributes: Record<string, unknown>; merge: boolean };
  /**
   * Starts an agent-initiated conversation (`to`: E.164 for sms and whatsapp, an address for
   * email): a task assigned to the person at once. WhatsApp outside the 24-hour window needs an
   * approved `template` (refused with `template-required`).
   */
  startOutboundConversation: { to: string; channel: 'sms' | 'whatsapp' | 'email'; from?: string; template?: string; body?: string };
}

export interface CommandResults {
  setActivity: void;
  setWorkerAttributes: void;
  acceptReservation: void;
  rejectReservation: void;
  wrapupTask: void;
  completeTask: void;
  transferTask: void;
  cancelTransfer: void;
  sendMessage: { messageSid: string; index: number };
  sendTyping: void;
  markRead: void;
  loadMessages: { loaded: number; hasOlder: boolean };
  startOutboundCall: { taskSid: string; callSid: string };
  hangupCall: void;
  holdCall: void;
  muteCall: void;
  sendDigits: void;
  holdParticipant: void;
  kickParticipant: void;
  monitorTask: void;
  stopMonitoring: void;
  setAudioDevices: void;
  addParticipant: { participantSid: string };
  endCallForAll: void;
  setRecording: void;
  createCallback: { taskSid: string };
  parkConversation: void;
  setTaskAttributes: void;
  startOutboundConversation: { taskSid: string; conversationSid: string };
}

export type CommandName = keyof Commands;

/** Thrown by backends for a command they refuse: the code is stable, the message readable. */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly recoverable = true,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export type BackendFactory = () => Backend | Promise<Backend>;
