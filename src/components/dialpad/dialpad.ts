import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { CallTimerController } from '../../controllers/call-timer.js';
import {
  PhoneNumberController,
  analyzeNumber,
  caretAfterDialChars,
  countDialChars,
  countryName,
  countryOptions,
  formatInternational,
  sanitizeDialInput,
  type CountryOption,
  type DialInputProblem,
  type NumberAnalysis,
} from '../../controllers/phone-number.js';
import { readRecentNumbers, rememberNumber } from '../../controllers/recent-numbers.js';
import { FlexError } from '../../core/errors.js';
import type { Call, CallStatus } from '../../core/model.js';
import { registerStrings } from '../../core/strings.js';
import type { FlexState } from '../../core/store.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './dialpad.styles.js';
import { KeypadController } from './keypad.js';

registerStrings({
  'dialpad.number': 'Phone number',
  'dialpad.country': 'Country',
  'dialpad.countryOption': '{name} (+{code})',
  'dialpad.callerId': 'Caller ID',
  'dialpad.keypad': 'Keypad',
  'dialpad.call': 'Call',
  'dialpad.cancel': 'Cancel',
  'dialpad.hangup': 'Hang up',
  'dialpad.delete': 'Delete',
  'dialpad.clear': 'Clear',
  'dialpad.loading': 'Loading number formats…',
  'dialpad.loadFailed': 'Number formats could not be loaded. Enter the number in international format, like +14155550100.',
  'dialpad.rejected.characters': 'Only digits, +, * and # can be dialled.',
  'dialpad.rejected.plus': '+ can only come first.',
  'dialpad.rejected.too-long': 'That is too long for a phone number (at most 15 digits).',
  'dialpad.problem.too-short': 'This number is too short for {country}.',
  'dialpad.problem.too-long': 'This number is too long for {country}.',
  'dialpad.problem.invalid': 'This is not a valid number for {country}.',
  'dialpad.problem.symbols': '* and # can only be sent during a call.',
  'dialpad.problem.international-only': 'Enter the number in international format, like +14155550100.',
  'dialpad.disabled': 'Outbound calling is turned off. Enable it in the configuration: outbound.enabled.',
  'dialpad.badCountry': 'outbound.defaultCountry "{country}" is not a country code; using US.',
  'dialpad.status.connecting': 'Calling {number}…',
  'dialpad.status.in-progress': 'In call with {number}',
  'dialpad.status.busy': '{number} is busy.',
  'dialpad.status.no-answer': '{number} did not answer.',
  'dialpad.status.completed': 'Call with {number} ended.',
  'dialpad.status.canceled': 'Call to {number} canceled.',
  'dialpad.status.failed': 'Call to {number} failed.',
  'dialpad.duration': 'Call duration',
  'dialpad.digitsSent': 'Digits sent',
  'dialpad.recent': 'Recent numbers',
  'dialpad.redial': 'Redial {number}',
});

/** How long 0 must be held to type + (ms). */
const LONG_PRESS_MS = 500;
const ACTIVE: ReadonlySet<CallStatus> = new Set(['connecting', 'ringing', 'in-progress']);

const selectCalls = (s: FlexState) => s.calls;
const selectTasks = (s: FlexState) => s.tasks;
const selectSession = (s: FlexState) => s.session;
const selectSelected = (s: FlexState) => s.ui.selectedTaskSid;

