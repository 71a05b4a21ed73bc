import type { DomainEvent } from '../../core/domain-events.js';
import { FlexError } from '../../core/errors.js';
import type {
  Activity,
  Call,
  CallParticipant,
  Conversation,
  Message,
  Reservation as DomainReservation,
  Role,
  Task as DomainTask,
  Transfer,
  Worker as DomainWorker,
} from '../../core/model.js';
import { BackendError, type Backend, type CommandName, type CommandResults, type Commands, type SessionOptions } from '../backend.js';
import { readVoiceDevices, VOICE_DEVICES_KEY, type VoiceDeviceSelection } from '../../core/audio-devices.js';
import { loopbackConversations, sdkConversations, type ConversationsFactory, type ConversationsPort, type PortMessage } from './conversations.js';
import { TokenKeeper, decodeAccessToken, tokenUrlProvider, type AccessTokenClaims } from './tokens.js';
import { WorkspaceFeed, customerOf, loopbackSync, workerFromItem, type FeedQueries, type SyncLike } from './workspace-feed.js';

/**
 * `session.options` the Twilio backend reads. Everything that points at Twilio can point at the
 * loopback emulator instead (tools/twilio-emulator), so the same code runs against both.
 */
export interface TwilioBackendOptions {
  /** TaskRouter EventBridge endpoint (default Twilio's). */
  ebServer?: string;
  /** TaskRouter websocket (default Twilio's). */
  wsServer?: string;
  /** Voice signaling host:port (default Twilio's edge). */
  chunderw?: string | string[];
  /** Twilsock URL for Conversations (default Twilio's). */
  twilsockUri?: string;
  /** `sdk` (default) or `loopback` (the emulator's stand-in at `conversationsUrl`). */
  conversations?: 'sdk' | 'loopback';
  conversationsUrl?: string;
  /** A custom Conversations factory (tests, or an injected SDK transport). */
  conversationsFactory?: ConversationsFactory;
  /**
   * A supervisor's or admin's view of every worker and task (Teams View, monitoring), read from
   * Twilio Sync's live query indexes: `sdk` (default: twilio-sync's SyncClient, with the same
   * token, which needs a Sync grant) or `loopback` (the emulator's stand-in at `syncUrl`).
   */
  sync?: 'sdk' | 'loopback';
  syncUrl?: string;
  /** A custom SyncClient-like factory (tests, or a SyncClient with injected internals). */
  syncFactory?: (token: string) => Promise<SyncLike>;
  /** Live query expressions for tr-worker, tr-task and tr-reservation. */
  syncQueries?: Partial<FeedQueries>;
  /** Base URL of the Voice SDK sounds (incoming.mp3, outgoing.mp3, disconnect.mp3, dtmf0.mp3 …); default: silent, nothing fetched. */
  soundsBaseUrl?: string;
  /** Voice Insights publishing (default false: nothing is sent to Twilio's event gateway). */
  insights?: boolean;
  /** Whether to register a Voice Device (default true when the token has a Voice grant). */
  voice?: boolean;
  /** Voice edge / TaskRouter region. */
  edge?: string;
  region?: string;
  /**
   * Outbound calls (Flex's outbound call flow): the workflow and queue `worker.createTask` routes the
   * outbound task through, back to the agent; and the caller ID when the action gives none.
   */
  outboundWorkflowSid?: string;
  outboundQueueSid?: string;
  outboundCallerId?: string;
  /** GET URL returning {token}; used when no tokenProvider is given. */
  tokenUrl?: string;
  /** Token refresh: attempts, first backoff (ms), margin before expiry (ms). */
  tokenMaxAttempts?: number;
  tokenBackoffMs?: number;
  tokenMarginMs?: number;
  logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

type AnyObj = Record<string, any>;

/** A tenth of a second of silence (8 kHz, 8-bit WAV) so the Voice SDK never downloads its sounds from Twilio's CDN by default. */
const SILENT_WAV = (() => {
  const samples = 800;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(0x80, 44);
  return `data:audio/wav;base64,${btoa(String.fromCharCode(...bytes))}`;
})();
const SOUND_NAMES = ['incoming', 'outgoing', 'disconnect', 'dtmf0', 'dtmf1', 'dtmf2', 'dtmf3', 'dtmf4', 'dtmf5', 'dtmf6', 'dtmf7', 'dtmf8', 'dtmf9', 'dtmfs', 'dtmfh'];

/** The query parameters of our own on the contact URI TaskRouter dials (see #legUri). */
const SESSION_PARAM = 'flex_elements_session';
const LEG_PARAM = 'flex_elements_leg';

const ms = (d: Date | null | undefined, fallback: number): number => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.getTime() : fallback);

interface CallState {
  call: AnyObj;
  record: Call;
  holdStartedAt?: number;
}

interface Outgoing {
  clientId: string;
  conversationSid: string;
  /** The message as the store shows it while it waits ('sending'), at a provisional index. */
  pending: Message;
  body: string;
  attachments: readonly { name: string; size: number; contentType: string; file?: File }[];
  resolve: (result: { messageSid: string; index: number }) => void;
  reject: (error: unknown) => void;
}

