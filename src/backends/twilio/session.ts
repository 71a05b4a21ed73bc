import type { DomainEvent } from '../../core/domain-events.js';
import { FlexError } from '../../core/errors.js';
import type { Role } from '../../core/model.js';
import { BackendError, type SessionOptions } from '../backend.js';
import { Chat } from './chat.js';
import { CompanionServer } from './server.js';
import type { TwilioBackendOptions } from './options.js';
import { sdkError, type TaskRouterModule, type TrReservation, type TrWorker, type VoiceModule } from './sdk-types.js';
import { Supervision } from './supervisor.js';
import { Tasks } from './tasks.js';
import { TokenKeeper, tokenUrlProvider, type AccessTokenClaims } from './tokens.js';
import { Voice } from './voice.js';

type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'error';

/**
 * One signed-in Twilio session: the token, the TaskRouter worker and the state every part shares.
 * The parts (`tasks`, `voice`, `chat`, `supervision`) each own their SDK objects and state; the
 * command handlers (commands.ts) reach everything through this object.
 */
export class TwilioSession {
  options: TwilioBackendOptions = {};
  keeper: TokenKeeper | undefined;
  claims: AccessTokenClaims | undefined;
  role: Role = 'agent';
  identity = '';
  worker: TrWorker | undefined;
  sdk: { TaskRouter?: TaskRouterModule; Voice?: VoiceModule } = {};
  /** This worker's reservations by sid. */
  readonly reservations = new Map<string, TrReservation>();
  reportError: (error: unknown) => void = () => {};
  readonly statuses: Record<string, ConnectionStatus> = {
    taskrouter: 'connecting',
    voice: 'connected',
    chat: 'connected',
  };
  #status = 'idle';
  closed = false;
  failed = false;
  readonly #listeners = new Set<(events: readonly DomainEvent[]) => void>();

