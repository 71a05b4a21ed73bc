import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PhoneNumberController } from '../../controllers/phone-number.js';
import { OUTBOUND_MESSAGE_CHANNELS, type OutboundMessageChannel } from '../../core/action-payloads.js';
import { checkAddress } from '../../core/crm/address.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './new-message.styles.js';

registerStrings({
  'newMessage.label': 'New message',
  'newMessage.channel': 'Channel',
  'newMessage.channel.sms': 'SMS',
  'newMessage.channel.whatsapp': 'WhatsApp',
  'newMessage.channel.email': 'Email',
  'newMessage.to': 'To',
  'newMessage.toHint.phone': 'A phone number, like +14155550100.',
  'newMessage.toHint.email': 'An e-mail address, like ada@example.com.',
  'newMessage.message': 'Message',
  'newMessage.template': 'Approved template',
  'newMessage.noTemplate': 'No template (the customer wrote in the last 24 hours)',
  'newMessage.whatsappRule':
    'WhatsApp lets a business start a conversation only with an approved template, unless the customer wrote in the last 24 hours.',
  'newMessage.noTemplates': 'No approved WhatsApp templates are configured (config outbound.templates).',
  'newMessage.send': 'Start conversation',
  'newMessage.sending': 'Starting…',
  'newMessage.started': 'Conversation with {to} started.',
  'newMessage.problem.empty': 'Enter who the message goes to.',
  'newMessage.problem.email': 'This is not an e-mail address.',
  'newMessage.problem.too-short': 'This number is too short.',
  'newMessage.problem.too-long': 'This number is too long.',
  'newMessage.problem.invalid': 'This is not a valid phone number.',
  'newMessage.problem.symbols': 'A message cannot go to a number with * or #.',
  'newMessage.problem.international-only': 'Enter the number in international format, like +14155550100.',
  'newMessage.problem.body': 'Write a message, or choose an approved template.',
  'newMessage.templateRequired':
    'WhatsApp needs an approved template here: the customer has not written in the last 24 hours. Choose a template.',
});

let ids = 0;

/**
 * Starts an agent-initiated conversation: channel (SMS, WhatsApp, Email), "To" (a phone number,
 * checked with libphonenumber-js for config `outbound.defaultCountry`, or an e-mail address), the
 * first message, and for WhatsApp an approved template (config `outbound.templates`), which
 * WhatsApp requires outside its 24-hour window. "Start conversation" invokes
 * `StartOutboundConversation {to, channel, from?, template?, body?}` and selects the new task.
 * A CRM's "Send SMS" link sets `message-to` (like `number` on `<flex-dialpad>`).
 *
 * @summary Click-to-message: a new SMS, WhatsApp or email conversation.
 *
 * @tagname flex-new-message
 *
 * @event {FlexErrorEvent} flex-error - The address is invalid, WhatsApp needs a template (`template-required`), or starting failed.
 *
 * @csspart base - The form.
 * @csspart channel - The channel `<select>`.
 * @csspart to-input - The "To" field.
 * @csspart template - The approved-template `<select>` (WhatsApp).
 * @csspart message - The "Message" box.
 * @csspart send-button - "Start conversation".
 * @csspart problem - Why the form cannot be sent.
 * @csspart error - The inline error of a failed start.
 */
