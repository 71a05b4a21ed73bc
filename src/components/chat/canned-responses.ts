import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ContactCenter } from '../../core/contact-center.js';
import { fillPlaceholders, filterCannedResponses, type CannedResponse } from '../../core/crm/canned-responses.js';
import type { Task } from '../../core/model.js';
import { registerStrings } from '../../core/strings.js';

registerStrings({
  'chat.canned': 'Canned responses',
  'chat.cannedHint': 'Type / at the start of the message for canned responses.',
  'chat.cannedCount': '{count} canned responses; arrow keys to choose, Enter to insert, Escape to close.',
  'chat.cannedNone': 'No canned response matches "{query}".',
});

let ids = 0;

interface Options {
  readonly center: () => ContactCenter | undefined;
  readonly t: (key: string, values?: Record<string, string | number>) => string;
  /** Puts the chosen text into the composer (replacing the `/query`), without sending. */
  readonly insert: (text: string) => void;
}

/**
 * Canned responses in the chat composer: `/` at the start of the message opens a listbox
 * ("Canned responses") of config `chat.cannedResponses` and the plugins' (`api.cannedResponses.add`),
 * filtered by what follows the `/`. Arrow keys move (the textbox keeps focus and points at the
 * option with aria-activedescendant), Enter or a click inserts the text with its placeholders
 * filled, Escape closes. Nothing is sent: the agent edits, then sends.
 */
export class CannedResponsesController implements ReactiveController {
  open = false;
  query = '';
  active = 0;
  readonly id = `flex-chat-canned-${++ids}`;
  #center: ContactCenter | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: Options,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const center = this.options.center();
    if (center === this.#center) return;
    this.#unsubscribe?.();
    this.#center = center;
    this.#unsubscribe = center?.cannedResponses.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#center = undefined;
  }

  /** Every response, config's first. */
  all(): CannedResponse[] {
    const center = this.options.center();
    if (!center) return [];
    return center.cannedResponses.list(center.config.chat.cannedResponses ?? []);
  }

  matches(): CannedResponse[] {
    return filterCannedResponses(this.all(), this.query);
  }

  /** Follows the draft: open while it is `/` and a one-line query. */
  onInput(draft: string): void {
    const match = /^\/([^\n]*)$/.exec(draft);
    const open = !!match && this.all().length > 0;
    if (open !== this.open || (match && match[1] !== this.query)) this.active = 0;
    this.open = open;
    this.query = match ? match[1] : '';
    this.host.requestUpdate();
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.host.requestUpdate();
  }

  /** Handles the composer's keys while the list is open; true when the key was used. */
  onKeydown(event: KeyboardEvent, task: Task, agentName: string): boolean {
    if (!this.open || event.isComposing) return false;
    const matches = this.matches();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (matches.length === 0) return false;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + matches.length) % matches.length;
      this.host.requestUpdate();
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return true;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      const chosen = matches[this.active];
      if (!chosen) return false;
      event.preventDefault();
      this.choose(chosen, task, agentName);
      return true;
    }
    return false;
  }

  choose(response: CannedResponse, task: Task, agentName: string): void {
    const text = fillPlaceholders(response.text, {
      customer: task.customer,
      agent: { name: agentName },
      task: { queue: task.queueName, channel: task.channel },
    });
    this.open = false;
    this.query = '';
    this.options.insert(text);
    this.host.requestUpdate();
  }

  /** The id the textbox's aria-activedescendant points at, while open. */
  activeId(): string | undefined {
    return this.open && this.matches().length > 0 ? `${this.id}-${this.active}` : undefined;
  }

  render(task: Task, agentName: string) {
    if (!this.open) return nothing;
    const matches = this.matches();
    const t = this.options.t;
    if (this.active >= matches.length) this.active = 0;
    return html`<div class="canned" part="canned-responses">
      <ul role="listbox" id=${this.id} aria-label=${t('chat.canned')}>
        ${matches.map(
          // The keys are the textbox's (it keeps focus and points here with aria-activedescendant).
          // eslint-disable-next-line lit-a11y/click-events-have-key-events
          (response, index) => html`<li
            role="option"
            id="${this.id}-${index}"
            aria-selected=${index === this.active ? 'true' : 'false'}
            class=${index === this.active ? 'active' : ''}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => this.choose(response, task, agentName)}
          >
            <span class="canned-title" dir="auto">${response.title}</span>${response.category
              ? html`<span class="canned-category" dir="auto">${response.category}</span>`
              : nothing}
            <span class="canned-text" dir="auto">${response.text}</span>
          </li>`,
        )}
      </ul>
      <p class="visually-hidden" role="status">
        ${matches.length ? t('chat.cannedCount', { count: matches.length }) : t('chat.cannedNone', { query: this.query })}
      </p>
      ${matches.length ? nothing : html`<p class="canned-none" aria-hidden="true">${t('chat.cannedNone', { query: this.query })}</p>`}
    </div>`;
  }
}

export const cannedResponseStyles = css`
  .canned {
    margin-block-end: var(--flex-space-xs);
  }
  .canned ul {
    list-style: none;
    margin: 0;
    padding: var(--flex-space-xs);
    max-height: 12rem;
    overflow: auto;
    border: 1px solid var(--flex-color-border);
    border-radius: var(--flex-radius-m);
    background: var(--flex-color-surface);
  }
  .canned li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0 var(--flex-space-s);
    padding: var(--flex-space-xs) var(--flex-space-s);
    border-radius: var(--flex-radius-s);
    cursor: pointer;
  }
  .canned li.active {
    outline: 2px solid var(--flex-color-focus);
    background: var(--flex-color-info-surface);
  }
  .canned-title {
    font-weight: var(--flex-font-weight-bold);
  }
  .canned-category {
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
  .canned-text {
    grid-column: 1 / -1;
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .canned-none {
    margin: 0;
    color: var(--flex-color-text-muted);
    font-size: var(--flex-font-size-s);
  }
`;
