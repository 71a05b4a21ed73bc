import { readVoiceDevices, VOICE_DEVICES_KEY, type VoiceDeviceSelection } from '../../core/audio-devices.js';
import { FlexError } from '../../core/errors.js';
import type { Call, CallParticipant } from '../../core/model.js';
import { BackendError, type Commands } from '../backend.js';
import type { Handlers } from './commands.js';
import { sdkError, type TrReservation, type VoiceAudio, type VoiceCall, type VoiceDevice } from './sdk-types.js';
import type { TwilioSession } from './session.js';
import { attributesOf } from './tasks.js';

/** A tenth of a second of silence (8 kHz, 8-bit WAV) so the Voice SDK never downloads its sounds from Twilio's CDN by default. */
const SILENT_WAV = (() => {
  const samples = 800;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) =>
    [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
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
const SOUND_NAMES = [
  'incoming',
  'outgoing',
  'disconnect',
  'dtmf0',
  'dtmf1',
  'dtmf2',
  'dtmf3',
  'dtmf4',
  'dtmf5',
  'dtmf6',
  'dtmf7',
  'dtmf8',
  'dtmf9',
  'dtmfs',
  'dtmfh',
];

/** The query parameters of our own on the contact URI TaskRouter dials (see Voice.legUri). */
const SESSION_PARAM = 'flex_elements_session';
const LEG_PARAM = 'flex_elements_leg';

const LIVE_CALL = ['connecting', 'ringing', 'in-progress'];

export interface CallState {
  call: VoiceCall;
  record: Call;
  holdStartedAt?: number;
}

/** A Voice leg this session is about to receive, and how to stop waiting for it. */
export interface ExpectedLeg {
  call: Promise<VoiceCall>;
  cancel: () => void;
}

/**
 * The Voice Device, the legs TaskRouter dials to it, the calls by task and the audio devices.
 */
export class Voice {
  device: VoiceDevice | undefined;
  /** Voice calls by task sid. */
  readonly calls = new Map<string, CallState>();
  readonly #pendingIncoming = new Map<string, (call: VoiceCall) => void>();
  /** Names this session in the `to` of the legs it asks Twilio for (see legUri). */
  readonly sessionId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  /** Removes the page listeners that follow <flex-voice-settings>' selection. */
  #unwatchDevices: (() => void) | undefined;
  devices: VoiceDeviceSelection = { inputDeviceId: '', outputDeviceId: '' };
  /** Whether a microphone was switched during a call (device.audio.setInputDevice keeps it open until unset). */
  #inputPinned = false;
  /** Whether a speaker other than the default was set on the Device. */
  #speakerChosen = false;

  constructor(private readonly s: TwilioSession) {}

  async start(token: string): Promise<void> {
    const s = this.s;
    const { Device } = s.sdk.Voice!;
    const o = s.options;
    const sounds: Record<string, string> = {};
    for (const name of SOUND_NAMES)
      sounds[name] = o.soundsBaseUrl ? `${o.soundsBaseUrl.replace(/\/$/, '')}/${name}.mp3` : SILENT_WAV;
    const device = new Device(token, {
      ...(o.chunderw ? { chunderw: o.chunderw } : {}),
      ...(o.edge ? { edge: o.edge } : {}),
      sounds,
      publishEvents: o.insights === true,
      closeProtection: false,
      // tokenWillExpire a quarter of the token's lifetime (at most 30 s) before it expires.
      tokenRefreshMs: Math.min(30_000, Math.max(1000, ((s.claims?.expiresAt ?? 0) - Date.now()) / 4)),
      logLevel: o.logLevel ?? 'error',
    });
    this.device = device;
    device.on('incoming', (call: VoiceCall) => this.#onIncoming(call));
    device.on('tokenWillExpire', () => void s.keeper?.refresh());
    device.on('registered', () => {
      s.statuses['voice'] = 'connected';
      s.updateStatus();
    });
    device.on('unregistered', () => {
      if (s.closed || s.failed) return;
      s.statuses['voice'] = 'reconnecting';
      s.updateStatus();
    });
    this.#watchDevices();
    await new Promise<void>((resolve, reject) => {
      const onError = (raw: unknown) => {
        const { code, message } = sdkError(raw);
        if (code === 31204 || code === 31205 || code === 20101 || code === 20104) {
          device.off?.('error', onError);
          reject(new FlexError('token-invalid', `Voice refused the token: ${message || code}`, false));
        }
      };
      device.on('error', onError);
      device.register().then(() => {
        device.off?.('error', onError);
        device.on('error', (raw: unknown) => {
          const { code } = sdkError(raw);
          if (code === 31205 || code === 20104) void s.keeper?.refresh(true);
        });
        // Registered: the SDK has listed the audio devices by now, so the speaker can be set.
        void this.applyDevices();
        resolve();
      }, reject);
    });
  }

  stop(): void {
    this.#unwatchDevices?.();
    this.#unwatchDevices = undefined;
    try {
      this.device?.destroy();
    } catch {
      /* closed */
    }
  }

  // ------------------------------------------------------------------ audio devices

  /**
   * The selection comes through the `setAudioDevices` command (the SetAudioDevices action, which
   * `<flex-voice-settings>` invokes); a choice made in another tab of this browser arrives as a
   * `storage` event on the key the action writes.
   */
  #watchDevices(): void {
    this.devices = readVoiceDevices();
    if (typeof globalThis.addEventListener !== 'function') return;
    const onStorage = (event: StorageEvent) => {
      if (event.key !== VOICE_DEVICES_KEY) return;
      this.devices = readVoiceDevices();
      void this.applyDevices();
    };
    globalThis.addEventListener('storage', onStorage);
    this.#unwatchDevices = () => globalThis.removeEventListener('storage', onStorage);
  }

  /** getUserMedia constraints for a call's microphone: the chosen one while it is plugged in, else the default. */
  async audioConstraints(): Promise<{ rtcConstraints?: MediaStreamConstraints }> {
    const { inputDeviceId } = this.devices;
    if (!inputDeviceId) return {};
    const devices = (await globalThis.navigator?.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
    if (devices.some((d) => d.kind === 'audioinput' && d.deviceId === inputDeviceId)) {
      return { rtcConstraints: { audio: { deviceId: { exact: inputDeviceId } } } };
    }
    this.s.notify(
      'voice-devices',
      'warning',
      'The chosen microphone is not available; the call uses the default microphone.',
    );
    return {};
  }

  #busy(): boolean {
    return [...this.calls.values()].some((c) => LIVE_CALL.includes(c.record.status));
  }

  /**
   * The speaker (and ringtone) device at once; the microphone on a call in progress (a new call
   * opens the chosen one through its constraints, so no microphone is held between calls).
   * A device that is gone is reported in a notification and the default is used.
   */
  async applyDevices(): Promise<void> {
    const audio: VoiceAudio | null | undefined = this.device?.audio;
    if (!audio || this.s.closed || this.s.failed) return;
    const { inputDeviceId, outputDeviceId } = this.devices;
    const problems: string[] = [];
    // The speaker: only when one was chosen (or a choice was cleared); the system default otherwise.
    if (audio.isOutputSelectionSupported && (outputDeviceId || this.#speakerChosen)) {
      this.#speakerChosen = !!outputDeviceId;
      const id = outputDeviceId || 'default';
      // The SDK lists devices asynchronously after construction: give it a moment once.
      if (outputDeviceId && !audio.availableOutputDevices?.has(id)) await new Promise((r) => setTimeout(r, 500));
      try {
        await audio.speakerDevices.set(id);
        await audio.ringtoneDevices.set(id);
      } catch (error) {
        if (outputDeviceId) problems.push(`speaker: ${FlexError.from(error).message}`);
      }
    }
    if (this.#busy()) {
      try {
        if (inputDeviceId) {
          await audio.setInputDevice(inputDeviceId);
          this.#inputPinned = true;
        } else if (this.#inputPinned) {
          await audio.unsetInputDevice();
          this.#inputPinned = false;
        }
      } catch (error) {
        problems.push(`microphone: ${FlexError.from(error).message}`);
      }
    }
    if (problems.length)
      this.s.notify(
        'voice-devices',
        'warning',
        `The chosen audio device is not available (${problems.join('; ')}); using the default.`,
      );
  }

  /** After the last call: release a microphone switched to during a call. */
  #releaseInput(): void {
    if (!this.#inputPinned || this.#busy()) return;
    this.#inputPinned = false;
    void Promise.resolve(this.device?.audio?.unsetInputDevice()).catch(() => {});
  }

  // ------------------------------------------------------------------ legs

  /**
   * Twilio dials `contact_uri` for TaskRouter's conference and supervise instructions and puts
   * nothing of TaskRouter's in the invite. As Flex does, each instruction gets a `to` of our own:
   * the contact URI plus query parameters naming this session and the leg we expect
   * (`task:WT…`, `supervise:WT…`); Twilio hands a `client:` URI's query parameters to the Device as
   * the call's custom parameters, which is how the incoming call is recognised.
   */
  legUri(leg: string): string {
    const attributes = this.s.worker?.attributes ?? {};
    const contact =
      typeof attributes['contact_uri'] === 'string' && attributes['contact_uri']
        ? attributes['contact_uri']
        : `client:${this.s.identity}`;
    const context = new URLSearchParams({ [SESSION_PARAM]: this.sessionId, [LEG_PARAM]: leg }).toString();
    return `${contact}${contact.includes('?') ? '&' : '?'}${context}`;
  }

  #onIncoming(call: VoiceCall): void {
    const custom = call.customParameters;
    const params = new URLSearchParams(String(call.parameters?.['Params'] ?? ''));
    const get = (name: string) => custom?.get?.(name) ?? params.get(name) ?? undefined;
    const session = get(SESSION_PARAM);
    const leg = get(LEG_PARAM);
    const waiter = session === this.sessionId && leg ? this.#pendingIncoming.get(leg) : undefined;
    if (!leg || !waiter) {
      // Not a leg this session asked for (another tab's, or a call from elsewhere): leave it ringing
      // for the session that did, rather than rejecting it for every Device of this identity.
      if (session && session !== this.sessionId) return;
      call.reject?.();
      return;
    }
    this.#pendingIncoming.delete(leg);
    waiter(call);
  }

  /** The Device call that a request is about to make Twilio place to this Device. */
  expectIncoming(key: string, what: string): ExpectedLeg {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const call = new Promise<VoiceCall>((resolve, reject) => {
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

  // ------------------------------------------------------------------ calls

  #setupCall(taskSid: string, call: VoiceCall, direction: 'inbound' | 'outbound', from: string, to: string): CallState {
    const s = this.s;
    const now = Date.now();
    const participants: CallParticipant[] = [
      { sid: `${taskSid}-customer`, name: from, kind: 'customer', onHold: false, muted: false, status: 'joined' },
      {
        sid: `${taskSid}-worker`,
        name: s.worker ? s.tasks.workerRecord().name : s.identity,
        kind: 'worker',
        ...(s.worker ? { workerSid: s.worker.sid } : {}),
        onHold: false,
        muted: false,
        status: 'joined',
      },
    ];
    const state: CallState = {
      call,
      record: {
        sid: String(call.parameters?.['CallSid'] ?? `${taskSid}-call`),
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
    this.calls.set(taskSid, state);
    const set = (patch: Partial<Call>) => {
      state.record = { ...state.record, ...patch };
      s.emit([{ type: 'call', call: state.record }]);
    };
    call.on('accept', () =>
      set({
        status: 'in-progress',
        answeredAt: Date.now(),
        sid: String(call.parameters?.['CallSid'] ?? state.record.sid),
      }),
    );
    call.on('ringing', () => set({ status: 'ringing' }));
    call.on('mute', (muted: boolean) =>
      set({ muted, participants: state.record.participants.map((p) => (p.kind === 'worker' ? { ...p, muted } : p)) }),
    );
    call.on('disconnect', () => {
      set({ status: 'completed', endedAt: Date.now() });
      this.#releaseInput();
    });
    call.on('cancel', () => set({ status: 'canceled', endedAt: Date.now() }));
    call.on('reject', () => set({ status: 'canceled', endedAt: Date.now() }));
    call.on('error', (raw: unknown) => s.notify(`call-${taskSid}`, 'error', `Call problem: ${sdkError(raw).message}`));
    s.emit([{ type: 'call', call: state.record }]);
    return state;
  }

  endCallOf(taskSid: string, status: 'completed' | 'canceled'): void {
    const state = this.calls.get(taskSid);
    if (
      !state ||
      state.record.status === 'completed' ||
      state.record.status === 'canceled' ||
      state.record.status === 'failed'
    )
      return;
    try {
      state.call.disconnect();
    } catch {
      /* already closed */
    }
    state.record = { ...state.record, status, endedAt: Date.now() };
    this.s.emit([{ type: 'call', call: state.record }]);
  }

  /** A call in progress (or ringing) for the task. */
  activeCall(taskSid: string): CallState {
    const state = this.calls.get(taskSid);
    if (!state || !LIVE_CALL.includes(state.record.status))
      throw new BackendError('invalid-state', `Task ${taskSid} has no call in progress`);
    return state;
  }

  /** Answers an incoming leg and waits until it is connected. */
  async answer(call: VoiceCall): Promise<void> {
    const accepted = new Promise<void>((resolve) => call.once('accept', () => resolve()));
    call.accept(await this.audioConstraints());
    await accepted;
  }

  /** Accepts a voice reservation as Flex: TaskRouter's conference instruction dials this Device, which answers. */
  async accept(r: TrReservation): Promise<void> {
    const s = this.s;
    const taskSid = r.task.sid;
    if (!this.device)
      throw new BackendError(
        'no-voice',
        'Voice is not available: the token has no Voice grant or the device did not register',
      );
    const attributes = attributesOf(r.task);
    const incoming = this.expectIncoming(`task:${taskSid}`, 'The call for this task');
    try {
      // As Flex: the conference ends when the agent or the customer leaves (a cold transfer turns
      // the agent's endConferenceOnExit off first); Twilio dials our own `to`, not bare contact_uri.
      await r.conference({
        endConferenceOnExit: true,
        endConferenceOnCustomerExit: true,
        to: this.legUri(`task:${taskSid}`),
      });
    } catch (error) {
      incoming.cancel();
      throw error;
    }
    const call = await incoming.call;
    const text = (key: string, fallback: string) => {
      const value = attributes[key];
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
    };
    const outbound = attributes['direction'] === 'outbound' || typeof attributes['outbound_to'] === 'string';
    if (outbound)
      this.#setupCall(taskSid, call, 'outbound', text('from', s.identity), text('outbound_to', text('to', '')));
    else this.#setupCall(taskSid, call, 'inbound', text('from', 'anonymous'), text('to', ''));
    await this.answer(call);
    s.emit(s.tasks.reservationEvents(r));
  }

  /**
   * An outbound call as Flex places it: `worker.createTask(to, from, workflow, queue, {voice})` makes
   * a task routed back to this worker; its reservation is accepted with the conference instruction,
   * Twilio dials the customer and this Device (an incoming leg). No TwiML App is involved.
   */
  async outbound(to: string, from?: string): Promise<{ taskSid: string; callSid: string }> {
    const s = this.s;
    const number = to.replace(/[\s()-]/g, '');
    if (!/^\+?[0-9]{3,15}$/.test(number))
      throw new BackendError(
        'invalid-argument',
        `startOutboundCall needs a phone number like +14155550100, got ${JSON.stringify(to)}`,
      );
    if (!this.device) throw new BackendError('no-voice', 'Voice is not available');
    const o = s.options;
    if (!o.outboundWorkflowSid || !o.outboundQueueSid) {
      throw new BackendError(
        'outbound-not-configured',
        'Outbound calls need backendOptions.outboundWorkflowSid and outboundQueueSid: the TaskRouter workflow and queue that route the outbound task back to the agent (Flex takes them from its outbound call flow)',
      );
    }
    const caller = from ?? o.outboundCallerId ?? '';
    const w = s.w;
    const byTask = new Map<string, TrReservation>();
    let created: string | undefined;
    let settle: ((r: TrReservation) => void) | undefined;
    const onCreated = (r: TrReservation) => {
      byTask.set(String(r.task.sid), r);
      if (created && r.task.sid === created) settle?.(r);
    };
    w.on('reservationCreated', onCreated);
    let reservation: TrReservation;
    try {
      const taskSid = String(
        await w.createTask(number, caller, o.outboundWorkflowSid, o.outboundQueueSid, {
          taskChannelUniqueName: 'voice',
          attributes: { direction: 'outbound', to: number, ...(caller ? { from: caller } : {}), name: number },
        }),
      );
      created = taskSid;
      reservation =
        byTask.get(taskSid) ??
        [...s.reservations.values()].find((r) => r.task.sid === taskSid) ??
        (await new Promise<TrReservation>((resolve, reject) => {
          const timer = setTimeout(
            () =>
              reject(
                new BackendError(
                  'call-timeout',
                  `No reservation arrived for the outbound task ${taskSid}: check that the workflow routes it back to this agent`,
                ),
              ),
            20_000,
          );
          settle = (r) => {
            clearTimeout(timer);
            resolve(r);
          };
        }));
    } finally {
      w.removeListener('reservationCreated', onCreated);
    }
    await this.accept(reservation);
    const taskSid = String(reservation.task.sid);
    return { taskSid, callSid: this.calls.get(taskSid)?.record.sid ?? '' };
  }
}

// ------------------------------------------------------------------ commands

/** Holds or resumes the customer: TaskRouter's participant hold on the task's conference. */
async function holdCall(s: TwilioSession, p: Commands['holdCall']): Promise<void> {
  const state = s.voice.activeCall(p.taskSid);
  const r = s.reservationOfTask(p.taskSid);
  await r.task.updateParticipant({ hold: !!p.hold });
  const now = Date.now();
  const hold = !!p.hold;
  const holdSeconds =
    !hold && state.holdStartedAt !== undefined
      ? state.record.holdSeconds + (now - state.holdStartedAt) / 1000
      : state.record.holdSeconds;
  state.holdStartedAt = hold ? now : undefined;
  state.record = {
    ...state.record,
    onHold: hold,
    holdSeconds,
    participants: state.record.participants.map((x) => (x.kind === 'customer' ? { ...x, onHold: hold } : x)),
  };
  s.emit([{ type: 'call', call: state.record }]);
}

/** Calls: outbound, hang up, hold, mute, digits, participants, and the audio devices. */
export const voiceHandlers = {
  async setAudioDevices(s, p) {
    s.voice.devices = { inputDeviceId: String(p.inputDeviceId ?? ''), outputDeviceId: String(p.outputDeviceId ?? '') };
    await s.voice.applyDevices();
  },
  async startOutboundCall(s, p) {
    return s.voice.outbound(String(p.to ?? ''), p.from);
  },
  async hangupCall(s, p) {
    s.voice.activeCall(p.taskSid).call.disconnect();
  },
  holdCall,
  async muteCall(s, p) {
    s.voice.activeCall(p.taskSid).call.mute(!!p.muted);
  },
  async sendDigits(s, p) {
    if (!/^[0-9*#wW]{1,32}$/.test(String(p.digits)))
      throw new BackendError('invalid-argument', `sendDigits accepts 0-9, *, # and w, got ${JSON.stringify(p.digits)}`);
    s.voice.activeCall(p.taskSid).call.sendDigits(String(p.digits));
  },
  async holdParticipant(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    const participant = s.voice.calls.get(p.taskSid)?.record.participants.find((x) => x.sid === p.participantSid);
    if (!participant) throw new BackendError('not-found', `No participant ${p.participantSid}`);
    if (participant.kind === 'customer') return holdCall(s, { taskSid: p.taskSid, hold: p.hold });
    await r.task.hold(participant.workerSid ?? '', !!p.hold);
  },
  async kickParticipant(s, p) {
    const r = s.reservationOfTask(p.taskSid);
    const participant = s.voice.calls.get(p.taskSid)?.record.participants.find((x) => x.sid === p.participantSid);
    if (!participant?.workerSid) throw new BackendError('not-found', `No worker participant ${p.participantSid}`);
    await r.task.kick(participant.workerSid);
  },
} satisfies Partial<Handlers>;
