import { CALLBACK_CHANNEL, dialableNumber, VOICEMAIL_CHANNEL } from '../../core/callbacks.js';
import { isSupervisorRole } from '../../core/roles.js';
import type { Customer } from '../../core/model.js';
import { BackendError, type CommandResults } from '../backend.js';
import { ACTIVE_CALL, type CallState, type ConversationState } from './media.js';
import type { Simulation } from './simulation.js';

/**
 * The simulator's side of issue 20: callback and voicemail tasks, a simulated external party
 * added to a call, end-for-all, recording pause and resume, call-quality warnings, and parked
 * conversations. The engine (`simulation.ts`) calls in here at a few points; the commands are
 * `channelHandlers`, merged into the simulator's command table.
 */

type Payload = Readonly<Record<string, unknown>>;

/** The Voice SDK's call-quality warning names (Call `warning` / `warning-cleared` events). */
export const CALL_WARNINGS = [
  'high-rtt',
  'high-jitter',
  'high-packet-loss',
  'high-packets-lost-fraction',
  'low-mos',
  'constant-audio-input-level',
  'constant-audio-output-level',
  'ice-connectivity-lost',
] as const;

const VOICEMAIL_TRANSCRIPTS = [
  'Hi, this is about my last invoice, there is a charge I do not recognise. Please call me back this afternoon.',
  'Hello, I am calling about my order, it has not arrived. You can reach me on this number. Thanks.',
  'Hola, llamo por mi factura. Por favor devuélvanme la llamada. Gracias.',
];
const EMAIL_SUBJECTS = ['Question about my invoice', 'Order not delivered', 'Change of address', 'Re: your support request'];
const CALLBACK_NOTES = ['Asked about upgrading the plan.', 'Wants to confirm the delivery date.', 'Billing question; prefers mornings.'];

function bad(message: string): BackendError {
  return new BackendError('invalid-argument', message);
}

