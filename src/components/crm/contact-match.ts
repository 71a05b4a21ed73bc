import { css, html, nothing, type TemplateResult } from 'lit';
import { contactRecord, type ContactSearch, type CrmContact, type CrmRecord } from '../../core/crm/types.js';
import type { Task } from '../../core/model.js';
import { registerStrings } from '../../core/strings.js';
import { FlexContactCreateRequestEvent } from '../../events.js';
import { contactQuery } from '../../core/crm/contact-search.js';

registerStrings({
  'crm.searching': 'Looking up the customer in the CRM…',
  'crm.searchFailed': 'CRM lookup failed: {message}',
  'crm.noMatch': 'No CRM contact matches.',
  'crm.newContact': 'New contact',
  'crm.chooseContact': 'Choose contact',
  'crm.matches': '{count} CRM contacts match',
  'crm.contact': 'CRM contact',
  'crm.openRecord': 'Open {name} in the CRM',
  'crm.associated': 'Associated records',
  'crm.dissociate': 'Remove {name}',
  'crm.transferNote': 'Transfer note',
  'crm.transferNoteFrom': 'Note from the transfer: {note}',
});

/** What a host element gives the contact rendering. */
export interface ContactMatchHost {
  t(key: string, values?: Record<string, string | number>): string;
  invoke(name: string, payload: unknown): Promise<unknown>;
  /** Where flex-contact-create-request is dispatched from. */
  readonly eventTarget: EventTarget;
}

/** "Ada Lovelace · Acme Corp · 3 open cases": a contact in one line (name first). */
export function contactLine(contact: CrmContact): string {
  return [contact.name, contact.kind, contact.details].filter((part) => part && part.trim()).join(' · ');
}

function choose(host: ContactMatchHost, task: Task, search: ContactSearch, associations: readonly CrmRecord[], chosen: CrmContact) {
  const others = search.contacts.filter((c) => c.id !== chosen.id && associations.some((r) => r.id === c.id));
  void (async () => {
    for (const other of others) await host.invoke('DissociateRecord', { taskSid: task.sid, recordId: other.id });
    await host.invoke('AssociateRecord', { taskSid: task.sid, record: contactRecord(chosen) });
  })();
}

/**
 * The CRM's answer for a task, shared by the ringing card and the Info tab: searching, the error
 * (quietly: a status line, never an alert), one contact, a radio group "Choose contact" for
 * several (choosing associates), or "New contact" (`flex-contact-create-request`) for none. And
 * the transfer note the task carries, if any.
 */
export function renderContactMatch(
  host: ContactMatchHost,
  task: Task,
  search: ContactSearch | undefined,
  associations: readonly CrmRecord[],
  idPrefix: string,
): TemplateResult {
  const note = typeof task.attributes['transferNote'] === 'string' ? task.attributes['transferNote'].trim() : '';
  const noteLine = note
    ? html`<p class="crm-note" part="transfer-note" dir="auto">${host.t('crm.transferNoteFrom', { note })}</p>`
    : nothing;
  let body: TemplateResult | typeof nothing = nothing;
  if (search?.status === 'searching') body = html`<p class="crm-status" role="status">${host.t('crm.searching')}</p>`;
  else if (search?.status === 'failed') {
    body = html`<p class="crm-status crm-failed" role="status">${host.t('crm.searchFailed', { message: search.error ?? '' })}</p>`;
  } else if (search?.status === 'done') {
    const contacts = search.contacts;
    if (contacts.length === 0) {
      const query = contactQuery(task);
      body = html`<div class="crm-match">
        <span class="crm-status">${host.t('crm.noMatch')}</span>
        <button
          type="button"
          class="button quiet"
          part="new-contact-button"
          @click=${() =>
            host.eventTarget.dispatchEvent(
              new FlexContactCreateRequestEvent({
                taskSid: task.sid,
                channel: task.channel,
                ...(query.phone ? { phone: query.phone } : {}),
                ...(query.email ? { email: query.email } : {}),
                ...(query.name ? { name: query.name } : {}),
                attributes: task.attributes,
              }),
            )}
        >
          ${host.t('crm.newContact')}
        </button>
      </div>`;
    } else if (contacts.length === 1) {
      const contact = contacts[0];
      body = html`<p class="crm-match" part="contact">
        <span class="visually-hidden">${host.t('crm.contact')}: </span>${contact.url
          ? html`<a href=${safeUrl(contact.url)} target="_blank" rel="noopener noreferrer" dir="auto">${contactLine(contact)}</a>`
          : html`<span dir="auto">${contactLine(contact)}</span>`}
      </p>`;
    } else {
      const name = `${idPrefix}-contact`;
      body = html`<div class="crm-choose" role="radiogroup" aria-label=${host.t('crm.chooseContact')} part="choose-contact">
        <span class="crm-status" aria-hidden="true">${host.t('crm.chooseContact')}</span>
        ${contacts.map(
          (contact) => html`<label class="crm-option">
            <input
              type="radio"
              name=${name}
              value=${contact.id}
              .checked=${associations.some((r) => r.id === contact.id)}
              @change=${() => choose(host, task, search, associations, contact)}
            />
            <span dir="auto">${contactLine(contact)}</span>
          </label>`,
        )}
      </div>`;
    }
  }
  if (body === nothing && noteLine === nothing) return html``;
  return html`<div class="crm" part="crm">${noteLine}${body}</div>`;
}

/** The records a task is associated with, each with a remove button (the Info tab). */
export function renderAssociations(host: ContactMatchHost, task: Task, associations: readonly CrmRecord[]) {
  if (associations.length === 0) return nothing;
  return html`<ul class="crm-associations" part="associations" aria-label=${host.t('crm.associated')}>
    ${associations.map(
      (record) => html`<li>
        ${typeof record.url === 'string'
          ? html`<a href=${safeUrl(record.url)} target="_blank" rel="noopener noreferrer" dir="auto">${record.name}</a>`
          : html`<span dir="auto">${record.name}</span>`}
        ${typeof record.kind === 'string' ? html`<span class="crm-kind">${record.kind}</span>` : nothing}
        <button
          type="button"
          class="button quiet"
          aria-label=${host.t('crm.dissociate', { name: record.name })}
          @click=${() => void host.invoke('DissociateRecord', { taskSid: task.sid, recordId: record.id })}
        >
          &times;
        </button>
      </li>`,
    )}
  </ul>`;
}

/** Only http(s) and relative links: a CRM's `javascript:` url never becomes a link. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '#';
  } catch {
    return '#';
  }
}

export const contactMatchStyles = css`
  .crm {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
    min-width: 0;
    font-size: var(--flex-font-size-s);
  }
  .crm p {
    margin: 0;
  }
  .crm-status {
    color: var(--flex-color-text-muted);
  }
  .crm-match {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--flex-space-s);
    font-weight: var(--flex-font-weight-bold);
    overflow-wrap: anywhere;
  }
  .crm-choose {
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  .crm-option {
    display: flex;
    align-items: center;
    gap: var(--flex-space-s);
    overflow-wrap: anywhere;
  }
  .crm-note {
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-inline-start: 3px solid var(--flex-color-warning);
    background: var(--flex-color-warning-surface);
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .crm-associations {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--flex-space-xs);
  }
  .crm-associations li {
    display: flex;
    align-items: center;
    gap: var(--flex-space-s);
    overflow-wrap: anywhere;
  }
  .crm-kind {
    color: var(--flex-color-text-muted);
  }
`;
