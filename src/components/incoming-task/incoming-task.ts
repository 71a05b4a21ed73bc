import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ClockController } from '../../controllers/clock.js';
import { formatDuration, selectMyPendingReservations, shallowEqual } from '../../controllers/agent-state.js';
import { RingerController, type RingingItem } from '../../controllers/ringer.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { channelIcon, channelLabel } from '../task-list/channel-icon.js';
import { styles } from './incoming-task.styles.js';
import { callbackNumberOf, callbackOf, formatCallbackTime } from '../../core/callbacks.js';
import type { Task } from '../../core/model.js';
import { contactMatchStyles, renderContactMatch, type ContactMatchHost } from '../crm/contact-match.js';

registerStrings({
  'incomingTask.accept': 'Accept',
  'incomingTask.reject': 'Reject',
  'incomingTask.announce': 'Incoming {channel} from {name}',
  'incomingTask.notificationBody': '{queue} · waiting {time}',
  'incomingTask.noun.voice': 'call',
  'incomingTask.noun.chat': 'chat',
  'incomingTask.noun.sms': 'SMS',
  'incomingTask.noun.whatsapp': 'WhatsApp message',
  'incomingTask.noun.email': 'email',
  'incomingTask.noun.messenger': 'Messenger message',
  'incomingTask.noun.callback': 'callback request',
  'incomingTask.noun.voicemail': 'voicemail',
  'incomingTask.callbackNumber': 'Call back {number}',
  'incomingTask.requestedTime': 'Requested for {time}',
  'incomingTask.notes': 'Notes: {notes}',
  'incomingTask.queue': 'Queue: {queue}',
  'incomingTask.waited': 'Waited {time}',
  'incomingTask.countdown': 'Rings for {time}',
});

/**
 * A ringing card per pending reservation of the person: channel, customer, queue, time waited,
 * and a countdown to the reservation's timeout, with Accept and Reject (`AcceptTask` /
 * `RejectTask` with `{reservationSid}`; accepting also selects the task). While anything rings it
 * plays the ringtone (config `ringtone`), shows a browser notification when the page is hidden
 * (config `notifications`), and announces the task in a live region.
 *
 * @summary Incoming-task cards with Accept and Reject, ringtone and notifications.
 *
 * @tagname flex-incoming-task
 *
 * @event {FlexReservationCreatedEvent} flex-reservation-created - Sent by the provider for each new reservation. Detail: customer, channel, queue, attributes.
 * @event {FlexTaskAcceptedEvent} flex-task-accepted - Sent by the provider once a reservation is accepted.
 * @event {FlexErrorEvent} flex-error - Accepting or rejecting failed, or the CRM contact search failed (code `crm-search-failed`, `crm-search-timeout`).
 * @event {FlexContactCreateRequestEvent} flex-contact-create-request - "New contact" was chosen because no CRM contact matched. Detail: `{taskSid, channel, phone?, email?, name?, attributes}`.
 *
 * @csspart base - The list of cards.
 * @csspart card - One ringing card.
 * @csspart channel-icon - The channel's icon.
 * @csspart countdown - Time left before the reservation times out.
 * @csspart accept-button - Accept.
 * @csspart reject-button - Reject.
 * @csspart announcer - The visually hidden live region.
 * @csspart error - The inline error of a failed action.
 * @csspart crm - The CRM's answer on a card: the matched contact, "Choose contact", "New contact", the transfer note.
 * @csspart contact - The one matched CRM contact.
 * @csspart choose-contact - The radio group "Choose contact" when several contacts match.
 * @csspart new-contact-button - "New contact" when none matches.
 * @csspart transfer-note - The note the transferring agent wrote.
 *
 * @cssprop [--flex-incoming-task-border-color=var(--flex-color-primary)] - Card border.
 * @cssprop [--flex-incoming-task-background=var(--flex-color-info-surface)] - Card background.
 */
