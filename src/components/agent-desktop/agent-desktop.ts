import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ShortcutsController } from '../../controllers/shortcuts.js';
import { selectMe } from '../../controllers/agent-state.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import '../activity-selector/activity-selector.js';
import type { FlexActivitySelector } from '../activity-selector/activity-selector.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import '../incoming-task/incoming-task.js';
import '../task-canvas/task-canvas.js';
import '../task-list/task-list.js';
import { styles } from './agent-desktop.styles.js';

registerStrings({
  'agentDesktop.label': 'Agent desktop',
  'agentDesktop.tasks': 'Your tasks',
  'agentDesktop.incoming': 'Incoming',
  'agentDesktop.notifications': 'Notifications',
  'agentDesktop.newMessage': 'New message',
  'agentDesktop.closeNewMessage': 'Close new message',
});

/**
 * The agent's whole working surface in one element: the activity menu in its header, ringing
 * cards, the task list and the selected task's canvas. It fits a CRM side panel (320 px and up:
 * one column) and spreads into two columns from 44rem. It also brings the keyboard shortcuts
 * (Ctrl+Shift+A accept, R reject, H hold, M mute, 1 end, T/Y next/previous task, S activity menu),
 * remappable through config `shortcuts.bindings` and switched off by `shortcuts.enabled: false`.
 *
 * @summary Activity, incoming tasks, task list and task canvas together.
 *
 * @tagname flex-agent-desktop
 *
 * "New message" in the header opens a `<flex-new-message>` (SMS, WhatsApp, email); a CRM's
 * click-to-message link sets `message-to`, which opens it with "To" filled in.
 *
 * @slot header-end - Extra content at the end of the header (a CRM's own buttons).
 *
 * @event {FlexReservationCreatedEvent} flex-reservation-created - A task rings for the person (sent by the provider).
 * @event {FlexTaskAcceptedEvent} flex-task-accepted - A task was accepted: screen-pop the customer.
 * @event {FlexTaskSelectedEvent} flex-task-selected - A task was selected.
 * @event {FlexTaskWrapupEvent} flex-task-wrapup - A task entered wrap-up.
 * @event {FlexTaskCompletedEvent} flex-task-completed - A task completed: log the interaction.
 * @event {FlexActivityChangedEvent} flex-activity-changed - The person's activity changed.
 *
 * @csspart base - The layout grid.
 * @csspart header - The header bar.
 * @csspart sidebar - The column with incoming cards and the task list.
 * @csspart canvas - The task canvas area.
 * @csspart notices - In-app notifications (errors, information).
 * @csspart new-message-button - "New message" in the header.
 * @csspart new-message - The new-message panel (its `<flex-new-message>`).
 *
 * @cssprop [--flex-agent-desktop-background=var(--flex-color-surface-raised)] - Background behind the task list.
 */
export class FlexAgentDesktop extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h2 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /**
   * Starts a message to this address (a CRM's "Send SMS" link): opens "New message" with "To"
   * filled in. Set it again (or to another address) to open it again.
   */
  @property({ attribute: 'message-to' }) messageTo = '';

  /** The channel "New message" opens with: `sms` (default), `whatsapp` or `email`. */
  @property({ attribute: 'message-channel' }) messageChannel: 'sms' | 'whatsapp' | 'email' = 'sms';

  @state() private composing = false;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #me = this.select(selectMe, undefined);
  readonly #notifications = this.select((s) => s.notifications, []);

  @query('flex-activity-selector') private activitySelector?: FlexActivitySelector;

  /** The keyboard shortcuts (see ShortcutsController). */
  readonly shortcuts = new ShortcutsController(this, this.center, () => this.activitySelector?.focusMenu());

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('messageTo') && this.messageTo) this.composing = true;
  }

  #toggleComposer = async () => {
    this.composing = !this.composing;
    await this.updateComplete;
    if (this.composing) this.renderRoot.querySelector<HTMLElement>('flex-new-message')?.focus();
    else this.renderRoot.querySelector<HTMLElement>('[part="new-message-button"]')?.focus();
  };

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const notices = this.#notifications.value;
    return html`<div class="base" part="base" role="region" aria-label=${this.t('agentDesktop.label')}>
      <div class="header" part="header">
        <h2 aria-level=${ariaLevel(this.headingLevel)} dir="auto">${this.#me.value?.name ?? ''}</h2>
        <flex-activity-selector exportparts="base: activity-base, menu: activity-menu, timer: activity-timer"></flex-activity-selector>
        <button
          type="button"
          class="button"
          part="new-message-button"
          aria-expanded=${this.composing ? 'true' : 'false'}
          aria-controls=${this.composing ? 'new-message' : nothing}
          @click=${this.#toggleComposer}
        >
          ${this.t('agentDesktop.newMessage')}
        </button>
        <slot name="header-end"></slot>
      ${this.composing
        ? html`<section id="new-message" class="new-message" part="new-message" aria-label=${this.t('agentDesktop.newMessage')}>
            <flex-new-message
              message-to=${this.messageTo}
              channel=${this.messageChannel}
              @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && void this.#toggleComposer()}
            ></flex-new-message>
          </section>`
        : nothing}
      </div>
      <div class="sidebar" part="sidebar">
        ${notices.length > 0
          ? html`<ul class="notices" part="notices" aria-label=${this.t('agentDesktop.notifications')}>
              ${notices.map(
                (n) => html`<li class="notice ${n.type}">
                  <span>${n.message}</span>
                  <button type="button" class="button quiet" @click=${() => this.cc?.notifications.dismiss(n.id)}>
                    ${this.t('common.dismiss')}
                  </button>
                </li>`,
              )}
            </ul>`
          : nothing}
        <flex-incoming-task
          exportparts="card: incoming-card, accept-button, reject-button, countdown"
        ></flex-incoming-task>
        <h3 aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('agentDesktop.tasks')}</h3>
        <flex-task-list exportparts="base: task-list, task, unread, empty: task-list-empty"></flex-task-list>
      </div>
      <div class="canvas" part="canvas">
        <flex-task-canvas
          exportparts="base: canvas-base, header: canvas-header, tablist, tab, panel, info, empty: canvas-empty"
        ></flex-task-canvas>
      </div>
    </div>`;
  }
}

defineElement('flex-agent-desktop', FlexAgentDesktop);

declare global {
  interface HTMLElementTagNameMap {
    'flex-agent-desktop': FlexAgentDesktop;
  }
}