/**
 * A phone dialpad for outbound calls and DTMF. Type, paste or tap a number; it is formatted and
 * validated as you type for the chosen country (libphonenumber-js, loaded on first use) and goes
 * out as E.164 through the `StartOutboundCall` action. During a call the same keys send DTMF
 * (`SendDTMFDigits`). Works anywhere on the page, inside or outside `<flex-provider>`.
 *
 * Outbound calling follows config `outbound.enabled`: when it is off an admin sees a short
 * explanation and everyone else sees nothing (the element hides itself).
 *
 * @summary Dial out, follow the call, send DTMF.
 *
 * @tagname flex-dialpad
 *
 * @event {FlexErrorEvent} flex-error - An action failed or the configuration is wrong. Detail: `{code, message, recoverable}`.
 *
 * @csspart base - The wrapper.
 * @csspart display - The number field and its country selector.
 * @csspart number-input - The "Phone number" text field.
 * @csspart country - The country selector.
 * @csspart caller-id - The caller ID selector (shown when there is more than one).
 * @csspart keypad - The grid of keys.
 * @csspart key - Each key.
 * @csspart call-button - The Call button.
 * @csspart cancel-button - The Cancel button, while the call connects.
 * @csspart hangup-button - The Hang up button, during the call.
 * @csspart delete-button - The Delete (backspace) button.
 * @csspart clear-button - The Clear button.
 * @csspart call-state - The call's state (connecting, in call with timer, busy, no answer, ended).
 * @csspart timer - The call duration.
 * @csspart recent - The list of recently dialled numbers.
 * @csspart error - Inline errors.
 *
 * @cssprop [--flex-dialpad-key-size=calc(var(--flex-space-xl) * 2.25)] - Width and height of a key.
 * @cssprop [--flex-dialpad-key-gap=var(--flex-space-s)] - Space between keys.
 * @cssprop [--flex-dialpad-key-radius=var(--flex-radius-round)] - Corner radius of a key.
 * @cssprop [--flex-dialpad-key-background=var(--flex-color-surface-raised)] - Key background.
 * @cssprop [--flex-dialpad-background=var(--flex-color-surface)] - Panel background.
 * @cssprop [--flex-dialpad-padding=var(--flex-space-m)] - Panel padding.
 * @cssprop [--flex-dialpad-gap=var(--flex-space-s)] - Space between the panel's rows.
 * @cssprop [--flex-dialpad-max-width=20rem] - Widest the panel grows.
 * @cssprop [--flex-dialpad-number-font-size=var(--flex-font-size-xl)] - Size of the number.
 */