export class FlexNewMessage extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /** Who to write to (pre-fills "To": a CRM's click-to-message); changing it replaces the field. */
  @property({ attribute: 'message-to' }) messageTo = '';

  /** The channel: `sms` (default), `whatsapp` or `email`. */
  @property({ reflect: true }) channel: OutboundMessageChannel = 'sms';

  /** The sender (a number or address of the contact center); the backend's default when empty. */
  @property() from = '';

  @state() private to = '';
  @state() private body = '';
  @state() private template = '';
  @state() private touched = false;
  @state() private sending = false;
  @state() private started = '';

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #phone = new PhoneNumberController(this);
  readonly #id = `flex-new-message-${++ids}`;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('messageTo')) {
      this.to = this.messageTo;
      this.touched = false;
      this.started = '';
    }
    if (!(OUTBOUND_MESSAGE_CHANNELS as readonly string[]).includes(this.channel)) this.channel = 'sms';
  }

  /** Moves focus to the "To" field. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLInputElement>(`#${this.#id}-to`)?.focus(options);
  }

  #problem(): string | undefined {
    const check = checkAddress(this.#phone.lib, this.channel, this.to, this.cc?.config.outbound.defaultCountry ?? 'US');
    return check.ok ? undefined : check.problem;
  }

  async #send(event: Event) {
    event.preventDefault();
    this.touched = true;
    this.started = '';
    const problem = this.#problem();
    if (problem || (!this.body.trim() && !this.template)) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(problem ? `#${this.#id}-to` : `#${this.#id}-body`)?.focus();
      return;
    }
    this.sending = true;
    try {
      const result = await this.invoke<{ taskSid: string }>('StartOutboundConversation', {
        to: this.to,
        channel: this.channel,
        ...(this.from ? { from: this.from } : {}),
        ...(this.channel === 'whatsapp' && this.template ? { template: this.template } : {}),
        ...(this.body.trim() ? { body: this.body } : {}),
      });
      if (result) {
        this.started = this.to;
        this.body = '';
        this.template = '';
        this.touched = false;
        await this.invoke('SelectTask', { taskSid: result.taskSid });
      }
    } finally {
      this.sending = false;
    }
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const id = this.#id;
    const problem = this.touched ? this.#problem() : undefined;
    const bodyMissing = this.touched && !this.body.trim() && !this.template;
    const whatsapp = this.channel === 'whatsapp';
    const templates = this.cc?.config.outbound.templates ?? [];
    const templateRequired = this.actionError?.code === 'template-required';
    return html`<form class="base" part="base" aria-label=${this.t('newMessage.label')} @submit=${(e: Event) => void this.#send(e)} novalidate>
      <div class="field">
        <label for="${id}-channel">${this.t('newMessage.channel')}</label>
        <select
          id="${id}-channel"
          part="channel"
          .value=${this.channel}
          @change=${(e: Event) => {
            this.channel = (e.target as HTMLSelectElement).value as OutboundMessageChannel;
            this.actionError = undefined;
          }}
        >
          ${OUTBOUND_MESSAGE_CHANNELS.map(
            (c) => html`<option value=${c} ?selected=${c === this.channel}>${this.t(`newMessage.channel.${c}`)}</option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for="${id}-to">${this.t('newMessage.to')}</label>
        <input
          id="${id}-to"
          part="to-input"
          type=${this.channel === 'email' ? 'email' : 'tel'}
          autocomplete="off"
          dir="ltr"
          .value=${this.to}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby="${id}-to-hint${problem ? ` ${id}-to-problem` : ''}"
          @input=${(e: Event) => {
            this.to = (e.target as HTMLInputElement).value;
            this.started = '';
          }}
          @blur=${() => (this.touched = this.touched || this.to !== '')}
        />
        <span id="${id}-to-hint" class="hint">${this.t(this.channel === 'email' ? 'newMessage.toHint.email' : 'newMessage.toHint.phone')}</span>
        ${problem
          ? html`<span id="${id}-to-problem" class="problem" part="problem">${this.t(`newMessage.problem.${problem}`)}</span>`
          : nothing}
      </div>
      ${whatsapp
        ? html`<p class="rule" id="${id}-rule">${this.t('newMessage.whatsappRule')}</p>
            <div class="field">
              <label for="${id}-template">${this.t('newMessage.template')}</label>
              <select
                id="${id}-template"
                part="template"
                aria-describedby="${id}-rule"
                aria-invalid=${templateRequired ? 'true' : 'false'}
                .value=${this.template}
                @change=${(e: Event) => {
                  this.template = (e.target as HTMLSelectElement).value;
                  const chosen = templates.find((t) => t.id === this.template);
                  if (chosen && !this.body.trim()) this.body = chosen.text;
                  this.actionError = undefined;
                }}
              >
                <option value="" ?selected=${this.template === ''}>${this.t('newMessage.noTemplate')}</option>
                ${templates.map((t) => html`<option value=${t.id} ?selected=${t.id === this.template}>${t.name}</option>`)}
              </select>
              ${templates.length === 0 ? html`<span class="hint">${this.t('newMessage.noTemplates')}</span>` : nothing}
            </div>`
        : nothing}
      <div class="field">
        <label for="${id}-body">${this.t('newMessage.message')}</label>
        <textarea
          id="${id}-body"
          part="message"
          rows="3"
          dir="auto"
          maxlength="1600"
          .value=${this.body}
          aria-invalid=${bodyMissing ? 'true' : 'false'}
          aria-describedby=${bodyMissing ? `${id}-body-problem` : nothing}
          @input=${(e: Event) => (this.body = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${bodyMissing ? html`<span id="${id}-body-problem" class="problem" part="problem">${this.t('newMessage.problem.body')}</span>` : nothing}
      </div>
      <div class="actions">
        <button type="submit" class="button primary" part="send-button" ?disabled=${this.sending}>
          ${this.t(this.sending ? 'newMessage.sending' : 'newMessage.send')}
        </button>
      </div>
      ${templateRequired
        ? html`<p class="problem" role="alert" part="problem">${this.t('newMessage.templateRequired')}</p>`
        : this.renderActionError()}
      <p class="visually-hidden" role="status">${this.started ? this.t('newMessage.started', { to: this.started }) : ''}</p>
    </form>`;
  }
}

defineElement('flex-new-message', FlexNewMessage);

declare global {
  interface HTMLElementTagNameMap {
    'flex-new-message': FlexNewMessage;
  }
}