  readonly tasks = new Tasks(this);
  readonly voice = new Voice(this);
  readonly chat = new Chat(this);
  readonly supervision = new Supervision(this);
  /** The companion server (`server-url`); `available` is false without one. */
  server = new CompanionServer(this, undefined);

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(events: DomainEvent[]): void {
    if (events.length === 0 || this.closed) return;
    for (const listener of [...this.#listeners]) listener(events);
  }

  /** A notification in the panel (a problem that does not end the session). */
  notify(id: string, type: 'warning' | 'error', message: string, timeout = 8000): void {
    this.emit([{ type: 'notification.shown', notification: { id, type, message, at: Date.now(), timeout } }]);
  }

  /** The signed-in worker; only called once connected. */
  get w(): TrWorker {
    if (!this.worker) throw new BackendError('not-connected', 'Not connected to Twilio');
    return this.worker;
  }

  /** Whether the workspace view (Sync) is expected for this role and token. */
  get feedExpected(): boolean {
    return this.role !== 'agent' && !!(this.claims?.hasSync || this.options.syncFactory);
  }

  // ------------------------------------------------------------------ connection

  async connect(session: SessionOptions): Promise<void> {
    const options = (session.options ?? {}) as TwilioBackendOptions;
    this.options = options;
    if (session.reportError) this.reportError = session.reportError;
    this.server = new CompanionServer(this, options.serverUrl);
    if (options.serverUrl !== undefined && options.serverUrl !== '' && !this.server.available) {
      this.reportError(
        new FlexError('invalid-config', `server-url ${JSON.stringify(options.serverUrl)} is not an http(s) URL: coach, barge and the other server operations are unavailable.`, true),
      );
    }
    const provider = session.tokenProvider ?? (options.tokenUrl ? tokenUrlProvider(options.tokenUrl) : undefined);
    if (!provider) {
      throw new FlexError(
        'token-missing',
        'The Twilio backend needs a token: set token-url on <flex-provider> or its tokenProvider property.',
        false,
      );
    }
    this.emit([{ type: 'connection', status: 'connecting' }]);
    const keeper = new TokenKeeper({
      provider,
      maxAttempts: options.tokenMaxAttempts,
      backoffMs: options.tokenBackoffMs,
      marginMs: options.tokenMarginMs,
      onToken: (token) => this.#applyToken(token),
      onFailure: (error) => this.fail(error),
    });
    this.keeper = keeper;
    const claims = await keeper.start();
    this.claims = claims;
    // The token decides the role, never the page's user-role attribute (client input).
    this.role = claims.role;
    if (claims.unknownGrantRole !== undefined) {
      session.reportError?.(
        new FlexError(
          'unknown-role',
          `The access token's TaskRouter role "${claims.unknownGrantRole}" is not one this library knows (worker, agent, supervisor, admin); signed in as an agent.`,
          true,
        ),
      );
    }
    this.identity = claims.identity ?? session.identity;
    if (!claims.workerSid || !claims.workspaceSid) {
      throw new FlexError(
        'token-invalid',
        'The access token has no TaskRouter grant (workspace and worker sids).',
        false,
      );
    }
    const [TaskRouter, Voice] = await Promise.all([
      import('twilio-taskrouter') as Promise<unknown>,
      claims.hasVoice && options.voice !== false
        ? (import('@twilio/voice-sdk') as Promise<unknown>)
        : Promise.resolve(undefined),
    ]);
    const tr = TaskRouter as TaskRouterModule & { default?: TaskRouterModule };
    this.sdk = { TaskRouter: tr.default ?? tr, Voice: Voice as VoiceModule | undefined };
    // Connected means every SDK the token grants is up, not only TaskRouter.
    if (Voice) this.statuses['voice'] = 'connecting';
    if (claims.hasChat) this.statuses['chat'] = 'connecting';
    try {
      await this.#startWorker(keeper.token);
      await Promise.all([
        this.sdk.Voice ? this.voice.start(keeper.token) : undefined,
        claims.hasChat ? this.chat.start(keeper.token) : undefined,
      ]);
    } catch (error) {
      await this.disconnect();
      throw FlexError.from(error, 'connect-failed');
    }
    this.updateStatus();
    // The transfer directory is not needed to work: a failure is a notice, not a failed sign-in.
    void this.tasks
      .loadDirectory(keeper.token)
      .catch((error: unknown) =>
        this.notify(
          'directory',
          'warning',
          `The list of agents and queues to transfer to could not be loaded: ${FlexError.from(error).message}`,
        ),
      );
    if (this.feedExpected) {
      // The workspace view is not needed for the supervisor's own work: a failure is shown, not fatal.
      await this.supervision.start(keeper.token).catch((error: unknown) => {
        delete this.statuses['sync'];
        this.updateStatus();
        this.reportError(
          new FlexError(
            'sync-failed',
            `Other agents and their tasks could not be loaded from Twilio Sync: ${error instanceof Error ? error.message : String(error)}`,
            true,
          ),
        );
      });
    }
  }

  #startWorker(token: string): Promise<void> {
    const TR = this.sdk.TaskRouter!;
    const Ctor = this.role === 'agent' ? TR.Worker : (TR.Supervisor ?? TR.Worker);
    const o = this.options;
    const worker = new Ctor(token, {
      ...(o.ebServer ? { ebServer: o.ebServer } : {}),
      ...(o.wsServer ? { wsServer: o.wsServer } : {}),
      ...(o.region ? { region: o.region } : {}),
      // Not closeExistingSessions: as in Flex, a second tab or device of the same worker must not
      // cut the first one's TaskRouter socket.
      logLevel: o.logLevel ?? 'error',
    });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('ready', () => {
        this.statuses['taskrouter'] = 'connected';
        if (!ready) {
          ready = true;
          this.tasks.emitInitial();
          resolve();
        } else {
          this.tasks.resync();
        }
        this.updateStatus();
      });
      worker.on('error', (raw: unknown) => {
        const { code, message } = sdkError(raw);
        const auth =
          /token|auth|401|403|20101|20104|20107/i.test(message) || [20101, 20104, 20107, 20151].includes(code);
        if (!ready) {
          // Stop the SDK's own reconnect loop at once: a bad token will not get better.
          try {
            worker.disconnect();
          } catch {
            /* already closed */
          }
          reject(
            new FlexError(
              auth ? 'token-invalid' : 'connect-failed',
              `TaskRouter refused the connection: ${message}`,
              false,
            ),
          );
        } else if (auth) {
          void this.keeper?.refresh(true);
        }
      });
      worker.on('disconnected', () => {
        if (this.closed || this.failed) return;
        this.statuses['taskrouter'] = 'reconnecting';
        this.updateStatus();
      });
      worker.on('tokenExpired', () => void this.keeper?.refresh());
      worker.on('activityUpdated', () => this.emit([{ type: 'worker', worker: this.tasks.workerRecord() }]));
      worker.on('attributesUpdated', () => this.emit([{ type: 'worker', worker: this.tasks.workerRecord() }]));
      worker.on('reservationCreated', (r: TrReservation) => this.tasks.track(r));
      worker.on('reservationFailed', (r: TrReservation) => this.emit(this.tasks.reservationEvents(r)));
    });
  }

  async #applyToken(token: string): Promise<void> {
    const results = await Promise.allSettled([
      Promise.resolve().then(() => this.worker?.updateToken(token)),
      Promise.resolve().then(() => this.tasks.workspace?.updateToken(token)),
      Promise.resolve().then(() => this.voice.device?.updateToken(token)),
      this.chat.port?.updateToken(token),
      this.supervision.sync?.updateToken(token),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  updateStatus(): void {
    if (this.closed || this.failed) return;
    const values = Object.values(this.statuses);
    const status = values.every((v) => v === 'connected')
      ? 'connected'
      : values.includes('connecting')
        ? 'connecting'
        : 'reconnecting';
    if (status === this.#status) return;
    this.#status = status;
    this.emit([{ type: 'connection', status }]);
  }

  /** A failure nothing will repair: a clear signed-out state, every SDK stopped. */
  fail(error: FlexError): void {
    if (this.closed || this.failed) return;
    this.failed = true;
    const detail = new FlexError(error.code, error.message, false).toDetail();
    this.emit([{ type: 'connection', status: 'error', error: detail }]);
    void this.#stopSdks();
  }

  async #stopSdks(): Promise<void> {
    this.keeper?.stop();
    try {
      this.worker?.disconnect();
    } catch {
      /* closed */
    }
    this.voice.stop();
    await this.chat.stop();
    await this.supervision.stop();
  }

  async disconnect(): Promise<void> {
    if (this.closed) return;
    await this.#stopSdks();
    this.emit([{ type: 'connection', status: 'disconnected' }]);
    this.closed = true;
    this.chat.rejectOutbox();
  }

  // ------------------------------------------------------------------ lookups for the commands

  reservation(sid: string): TrReservation {
    const r = this.reservations.get(sid);
    if (!r) throw new BackendError('not-found', `No reservation ${JSON.stringify(sid)}`);
    return r;
  }

  /** This worker's live reservation for a task (the last one when there are several). */
  reservationOfTask(taskSid: string): TrReservation {
    let found: TrReservation | undefined;
    for (const r of this.reservations.values())
      if (r.task.sid === taskSid && ['accepted', 'wrapping', 'pending'].includes(r.status)) found = r;
    if (!found) throw new BackendError('not-found', `No active reservation for task ${JSON.stringify(taskSid)}`);
    return found;
  }

  /** The sid of any reservation of this worker for the task, or ''. */
  reservationSidOfTask(taskSid: string): string {
    for (const r of this.reservations.values()) if (r.task.sid === taskSid) return r.sid;
    return '';
  }

  /** Features this session cannot offer and why (the session event carries them to the elements). */
  unavailable(): Record<string, string> {
    return this.server.available ? {} : { coach: 'server-required', barge: 'server-required' };
  }

  privileged(): void {
    if (this.role === 'agent') throw new BackendError('forbidden', 'Only supervisors and admins may do this');
  }
}
