import { FlexError } from '../errors.js';
import type { ContactQuery, CrmContact, InteractionLog } from './types.js';

export type SearchContacts = (query: ContactQuery) => readonly CrmContact[] | Promise<readonly CrmContact[]>;
export type LogInteraction = (log: InteractionLog) => void | Promise<void>;

/**
 * The functions a host registers for its CRM, on `provider.crm`:
 *
 * ```js
 * provider.crm.searchContacts = async ({ phone, email, name, taskSid, channel, attributes }) => [...];
 * provider.crm.logInteraction = async (log) => { await fetch('/crm/calls', { method: 'POST', body: JSON.stringify(log) }); };
 * ```
 *
 * Both are optional. Assigning anything that is not a function (or undefined/null to remove it)
 * throws a TypeError at once, so a typo is not a silent no-op.
 */
export class CrmHooks {
  #search: SearchContacts | undefined;
  #log: LogInteraction | undefined;
  readonly #listeners = new Set<() => void>();

  /** Called with `{phone?, email?, name?, taskSid, channel, attributes}` when a reservation arrives. */
  get searchContacts(): SearchContacts | undefined {
    return this.#search;
  }
  set searchContacts(fn: SearchContacts | undefined) {
    this.#search = check(fn, 'searchContacts');
    this.#changed();
  }

  /** Called once per completed interaction; retried with backoff when it fails. */
  get logInteraction(): LogInteraction | undefined {
    return this.#log;
  }
  set logInteraction(fn: LogInteraction | undefined) {
    this.#log = check(fn, 'logInteraction');
    this.#changed();
  }

  /** Calls `listener` when a hook is set or removed; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function check<T>(fn: T | undefined | null, name: string): T | undefined {
  if (fn === undefined || fn === null) return undefined;
  if (typeof fn !== 'function') {
    throw new FlexError('invalid-crm-hook', `provider.crm.${name} must be a function (or undefined), not ${typeof fn}.`);
  }
  return fn;
}
