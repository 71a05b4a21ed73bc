import { FlexContactSearchEvent, FlexErrorEvent } from '../../events.js';
import type { DomainEvent } from '../domain-events.js';
import { FlexError } from '../errors.js';
import type { Task } from '../model.js';
import type { FlexState, ReadableStore } from '../store.js';
import type { CrmHooks } from './hooks.js';
import { contactProblem, contactRecord, type ContactQuery, type CrmContact } from './types.js';

const PHONE = /^\+?[0-9][0-9\s().-]{5,}$/;

/** The phone number in an address (`whatsapp:+14155550100`, `+14155550100`), if it is one. */
export function phoneOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const bare = value.replace(/^(whatsapp|sms|tel):/i, '').trim();
  return PHONE.test(bare) ? bare : undefined;
}

/** What the resolver is asked for a task: the customer's number or address, name and attributes. */
export function contactQuery(task: Task): ContactQuery {
  const { customer, attributes } = task;
  const phone = phoneOf(customer.phone) ?? phoneOf(attributes['from']) ?? phoneOf(attributes['customerAddress']);
  const email = customer.email || (typeof attributes['email'] === 'string' && attributes['email'].includes('@') ? attributes['email'] : undefined);
  const name = customer.name && customer.name !== phone && customer.name !== email ? customer.name : undefined;
  return {
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    taskSid: task.sid,
    channel: task.channel,
    attributes,
  };
}

/** The contacts a resolver returned, checked: a list of `{id, name, …}` (at most 50 kept). */
export function checkContacts(value: unknown): CrmContact[] {
  if (!Array.isArray(value)) {
    throw new FlexError('invalid-contacts', `searchContacts must return a list of contacts, not ${value === null ? 'null' : typeof value}.`);
  }
  for (const [index, item] of value.entries()) {
    const problem = contactProblem(item);
    if (problem) throw new FlexError('invalid-contacts', `searchContacts returned a contact [${index}] that ${problem}.`);
  }
  return (value as CrmContact[]).slice(0, 50);
}

export interface ContactSearchOptions {
  readonly store: ReadableStore;
  readonly hooks: CrmHooks;
  readonly dispatch: (event: DomainEvent) => void;
  readonly emit: (event: Event) => void;
  /** Milliseconds before a search counts as failed (config `crm.searchTimeout`). */
  readonly timeout: () => number;
}

/**
 * Looks the customer up in the CRM when a reservation reaches the person (ringing, or created
 * accepted as an outbound task), once per task: a cancelable `flex-contact-search` event first
 * (its listener may answer with `respondWith`), else `hooks.searchContacts`. The search runs
 * beside the ring and never delays it: its state is in the store (`crm.searches`), a slow resolver
 * times out (`crm.searchTimeout`), and a failure is shown on the card and sent as `flex-error`
 * (code `crm-search-failed`) without a notification. One match is associated with the task.
 *
 * Returns a function that stops it.
 */
export function installContactSearch(options: ContactSearchOptions): () => void {
  const { store, hooks, dispatch, emit } = options;
  const asked = new Set<string>();
  let stopped = false;

  const search = async (task: Task) => {
    const query = contactQuery(task);
    let answer: readonly CrmContact[] | Promise<readonly CrmContact[]> | undefined;
    let answered = false;
    const event = new FlexContactSearchEvent({
      query,
      respondWith: (contacts) => {
        answered = true;
        answer = contacts;
      },
    });
    emit(event);
    if (!answered && event.defaultPrevented) return;
    const resolver = hooks.searchContacts;
    if (!answered && !resolver) return;
    dispatch({ type: 'crm.search', taskSid: task.sid, search: { status: 'searching', contacts: [] } });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const ms = options.timeout();
      const pending = Promise.resolve().then(() => (answered ? answer : resolver!(query)));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new FlexError('crm-search-timeout', `The contact search took longer than ${ms / 1000} s (config crm.searchTimeout).`)),
          ms,
        );
      });
      const contacts = checkContacts(await Promise.race([pending, timeout]));
      if (stopped) return;
      dispatch({ type: 'crm.search', taskSid: task.sid, search: { status: 'done', contacts } });
      const current = store.getState().crm.associations[task.sid] ?? [];
      if (contacts.length === 1 && !current.some((r) => r.id === contacts[0].id)) {
        dispatch({ type: 'crm.associations', taskSid: task.sid, records: [...current, contactRecord(contacts[0])] });
      }
    } catch (cause) {
      if (stopped) return;
      const error = FlexError.from(cause, 'crm-search-failed');
      dispatch({ type: 'crm.search', taskSid: task.sid, search: { status: 'failed', contacts: [], error: error.message } });
      emit(new FlexErrorEvent({ code: error.code === 'unexpected' ? 'crm-search-failed' : error.code, message: error.message, recoverable: true }));
    } finally {
      clearTimeout(timer);
    }
  };

  const onState = (state: FlexState) => {
    const me = state.session.workerSid;
    if (!me) return;
    for (const reservation of Object.values(state.reservations)) {
      if (reservation.workerSid !== me || asked.has(reservation.taskSid)) continue;
      if (reservation.status !== 'pending' && reservation.status !== 'accepted') continue;
      const task = state.tasks[reservation.taskSid];
      if (!task || state.crm.searches[task.sid]) continue;
      asked.add(task.sid);
      void search(task);
    }
    // Forget tasks that left the state, so the set does not grow over a shift.
    for (const sid of asked) if (!state.tasks[sid]) asked.delete(sid);
  };

  const unsubscribe = store.subscribe((s) => s.reservations, () => onState(store.getState()));
  onState(store.getState());
  return () => {
    stopped = true;
    unsubscribe();
  };
}
