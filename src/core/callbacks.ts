import type { Task } from './model.js';
import type { FlexState } from './store.js';

/**
 * Callback and voicemail tasks: how their details sit in the task attributes, read the same way by
 * the simulator, the Twilio backend (the companion server's `POST /callbacks` writes them) and the
 * elements. Nothing here touches the DOM.
 *
 * Attributes of a `callback` task: `callbackNumber` (the number to call, E.164), `name`,
 * `scheduledFor` (when the customer asked to be called: an ISO 8601 string or epoch
 * milliseconds), `notes`. A `voicemail` task: `from` (the caller's number), `recordingUrl`,
 * `transcript`, `duration` (seconds). Either, once called back: `callbackCallTaskSid`, the voice
 * task of the call that was placed; that voice task carries `callbackTaskSid`.
 */

export const CALLBACK_CHANNEL = 'callback';
export const VOICEMAIL_CHANNEL = 'voicemail';

export interface CallbackDetails {
  /** The number to call back. */
  readonly number: string;
  /** When the customer asked to be called (epoch ms), if they said. */
  readonly scheduledFor?: number;
  readonly notes?: string;
}

export interface VoicemailDetails {
  readonly number?: string;
  readonly recordingUrl?: string;
  readonly transcript?: string;
  /** Seconds. */
  readonly duration?: number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** A time as epoch ms: a finite number, or a string `Date` can parse; undefined otherwise. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Why `value` is not a time a callback can be scheduled for, or undefined when it is one. */
export function scheduleProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return 'must be an ISO 8601 date-time or epoch milliseconds';
  return parseTime(value) === undefined ? `is not a date-time (${JSON.stringify(value)})` : undefined;
}

const PHONE = /^\+?[0-9]{3,15}$/;

/** A phone number to dial, spaces, dashes and brackets removed; undefined when it is not one. */
export function dialableNumber(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const number = value.replace(/^tel:/i, '').replace(/[\s().-]/g, '');
  return PHONE.test(number) ? number : undefined;
}

export const isCallbackTask = (task: Task | undefined): boolean => task?.channel === CALLBACK_CHANNEL;
export const isVoicemailTask = (task: Task | undefined): boolean => task?.channel === VOICEMAIL_CHANNEL;

/** The callback's number, time and notes; undefined for a task that is not a callback. */
export function callbackOf(task: Task | undefined): CallbackDetails | undefined {
  if (!task || task.channel !== CALLBACK_CHANNEL) return undefined;
  const a = task.attributes;
  const number = text(a['callbackNumber']) ?? task.customer.phone ?? text(a['from']) ?? '';
  const scheduledFor = parseTime(a['scheduledFor']);
  const notes = text(a['notes']);
  return {
    number,
    ...(scheduledFor === undefined ? {} : { scheduledFor }),
    ...(notes === undefined ? {} : { notes }),
  };
}

/** The voicemail's recording and transcript; undefined for a task that is not a voicemail. */
export function voicemailOf(task: Task | undefined): VoicemailDetails | undefined {
  if (!task || task.channel !== VOICEMAIL_CHANNEL) return undefined;
  const a = task.attributes;
  const number = task.customer.phone ?? dialableNumber(a['from']);
  const recordingUrl = text(a['recordingUrl']);
  const transcript = typeof a['transcript'] === 'string' ? a['transcript'] : undefined;
  const duration = typeof a['duration'] === 'number' && Number.isFinite(a['duration']) ? a['duration'] : undefined;
  return {
    ...(number === undefined ? {} : { number }),
    ...(recordingUrl === undefined ? {} : { recordingUrl }),
    ...(transcript === undefined ? {} : { transcript }),
    ...(duration === undefined ? {} : { duration }),
  };
}

/** The number "Call back now" dials for a callback or voicemail task, if it has one. */
export function callbackNumberOf(task: Task | undefined): string | undefined {
  return dialableNumber(callbackOf(task)?.number ?? voicemailOf(task)?.number);
}

/**
 * A scheduled callback nobody took in time: its requested time has passed and it is still waiting
 * (pending, or ringing without being accepted).
 */
export function isMissedCallback(task: Task, now: number): boolean {
  if (task.channel !== CALLBACK_CHANNEL || (task.status !== 'pending' && task.status !== 'reserved')) return false;
  const scheduledFor = callbackOf(task)?.scheduledFor;
  return scheduledFor !== undefined && scheduledFor < now;
}

/** The missed scheduled callbacks a supervisor sees, most overdue first. */
export function selectMissedCallbacks(state: FlexState, now: number): readonly Task[] {
  return Object.values(state.tasks)
    .filter((task) => isMissedCallback(task, now))
    .sort((a, b) => (callbackOf(a)!.scheduledFor ?? 0) - (callbackOf(b)!.scheduledFor ?? 0) || (a.sid < b.sid ? -1 : 1));
}

/** A requested time for people: date and time in the locale (ISO 8601 if the locale is not one). */
export function formatCallbackTime(ms: number, locale: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  } catch {
    return new Date(ms).toISOString();
  }
}

/** WhatsApp's customer-service window: free-form replies only within 24 hours of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * How long the WhatsApp 24-hour window stays open (ms; 0 once closed), from the customer's last
 * message; undefined when no customer message is loaded.
 */
export function whatsappWindowLeft(messages: readonly { authorRole: string; timestamp: number }[] | undefined, now: number): number | undefined {
  if (!messages) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].authorRole === 'customer') return Math.max(0, messages[i].timestamp + WHATSAPP_WINDOW_MS - now);
  }
  return undefined;
}