export class FlexIncomingTask extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles, contactMatchStyles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h3 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /** Reflects whether something is ringing (the ringtone plays unless config turns it off). */
  @property({ type: Boolean, reflect: true }) ringing = false;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #reservations = this.select(selectMyPendingReservations, [], shallowEqual);
  readonly #tasks = this.select((s) => s.tasks, {});
  readonly #crm = this.select((s) => s.crm, { searches: {}, associations: {}, logs: {} });
  readonly #crmHost: ContactMatchHost = {
    t: (key, values) => this.t(key, values),
    invoke: (name, payload) => this.invoke(name, payload),
    eventTarget: this,
  };
  readonly #clock = new ClockController(this, this.center, { active: () => this.#reservations.value.length > 0 });
  readonly #ringer = new RingerController(this, this.center);

  #items(): RingingItem[] {
    const items: RingingItem[] = [];
    for (const reservation of this.#reservations.value) {
      const task = this.#tasks.value[reservation.taskSid];
      if (task) items.push({ reservation, task });
    }
    return items;
  }

  #noun(channel: string): string {
    const key = `incomingTask.noun.${channel}`;
    const text = this.t(key);
    return text === key ? channel : text;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const now = this.#clock.now();
    this.#ringer.update(this.#items(), ({ task }) => ({
      title: this.t('incomingTask.announce', { channel: this.#noun(task.channel), name: task.customer.name }),
      body: this.t('incomingTask.notificationBody', {
        queue: task.queueName,
        time: formatDuration((now - task.createdAt) / 1000),
      }),
    }));
    this.ringing = this.#ringer.ringing;
  }

  async #accept(item: RingingItem) {
    await this.invoke('AcceptTask', { reservationSid: item.reservation.sid });
    // As in Flex, the accepted task becomes the selected one.
    if (!this.actionError) await this.invoke('SelectTask', { taskSid: item.task.sid });
  }

  #reject(item: RingingItem) {
    void this.invoke('RejectTask', { reservationSid: item.reservation.sid });
  }

  /** A callback's number, requested time and notes; a voicemail's number. */
  #renderCallback(task: Task) {
    const number = callbackNumberOf(task);
    if (!number) return nothing;
    const callback = callbackOf(task);
    const time = callback?.scheduledFor === undefined ? '' : formatCallbackTime(callback.scheduledFor, this.cc?.strings.locale);
    return html`<p class="facts" part="callback">
      <span dir="ltr">${this.t('incomingTask.callbackNumber', { number })}</span>
      ${time ? html`<span>${this.t('incomingTask.requestedTime', { time })}</span>` : nothing}
      ${callback?.notes ? html`<span dir="auto">${this.t('incomingTask.notes', { notes: callback.notes })}</span>` : nothing}
    </p>`;
  }

  override render() {
    const announcer = html`<div class="visually-hidden" part="announcer" aria-live="assertive" aria-atomic="true">
      ${this.#ringer.announcement}
    </div>`;
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return html`${pending}${announcer}`;
    const items = this.#items();
    const now = this.#clock.now();
    const t = (key: string) => this.t(key);
    return html`${announcer}${this.renderActionError()}
      ${items.length === 0
        ? nothing
        : html`<div class="base" part="base">
            ${repeat(
              items,
              (item) => item.reservation.sid,
              (item) => {
                const { task, reservation } = item;
                const id = `card-${reservation.sid}`;
                return html`<section class="card" part="card" aria-labelledby=${id}>
                  <h3 aria-level=${ariaLevel(this.headingLevel)} class="title" id=${id}>
                    <span class="channel">${channelIcon(task.channel)}<span>${channelLabel(t, task.channel)}</span></span>
                    <span class="name" dir="auto" title=${task.customer.name}>${task.customer.name}</span>
                  </h3>
                  <p class="facts">
                    <span dir="auto">${this.t('incomingTask.queue', { queue: task.queueName })}</span>
                    <span>${this.t('incomingTask.waited', { time: formatDuration((now - task.createdAt) / 1000) })}</span>
                    <span class="countdown" part="countdown"
                      >${this.t('incomingTask.countdown', {
                        time: formatDuration(Math.ceil((reservation.timeoutAt - now) / 1000)),
                      })}</span
                    >
                  </p>
                  ${this.#renderCallback(task)}
                  ${renderContactMatch(
                    this.#crmHost,
                    task,
                    this.#crm.value.searches[task.sid],
                    this.#crm.value.associations[task.sid] ?? [],
                    id,
                  )}
                  <div class="actions">
                    <button
                      type="button"
                      class="button success"
                      part="accept-button"
                      aria-describedby=${id}
                      @click=${() => this.#accept(item)}
                    >
                      ${this.t('incomingTask.accept')}
                    </button>
                    <button
                      type="button"
                      class="button danger"
                      part="reject-button"
                      aria-describedby=${id}
                      @click=${() => this.#reject(item)}
                    >
                      ${this.t('incomingTask.reject')}
                    </button>
                  </div>
                </section>`;
              },
            )}
          </div>`}`;
  }
}

defineElement('flex-incoming-task', FlexIncomingTask);

declare global {
  interface HTMLElementTagNameMap {
    'flex-incoming-task': FlexIncomingTask;
  }
}
