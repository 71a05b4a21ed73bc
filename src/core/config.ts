import type { Role } from './model.js';

/**
 * The effective configuration: built-in defaults ← the service's ui_attributes ← the page's
 * appConfig, merged key by key. Every feature reads its knobs from here.
 */
export interface FlexConfig {
  /** BCP 47 locale for strings, dates and numbers; the browser's when empty. */
  language: string;
  /** Overrides of user-visible strings: locale → key → template. */
  strings: Record<string, Record<string, string>>;
  theme: { name: 'light' | 'dark' | 'high-contrast' | 'auto'; tokens: Record<string, string> };
  notifications: { enabled: boolean; mode: 'whenNotInFocus' | 'always' };
  ringtone: { enabled: boolean; url: string };
  shortcuts: { enabled: boolean; bindings: Record<string, string> };
  wrapup: { dispositions: string[]; requireDisposition: boolean };
  activity: { rejectPendingReservationsOnUnavailable: boolean };
  /**
   * Outbound calls (`enabled`, `defaultCountry`, `callerIds`, `keyTones`) and messages: `templates`
   * are the approved WhatsApp templates (`{id, name, text}`; `id` is the template's identifier, a
   * Content SID `HX…` on Twilio) offered by "New message", required outside WhatsApp's 24-hour window.
   */
  outbound: {
    enabled: boolean;
    defaultCountry: string;
    callerIds: string[];
    keyTones: boolean;
    templates: { id: string; name: string; text: string }[];
  };
  /**
   * Voice. `recording.enabled`: calls are recorded, with an indicator and Pause/Resume recording in
   * `<flex-call-controls>`; `recording.required`: the recording may not be paused (PauseRecording
   * is refused with `recording-required`). `deviceCheck`: check the microphone when the agent goes
   * Available and warn before the first call rings.
   */
  voice: { recording: { enabled: boolean; required: boolean }; deviceCheck: boolean };
  queueStats: {
    /**
     * Warning and critical thresholds per `<flex-queue-stats>` metric key (the column keys:
     * `waiting`, `longestWait`, `sla30m`, `slaToday`, `abandonedPctToday`, …). `direction` is
     * `above` (default: at or above the limit breaches) or `below` (e.g. SLA %). A breach colours
     * the cell, adds a text cue and raises one notification until the metric recovers.
     */
    thresholds: Record<string, { warning?: number; critical?: number; direction?: 'above' | 'below' }>;
  };
  plugins: { url: string; name?: string; integrity?: string; enabled?: boolean }[];
  pluginService: { enabled: boolean; initializationTimeout: number };
  /** Pre-release features switched on by name (`{'insights-history': true}`); see registerFeature. */
  features: Record<string, boolean>;
  /**
   * `<flex-chat>`: `pageSize` messages per "Load earlier messages"; `typingThrottleMs` between two
   * SendTyping calls while the agent types; `collapseAt` characters after which a message is
   * collapsed behind "Show more". `attachments`: the composer's "Attach file" button (`enabled`),
   * at most `maxFiles` files per message and `maxFileSize` bytes each (Twilio Conversations' default
   * media limit is 16 MiB), `accept` for the file chooser (`image/*,.pdf`; empty for any file).
   */
  chat: {
    pageSize: number;
    typingThrottleMs: number;
    collapseAt: number;
    attachments: { enabled: boolean; maxFiles: number; maxFileSize: number; accept: string };
    /**
     * Canned responses offered by `/` at the start of the message (plugins add more with
     * `api.cannedResponses.add`). Placeholders: `{{customer.firstName}}`, `{{customer.name}}`,
     * `{{agent.name}}`, `{{agent.firstName}}`, `{{task.queue}}`.
     */
    cannedResponses: { title: string; text: string; category?: string }[];
  };
  /**
   * The CRM hooks (`provider.crm`): `searchTimeout` ms before a contact search counts as failed
   * (the ring never waits for it); `logAttempts` calls of `logInteraction` before it waits for
   * "Retry"; `logRetryDelay` ms before the first automatic retry, doubled after each failure.
   */
  crm: { searchTimeout: number; logAttempts: number; logRetryDelay: number };
  /**
   * `<flex-app>`: navigation items by view id (`agent-desktop`, `teams`, `queues`, `insights`,
   * `admin`, or a plugin's). `order` puts the listed ids first, in that order; `hidden` removes ids.
   */
  app: { navigation: { order: string[]; hidden: string[] } };
  /**
   * `<flex-insights>`: the review `questionnaire` (questions `{id, label, type, weight, options?}`,
   * type `scale` 1–5, `yes-no`, `choice` (options from worst to best) or `text`; the total is the
   * weighted mean, 0–100), the dispositions that count as first-contact resolution, and the
   * service-level and short-abandon thresholds in seconds.
   */
  insights: {
    questionnaire: { id: string; label: string; type: 'scale' | 'yes-no' | 'choice' | 'text'; weight: number; options?: string[] }[];
    resolvedDispositions: string[];
    serviceLevelSeconds: number;
    shortAbandonedSeconds: number;
  };
  /**
   * Which published version `cdn/loader.js` runs: follow the newest minor of the major (default)
   * or a pinned minor (`1.4`) or version (`1.4.2`). Read by the loader before the library loads;
   * `<flex-admin>` changes it (SetVersionPolicy).
   */
  version: { mode: 'follow-minor' | 'pinned'; pinned: string };
  /**
   * Tabs of the same agent in one browser: with `singleConnection` (the default) one tab holds
   * the connection and the others mirror it (one ring, one softphone); false makes every tab
   * independent (also the provider's `single-connection="off"`).
   */
  tabs: { singleConnection: boolean };
  /** Role when the backend does not say (the simulator uses the provider's user-role). */
  role?: Role;
}