class TwilioBackendImpl implements Backend {
  readonly name = 'twilio';
  #listeners = new Set<(events: readonly DomainEvent[]) => void>();
  #options: TwilioBackendOptions = {};
  #keeper: TokenKeeper | undefined;
  #claims: AccessTokenClaims | undefined;
  #role: Role = 'agent';
  #identity = '';
  #worker: AnyObj | undefined;
  /** twilio-taskrouter's Workspace: the transfer directory (workers and queues), as Flex fetches it. */
  #workspace: AnyObj | undefined;
  #device: AnyObj | undefined;
  #chat: ConversationsPort | undefined;
  #reservations = new Map<string, AnyObj>();
  /** Voice calls by task sid. */
  #calls = new Map<string, CallState>();
  #pendingIncoming = new Map<string, (call: AnyObj) => void>();
  /** Names this session in the `to` of the legs it asks Twilio for (see #legUri). */
  readonly #sessionId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  #conversations = new Map<string, Conversation>();
  /** Supervisors: every worker and task, from Sync's live queries. */
  #feed: WorkspaceFeed | undefined;
  #sync: SyncLike | undefined;
  /** Tasks this supervisor listens to or joined, with the Voice leg when it is a call. */
  #supervising = new Map<string, { mode: 'monitor' | 'coach' | 'barge'; call?: AnyObj }>();
  #reportError: (error: unknown) => void = () => {};
  #messageCounts = new Map<string, number>();
  #outbox: Outgoing[] = [];
  #flushing = false;
  #statuses = { taskrouter: 'connecting', voice: 'connected', chat: 'connected' } as Record<string, string>;
  #status: string = 'idle';
  #closed = false;
  #failed = false;
  #clientSeq = 0;
  #sdk: { TaskRouter?: AnyObj; Voice?: AnyObj } = {};
  /** Removes the page listeners that follow <flex-voice-settings>' selection. */
  #unwatchDevices: (() => void) | undefined;
  #voiceDevices: VoiceDeviceSelection = { inputDeviceId: '', outputDeviceId: '' };
  /** Whether a microphone was switched during a call (device.audio.setInputDevice keeps it open until unset). */
  #inputPinned = false;
  /** Whether a speaker other than the default was set on the Device. */
  #speakerChosen = false;

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(events: DomainEvent[]): void {
    if (events.length === 0 || this.#closed) return;
    for (const listener of [...this.#listeners]) listener(events);
  }

  // ------------------------------------------------------------------ connection

  async connect(session: SessionOptions): Promise<void> {
    const options = (session.options ?? {}) as TwilioBackendOptions;
    this.#options = options;
    if (session.reportError) this.#reportError = session.reportError;
    const provider = session.tokenProvider ?? (options.tokenUrl ? tokenUrlProvider(options.tokenUrl) : undefined);
    if (!provider) {
      throw new FlexError('token-missing', 'The Twilio backend needs a token: set token-url on <flex-provider> or its tokenProvider property.', false);
    }
    this.#emit([{ type: 'connection', status: 'connecting' }]);
    this.#keeper = new TokenKeeper({
      provider,
      maxAttempts: options.tokenMaxAttempts,
      backoffMs: options.tokenBackoffMs,
      marginMs: options.tokenMarginMs,
      onToken: (token) => this.#applyToken(token),
      onFailure: (error) => this.#fail(error),
    });
    const claims = await this.#keeper.start();
    this.#claims = claims;
    // The token decides the role, never the page's user-role attribute (client input).
    this.#role = claims.role;
    if (claims.unknownGrantRole !== undefined) {
      session.reportError?.(
        new FlexError('unknown-role', `The access token's TaskRouter role "${claims.unknownGrantRole}" is not one this library knows (worker, agent, supervisor, admin); signed in as an agent.`, true),
      );
    }
    this.#identity = claims.identity ?? session.identity;
    if (!claims.workerSid || !claims.workspaceSid) {
      throw new FlexError('token-invalid', 'The access token has no TaskRouter grant (workspace and worker sids).', false);
    }
    const [TaskRouter, Voice] = await Promise.all([
      import('twilio-taskrouter'),
      claims.hasVoice && options.voice !== false ? import('@twilio/voice-sdk') : Promise.resolve(undefined),
    ]);
    this.#sdk = { TaskRouter: ((TaskRouter as AnyObj)['default'] ?? TaskRouter) as AnyObj, Voice: Voice };
    // Connected means every SDK the token grants is up, not only TaskRouter.
    if (Voice) this.#statuses['voice'] = 'connecting';
    if (claims.hasChat) this.#statuses['chat'] = 'connecting';
    try {
      await this.#startWorker(this.#keeper.token);
      await Promise.all([
        this.#sdk.Voice ? this.#startDevice(this.#keeper.token) : undefined,
        claims.hasChat ? this.#startChat(this.#keeper.token) : undefined,
      ]);
    } catch (error) {
      await this.disconnect();
      throw FlexError.from(error, 'connect-failed');
    }
    this.#updateStatus();
    // The transfer directory is not needed to work: a failure is a notice, not a failed sign-in.
    void this.#loadDirectory(this.#keeper.token).catch((error: unknown) =>
      this.#emit([
        {
          type: 'notification.shown',
          notification: { id: 'directory', type: 'warning', message: `The list of agents and queues to transfer to could not be loaded: ${FlexError.from(error).message}`, at: Date.now(), timeout: 8000 },
        },
      ]),
    );
    if (this.#role !== 'agent' && (claims.hasSync || options.syncFactory)) {
      // The workspace view is not needed for the supervisor's own work: a failure is shown, not fatal.
      await this.#startFeed(this.#keeper.token).catch((error: unknown) => {
        delete this.#statuses['sync'];
        this.#updateStatus();
        this.#reportError(
          new FlexError('sync-failed', `Other agents and their tasks could not be loaded from Twilio Sync: ${error instanceof Error ? error.message : String(error)}`, true),
        );
      });
    }
  }

  async #startFeed(token: string): Promise<void> {
    const o = this.#options;
    const sync = o.syncFactory
      ? await o.syncFactory(token)
      : o.sync === 'loopback'
        ? loopbackSync(String(o.syncUrl ?? ''), token)
        : await sdkSync(token, o);
    this.#sync = sync;
    sync.on('connectionStateChanged', (state: string) => {
      if (!this.#feed) return; // still starting: start() reports its own failure
      if (state === 'denied' || state === 'error') {
        // The workspace view stops; the supervisor's own work goes on.
        delete this.#statuses['sync'];
        this.#reportError(new FlexError('sync-failed', `Twilio Sync closed the workspace view (${state}): other agents are no longer updated`, true));
      } else {
        this.#statuses['sync'] = state === 'connected' ? 'connected' : 'reconnecting';
      }
      this.#updateStatus();
    });
    sync.on('tokenAboutToExpire', () => void this.#keeper?.refresh());
    sync.on('tokenExpired', () => void this.#keeper?.refresh());
    const feed = new WorkspaceFeed(
      sync,
      {
        emit: (events) => this.#emit(events),
        isOwnTask: (taskSid) => this.#reservationOfTaskSafe(taskSid) !== '',
        ownWorkerSid: String(this.#worker?.['sid'] ?? ''),
        activities: () => this.#activities(),
        supervision: (taskSid) => {
          const s = this.#supervising.get(taskSid);
          return s && this.#worker ? { supervisorSid: String(this.#worker['sid']), name: this.#workerRecord().name, mode: s.mode } : undefined;
        },
      },
      o.syncQueries,
    );
    await feed.start();
    this.#feed = feed;
    this.#statuses['sync'] = 'connected';
    this.#updateStatus();
  }

  /**
   * Workers and queues to transfer to, as Flex fills its directory: twilio-taskrouter's Workspace
   * (`fetchWorkers`, `fetchTaskQueues` through EventBridge). Other workers reach an agent's store
   * without attributes or e-mail; a supervisor's view of them comes from the Sync feed.
   */
  async #loadDirectory(token: string): Promise<void> {
    const Ctor = this.#sdk.TaskRouter?.['Workspace'] as (new (token: string, options: AnyObj, workspaceSid?: string) => AnyObj) | undefined;
    if (!Ctor || this.#closed) return;
    const o = this.#options;
    const workspace = new Ctor(
      token,
      { ...(o.ebServer ? { ebServer: o.ebServer } : {}), ...(o.region ? { region: o.region } : {}), logLevel: o.logLevel ?? 'error' },
      this.#claims?.workspaceSid,
    );
    this.#workspace = workspace;
    const [workers, queues] = (await Promise.all([workspace['fetchWorkers'](), workspace['fetchTaskQueues']()])) as [Map<string, AnyObj>, Map<string, AnyObj>];
    if (this.#closed) return;
    const events: DomainEvent[] = [
      {
        type: 'queues',
        queues: [...queues.values()].map((q) => ({
          sid: String(q['sid'] ?? q['queueSid']),
          name: String(q['queueName'] ?? q['name'] ?? q['friendlyName'] ?? q['sid']),
          // TaskRouter's queue has no channel list: every channel.
          channels: [],
          targetWorkers: String(q['targetWorkers'] ?? ''),
          serviceLevelThreshold: 0,
          shortAbandonedThreshold: 0,
        })),
      },
    ];
    const feedExpected = this.#role !== 'agent' && (this.#claims?.hasSync || this.#options.syncFactory);
    if (!feedExpected) {
      const own = String(this.#worker?.['sid'] ?? '');
      const now = Date.now();
      const others = [...workers.values()]
        .filter((w) => w['sid'] !== own)
        .map((w) => {
          const attributes = (w['attributes'] ?? {}) as AnyObj;
          const changed = w['dateStatusChanged'] ?? w['dateActivityChanged'];
          const record = workerFromItem(
            String(w['sid']),
            {
              worker_sid: w['sid'],
              friendly_name: w['friendlyName'] ?? w['name'],
              activity_sid: w['activitySid'],
              activity_name: w['activityName'],
              ...(changed instanceof Date ? { date_activity_changed: changed.toISOString() } : {}),
              attributes,
            },
            this.#activities(),
            now,
          );
          // What an agent's browser holds of a colleague: a name to transfer to, not their attributes.
          const { email: _email, ...rest } = record;
          return { ...rest, attributes: {} };
        });
      if (others.length) events.push({ type: 'workers', workers: others });
    }
    this.#emit(events);
  }

  #startWorker(token: string): Promise<void> {
    const TR = this.#sdk.TaskRouter!;
    const Ctor = this.#role === 'agent' ? TR['Worker'] : (TR['Supervisor'] ?? TR['Worker']);
    const o = this.#options;
    const worker = new Ctor(token, {
      ...(o.ebServer ? { ebServer: o.ebServer } : {}),
      ...(o.wsServer ? { wsServer: o.wsServer } : {}),
      ...(o.region ? { region: o.region } : {}),
      // Not closeExistingSessions: as in Flex, a second tab or device of the same worker must not
      // cut the first one's TaskRouter socket.
      logLevel: o.logLevel ?? 'error',
    }) as AnyObj;
    this.#worker = worker;
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('ready', () => {
        this.#statuses['taskrouter'] = 'connected';
        if (!ready) {
          ready = true;
          this.#emitInitial();
          resolve();
        } else {
          this.#resync();
        }
        this.#updateStatus();
      });
      worker.on('error', (error: AnyObj) => {
        const message = String(error?.message ?? error);
        const auth = /token|auth|401|403|20101|20104|20107/i.test(message) || [20101, 20104, 20107, 20151].includes(error?.code);
        if (!ready) {
          // Stop the SDK's own reconnect loop at once: a bad token will not get better.
          try {
            worker.disconnect();
          } catch {
            /* already closed */
          }
          reject(new FlexError(auth ? 'token-invalid' : 'connect-failed', `TaskRouter refused the connection: ${message}`, false));
        } else if (auth) {
          void this.#keeper?.refresh(true);
        }
      });
      worker.on('disconnected', () => {
        if (this.#closed || this.#failed) return;
        this.#statuses['taskrouter'] = 'reconnecting';
        this.#updateStatus();
      });
      worker.on('tokenExpired', () => void this.#keeper?.refresh());
      worker.on('activityUpdated', () => this.#emit([{ type: 'worker', worker: this.#workerRecord() }]));
      worker.on('attributesUpdated', () => this.#emit([{ type: 'worker', worker: this.#workerRecord() }]));
      worker.on('reservationCreated', (r: AnyObj) => this.#track(r));
      worker.on('reservationFailed', (r: AnyObj) => this.#emit(this.#reservationEvents(r)));
    });
  }

  async #startDevice(token: string): Promise<void> {
    const { Device } = this.#sdk.Voice!;
    const o = this.#options;
    const sounds: Record<string, string> = {};
    for (const name of SOUND_NAMES) sounds[name] = o.soundsBaseUrl ? `${o.soundsBaseUrl.replace(/\/$/, '')}/${name}.mp3` : SILENT_WAV;
    const device = new Device(token, {
      ...(o.chunderw ? { chunderw: o.chunderw } : {}),
      ...(o.edge ? { edge: o.edge } : {}),
      sounds,
      publishEvents: o.insights === true,
      closeProtection: false,
      // tokenWillExpire a quarter of the token's lifetime (at most 30 s) before it expires.
      tokenRefreshMs: Math.min(30_000, Math.max(1000, ((this.#claims?.expiresAt ?? 0) - Date.now()) / 4)),
      logLevel: o.logLevel ?? 'error',
    }) as AnyObj;
    this.#device = device;
    device.on('incoming', (call: AnyObj) => this.#onIncoming(call));
    device.on('tokenWillExpire', () => void this.#keeper?.refresh());
    device.on('registered', () => {
      this.#statuses['voice'] = 'connected';
      this.#updateStatus();
    });
    device.on('unregistered', () => {
      if (this.#closed || this.#failed) return;
      this.#statuses['voice'] = 'reconnecting';
      this.#updateStatus();
    });
    this.#watchVoiceDevices();
    await new Promise<void>((resolve, reject) => {
      const onError = (error: AnyObj) => {
        const code = Number(error?.code);
        if (code === 31204 || code === 31205 || code === 20101 || code === 20104) {
          device.off?.('error', onError);
          reject(new FlexError('token-invalid', `Voice refused the token: ${String(error?.message ?? code)}`, false));
        }
      };
      device.on('error', onError);
      (device['register']() as Promise<void>).then(() => {
        device.off?.('error', onError);
        device.on('error', (error: AnyObj) => this.#onDeviceError(error));
        // Registered: the SDK has listed the audio devices by now, so the speaker can be set.
        void this.#applyVoiceDevices();
        resolve();
      }, reject);
    });
  }

  // ------------------------------------------------------------------ audio devices

  /**
   * The selection comes through the `setAudioDevices` command (the SetAudioDevices action, which
   * `<flex-voice-settings>` invokes); a choice made in another tab of this browser arrives as a
   * `storage` event on the key the action writes.
   */
  #watchVoiceDevices(): void {
    this.#voiceDevices = readVoiceDevices();
    if (typeof globalThis.addEventListener !== 'function') return;
    const onStorage = (event: StorageEvent) => {
      if (event.key !== VOICE_DEVICES_KEY) return;
      this.#voiceDevices = readVoiceDevices();
      void this.#applyVoiceDevices();
    };
    globalThis.addEventListener('storage', onStorage);
    this.#unwatchDevices = () => globalThis.removeEventListener('storage', onStorage);
  }

  /** getUserMedia constraints for a call's microphone: the chosen one while it is plugged in, else the default. */
  async #audioConstraints(): Promise<{ rtcConstraints: MediaStreamConstraints } | Record<string, never>> {
    const { inputDeviceId } = this.#voiceDevices;
    if (!inputDeviceId) return {};
    const devices = await globalThis.navigator?.mediaDevices?.enumerateDevices?.().catch(() => []) ?? [];
    if (devices.some((d) => d.kind === 'audioinput' && d.deviceId === inputDeviceId)) {
      return { rtcConstraints: { audio: { deviceId: { exact: inputDeviceId } } } };
    }
    this.#emit([
      {
        type: 'notification.shown',
        notification: { id: 'voice-devices', type: 'warning', message: 'The chosen microphone is not available; the call uses the default microphone.', at: Date.now(), timeout: 8000 },
      },
    ]);
    return {};
  }

  /**
   * The speaker (and ringtone) device at once; the microphone on a call in progress (a new call
   * opens the chosen one through its constraints, so no microphone is held between calls).
   * A device that is gone is reported in a notification and the default is used.
   */
  async #applyVoiceDevices(): Promise<void> {
    const audio = this.#device?.['audio'] as AnyObj | undefined;
    if (!audio || this.#closed || this.#failed) return;
    const { inputDeviceId, outputDeviceId } = this.#voiceDevices;
    const problems: string[] = [];
    // The speaker: only when one was chosen (or a choice was cleared); the system default otherwise.
    if (audio['isOutputSelectionSupported'] && (outputDeviceId || this.#speakerChosen)) {
      this.#speakerChosen = !!outputDeviceId;
      const id = outputDeviceId || 'default';
      // The SDK lists devices asynchronously after construction: give it a moment once.
      if (outputDeviceId && !(audio['availableOutputDevices'] as Map<string, unknown> | undefined)?.has(id)) await new Promise((r) => setTimeout(r, 500));
      try {
        await audio['speakerDevices']['set'](id);
        await audio['ringtoneDevices']['set'](id);
      } catch (error) {
        if (outputDeviceId) problems.push(`speaker: ${FlexError.from(error).message}`);
      }
    }
    const inCall = [...this.#calls.values()].some((c) => ['connecting', 'ringing', 'in-progress'].includes(c.record.status));
    if (inCall) {
      try {
        if (inputDeviceId) {
          await audio['setInputDevice'](inputDeviceId);
          this.#inputPinned = true;
        } else if (this.#inputPinned) {
          await audio['unsetInputDevice']();
          this.#inputPinned = false;
        }
      } catch (error) {
        problems.push(`microphone: ${FlexError.from(error).message}`);
      }
    }
    if (problems.length) {
      this.#emit([
        {
          type: 'notification.shown',
          notification: { id: 'voice-devices', type: 'warning', message: `The chosen audio device is not available (${problems.join('; ')}); using the default.`, at: Date.now(), timeout: 8000 },
        },
      ]);
    }
  }

  /** After the last call: release a microphone switched to during a call. */
  #releaseInput(): void {
    if (!this.#inputPinned) return;
    const busy = [...this.#calls.values()].some((c) => ['connecting', 'ringing', 'in-progress'].includes(c.record.status));
    if (busy) return;
    this.#inputPinned = false;
    void Promise.resolve(this.#device?.['audio']?.['unsetInputDevice']?.()).catch(() => {});
  }

  #onDeviceError(error: AnyObj): void {
    const code = Number(error?.code);
    if (code === 31205 || code === 20104) void this.#keeper?.refresh(true);
  }

  async #startChat(token: string): Promise<void> {
    const o = this.#options;
    const factory: ConversationsFactory =
      o.conversationsFactory ?? (o.conversations === 'loopback' ? loopbackConversations : sdkConversations);
    const chat = await factory(token, o as Record<string, unknown>);
    this.#chat = chat;
    this.#statuses['chat'] = chat.state === 'connected' ? 'connected' : chat.state === 'denied' ? 'error' : 'reconnecting';
    this.#updateStatus();
    // A chat accepted while Conversations was still starting opens now.
    for (const r of this.#reservations.values()) if (r['status'] === 'accepted' || r['status'] === 'wrapping') void this.#openConversation(r);
    let lost = false;
    chat.on('connection', (state) => {
      this.#statuses['chat'] = state === 'connected' ? 'connected' : state === 'denied' ? 'error' : 'reconnecting';
      this.#updateStatus();
      if (state !== 'connected') {
        lost = true;
        return;
      }
      void this.#flushOutbox();
      if (lost) {
        lost = false;
        // What arrived while the connection was down (the customer's messages, read state).
        for (const sid of this.#conversations.keys()) void this.#loadPage(sid, undefined, 30).catch(() => {});
      }
    });
    chat.on('message', (m) => this.#onMessage(m));
    chat.on('typing', (sid, identity, typing) => {
      const c = this.#conversations.get(sid);
      if (!c || identity === this.#identity) return;
      this.#setConversation({ ...c, customerTyping: typing });
    });
    chat.on('read', (sid, identity, index) => {
      const c = this.#conversations.get(sid);
      if (!c) return;
      if (identity === this.#identity) this.#setConversation({ ...c, agentReadIndex: Math.max(c.agentReadIndex, index) });
      else this.#setConversation({ ...c, customerReadIndex: Math.max(c.customerReadIndex, index) });
    });
    chat.on('tokenAboutToExpire', () => void this.#keeper?.refresh());
    chat.on('tokenExpired', () => void this.#keeper?.refresh());
  }

  async #applyToken(token: string): Promise<void> {
    const results = await Promise.allSettled([
      Promise.resolve().then(() => this.#worker?.['updateToken'](token)),
      Promise.resolve().then(() => this.#workspace?.['updateToken'](token)),
      Promise.resolve().then(() => this.#device?.['updateToken'](token)),
      this.#chat?.updateToken(token),
      this.#sync?.updateToken(token),
    ]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed).reason;
  }

  #updateStatus(): void {
    if (this.#closed || this.#failed) return;
    const values = Object.values(this.#statuses);
    const status = values.every((v) => v === 'connected') ? 'connected' : values.includes('connecting') ? 'connecting' : 'reconnecting';
    if (status === this.#status) return;
    this.#status = status;
    this.#emit([{ type: 'connection', status: status as 'connected' }]);
  }

  /** A failure nothing will repair: a clear signed-out state, every SDK stopped. */
  #fail(error: FlexError): void {
    if (this.#closed || this.#failed) return;
    this.#failed = true;
    const detail = new FlexError(error.code, error.message, false).toDetail();
    this.#emit([{ type: 'connection', status: 'error', error: detail }]);
    void this.#stopSdks();
  }

  async #stopSdks(): Promise<void> {
    this.#keeper?.stop();
    this.#unwatchDevices?.();
    this.#unwatchDevices = undefined;
    try {
      this.#worker?.['disconnect']();
    } catch {
      /* closed */
    }
    try {
      this.#device?.['destroy']();
    } catch {
      /* closed */
    }
    await this.#chat?.shutdown().catch(() => {});
    this.#feed?.close();
    await this.#sync?.shutdown().catch(() => {});
  }

  async disconnect(): Promise<void> {
    if (this.#closed) return;
    await this.#stopSdks();
    this.#emit([{ type: 'connection', status: 'disconnected' }]);
    this.#closed = true;
    for (const o of this.#outbox.splice(0)) o.reject(new BackendError('disconnected', 'The session was closed before the message was sent'));
  }

  // ------------------------------------------------------------------ mapping

  #workerRecord(): DomainWorker {
    const w = this.#worker!;
    const attributes = (w['attributes'] ?? {}) as AnyObj;
    const channels: Record<string, { capacity: number; assigned: number; available: boolean }> = {};
    for (const c of (w['channels'] as Map<string, AnyObj> | undefined)?.values() ?? []) {
      channels[c['taskChannelUniqueName']] = { capacity: c['capacity'], assigned: c['assignedTasks'] ?? 0, available: c['available'] };
    }
    return {
      sid: w['sid'],
      name: String(attributes['full_name'] ?? w['friendlyName'] ?? w['name'] ?? this.#identity),
      identity: this.#identity,
      activitySid: w['activity']?.sid ?? w['activitySid'],
      activitySince: ms(w['dateStatusChanged'], Date.now()),
      skills: (attributes['skills'] && typeof attributes['skills'] === 'object' && !Array.isArray(attributes['skills']) ? attributes['skills'] : {}) as Record<string, number>,
      languages: Array.isArray(attributes['languages']) ? attributes['languages'] : [],
      ...(typeof attributes['team_name'] === 'string' ? { team: attributes['team_name'] } : {}),
      ...(typeof attributes['email'] === 'string' ? { email: attributes['email'] } : {}),
      channels,
      queueSids: [],
      attributes,
    };
  }

  /** The workspace's activities, from the TaskRouter Worker. */
  #activities(): Activity[] {
    const all = (this.#worker?.['activities'] as Map<string, AnyObj> | undefined)?.values() ?? [];
    return [...all].map((a) => ({ sid: a['sid'], name: a['name'], available: a['available'] }));
  }

  #emitInitial(): void {
    const w = this.#worker!;
    const activities = this.#activities();
    const events: DomainEvent[] = [
      { type: 'session', workerSid: w['sid'], identity: this.#identity, role: this.#role, workspaceSid: w['workspaceSid'] ?? this.#claims?.workspaceSid ?? '' },
      { type: 'activities', activities },
      { type: 'workers', workers: [this.#workerRecord()] },
    ];
    this.#emit(events);
    for (const r of (w['reservations'] as Map<string, AnyObj>).values()) this.#track(r);
  }

  /** After a reconnect: the SDK re-fetched reservations; re-emit what changed. */
  #resync(): void {
    const w = this.#worker!;
    this.#emit([{ type: 'worker', worker: this.#workerRecord() }]);
    for (const r of (w['reservations'] as Map<string, AnyObj>).values()) {
      const known = this.#reservations.get(r['sid']);
      if (known === r) {
        this.#emit(this.#reservationEvents(r));
        continue;
      }
      // The SDK made new Reservation objects on reconnect: the old ones get no more events.
      this.#reservations.delete(r['sid']);
      this.#track(r);
    }
  }

  #taskRecord(r: AnyObj): DomainTask {
    const t = r['task'] as AnyObj;
    const attributes = (t['attributes'] ?? {}) as AnyObj;
    const call = this.#calls.get(t['sid']);
    const conversationSid = attributes['conversationSid'] ?? attributes['conversation_sid'];
    const transfer = this.#transferOf(t);
    // As in Flex, the agent sees their own reservation's state: after a transfer the shared task
    // stays assigned while this agent's reservation wraps up or completes.
    const own = r['status'] === 'wrapping' ? 'wrapping' : r['status'] === 'completed' ? 'completed' : undefined;
    return {
      sid: t['sid'],
      status: own ?? t['status'],
      channel: t['taskChannelUniqueName'],
      queueSid: t['queueSid'] ?? '',
      queueName: t['queueName'] ?? '',
      priority: t['priority'] ?? 0,
      createdAt: ms(t['dateCreated'], Date.now()),
      workerSid: r['workerSid'],
      customer: customerOf(attributes),
      attributes,
      ...(typeof conversationSid === 'string' ? { conversationSid } : {}),
      ...(call ? { callSid: call.record.sid } : {}),
      ...(t['reason'] ? { reason: String(t['reason']) } : {}),
      ...(transfer ? { transfer } : {}),
    };
  }

  /** The task's outgoing transfer (twilio-taskrouter's `task.transfers.outgoing`) as the store's Transfer. */
  #transferOf(t: AnyObj): Transfer | undefined {
    const o = t['transfers']?.['outgoing'] as AnyObj | null | undefined;
    if (!o) return undefined;
    const status = String(o['status'] ?? '').toLowerCase();
    return {
      mode: o['mode'] === 'COLD' ? 'cold' : 'warm',
      to: String(o['to'] ?? ''),
      toName: String(o['to'] ?? ''),
      toKind: o['type'] === 'QUEUE' ? 'queue' : 'worker',
      status: status === 'complete' || status === 'completed' ? 'completed' : status === 'failed' || status === 'canceled' ? status : 'initiated',
      initiatedBy: String(o['workerSid'] ?? this.#worker?.['sid'] ?? ''),
      at: ms(o['dateCreated'], Date.now()),
    };
  }

  #reservationEvents(r: AnyObj): DomainEvent[] {
    const created = ms(r['dateCreated'], Date.now());
    const reservation: DomainReservation = {
      sid: r['sid'],
      taskSid: r['task']['sid'],
      workerSid: r['workerSid'],
      status: r['status'],
      createdAt: created,
      timeoutAt: created + Number(r['timeout'] ?? 0) * 1000,
      updatedAt: ms(r['dateUpdated'], Date.now()),
    };
    return [
      { type: 'task', task: this.#taskRecord(r) },
      { type: 'reservation', reservation },
    ];
  }

  #track(r: AnyObj): void {
    if (this.#reservations.has(r['sid'])) return;
    this.#reservations.set(r['sid'], r);
    const update = () => {
      const events = this.#reservationEvents(r);
      this.#emit(events);
      this.#emit([{ type: 'worker', worker: this.#workerRecord() }]);
    };
    for (const event of ['accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapup', 'completed']) {
      r['on'](event, () => {
        update();
        if (event === 'accepted') void this.#openConversation(r);
        if (event !== 'accepted') this.#endCallOf(r['task']['sid'], event === 'wrapup' || event === 'completed' ? 'completed' : 'canceled');
      });
    }
    const task = r['task'] as AnyObj;
    for (const event of ['updated', 'wrapup', 'completed', 'canceled']) task['on'](event, update);
    task['on']('transferInitiated', (outgoing: AnyObj) => {
      for (const event of ['attemptFailed', 'canceled', 'completed', 'failed']) outgoing?.['on']?.(event, update);
      update();
    });
    update();
    if (r['status'] === 'accepted' || r['status'] === 'wrapping') void this.#openConversation(r);
  }

  // ------------------------------------------------------------------ conversations

  #conversationSidOf(r: AnyObj): string | undefined {
    const a = (r['task']['attributes'] ?? {}) as AnyObj;
    const sid = a['conversationSid'] ?? a['conversation_sid'];
    return typeof sid === 'string' ? sid : undefined;
  }

  async #openConversation(r: AnyObj): Promise<void> {
    const sid = this.#conversationSidOf(r);
    if (!sid || !this.#chat || this.#conversations.has(sid)) return;
    this.#setConversation({
      sid,
      taskSid: r['task']['sid'],
      customerTyping: false,
      agentTyping: false,
      agentReadIndex: -1,
      customerReadIndex: -1,
      messageCount: 0,
      hasOlder: false,
    });
    try {
      await this.#loadPage(sid, undefined, 30);
    } catch (error) {
      this.#emit([{ type: 'notification.shown', notification: { id: `chat-${sid}`, type: 'error', message: `Could not load the conversation: ${FlexError.from(error).message}`, at: Date.now(), timeout: 0 } }]);
    }
  }

  async #loadPage(sid: string, before: number | undefined, pageSize: number): Promise<{ loaded: number; hasOlder: boolean }> {
    const page = await this.#chat!.page(sid, { ...(before === undefined ? {} : { before }), pageSize });
    const c = this.#conversations.get(sid)!;
    this.#messageCounts.set(sid, Math.max(this.#messageCounts.get(sid) ?? 0, page.count));
    this.#emit([{ type: 'messages', conversationSid: sid, messages: page.items.map((m) => this.#message(m)) }]);
    let agentRead = c.agentReadIndex;
    let customerRead = c.customerReadIndex;
    for (const [identity, index] of Object.entries(page.read)) {
      if (identity === this.#identity) agentRead = Math.max(agentRead, index);
      else customerRead = Math.max(customerRead, index);
    }
    this.#setConversation({
      ...c,
      messageCount: this.#messageCounts.get(sid)!,
      hasOlder: before === undefined || before <= (page.items[0]?.index ?? 0) ? page.hasOlder : c.hasOlder,
      agentReadIndex: agentRead,
      customerReadIndex: customerRead,
    });
    return { loaded: page.items.length, hasOlder: page.hasOlder };
  }

  #message(m: PortMessage): Message {
    const mine = m.author === this.#identity;
    const role = mine ? 'agent' : m.author === 'system' ? 'system' : m.attributes['role'] === 'agent' ? 'agent' : 'customer';
    return {
      sid: m.sid,
      conversationSid: m.conversationSid,
      index: m.index,
      author: m.author,
      authorName: mine ? (this.#worker ? this.#workerRecord().name : m.author) : (typeof m.attributes['authorName'] === 'string' ? m.attributes['authorName'] : (role === 'customer' ? (this.#customerName(m.conversationSid) ?? m.author) : m.author)),
      authorRole: role,
      body: m.body,
      timestamp: m.dateCreated,
      ...(m.media?.length ? { attachments: m.media.map((x) => ({ name: x.filename, size: x.size, contentType: x.contentType, ...(x.url ? { url: x.url } : {}) })) } : {}),
      ...(mine ? { delivery: 'sent' as const } : {}),
    };
  }

  #customerName(conversationSid: string): string | undefined {
    for (const r of this.#reservations.values()) if (this.#conversationSidOf(r) === conversationSid) return customerOf(r['task']['attributes'] ?? {}).name;
    return undefined;
  }

  #onMessage(m: PortMessage): void {
    const c = this.#conversations.get(m.conversationSid);
    if (!c) return;
    const count = Math.max(this.#messageCounts.get(m.conversationSid) ?? 0, m.index + 1);
    this.#messageCounts.set(m.conversationSid, count);
    this.#emit([{ type: 'messages', conversationSid: m.conversationSid, messages: [this.#message(m)] }]);
    const mine = m.author === this.#identity;
    this.#setConversation({
      ...c,
      messageCount: count,
      ...(mine ? { agentReadIndex: Math.max(c.agentReadIndex, m.index), agentTyping: false } : { customerTyping: false }),
    });
  }

  #setConversation(c: Conversation): void {
    this.#conversations.set(c.sid, c);
    this.#emit([{ type: 'conversation', conversation: c }]);
  }

  /** Sends queued messages once each, in order; stops at the first failure and retries on reconnect. */
  async #flushOutbox(): Promise<void> {
    if (this.#flushing || !this.#chat) return;
    this.#flushing = true;
    try {
      while (this.#outbox.length > 0 && this.#chat.state === 'connected' && !this.#closed) {
        const next = this.#outbox[0];
        let sent: PortMessage;
        try {
          sent = await this.#chat.send(next.conversationSid, {
            body: next.body,
            attributes: next.attachments.length ? { attachments: next.attachments.map(({ name, size, contentType }) => ({ name, size, contentType })) } : {},
            clientId: next.clientId,
            files: next.attachments.flatMap((a) => (a.file ? [a.file] : [])),
          });
        } catch (error) {
          // Lost connection: keep it queued (the clientId makes a resend idempotent). Refused: drop it with the error.
          if (this.#chat.state === 'connected') {
            this.#outbox.shift();
            this.#emit([{ type: 'messages', conversationSid: next.conversationSid, messages: [{ ...next.pending, delivery: 'failed' }] }]);
            next.reject(new BackendError('send-failed', `The message was not sent: ${FlexError.from(error).message}`));
            continue;
          }
          break;
        }
        this.#outbox.shift();
        // The confirmed message takes its real index ('sent'); a provisional index another message
        // took meanwhile is overwritten by that message (indexes are dense).
        this.#emit([{ type: 'messages', conversationSid: sent.conversationSid, messages: [this.#message(sent)] }]);
        next.resolve({ messageSid: sent.sid, index: sent.index });
      }
    } finally {
      this.#flushing = false;
    }
  }

  // ------------------------------------------------------------------ voice

  /**
   * Twilio dials `contact_uri` for TaskRouter's conference and supervise instructions and puts
   * nothing of TaskRouter's in the invite. As Flex does, each instruction gets a `to` of our own:
   * the contact URI plus query parameters naming this session and the leg we expect
   * (`task:WT…`, `supervise:WT…`); Twilio hands a `client:` URI's query parameters to the Device as
   * the call's custom parameters, which is how the incoming call is recognised.
   */
  #legUri(leg: string): string {
    const attributes = (this.#worker?.['attributes'] ?? {}) as AnyObj;
    const contact = typeof attributes['contact_uri'] === 'string' && attributes['contact_uri'] ? attributes['contact_uri'] : `client:${this.#identity}`;
    const context = new URLSearchParams({ [SESSION_PARAM]: this.#sessionId, [LEG_PARAM]: leg }).toString();
    return `${contact}${contact.includes('?') ? '&' : '?'}${context}`;
  }

  #onIncoming(call: AnyObj): void {
    const custom = call['customParameters'] as Map<string, string> | undefined;
    const params = new URLSearchParams(String(call['parameters']?.['Params'] ?? ''));
    const get = (name: string) => custom?.get?.(name) ?? params.get(name) ?? undefined;
    const session = get(SESSION_PARAM);
    const leg = get(LEG_PARAM);
    const waiter = session === this.#sessionId && leg ? this.#pendingIncoming.get(leg) : undefined;
    if (!leg || !waiter) {
      // Not a leg this session asked for (another tab's, or a call from elsewhere): leave it ringing
      // for the session that did, rather than rejecting it for every Device of this identity.
      if (session && session !== this.#sessionId) return;
      call['reject']?.();
      return;
    }
    this.#pendingIncoming.delete(leg);
    waiter(call);
  }

  /** The Device call that a request is about to make Twilio place to this Device. */
  #expectIncoming(key: string, what: string): { call: Promise<AnyObj>; cancel: () => void } {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const call = new Promise<AnyObj>((resolve, reject) => {
      timer = setTimeout(() => {
        this.#pendingIncoming.delete(key);
        reject(new BackendError('call-timeout', `${what} did not arrive`));
      }, 20_000);
      this.#pendingIncoming.set(key, (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return {
      call,
      cancel: () => {
        clearTimeout(timer);
        this.#pendingIncoming.delete(key);
      },
    };
  }

  #setupCall(taskSid: string, call: AnyObj, direction: 'inbound' | 'outbound', from: string, to: string): CallState {
    const now = Date.now();
    const participants: CallParticipant[] = [
      { sid: `${taskSid}-customer`, name: from, kind: 'customer', onHold: false, muted: false, status: 'joined' },
      { sid: `${taskSid}-worker`, name: this.#worker ? this.#workerRecord().name : this.#identity, kind: 'worker', workerSid: this.#worker?.['sid'], onHold: false, muted: false, status: 'joined' },
    ];
    const state: CallState = {
      call,
      record: {
        sid: String(call['parameters']?.['CallSid'] ?? `${taskSid}-call`),
        taskSid,
        direction,
        status: 'connecting',
        from,
        to,
        muted: false,
        onHold: false,
        startedAt: now,
        holdSeconds: 0,
        participants,
      },
    };
    this.#calls.set(taskSid, state);
    const set = (patch: Partial<Call>) => {
      state.record = { ...state.record, ...patch };
      this.#emit([{ type: 'call', call: state.record }]);
    };
    call['on']('accept', () => set({ status: 'in-progress', answeredAt: Date.now(), sid: String(call['parameters']?.['CallSid'] ?? state.record.sid) }));
    call['on']('ringing', () => set({ status: 'ringing' }));
    call['on']('mute', (muted: boolean) =>
      set({ muted, participants: state.record.participants.map((p) => (p.kind === 'worker' ? { ...p, muted } : p)) }),
    );
    call['on']('disconnect', () => {
      set({ status: 'completed', endedAt: Date.now() });
      this.#releaseInput();
    });
    call['on']('cancel', () => set({ status: 'canceled', endedAt: Date.now() }));
    call['on']('reject', () => set({ status: 'canceled', endedAt: Date.now() }));
    call['on']('error', (error: AnyObj) =>
      this.#emit([{ type: 'notification.shown', notification: { id: `call-${taskSid}`, type: 'error', message: `Call problem: ${String(error?.message ?? error)}`, at: Date.now(), timeout: 8000 } }]),
    );
    this.#emit([{ type: 'call', call: state.record }]);
    return state;
  }

  #endCallOf(taskSid: string, status: 'completed' | 'canceled'): void {
    const state = this.#calls.get(taskSid);
    if (!state || state.record.status === 'completed' || state.record.status === 'canceled' || state.record.status === 'failed') return;
    try {
      state.call['disconnect']();
    } catch {
      /* already closed */
    }
    state.record = { ...state.record, status, endedAt: Date.now() };
    this.#emit([{ type: 'call', call: state.record }]);
  }

  async #acceptVoice(r: AnyObj): Promise<void> {
    const taskSid = r['task']['sid'] as string;
    if (!this.#device) throw new BackendError('no-voice', 'Voice is not available: the token has no Voice grant or the device did not register');
    const attributes = (r['task']['attributes'] ?? {}) as AnyObj;
    const incoming = this.#expectIncoming(`task:${taskSid}`, 'The call for this task');
    try {
      // As Flex: the conference ends when the agent or the customer leaves (a cold transfer turns
      // the agent's endConferenceOnExit off first); Twilio dials our own `to`, not bare contact_uri.
      await r['conference']({ endConferenceOnExit: true, endConferenceOnCustomerExit: true, to: this.#legUri(`task:${taskSid}`) });
    } catch (error) {
      incoming.cancel();
      throw error;
    }
    const call = await incoming.call;
    const outbound = attributes['direction'] === 'outbound' || typeof attributes['outbound_to'] === 'string';
    if (outbound) this.#setupCall(taskSid, call, 'outbound', String(attributes['from'] ?? this.#identity), String(attributes['outbound_to'] ?? attributes['to'] ?? ''));
    else this.#setupCall(taskSid, call, 'inbound', String(attributes['from'] ?? 'anonymous'), String(attributes['to'] ?? ''));
    const accepted = new Promise<void>((resolve) => call['once']('accept', () => resolve()));
    call['accept'](await this.#audioConstraints());
    await accepted;
    this.#emit(this.#reservationEvents(r));
  }

  // ------------------------------------------------------------------ commands

  #reservation(sid: string): AnyObj {
    const r = this.#reservations.get(sid);
    if (!r) throw new BackendError('not-found', `No reservation ${JSON.stringify(sid)}`);
    return r;
  }

  #reservationOfTask(taskSid: string): AnyObj {
    let found: AnyObj | undefined;
    for (const r of this.#reservations.values()) if (r['task']['sid'] === taskSid && ['accepted', 'wrapping', 'pending'].includes(r['status'])) found = r;
    if (!found) throw new BackendError('not-found', `No active reservation for task ${JSON.stringify(taskSid)}`);
    return found;
  }

  #activeCall(taskSid: string): CallState {
    const state = this.#calls.get(taskSid);
    if (!state || !['connecting', 'ringing', 'in-progress'].includes(state.record.status))
      throw new BackendError('invalid-state', `Task ${taskSid} has no call in progress`);
    return state;
  }

  #privileged(): void {
    if (this.#role === 'agent') throw new BackendError('forbidden', 'Only supervisors and admins may do this');
  }

  async execute<K extends CommandName>(name: K, payload: Commands[K]): Promise<CommandResults[K]> {
    if (!this.#worker || this.#closed) throw new BackendError('not-connected', `Cannot run ${String(name)}: not connected to Twilio`);
    if (this.#failed) throw new BackendError('signed-out', `Cannot run ${String(name)}: signed out`);
    try {
      return (await this.#run(name, payload)) as CommandResults[K];
    } catch (error) {
      if (error instanceof BackendError) throw error;
      const flex = FlexError.from(error, 'twilio-error');
      throw new BackendError(flex.code, flex.message);
    }
  }

  async #run(name: CommandName, p: AnyObj): Promise<unknown> {
    const w = this.#worker!;
    switch (name) {
      case 'setActivity': {
        if (p['workerSid'] && p['workerSid'] !== w['sid']) {
          this.#privileged();
          await w['setWorkerActivity'](p['workerSid'], p['activitySid'], { rejectPendingReservations: !!p['rejectPendingReservations'] });
          return;
        }
        const activity = (w['activities'] as Map<string, AnyObj>).get(p['activitySid']);
        if (!activity) throw new BackendError('not-found', `No activity ${JSON.stringify(p['activitySid'])}`);
        await activity['setAsCurrent']({ rejectPendingReservations: !!p['rejectPendingReservations'] });
        return;
      }
      case 'setAudioDevices':
        this.#voiceDevices = { inputDeviceId: String(p['inputDeviceId'] ?? ''), outputDeviceId: String(p['outputDeviceId'] ?? '') };
        await this.#applyVoiceDevices();
        return;
      case 'setWorkerAttributes': {
        // TaskRouter replaces a worker's attributes: as Flex's mergeExisting, the change is merged
        // onto the current ones (top-level keys) so a partial update keeps contact_uri, routing…
        const change = (p['attributes'] ?? {}) as AnyObj;
        if (p['workerSid'] === w['sid']) {
          await w['setAttributes']({ ...((w['attributes'] ?? {}) as AnyObj), ...change });
          return;
        }
        this.#privileged();
        const current = this.#feed?.workerAttributes(String(p['workerSid']));
        if (!current) {
          throw new BackendError(
            'not-found',
            `The current attributes of worker ${String(p['workerSid'])} are not known (no workspace view from Twilio Sync): TaskRouter replaces attributes, so a partial update would erase the others`,
          );
        }
        await w['setWorkerAttributes'](p['workerSid'], { ...current, ...change });
        return;
      }
      case 'acceptReservation': {
        const r = this.#reservation(p['reservationSid']);
        if (r['task']['taskChannelUniqueName'] === 'voice') await this.#acceptVoice(r);
        else await r['accept']();
        this.#emit(this.#reservationEvents(r));
        return;
      }
      case 'rejectReservation': {
        const r = this.#reservation(p['reservationSid']);
        await r['reject']();
        this.#emit(this.#reservationEvents(r));
        return;
      }
      case 'wrapupTask': {
        const r = this.#reservationOfTask(p['taskSid']);
        this.#endCallOf(p['taskSid'], 'completed');
        // The agent's own reservation, as Flex: after a transfer the task has other reservations.
        if (r['status'] === 'accepted') await r['wrap']();
        this.#emit(this.#reservationEvents(r));
        return;
      }
      case 'completeTask': {
        const r = this.#reservationOfTask(p['taskSid']);
        this.#endCallOf(p['taskSid'], 'completed');
        await r['complete']();
        this.#emit(this.#reservationEvents(r));
        return;
      }
      case 'transferTask': {
        const r = this.#reservationOfTask(p['taskSid']);
        const cold = p['mode'] === 'cold';
        // A cold transfer, as Flex: the agent's leaving must not end the conference (and drop the
        // customer), so endConferenceOnExit goes off first, and back on if the transfer fails to start.
        const inConference = cold && r['task']['taskChannelUniqueName'] === 'voice' && this.#calls.has(String(p['taskSid']));
        if (inConference) await r['updateParticipant']({ endConferenceOnExit: false });
        try {
          await r['task']['transfer'](p['to'], { mode: cold ? 'COLD' : 'WARM' });
        } catch (error) {
          if (inConference) await Promise.resolve(r['updateParticipant']({ endConferenceOnExit: true })).catch(() => {});
          throw error;
        }
        this.#emit(this.#reservationEvents(r));
        return;
      }
      case 'cancelTransfer': {
        const r = this.#reservationOfTask(p['taskSid']);
        const outgoing = r['task']['transfers']?.['outgoing'];
        if (!outgoing) throw new BackendError('invalid-state', `Task ${p['taskSid']} has no transfer in progress`);
        await outgoing['cancel']();
        this.#emit(this.#reservationEvents(r));
        return;
      }
      case 'sendMessage': {
        const body = String(p['body'] ?? '');
        const attachments = (p['attachments'] ?? []) as Outgoing['attachments'];
        if (!body.trim() && attachments.length === 0) throw new BackendError('invalid-argument', 'sendMessage needs a body or an attachment');
        if (!this.#chat) throw new BackendError('no-chat', 'Conversations is not available: the token has no Chat grant');
        if (!this.#conversations.has(p['conversationSid'])) throw new BackendError('not-found', `No conversation ${JSON.stringify(p['conversationSid'])}`);
        const conversationSid = String(p['conversationSid']);
        const clientId = String(p['clientId'] ?? `${this.#identity}-${Date.now().toString(36)}-${++this.#clientSeq}`);
        // Nothing typed is invisible: the message shows at once as 'sending', at the index it will
        // most likely get (after what is known and what is already queued), until confirmed.
        let index = this.#messageCounts.get(conversationSid) ?? 0;
        for (const o of this.#outbox) if (o.conversationSid === conversationSid) index = Math.max(index, o.pending.index + 1);
        const pending: Message = {
          sid: `pending-${clientId}`,
          conversationSid,
          index,
          author: this.#identity,
          authorName: this.#workerRecord().name,
          authorRole: 'agent',
          body,
          timestamp: Date.now(),
          ...(attachments.length ? { attachments: attachments.map(({ name, size, contentType }) => ({ name, size, contentType })) } : {}),
          delivery: 'sending',
        };
        this.#emit([{ type: 'messages', conversationSid, messages: [pending] }]);
        return new Promise((resolve, reject) => {
          this.#outbox.push({ clientId, conversationSid, pending, body, attachments, resolve, reject });
          void this.#flushOutbox();
        });
      }
      case 'sendTyping':
        await this.#chat?.typing(p['conversationSid']);
        return;
      case 'markRead': {
        await this.#chat?.read(p['conversationSid'], p['index']);
        const c = this.#conversations.get(p['conversationSid']);
        if (c && p['index'] > c.agentReadIndex) this.#setConversation({ ...c, agentReadIndex: p['index'] });
        return;
      }
      case 'loadMessages': {
        if (!this.#chat || !this.#conversations.has(p['conversationSid'])) throw new BackendError('not-found', `No conversation ${JSON.stringify(p['conversationSid'])}`);
        return this.#loadPage(p['conversationSid'], p['before'], p['pageSize'] ?? 30);
      }
      case 'startOutboundCall':
        return this.#outbound(String(p['to'] ?? ''), p['from'] as string | undefined);
      case 'hangupCall':
        this.#activeCall(p['taskSid']).call['disconnect']();
        return;
      case 'holdCall': {
        const state = this.#activeCall(p['taskSid']);
        const r = this.#reservationOfTask(p['taskSid']);
        await r['task']['updateParticipant']({ hold: !!p['hold'] });
        const now = Date.now();
        const hold = !!p['hold'];
        const holdSeconds = !hold && state.holdStartedAt !== undefined ? state.record.holdSeconds + (now - state.holdStartedAt) / 1000 : state.record.holdSeconds;
        state.holdStartedAt = hold ? now : undefined;
        state.record = { ...state.record, onHold: hold, holdSeconds, participants: state.record.participants.map((x) => (x.kind === 'customer' ? { ...x, onHold: hold } : x)) };
        this.#emit([{ type: 'call', call: state.record }]);
        return;
      }
      case 'muteCall':
        this.#activeCall(p['taskSid']).call['mute'](!!p['muted']);
        return;
      case 'sendDigits':
        if (!/^[0-9*#wW]{1,32}$/.test(String(p['digits']))) throw new BackendError('invalid-argument', `sendDigits accepts 0-9, *, # and w, got ${JSON.stringify(p['digits'])}`);
        this.#activeCall(p['taskSid']).call['sendDigits'](String(p['digits']));
        return;
      case 'holdParticipant': {
        const r = this.#reservationOfTask(p['taskSid']);
        const participant = this.#calls.get(p['taskSid'])?.record.participants.find((x) => x.sid === p['participantSid']);
        if (!participant) throw new BackendError('not-found', `No participant ${p['participantSid']}`);
        if (participant.kind === 'customer') return this.#run('holdCall', { taskSid: p['taskSid'], hold: p['hold'] });
        await r['task']['hold'](participant.workerSid, !!p['hold']);
        return;
      }
      case 'kickParticipant': {
        const r = this.#reservationOfTask(p['taskSid']);
        const participant = this.#calls.get(p['taskSid'])?.record.participants.find((x) => x.sid === p['participantSid']);
        if (!participant?.workerSid) throw new BackendError('not-found', `No worker participant ${p['participantSid']}`);
        await r['task']['kick'](participant.workerSid);
        return;
      }
      case 'monitorTask':
        this.#privileged();
        return this.#supervise(String(p['taskSid']), p['mode'], typeof p['reservationSid'] === 'string' ? p['reservationSid'] : undefined);
      case 'stopMonitoring': {
        this.#privileged();
        const taskSid = String(p['taskSid']);
        const s = this.#supervising.get(taskSid);
        if (!s) throw new BackendError('invalid-state', `You are not supervising task ${taskSid}`);
        // Leaving the conference ends the supervision (Twilio removes the participant); a chat
        // read-along has nothing to leave on Twilio's side.
        this.#setSupervision(taskSid, undefined);
        s.call?.['disconnect']?.();
        return;
      }
      default:
        throw new BackendError('unknown-command', `The Twilio backend does not know the command ${JSON.stringify(name)}`);
    }
  }

  #reservationOfTaskSafe(taskSid: string): string {
    for (const r of this.#reservations.values()) if (r['task']['sid'] === taskSid) return r['sid'];
    return '';
  }

  /**
   * Monitor, coach or barge through TaskRouter's supervise instruction: Twilio dials this
   * supervisor's Device into the task's conference, and the Device answers. Calling again with
   * another mode changes it on the same leg. The agent's reservation comes from the workspace view.
   */
  async #supervise(taskSid: string, mode: 'monitor' | 'coach' | 'barge', reservationSid?: string): Promise<void> {
    const w = this.#worker!;
    const held = reservationSid ?? this.#feed?.reservationOf(taskSid)?.sid ?? (this.#reservationOfTaskSafe(taskSid) || undefined);
    if (!held) {
      throw new BackendError(
        'not-found',
        this.#feed
          ? `Task ${taskSid} has no agent to supervise: no accepted reservation for it in the workspace view`
          : `Task ${taskSid} cannot be supervised: the workspace view (Twilio Sync) is not available, so the agent's reservation is unknown`,
      );
    }
    // 'whisper' is TaskRouter's name for coaching. twilio-taskrouter 2.1.1 exposes only monitor();
    // the other modes go through the same request with another SupervisorMode (its _supervise).
    const instruction = mode === 'monitor' ? undefined : (w['_supervise'] as ((...args: unknown[]) => Promise<void>) | undefined);
    if (mode !== 'monitor' && typeof instruction !== 'function') {
      throw new BackendError('unsupported', `This twilio-taskrouter version has no way to ${mode}; only monitor is available`);
    }
    const task = this.#feed?.task(taskSid);
    const current = this.#supervising.get(taskSid);
    const voice = (task?.channel ?? 'voice') === 'voice';
    let leg: { call: Promise<AnyObj>; cancel: () => void } | undefined;
    if (voice && !current?.call) {
      if (!this.#device) throw new BackendError('no-voice', 'Listening to a call needs Voice: the token has no Voice grant or the Device did not register');
      leg = this.#expectIncoming(`supervise:${taskSid}`, "The supervisor's call into the conference");
    }
    // Twilio dials `To` (our contact URI with this session and leg) into the conference.
    const extra = leg ? { To: this.#legUri(`supervise:${taskSid}`) } : undefined;
    try {
      if (mode === 'monitor') await w['monitor'](taskSid, held, extra);
      else await instruction!.call(w, mode === 'coach' ? 'whisper' : 'barge', taskSid, held, extra);
    } catch (error) {
      leg?.cancel();
      throw error;
    }
    let call = current?.call;
    if (leg) {
      const incoming = await leg.call;
      const answered = new Promise<void>((resolve) => incoming['once']('accept', () => resolve()));
      incoming['accept'](await this.#audioConstraints());
      await answered;
      const ended = () => {
        if (this.#supervising.get(taskSid)?.call === incoming) this.#setSupervision(taskSid, undefined);
      };
      for (const event of ['disconnect', 'cancel', 'reject', 'error']) incoming['on'](event, ended);
      call = incoming;
    }
    // Monitoring listens only; coaching and barging speak.
    call?.['mute']?.(mode === 'monitor');
    this.#setSupervision(taskSid, { mode, ...(call ? { call } : {}) });
  }

  #setSupervision(taskSid: string, value: { mode: 'monitor' | 'coach' | 'barge'; call?: AnyObj } | undefined): void {
    if (value) this.#supervising.set(taskSid, value);
    else if (!this.#supervising.delete(taskSid)) return;
    if (this.#feed) this.#emit(this.#feed.taskEvents(taskSid));
  }

  /**
   * An outbound call as Flex places it: `worker.createTask(to, from, workflow, queue, {voice})` makes
   * a task routed back to this worker; its reservation is accepted with the conference instruction,
   * Twilio dials the customer and this Device (an incoming leg). No TwiML App is involved.
   */
  async #outbound(to: string, from?: string): Promise<{ taskSid: string; callSid: string }> {
    const number = to.replace(/[\s()-]/g, '');
    if (!/^\+?[0-9]{3,15}$/.test(number)) throw new BackendError('invalid-argument', `startOutboundCall needs a phone number like +14155550100, got ${JSON.stringify(to)}`);
    if (!this.#device) throw new BackendError('no-voice', 'Voice is not available');
    const o = this.#options;
    if (!o.outboundWorkflowSid || !o.outboundQueueSid) {
      throw new BackendError(
        'outbound-not-configured',
        'Outbound calls need backendOptions.outboundWorkflowSid and outboundQueueSid: the TaskRouter workflow and queue that route the outbound task back to the agent (Flex takes them from its outbound call flow)',
      );
    }
    const caller = from ?? o.outboundCallerId ?? '';
    const w = this.#worker!;
    const byTask = new Map<string, AnyObj>();
    let created: string | undefined;
    let settle: ((r: AnyObj) => void) | undefined;
    const onCreated = (r: AnyObj) => {
      byTask.set(String(r['task']['sid']), r);
      if (created && r['task']['sid'] === created) settle?.(r);
    };
    w['on']('reservationCreated', onCreated);
    let reservation: AnyObj;
    try {
      created = String(
        await w['createTask'](number, caller, o.outboundWorkflowSid, o.outboundQueueSid, {
          taskChannelUniqueName: 'voice',
          attributes: { direction: 'outbound', to: number, ...(caller ? { from: caller } : {}), name: number },
        }),
      );
      reservation =
        byTask.get(created) ??
        [...this.#reservations.values()].find((r) => r['task']['sid'] === created) ??
        (await new Promise<AnyObj>((resolve, reject) => {
          const timer = setTimeout(() => reject(new BackendError('call-timeout', `No reservation arrived for the outbound task ${created}: check that the workflow routes it back to this agent`)), 20_000);
          settle = (r) => {
            clearTimeout(timer);
            resolve(r);
          };
        }));
    } finally {
      w['removeListener']('reservationCreated', onCreated);
    }
    await this.#acceptVoice(reservation);
    const taskSid = String(reservation['task']['sid']);
    return { taskSid, callSid: this.#calls.get(taskSid)?.record.sid ?? '' };
  }
}

/** Creates the Twilio backend. The SDKs load on connect, with dynamic import(). */
export function createTwilioBackend(): Backend {
  return new TwilioBackendImpl();
}

export { decodeAccessToken, tokenUrlProvider };

/** twilio-sync's SyncClient, loaded on demand (it ships inside @twilio/conversations' dependencies). */
async function sdkSync(token: string, options: TwilioBackendOptions): Promise<SyncLike> {
  const { SyncClient } = await import('twilio-sync');
  const client = new SyncClient(token, { logLevel: options.logLevel ?? 'error' });
  return client;
}