function str(p: Payload, key: string, command: string): string {
  const value = p[key];
  if (typeof value !== 'string' || value === '') throw bad(`${command} needs "${key}" as a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function ownCall(sim: Simulation, taskSid: string, command: string): CallState {
  const task = sim.engine.task(taskSid);
  if (!task) throw new BackendError('not-found', `No task ${JSON.stringify(taskSid)}`);
  if (task.workerSid !== sim.personSid && !isSupervisorRole(sim.role)) throw new BackendError('forbidden', `${command}: task ${taskSid} is not yours`);
  const call = sim.callOf(taskSid);
  if (!call) throw new BackendError('not-found', `${command}: task ${taskSid} has no call`);
  if (!ACTIVE_CALL.has(call.status)) throw new BackendError('invalid-state', `${command}: the call is ${call.status}`);
  return call;
}

let audio: string | undefined;

/**
 * A short recording for simulated voicemails: a few seconds of tones as an 8 kHz WAV data URL
 * (made once; no network, so it plays offline and in tests).
 */
export function voicemailAudio(): string {
  if (audio) return audio;
  const rate = 8000;
  const samples = rate * 2;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const tone = t % 0.5 < 0.35 ? Math.sin(2 * Math.PI * (t < 1 ? 440 : 523) * t) : 0;
    bytes[44 + i] = 128 + Math.round(tone * 40);
  }
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  audio = `data:audio/wav;base64,${btoa(binary)}`;
  return audio;
}

/**
 * Attributes a callback or voicemail task gets when it is created (by `createTask` or by synthetic
 * traffic), on top of what the caller gave: the number, and for a voicemail its recording and
 * transcript.
 */
export function channelAttributes(
  sim: Simulation,
  channel: string,
  customer: Customer,
  input: { attributes?: Record<string, unknown>; transcript?: string; subject?: string },
): Record<string, unknown> {
  const given = input.attributes ?? {};
  if (channel === 'email') return { subject: input.subject ?? sim.random.pick(EMAIL_SUBJECTS) };
  if (channel === CALLBACK_CHANNEL) {
    return {
      callbackNumber: customer.phone ?? '',
      ...(given['notes'] === undefined && given['callbackNumber'] === undefined ? { notes: sim.random.pick(CALLBACK_NOTES) } : {}),
    };
  }
  if (channel === VOICEMAIL_CHANNEL) {
    return {
      recordingUrl: voicemailAudio(),
      transcript: input.transcript ?? sim.random.pick(VOICEMAIL_TRANSCRIPTS),
      duration: 2,
    };
  }
  return {};
}

/** A call was answered: it is recorded from the start when the contact center records calls. */
export function startRecording(sim: Simulation, call: CallState): void {
  if (sim.options.recording && call.recording === undefined) call.recording = 'recording';
}

/** A call ended: its recording stops and its warnings clear. */
export function stopRecording(call: CallState): void {
  if (call.recording !== undefined) call.recording = 'stopped';
  call.qualityWarnings = [];
}

/** `injectCallWarning(taskSid, warning, cleared?)`: a Voice SDK quality warning starts (or clears) on the task's call. */
export function injectCallWarning(sim: Simulation, taskSid: string, warning: string, cleared = false): void {
  if (!(CALL_WARNINGS as readonly string[]).includes(warning)) {
    throw new RangeError(`Unknown call warning ${JSON.stringify(warning)}; known: ${CALL_WARNINGS.join(', ')}`);
  }
  const call = sim.callOf(taskSid);
  if (!call || call.status !== 'in-progress') throw new RangeError(`Task ${taskSid} has no call in progress`);
  const now = new Set(call.qualityWarnings ?? []);
  if (cleared) now.delete(warning);
  else now.add(warning);
  call.qualityWarnings = [...now];
  sim.markCall(call);
}

// ---------------------------------------------------------------- parking

interface Parked {
  readonly workerSid: string;
  readonly taskSid: string;
}

/** Parked conversations by sid: whose they were and the task they came from. */
const parked = new WeakMap<Simulation, Map<string, Parked>>();

function parkedOf(sim: Simulation): Map<string, Parked> {
  let map = parked.get(sim);
  if (!map) parked.set(sim, (map = new Map<string, Parked>()));
  return map;
}

/** Whether a conversation is parked (its task ended; the customer's next message brings it back). */
export function isParked(sim: Simulation, conversation: ConversationState): boolean {
  return parkedOf(sim).has(conversation.sid);
}

/**
 * The customer wrote into a parked conversation: a new task on the same channel and conversation,
 * offered to the agent who parked it when they are available with free capacity, else routed.
 */
export function unpark(sim: Simulation, conversation: ConversationState): void {
  const entry = parkedOf(sim).get(conversation.sid);
  if (!entry) return;
  parkedOf(sim).delete(conversation.sid);
  const old = sim.engine.task(entry.taskSid);
  const channel = old?.channel ?? 'chat';
  const worker = sim.engine.worker(entry.workerSid);
  const activity = worker ? sim.engine.activity(worker.activitySid) : undefined;
  const slot = worker?.channels[channel];
  const free = Boolean(activity?.available && slot && slot.available && slot.assigned < slot.capacity);
  const attributes: Record<string, unknown> = { ...(old?.attributes ?? {}), parkedFrom: entry.taskSid, conversationSid: conversation.sid };
  delete attributes['transferredFrom'];
  const taskSid = sim.engine.createTask({
    channel,
    attributes,
    ...(old ? { queueSid: old.queueSid } : {}),
    ...(free ? { targetWorkerSid: entry.workerSid } : {}),
  });
  conversation.taskSid = taskSid;
  conversation.open = true;
  sim.media.set(taskSid, { conversationSid: conversation.sid });
  sim.scope.linkConversation(conversation.sid, taskSid);
  sim.markConversation(conversation);
}

// ---------------------------------------------------------------- commands

type Handlers = {
  [K in 'addParticipant' | 'endCallForAll' | 'setRecording' | 'createCallback' | 'parkConversation']: (
    sim: Simulation,
    p: Payload,
  ) => CommandResults[K];
};

export const channelHandlers: Handlers = {
  addParticipant(sim, p) {
    const taskSid = str(p, 'taskSid', 'addParticipant');
    const to = dialableNumber(str(p, 'to', 'addParticipant'));
    if (!to) throw bad(`addParticipant needs a phone number like +14155550100, got ${JSON.stringify(p['to'])}`);
    const call = ownCall(sim, taskSid, 'addParticipant');
    if (call.status !== 'in-progress') throw new BackendError('invalid-state', `addParticipant: the call is ${call.status}, not in progress`);
    if (call.participants.some((x) => x.kind === 'external' && x.status !== 'left' && x.name === to)) {
      throw new BackendError('invalid-state', `addParticipant: ${to} is already on the call`);
    }
    const participantSid = sim.nextSid('CP');
    const known = sim.customers.find((c) => c.phone === to);
    call.participants = [
      ...call.participants,
      { sid: participantSid, name: known?.name ?? to, kind: 'external', onHold: false, muted: false, status: 'connecting' },
    ];
    sim.markCall(call);
    // The simulated party answers after a few rings.
    sim.clock.schedule(sim.clock.now() + 3000, () => {
      if (!ACTIVE_CALL.has(call.status)) return;
      call.participants = call.participants.map((x) => (x.sid === participantSid && x.status === 'connecting' ? { ...x, status: 'joined' as const } : x));
      sim.markCall(call);
    });
    return { participantSid };
  },
  endCallForAll(sim, p) {
    const taskSid = str(p, 'taskSid', 'endCallForAll');
    const call = ownCall(sim, taskSid, 'endCallForAll');
    sim.endCall(call, call.status === 'in-progress' ? 'completed' : 'canceled');
    if (sim.engine.task(taskSid)?.status === 'assigned') sim.engine.wrapupTask(taskSid, 'ended for all');
  },
  setRecording(sim, p) {
    const taskSid = str(p, 'taskSid', 'setRecording');
    const status = p['status'];
    if (status !== 'paused' && status !== 'in-progress') throw bad(`setRecording needs "status" paused or in-progress, got ${JSON.stringify(status)}`);
    const call = ownCall(sim, taskSid, 'setRecording');
    if (call.recording === undefined || call.recording === 'stopped') throw new BackendError('invalid-state', 'setRecording: the call is not being recorded');
    call.recording = status === 'paused' ? 'paused' : 'recording';
    sim.markCall(call);
  },
  createCallback(sim, p) {
    const to = dialableNumber(str(p, 'to', 'createCallback'));
    if (!to) throw bad(`createCallback needs a phone number like +14155550100, got ${JSON.stringify(p['to'])}`);
    const name = typeof p['name'] === 'string' && p['name'].trim() ? p['name'].trim() : undefined;
    const scheduledFor = p['scheduledFor'];
    if (scheduledFor !== undefined && (typeof scheduledFor !== 'number' || !Number.isFinite(scheduledFor))) {
      throw bad(`createCallback "scheduledFor" must be epoch milliseconds, got ${JSON.stringify(scheduledFor)}`);
    }
    let queueSid: string | undefined;
    if (p['queue'] !== undefined) {
      const wanted = str(p, 'queue', 'createCallback');
      const queue = sim.engine.listQueues().find((q) => q.sid === wanted || q.name.toLowerCase() === wanted.toLowerCase());
      if (!queue) throw new BackendError('not-found', `createCallback: there is no queue ${JSON.stringify(wanted)}`);
      if (!queue.channels.includes(CALLBACK_CHANNEL)) throw bad(`createCallback: the queue ${queue.name} takes no callbacks`);
      queueSid = queue.sid;
    }
    const known = sim.customers.find((c) => c.phone === to);
    const taskSid = sim.createTask({
      channel: CALLBACK_CHANNEL,
      ...(queueSid ? { queueSid } : {}),
      customer: { name: name ?? known?.name ?? to, phone: to, ...(known ? { email: known.email, crmId: known.crmId } : { email: undefined, crmId: undefined }) },
      attributes: {
        callbackNumber: to,
        ...(scheduledFor === undefined ? {} : { scheduledFor: new Date(scheduledFor).toISOString() }),
        ...(typeof p['notes'] === 'string' && p['notes'] !== '' ? { notes: p['notes'] } : { notes: '' }),
      },
    });
    return { taskSid };
  },
  parkConversation(sim, p) {
    const taskSid = str(p, 'taskSid', 'parkConversation');
    const task = sim.engine.task(taskSid);
    if (!task) throw new BackendError('not-found', `No task ${JSON.stringify(taskSid)}`);
    if (task.workerSid !== sim.personSid) throw new BackendError('forbidden', `parkConversation: task ${taskSid} is not yours`);
    const conversation = sim.conversationOf(taskSid);
    if (!conversation || conversation.taskSid !== taskSid) throw new BackendError('invalid-state', `parkConversation: task ${taskSid} has no conversation`);
    if (task.status !== 'assigned') throw new BackendError('invalid-state', `parkConversation: task ${taskSid} is ${task.status}`);
    parkedOf(sim).set(conversation.sid, { workerSid: task.workerSid, taskSid });
    if (conversation.replyTimer !== undefined) {
      sim.clock.cancel(conversation.replyTimer);
      conversation.replyTimer = undefined;
      conversation.customerTyping = false;
    }
    sim.addMessage(conversation, 'system', 'The conversation was parked; it comes back when the customer writes.');
    sim.engine.wrapupTask(taskSid, 'parked');
    sim.engine.completeTask(taskSid, 'parked');
    // The customer is still there: the conversation stays open for their next message.
    conversation.open = true;
    sim.markConversation(conversation);
  },
};