export const defaultConfig: FlexConfig = {
  language: '',
  strings: {},
  theme: { name: 'light', tokens: {} },
  notifications: { enabled: true, mode: 'whenNotInFocus' },
  ringtone: { enabled: true, url: '' },
  shortcuts: { enabled: true, bindings: {} },
  wrapup: {
    dispositions: ['Resolved', 'Follow-up needed', 'Escalated', 'Wrong number', 'No answer'],
    requireDisposition: false,
  },
  activity: { rejectPendingReservationsOnUnavailable: true },
  outbound: { enabled: true, defaultCountry: 'US', callerIds: ['+15550100'], keyTones: true, templates: [] },
  voice: { recording: { enabled: false, required: false }, deviceCheck: true },
  queueStats: { thresholds: {} },
  plugins: [],
  pluginService: { enabled: true, initializationTimeout: 10_000 },
  features: {},
  chat: {
    pageSize: 30,
    typingThrottleMs: 3000,
    collapseAt: 1200,
    attachments: { enabled: true, maxFiles: 5, maxFileSize: 16 * 1024 * 1024, accept: '' },
    cannedResponses: [],
  },
  crm: { searchTimeout: 5000, logAttempts: 4, logRetryDelay: 2000 },
  app: { navigation: { order: [], hidden: [] } },
  insights: {
    questionnaire: [
      { id: 'greeting', label: 'Greeted the customer and confirmed their identity', type: 'yes-no', weight: 1 },
      { id: 'understanding', label: 'Understood the customer’s need', type: 'scale', weight: 2 },
      { id: 'resolution', label: 'Resolution', type: 'choice', weight: 3, options: ['Not resolved', 'Partly resolved', 'Resolved'] },
      { id: 'tone', label: 'Tone and empathy', type: 'scale', weight: 2 },
      { id: 'coaching', label: 'Coaching notes', type: 'text', weight: 0 },
    ],
    resolvedDispositions: ['Resolved'],
    serviceLevelSeconds: 20,
    shortAbandonedSeconds: 5,
  },
  version: { mode: 'follow-minor', pinned: '' },
  tabs: { singleConnection: true },
};

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** An object that is not an array (a configuration section, as JSON gives them). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Structural equality for configuration values: literal objects and arrays by content, anything
 * else (class instances, functions) by identity. An equal new object is no change.
 */
export function sameConfigValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameConfigValue(item, b[i]));
  if (!isLiteral(a) || !isLiteral(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameConfigValue(a[key], b[key]));
}

function isLiteral(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Key names no configuration may use at any depth: `Object.prototype`'s members (`__proto__`,
 * `constructor`, `toString`, `hasOwnProperty`, `valueOf`, …) and `prototype`. Validation reports
 * them as unknown keys; deepMerge skips them, so no layer can reach a prototype.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Deep-merges plain objects key by key; arrays and scalars from a later source replace earlier ones. */
export function deepMerge<T>(base: T, ...sources: readonly unknown[]): T {
  let result: unknown = base;
  for (const source of sources) {
    if (source === undefined || source === null) continue;
    result = mergeTwo(result, source);
  }
  return result as T;
}

function mergeTwo(base: unknown, source: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(source)) return source;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) if (!RESERVED_KEYS.has(key)) merged[key] = value;
  for (const [key, value] of Object.entries(source)) {
    if (RESERVED_KEYS.has(key)) continue;
    merged[key] = Object.hasOwn(base, key) ? mergeTwo(base[key], value) : value;
  }
  return merged;
}
