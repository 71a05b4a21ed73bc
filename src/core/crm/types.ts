import type { TaskDurations } from '../../events.js';

/**
 * What a CRM's contact search returns for one match: `{id, name, kind?, phone?, email?, url?,
 * details?}`. `details` is a short line the ringing card shows ("Acme Corp · 3 open cases").
 */
export interface CrmContact {
  readonly id: string;
  readonly name: string;
  /** What the record is (`contact`, `lead`, `account`); shown next to the name. */
  readonly kind?: string;
  readonly phone?: string;
  readonly email?: string;
  /** Where the record opens in the CRM. */
  readonly url?: string;
  readonly details?: string;
}

/** What `provider.crm.searchContacts` is called with when a reservation arrives. */
export interface ContactQuery {
  /** The caller's number (voice, SMS, WhatsApp), when the task has one. */
  readonly phone?: string;
  readonly email?: string;
  readonly name?: string;
  readonly taskSid: string;
  readonly channel: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A CRM record an interaction is associated with: `{id, name, …}` (a contact, a case, a deal). */
export interface CrmRecord {
  readonly id: string;
  readonly name: string;
  readonly kind?: string;
  readonly url?: string;
  readonly [key: string]: unknown;
}

/** Everything about one completed interaction, as `provider.crm.logInteraction` receives it. */
export interface InteractionLog {
  readonly taskSid: string;
  readonly channel: string;
  readonly disposition?: string;
  readonly notes?: string;
  readonly durations: TaskDurations;
  readonly associations: readonly CrmRecord[];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly customer: { readonly name: string; readonly phone?: string; readonly email?: string; readonly crmId?: string };
  readonly queueName: string;
  /** The conversation holding the transcript (messaging tasks). */
  readonly conversationSid?: string;
  /** The call whose recording belongs to the interaction (voice tasks). */
  readonly callSid?: string;
  /** Epoch ms. */
  readonly completedAt: number;
}

/** The state of a contact search for one task. */
export interface ContactSearch {
  readonly status: 'searching' | 'done' | 'failed';
  readonly contacts: readonly CrmContact[];
  /** Why it failed (the resolver threw, timed out, or returned something that is not a list of contacts). */
  readonly error?: string;
}

/** The state of one interaction's log call. */
export interface InteractionLogState {
  readonly status: 'pending' | 'logging' | 'logged' | 'failed';
  /** Calls made so far. */
  readonly attempts: number;
  readonly error?: string;
  /** When the next automatic attempt runs (epoch ms), while one is scheduled. */
  readonly retryAt?: number;
  /** Who the interaction was with, for the wrap-up's list. */
  readonly name: string;
  readonly completedAt: number;
}

/** What the store keeps of the CRM: searches, associations and log calls, by task sid. */
export interface CrmState {
  readonly searches: Readonly<Record<string, ContactSearch>>;
  readonly associations: Readonly<Record<string, readonly CrmRecord[]>>;
  readonly logs: Readonly<Record<string, InteractionLogState>>;
}

export const initialCrmState: CrmState = Object.freeze({ searches: {}, associations: {}, logs: {} });

/** Why a value is not a contact, or undefined when it is one. */
export function contactProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const c = value as Record<string, unknown>;
  if (typeof c['id'] !== 'string' || c['id'] === '') return 'has no id (a non-empty string)';
  if (typeof c['name'] !== 'string' || c['name'] === '') return 'has no name (a non-empty string)';
  for (const key of ['kind', 'phone', 'email', 'url', 'details']) {
    if (c[key] !== undefined && typeof c[key] !== 'string') return `has a ${key} that is not a string`;
  }
  return undefined;
}

/** Why a value is not a record to associate, or undefined when it is one. */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const r = value as Record<string, unknown>;
  if (typeof r['id'] !== 'string' || r['id'] === '') return 'has no id (a non-empty string)';
  if (typeof r['name'] !== 'string' || r['name'] === '') return 'has no name (a non-empty string)';
  return undefined;
}

/** A contact as a record to associate (only its own fields: a CRM's extra keys stay out of logs). */
export function contactRecord(contact: CrmContact): CrmRecord {
  const { id, name, kind, url, phone, email } = contact;
  return {
    id,
    name,
    ...(kind !== undefined ? { kind } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(email !== undefined ? { email } : {}),
  };
}