export class FlexDialpad extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h3 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /** A number to pre-fill (click-to-dial from a CRM record); changing it replaces the field's content. */
  @property() number = '';

  /** The dial string: digits, an optional leading +, and * or #. */
  @state() private value = '';
  @state() private country = '';
  @state() private callerId = '';
  @state() private rejected: DialInputProblem | undefined;
  @state() private touched = false;
  @state() private starting = false;
  /** The task of the call this dialpad started (kept after it ends, to show the outcome). */
  @state() private trackedTaskSid: string | undefined;
  @state() private digitsSent = '';
  @state() private recent: string[] = [];

  @query('#number') private input?: HTMLInputElement;

  readonly #phone = new PhoneNumberController(this);
  /** The call's time since it was answered, on the contact center's clock (the simulator's virtual time). */
  readonly #timer = new CallTimerController(
    this,
    () => this.#call,
    () => this.cc?.now() ?? Date.now(),
  );
  readonly #keypad = new KeypadController(this, () => this.#keyTones);
  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #calls = this.select(selectCalls, {});
  readonly #tasks = this.select(selectTasks, {});
  readonly #session = this.select(selectSession, {});
  readonly #selected = this.select(selectSelected, undefined as string | undefined);
  #longPress: ReturnType<typeof setTimeout> | undefined;
  #longPressed = false;
  #recentFor: string | undefined;
  #hiddenByConfig = false;
  #reportedCountry: string | undefined;
  #countries: { lib: unknown; locale: string; list: CountryOption[] } | undefined;
  /** The dial string the country was last detected for (with the library loaded). */
  #detectedFor: string | undefined;
  /** Where to put the caret after the next render: after this many dial characters. */
  #caret: number | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancelLongPress();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('number')) this.#prefill(this.number ?? '');
    const cc = this.cc;
    const hide = !!cc && !this.#enabled && cc.role !== 'admin';
    if (hide !== this.#hiddenByConfig) {
      this.#hiddenByConfig = hide;
      this.hidden = hide;
    }
    const identity = this.#identity;
    if (identity && identity !== this.#recentFor) {
      this.#recentFor = identity;
      this.recent = readRecentNumbers(identity);
    }
    this.#followNumberCountry();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const input = this.input;
    if (this.#caret === undefined || !input) return;
    const position = caretAfterDialChars(input.value, this.#caret);
    this.#caret = undefined;
    if (this.shadowRoot?.activeElement === input) input.setSelectionRange(position, position);
  }

  /**
   * An international number says its country (+44 … is the United Kingdom): the Country selector
   * follows it, so the selector, the formatting and the error messages agree. Runs when the number
   * changes (typed, pasted, keypad, pre-filled, redialled) and once the library arrives.
   */
  #followNumberCountry(): void {
    const lib = this.#phone.lib;
    if (!lib || this.value === this.#detectedFor) return;
    this.#detectedFor = this.value;
    if (!this.value.startsWith('+')) return;
    const detected = this.#analysis.country;
    if (detected && lib.isSupportedCountry(detected) && detected !== this.#country) this.country = detected;
  }

  // ------------------------------------------------------------------ derived state

  get #enabled(): boolean {
    return this.cc?.config.outbound?.enabled !== false;
  }

  get #identity(): string | undefined {
    return this.#session.value.identity ?? this.cc?.identity;
  }

  get #keyTones(): boolean {
    return this.cc?.config.outbound?.keyTones !== false;
  }

  get #callerIds(): string[] {
    const ids = this.cc?.config.outbound?.callerIds;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  }

  /** The country to format for: the person's choice, else config's default (if it is a country). */
  get #country(): string {
    if (this.country) return this.country;
    const configured = String(this.cc?.config.outbound?.defaultCountry ?? 'US').toUpperCase();
    const lib = this.#phone.lib;
    if (lib && !lib.isSupportedCountry(configured)) {
      if (this.#reportedCountry !== configured && this.cc) {
        this.#reportedCountry = configured;
        this.cc.reportError(
          new FlexError('invalid-config', this.t('dialpad.badCountry', { country: configured })),
          this,
        );
      }
      return 'US';
    }
    return configured;
  }

  /** The call to show: the one this dialpad started, else an active call of the person's (for DTMF). */
  get #call(): Call | undefined {
    const calls = Object.values(this.#calls.value);
    if (this.trackedTaskSid) {
      const tracked = calls.filter((c) => c.taskSid === this.trackedTaskSid).at(-1);
      if (tracked) return tracked;
    }
    const me = this.#session.value.workerSid;
    const tasks = this.#tasks.value;
    const mine = calls.filter(
      (c) => ACTIVE.has(c.status) && c.taskSid && tasks[c.taskSid]?.workerSid === me && tasks[c.taskSid]?.status === 'assigned',
    );
    return mine.find((c) => c.taskSid === this.#selected.value) ?? mine[0];
  }

  get #analysis(): NumberAnalysis {
    return analyzeNumber(this.#phone.lib, this.value, this.#country);
  }

  // ------------------------------------------------------------------ input

  #prefill(text: string): void {
    const result = sanitizeDialInput(text);
    if (result.ok) {
      this.value = result.value;
      this.rejected = undefined;
    } else {
      this.value = '';
      this.rejected = result.problem;
    }
    this.touched = this.value !== '';
    this.#forgetEndedCall();
  }

  #setValue(next: string): boolean {
    const result = sanitizeDialInput(next);
    if (!result.ok) {
      this.rejected = result.problem;
      return false;
    }
    this.rejected = undefined;
    this.value = result.value;
    this.#forgetEndedCall();
    return true;
  }

  /**
   * Typing or pasting into the field: accept it, or put the field back as it was and say why.
   * The caret keeps its place among the digits, wherever the formatting moves them.
   */
  #onInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const previous = this.value;
    const caretAt = input.selectionStart ?? input.value.length;
    let before = countDialChars(input.value.slice(0, caretAt));
    const accepted = this.#setValue(input.value);
    if (accepted && event.inputType?.startsWith('delete') && this.value === previous && previous) {
      // Only a formatting character went: delete the dial character next to it instead.
      const at = event.inputType === 'deleteContentForward' ? before : before - 1;
      if (at >= 0 && at < previous.length) {
        this.value = previous.slice(0, at) + previous.slice(at + 1);
        before = at;
      }
    }
    if (!accepted) input.value = this.#analysis.display;
    this.#caret = Math.min(before, this.value.length);
    this.touched = false;
    // The field may already show the new text (no re-render changes it): place the caret now too.
    const position = caretAfterDialChars(input.value, this.#caret);
    input.setSelectionRange(position, position);
  }

  /**
   * The person picks a country. An international number already in the field moves to that
   * country's calling code (+44 20… becomes +33 20… for France), so the selector and the number
   * never disagree; a national number is simply read for the new country.
   */
  #chooseCountry(code: string): void {
    this.country = code;
    const lib = this.#phone.lib;
    if (!lib || !this.value.startsWith('+') || !lib.isSupportedCountry(code)) return;
    const formatter = new lib.AsYouType();
    formatter.input(this.value);
    const callingCode = formatter.getCallingCode();
    const target = lib.getCountryCallingCode(code);
    if (!callingCode || callingCode === target) return;
    const next = `+${target}${this.value.slice(1 + callingCode.length)}`;
    if (this.#setValue(next)) this.#detectedFor = this.value;
  }

  #onFieldKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && this.#analysis.valid) {
      event.preventDefault();
      void this.#startCall();
    }
  }

  #append(key: string): void {
    this.#setValue(this.value + key);
    this.touched = false;
  }

  #press(key: string): void {
    if (this.#longPressed) {
      this.#longPressed = false;
      return;
    }
    this.#keypad.tone(key);
    const call = this.#call;
    if (call && call.status === 'in-progress') void this.#sendDigits(call, key);
    else if (!call || !ACTIVE.has(call.status)) this.#append(key);
  }

  #onKeyPointerDown(key: string): void {
    this.#longPressed = false;
    if (key !== '0' || this.#inCall) return;
    this.#cancelLongPress();
    this.#longPress = setTimeout(() => {
      this.#longPress = undefined;
      this.#longPressed = true;
      this.#append('+');
    }, LONG_PRESS_MS);
  }

  #cancelLongPress(): void {
    if (this.#longPress !== undefined) clearTimeout(this.#longPress);
    this.#longPress = undefined;
  }

  /** During a call, digit keys typed anywhere in the dialpad send DTMF. */
  #onKeypadKeydown(event: KeyboardEvent): void {
    if (!this.#inCall || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      this.#press(event.key);
    }
  }

  get #inCall(): boolean {
    return this.#call?.status === 'in-progress';
  }

  #delete(): void {
    this.#setValue(this.value.slice(0, -1));
    this.touched = false;
    this.input?.focus();
  }

  #clear(): void {
    this.value = '';
    this.rejected = undefined;
    this.touched = false;
    this.#forgetEndedCall();
    this.input?.focus();
  }

  #forgetEndedCall(): void {
    const call = this.#call;
    if (this.trackedTaskSid && (!call || !ACTIVE.has(call.status))) this.trackedTaskSid = undefined;
  }

  // ------------------------------------------------------------------ actions

  async #startCall(): Promise<void> {
    const analysis = this.#analysis;
    if (!analysis.valid || !analysis.e164 || this.starting) return;
    const ids = this.#callerIds;
    const from = ids.includes(this.callerId) ? this.callerId : ids[0];
    this.starting = true;
    const result = await this.invoke<{ taskSid: string; callSid: string }>('StartOutboundCall', {
      to: analysis.e164,
      ...(from ? { from } : {}),
    });
    this.starting = false;
    if (!result) return;
    this.trackedTaskSid = result.taskSid;
    this.digitsSent = '';
    const identity = this.#identity;
    if (identity) this.recent = rememberNumber(identity, analysis.e164);
    if (this.cc?.actions.has('SelectTask')) await this.invoke('SelectTask', { taskSid: result.taskSid });
  }

  async #hangup(): Promise<void> {
    const taskSid = this.#call?.taskSid;
    if (taskSid) await this.invoke('HangupCall', { taskSid });
  }

  async #sendDigits(call: Call, digits: string): Promise<void> {
    const done = await this.invoke('SendDTMFDigits', { taskSid: call.taskSid, digits });
    if (done !== undefined || !this.actionError) this.digitsSent = (this.digitsSent + digits).slice(-32);
  }

  // ------------------------------------------------------------------ rendering

  override render() {
    const cc = this.cc;
    if (cc && !this.#enabled) {
      if (cc.role !== 'admin') return nothing;
      return html`<div class="base" part="base"><p class="status" role="status">${this.t('dialpad.disabled')}</p></div>`;
    }
    const call = this.#call;
    return html`<div class="base" part="base" @keydown=${this.#onKeypadKeydown}>
      ${this.renderConnectionState(this.#connection.value) ?? nothing}
      ${call ? this.#renderCallState(call) : nothing}
      ${call && ACTIVE.has(call.status) ? this.#renderInCall(call) : this.#renderDialer()}
      ${this.#renderKeypad()} ${this.#renderActions(call)} ${this.renderActionError()}
      ${call && ACTIVE.has(call.status) ? nothing : this.#renderRecent()}
    </div>`;
  }

  #renderDialer() {
    const analysis = this.#analysis;
    const status = this.#phone.status;
    const country = this.#country;
    const locale = this.cc?.strings.locale ?? navigator.language;
    const problemText = this.#problemText(analysis, country, locale);
    const describedBy = [problemText ? 'number-error' : '', status !== 'ready' ? 'number-hint' : ''].filter(Boolean).join(' ');
    const ids = this.#callerIds;
    return html`<div class="display" part="display">
        <label>
          ${this.t('dialpad.country')}
          <select
            part="country"
            .value=${live(country)}
            ?disabled=${status !== 'ready'}
            @change=${(e: Event) => this.#chooseCountry((e.target as HTMLSelectElement).value)}
          >
            ${this.#countryList(locale, country).map(
              (c) =>
                html`<option value=${c.code} ?selected=${c.code === country}>
                  ${c.callingCode ? this.t('dialpad.countryOption', { name: c.name, code: c.callingCode }) : c.name}
                </option>`,
            )}
          </select>
        </label>
        <label>
          ${this.t('dialpad.number')}
          <input
            id="number"
            part="number-input"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            spellcheck="false"
            .value=${live(analysis.display)}
            aria-invalid=${problemText ? 'true' : 'false'}
            aria-describedby=${describedBy || nothing}
            @input=${this.#onInput}
            @keydown=${this.#onFieldKeydown}
            @blur=${() => (this.touched = true)}
          />
        </label>
        ${problemText ? html`<p id="number-error" class="error" part="error" role="alert">${problemText}</p>` : nothing}
        ${status === 'loading'
          ? html`<p id="number-hint" class="hint" role="status">${this.t('dialpad.loading')}</p>`
          : status === 'failed'
            ? html`<p id="number-hint" class="error" part="error" role="alert">${this.t('dialpad.loadFailed')}</p>`
            : nothing}
        ${ids.length > 1
          ? html`<label>
              ${this.t('dialpad.callerId')}
              <select
                part="caller-id"
                .value=${live(ids.includes(this.callerId) ? this.callerId : ids[0])}
                @change=${(e: Event) => (this.callerId = (e.target as HTMLSelectElement).value)}
              >
                ${ids.map((id) => html`<option value=${id}>${formatInternational(this.#phone.lib, id)}</option>`)}
              </select>
            </label>`
          : nothing}
      </div>`;
  }

  #problemText(analysis: NumberAnalysis, country: string, locale: string): string {
    if (this.rejected) return this.t(`dialpad.rejected.${this.rejected}`);
    const problem = analysis.problem;
    if (!problem) return '';
    // While typing, a short number is only unfinished; it is an error once the field is left.
    if ((problem === 'too-short' || problem === 'international-only') && !this.touched) return '';
    if (problem === 'international-only' && this.#phone.status === 'loading') return '';
    const where = analysis.country ?? country;
    return this.t(`dialpad.problem.${problem}`, { country: countryName(where, locale) });
  }

  #countryList(locale: string, selected: string): CountryOption[] {
    const lib = this.#phone.lib;
    if (!lib) return [{ code: selected, name: countryName(selected, locale), callingCode: '' }];
    if (this.#countries?.lib !== lib || this.#countries.locale !== locale) {
      this.#countries = { lib, locale, list: countryOptions(lib, locale) };
    }
    return this.#countries.list;
  }

  #renderCallState(call: Call) {
    const number = formatInternational(this.#phone.lib, call.direction === 'outbound' ? call.to : call.from);
    const ended = !ACTIVE.has(call.status);
    const key = call.status === 'ringing' ? 'connecting' : call.status;
    return html`<div class="call-state ${ended ? 'ended' : ''}" part="call-state">
      <span role="status">${this.t(`dialpad.status.${key}`, { number })}</span>
      ${call.status === 'in-progress'
        ? html`<span class="timer" part="timer" role="timer" aria-label=${this.t('dialpad.duration')}>${this.#timer.text}</span>`
        : nothing}
    </div>`;
  }

  #renderInCall(call: Call) {
    if (call.status !== 'in-progress') return nothing;
    return html`<p class="hint">
      ${this.t('dialpad.digitsSent')}:
      <output part="digits" aria-label=${this.t('dialpad.digitsSent')}>${this.digitsSent}</output>
    </p>`;
  }

  #renderKeypad() {
    return this.#keypad.render({
      label: this.t('dialpad.keypad'),
      keyClass: 'key',
      letters: true,
      press: (key) => this.#press(key),
      pointerDown: (key) => this.#onKeyPointerDown(key),
      pointerEnd: this.#cancelLongPress,
    });
  }

  #renderActions(call: Call | undefined) {
    if (call && (call.status === 'connecting' || call.status === 'ringing')) {
      return html`<div class="actions">
        <button type="button" class="button danger" part="cancel-button" @click=${this.#hangup}>
          ${this.t('dialpad.cancel')}
        </button>
      </div>`;
    }
    if (call?.status === 'in-progress') {
      return html`<div class="actions">
        <button type="button" class="button danger" part="hangup-button" @click=${this.#hangup}>
          ${this.t('dialpad.hangup')}
        </button>
      </div>`;
    }
    const allowed = !this.cc || this.cc.actions.allowed('StartOutboundCall');
    const ready = this.#connection.value.status === 'connected';
    return html`<div class="actions">
      <button
        type="button"
        class="button quiet"
        part="delete-button"
        aria-label=${this.t('dialpad.delete')}
        ?disabled=${!this.value}
        @click=${this.#delete}
      >
        <span aria-hidden="true">&#9003;</span>
      </button>
      <button
        type="button"
        class="button success"
        part="call-button"
        ?disabled=${!this.#analysis.valid || this.starting || !allowed || !ready}
        @click=${this.#startCall}
      >
        ${this.t('dialpad.call')}
      </button>
      <button type="button" class="button quiet" part="clear-button" ?disabled=${!this.value} @click=${this.#clear}>
        ${this.t('dialpad.clear')}
      </button>
    </div>`;
  }

  #renderRecent() {
    if (this.recent.length === 0) return nothing;
    return html`<section class="recent" part="recent" aria-labelledby="recent-heading">
      <h3 aria-level=${ariaLevel(this.headingLevel)} id="recent-heading">${this.t('dialpad.recent')}</h3>
      <ul>
        ${this.recent.map((n) => {
          const shown = formatInternational(this.#phone.lib, n);
          return html`<li>
            <button
              type="button"
              class="button quiet"
              part="recent-number"
              aria-label=${this.t('dialpad.redial', { number: shown })}
              @click=${() => {
                this.#prefill(n);
                this.input?.focus();
              }}
            >
              ${shown}
            </button>
          </li>`;
        })}
      </ul>
    </section>`;
  }
}

defineElement('flex-dialpad', FlexDialpad);

declare global {
  interface HTMLElementTagNameMap {
    'flex-dialpad': FlexDialpad;
  }
}
