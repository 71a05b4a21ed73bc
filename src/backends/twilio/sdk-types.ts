/**
 * The parts of the Twilio SDK objects this backend touches (twilio-taskrouter 2.x, @twilio/voice-sdk
 * 2.x), as small structural interfaces: the SDKs load on demand and are optional peers, so nothing
 * here imports them. Each member is one the backend reads or calls; anything else is left out.
 */

/** A listener of an SDK event; its arguments depend on the event. */
export type Listener = (...args: never[]) => void;

/** The EventEmitter surface the SDK objects share. */
export interface Emitter {
  on(event: string, listener: Listener): unknown;
}

// ------------------------------------------------------------------ twilio-taskrouter

export interface TrActivity {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
  setAsCurrent(options?: { rejectPendingReservations?: boolean }): Promise<unknown>;
}

export interface TrChannel {
  readonly taskChannelUniqueName: string;
  readonly capacity: number;
  readonly assignedTasks?: number;
  readonly available: boolean;
}

/** `task.transfers.outgoing`: the transfer this worker started. */
export interface TrOutgoingTransfer extends Emitter {
  readonly status?: string;
  readonly mode?: string;
  readonly to?: string;
  readonly type?: string;
  readonly workerSid?: string;
  readonly dateCreated?: Date;
  cancel(): Promise<unknown>;
}

/** Options of `reservation.conference()` and `reservation.updateParticipant()` / `task.updateParticipant()`. */
export interface TrParticipantOptions {
  endConferenceOnExit?: boolean;
  endConferenceOnCustomerExit?: boolean;
  hold?: boolean;
  to?: string;
  from?: string;
  [instruction: string]: unknown;
}

export interface TrTask extends Emitter {
  readonly sid: string;
  readonly status: string;
  readonly taskChannelUniqueName: string;
  readonly queueSid?: string;
  readonly queueName?: string;
  readonly priority?: number;
  readonly dateCreated?: Date;
  readonly attributes?: Record<string, unknown>;
  readonly reason?: string | null;
  readonly transfers?: { readonly outgoing?: TrOutgoingTransfer | null };
  transfer(to: string, options: { mode: 'COLD' | 'WARM'; attributes?: Record<string, unknown> }): Promise<unknown>;
  updateParticipant(options: TrParticipantOptions): Promise<unknown>;
  hold(targetWorkerSid: string, onHold: boolean, options?: Record<string, unknown>): Promise<unknown>;
  kick(workerSid: string): Promise<unknown>;
  /** Replaces the task's attributes (TaskRouter has no merge: the object sent is the whole). */
  setAttributes(attributes: Record<string, unknown>): Promise<unknown>;
}

export interface TrReservation extends Emitter {
  readonly sid: string;
  readonly status: string;
  readonly workerSid: string;
  readonly task: TrTask;
  readonly dateCreated?: Date;
  readonly dateUpdated?: Date;
  readonly timeout?: number;
  accept(): Promise<unknown>;
  reject(options?: Record<string, unknown>): Promise<unknown>;
  wrap(): Promise<unknown>;
  complete(): Promise<unknown>;
  conference(options?: TrParticipantOptions): Promise<unknown>;
  updateParticipant(options: TrParticipantOptions): Promise<unknown>;
}

/** `Worker` (an agent) or `Supervisor` (a Worker that can also monitor and manage others). */
export interface TrWorker extends Emitter {
  readonly sid: string;
  readonly workspaceSid?: string;
  readonly friendlyName?: string;
  readonly name?: string;
  readonly attributes?: Record<string, unknown>;
  readonly activity?: { readonly sid: string };
  readonly activitySid?: string;
  readonly dateStatusChanged?: Date;
  readonly dateActivityChanged?: Date;
  readonly activities: Map<string, TrActivity>;
  readonly channels?: Map<string, TrChannel>;
  readonly reservations: Map<string, TrReservation>;
  setAttributes(attributes: Record<string, unknown>): Promise<unknown>;
  createTask(
    to: string,
    from: string,
    workflowSid: string,
    taskQueueSid: string,
    options?: { taskChannelUniqueName?: string; attributes?: Record<string, unknown> },
  ): Promise<string>;
  updateToken(token: string): void;
  disconnect(): void;
  removeListener(event: string, listener: Listener): unknown;
  /** Supervisor only. */
  setWorkerActivity?(
    workerSid: string,
    activitySid: string,
    options?: { rejectPendingReservations?: boolean },
  ): Promise<unknown>;
  /** Supervisor only. */
  setWorkerAttributes?(workerSid: string, attributes: Record<string, unknown>): Promise<unknown>;
  /** Supervisor only: TaskRouter's supervise instruction in monitor mode. */
  monitor?(taskSid: string, reservationSid: string, extraParams?: Record<string, unknown>): Promise<unknown>;
}

/** A worker as `Workspace.fetchWorkers()` returns it. */
export interface TrWorkspaceWorker {
  readonly sid: string;
  readonly friendlyName?: string;
  readonly name?: string;
  readonly activitySid?: string;
  readonly activityName?: string;
  readonly attributes?: Record<string, unknown>;
  readonly dateStatusChanged?: Date;
  readonly dateActivityChanged?: Date;
}

/** A queue as `Workspace.fetchTaskQueues()` returns it. */
export interface TrTaskQueue {
  readonly sid?: string;
  readonly queueSid?: string;
  readonly queueName?: string;
  readonly name?: string;
  readonly friendlyName?: string;
  readonly targetWorkers?: string;
}

export interface TrWorkspace {
  fetchWorkers(): Promise<Map<string, TrWorkspaceWorker>>;
  fetchTaskQueues(): Promise<Map<string, TrTaskQueue>>;
  updateToken(token: string): void;
}

export interface TrClientOptions {
  ebServer?: string;
  wsServer?: string;
  region?: string;
  logLevel?: string;
}

/** The twilio-taskrouter module. */
export interface TaskRouterModule {
  Worker: new (token: string, options: TrClientOptions) => TrWorker;
  Supervisor?: new (token: string, options: TrClientOptions) => TrWorker;
  Workspace?: new (token: string, options: TrClientOptions, workspaceSid?: string) => TrWorkspace;
}

// ------------------------------------------------------------------ @twilio/voice-sdk

export interface VoiceCall extends Emitter {
  readonly parameters?: Readonly<Record<string, string | undefined>>;
  readonly customParameters?: ReadonlyMap<string, string>;
  once(event: string, listener: Listener): unknown;
  accept(options?: { rtcConstraints?: MediaStreamConstraints }): void;
  reject(): void;
  disconnect(): void;
  mute(shouldMute?: boolean): void;
  sendDigits(digits: string): void;
}

export interface VoiceOutputDevices {
  set(deviceIdOrIds: string | string[]): Promise<unknown>;
}

export interface VoiceAudio {
  readonly isOutputSelectionSupported?: boolean;
  readonly availableOutputDevices?: ReadonlyMap<string, unknown>;
  readonly speakerDevices: VoiceOutputDevices;
  readonly ringtoneDevices: VoiceOutputDevices;
  setInputDevice(deviceId: string): Promise<unknown>;
  unsetInputDevice(): Promise<unknown>;
}

export interface VoiceDevice extends Emitter {
  readonly audio?: VoiceAudio | null;
  off?(event: string, listener: Listener): unknown;
  register(): Promise<void>;
  updateToken(token: string): void;
  destroy(): void;
}

/** The @twilio/voice-sdk module. */
export interface VoiceModule {
  Device: new (token: string, options: Record<string, unknown>) => VoiceDevice;
}

/** What an SDK's error event carries. */
export interface SdkError {
  readonly code?: number | string;
  readonly message?: string;
}

/** An SDK error event's argument, read safely. */
export function sdkError(value: unknown): { code: number; message: string } {
  const e = (value && typeof value === 'object' ? value : {}) as SdkError;
  return { code: Number(e.code), message: typeof e.message === 'string' ? e.message : String(value) };
}
