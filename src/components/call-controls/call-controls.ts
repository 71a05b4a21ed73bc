import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CallTimerController } from '../../controllers/call-timer.js';
import type { Call, CallParticipant, Task } from '../../core/model.js';
import { shallowEqual, type FlexState } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import '../slot/slot.js';
import '../worker-directory/worker-directory.js';
import { styles } from './call-controls.styles.js';
import { KeypadController } from '../dialpad/keypad.js';

registerStrings({
  'callControls.noTask': 'Select a voice task to see its call.',
  'callControls.noCall': 'This task has no call.',
  'callControls.label': 'Call with {name}',
  'callControls.connecting': 'Connecting…',
  'callControls.ringing': 'Ringing…',
  'callControls.inProgress': 'In progress',
  'callControls.onHold': 'On hold',
  'callControls.ended': 'Call ended',
  'callControls.timer': 'Call time',
  'callControls.mute': 'Mute',
  'callControls.unmute': 'Unmute',
  'callControls.hold': 'Hold',
  'callControls.resume': 'Resume',
  'callControls.hangup': 'Hang up',
  'callControls.transfer': 'Transfer',
  'callControls.keypad': 'Keypad',
  'callControls.digitsSent': 'Digits sent: {digits}',
  'callControls.participants': 'Participants',
  'callControls.you': '{name} (you)',
  'callControls.participantHold': 'Hold {name}',
  'callControls.participantResume': 'Resume {name}',
  'callControls.participantRemove': 'Remove {name}',
  'callControls.participantOnHold': 'on hold',
  'callControls.participantConnecting': 'connecting',
  'callControls.participantMuted': 'muted',
  'callControls.transferring': 'Transferring to {name} ({mode})…',
  'callControls.warm': 'warm',
  'callControls.cold': 'cold',
  'callControls.cancelTransfer': 'Cancel transfer',
  'callControls.transferFailed': 'The transfer to {name} failed.',
});

interface CallView {
  readonly task: Task | undefined;
  readonly call: Call | undefined;
  readonly me: string | undefined;
}

let ids = 0;

/**
 * The call of a voice task: status and a live timer, Mute/Unmute, Hold/Resume, a DTMF keypad,
 * Hang up, the conference participants (hold, resume and remove each), and warm or cold transfer
 * through an embedded `<flex-worker-directory>`, with cancel while the transfer is pending.
 * Plugin content for `call-controls.actions` (context `{task, call}`) follows the call buttons.
 *
 * @summary Call controls for a voice task.
 *
 * @tagname flex-call-controls
 *
 * @event {FlexErrorEvent} flex-error - An action failed; also shown inline.
 * @event {FlexTransferRequestEvent} flex-transfer-request - From the embedded directory; cancelable.
 *
 * @csspart base - The root wrapper.
 * @csspart status - The call state and timer.
 * @csspart timer - The call timer.
 * @csspart controls - The row of call buttons.
 * @csspart mute-button - Mute/Unmute.
 * @csspart hold-button - Hold/Resume.
 * @csspart hangup-button - Hang up.
 * @csspart transfer-button - Transfer.
 * @csspart keypad - The DTMF keypad.
 * @csspart key - Each keypad key.
 * @csspart participants - The participant list.
 * @csspart participant - Each participant.
 * @csspart transfer-status - The pending transfer and its Cancel button.
 * @csspart directory - The embedded `<flex-worker-directory>` (its parts are exported too).
 * @csspart error - The inline error.
 *
 * @cssprop [--flex-call-controls-padding=var(--flex-space-m)] - Padding.
 * @cssprop [--flex-call-controls-key-size=3rem] - Size of a keypad key.
 */
export class FlexCallControls extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h3 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /** The task whose call to control; the selected task when absent. */
  @property({ attribute: 'task-sid', reflect: true }) taskSid?: string;

  /** The call state, reflected for styling: `none`, `connecting`, `ringing`, `in-progress`, `on-hold` or `ended`. */
  @property({ reflect: true }) status = 'none';

  @state() private directoryOpen = false;
  @state() private digitsSent = '';

  private readonly connection = this.select(selectConnection, { status: 'idle' });
  private readonly view = this.select<CallView>(
    (s) => this.#view(s),
    this.#view(undefined),
    shallowEqual,
    () => [this.taskSid],
  );
  private readonly timer = new CallTimerController(
    this,
    () => this.view.value.call,
    () => this.#now(),
  );
  readonly #id = `flex-call-controls-${++ids}`;
  /** The dialpad's keypad: the same keys, and the same DTMF tones (config `outbound.keyTones`). */
  readonly #keypad = new KeypadController(this, () => this.cc?.config.outbound?.keyTones !== false);

  #view(s: FlexState | undefined): CallView {
    const sid = this.taskSid ?? s?.ui.selectedTaskSid;
    const task = sid ? s?.tasks[sid] : undefined;
    return { task, call: task?.callSid ? s?.calls[task.callSid] : undefined, me: s?.session.workerSid };
  }

  /** The contact center's clock (the simulator's virtual time, or the wall clock). */
  #now(): number {
    return this.cc?.now() ?? Date.now();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const { call, task } = this.view.value;
    this.status = !call
      ? 'none'
      : call.status === 'in-progress'
        ? call.onHold
          ? 'on-hold'
          : 'in-progress'
        : call.status === 'connecting' || call.status === 'ringing'
          ? call.status
          : 'ended';
    // A transfer started: the directory has done its job.
    if (task?.transfer?.status === 'initiated' && this.directoryOpen) this.directoryOpen = false;
    if (changed.has('taskSid')) this.digitsSent = '';
  }

  async #sendDigit(digit: string): Promise<void> {
    const task = this.view.value.task;
    if (!task) return;
    const done = await this.invoke('SendDTMFDigits', { taskSid: task.sid, digits: digit });
    if (!this.actionError) this.digitsSent = `${this.digitsSent}${digit}`.slice(-32);
    void done;
  }

  #statusText(call: Call): string {
    switch (this.status) {
      case 'connecting':
        return this.t('callControls.connecting');
      case 'ringing':
        return this.t('callControls.ringing');
      case 'on-hold':
        return this.t('callControls.onHold');
      case 'in-progress':
        return this.t('callControls.inProgress');
      default:
        return call.status === 'completed' ? this.t('callControls.ended') : `${this.t('callControls.ended')} (${call.status})`;
    }
  }

  override render() {
    const waiting = this.renderConnectionState(this.connection.value);
    if (waiting) return html`<div part="base" class="base">${waiting}</div>`;
    const { task, call } = this.view.value;
    if (!task) return html`<div part="base" class="base"><p class="empty" role="status">${this.t('callControls.noTask')}</p></div>`;
    if (!call) return html`<div part="base" class="base"><p class="empty" role="status">${this.t('callControls.noCall')}</p></div>`;
    const live = this.status === 'in-progress' || this.status === 'on-hold';
    // An outbound call being dialed can be hung up; a ringing inbound call is accepted or rejected elsewhere.
    const dialing = (this.status === 'connecting' || this.status === 'ringing') && task.status === 'assigned';
    const taskSid = task.sid;
    const transfer = task.transfer;
    return html`<section part="base" class="base" aria-label=${this.t('callControls.label', { name: task.customer.name })}>
      <div class="status-line" part="status">
        <span class="state" role="status">${this.#statusText(call)}</span>
        ${call.answeredAt
          ? html`<span class="timer" part="timer" role="timer" aria-label=${this.t('callControls.timer')}>${this.timer.text}</span>`
          : nothing}
      </div>
      ${live
        ? html`<div class="controls" part="controls">
            <button
              type="button"
              class="button"
              part="mute-button"
              aria-pressed=${call.muted ? 'true' : 'false'}
              @click=${() => void this.invoke('ToggleMute', { taskSid })}
            >
              ${call.muted ? this.t('callControls.unmute') : this.t('callControls.mute')}
            </button>
            <button
              type="button"
              class="button"
              part="hold-button"
              aria-pressed=${call.onHold ? 'true' : 'false'}
              @click=${() => void this.invoke(call.onHold ? 'UnholdCall' : 'HoldCall', { taskSid })}
            >
              ${call.onHold ? this.t('callControls.resume') : this.t('callControls.hold')}
            </button>
            <button
              type="button"
              class="button"
              part="transfer-button"
              aria-expanded=${this.directoryOpen ? 'true' : 'false'}
              aria-controls="${this.#id}-directory"
              ?disabled=${transfer?.status === 'initiated'}
              @click=${() => this.#toggleDirectory()}
            >
              ${this.t('callControls.transfer')}
            </button>
            ${this.#renderHangup(taskSid)}
            <flex-plugin-slot name="call-controls.actions" .context=${this.#actionsContext(task, call)}></flex-plugin-slot>
          </div>`
        : dialing
          ? html`<div class="controls" part="controls">${this.#renderHangup(taskSid)}</div>`
          : nothing}
      ${this.renderActionError()} ${transfer?.status === 'initiated' ? this.#renderTransfer(taskSid, transfer.toName, transfer.mode) : nothing}
      ${transfer?.status === 'failed'
        ? html`<p class="empty" role="status">${this.t('callControls.transferFailed', { name: transfer.toName })}</p>`
        : nothing}
      <div id="${this.#id}-directory" ?hidden=${!this.directoryOpen || !live}>
        ${this.directoryOpen && live
          ? html`<flex-worker-directory
              part="directory"
              exportparts="base: directory-base, mode: directory-mode, search: directory-search, results: directory-results, target: directory-target, error: directory-error"
              task-sid=${taskSid}
            ></flex-worker-directory>`
          : nothing}
      </div>
      ${live ? this.#renderKeypad(taskSid) : nothing} ${this.#renderParticipants(taskSid, call, live)}
    </section>`;
  }

  /** What `call-controls.actions` contributions render with: the same object while task and call are the same. */
  #actionsContext(task: Task, call: Call): { task: Task; call: Call } {
    if (this.#context?.task !== task || this.#context.call !== call) this.#context = { task, call };
    return this.#context;
  }

  #context: { task: Task; call: Call } | undefined;

  async #toggleDirectory(): Promise<void> {
    this.directoryOpen = !this.directoryOpen;
    if (this.directoryOpen) {
      await this.updateComplete;
      const directory = this.renderRoot.querySelector('flex-worker-directory');
      await directory?.updateComplete;
      directory?.focus();
    }
  }

  #renderHangup(taskSid: string) {
    return html`<button type="button" class="button danger" part="hangup-button" @click=${() => void this.invoke('HangupCall', { taskSid })}>
      ${this.t('callControls.hangup')}
    </button>`;
  }

  #renderTransfer(taskSid: string, name: string, mode: 'warm' | 'cold') {
    return html`<div class="transfer-status" part="transfer-status" role="status">
      <bdi>${this.t('callControls.transferring', { name, mode: this.t(`callControls.${mode}`) })}</bdi>
      <button type="button" class="button" @click=${() => void this.invoke('CancelTransfer', { taskSid })}>
        ${this.t('callControls.cancelTransfer')}
      </button>
    </div>`;
  }

  #renderKeypad(taskSid: string) {
    void taskSid;
    return html`<div>
      <h3 aria-level=${ariaLevel(this.headingLevel)} id="${this.#id}-keypad">${this.t('callControls.keypad')}</h3>
      ${this.#keypad.render({
        labelledBy: `${this.#id}-keypad`,
        keyClass: 'button key',
        letters: false,
        press: (key) => {
          this.#keypad.tone(key);
          void this.#sendDigit(key);
        },
      })}
      <p class="digits" aria-live="polite">${this.digitsSent ? this.t('callControls.digitsSent', { digits: this.digitsSent }) : nothing}</p>
    </div>`;
  }

  #renderParticipants(taskSid: string, call: Call, live: boolean) {
    const present = call.participants.filter((p) => p.status !== 'left');
    if (present.length === 0) return nothing;
    return html`<div>
      <h3 aria-level=${ariaLevel(this.headingLevel)} id="${this.#id}-participants">${this.t('callControls.participants')}</h3>
      <ul part="participants" aria-labelledby="${this.#id}-participants">
        ${present.map((p) => this.#renderParticipant(taskSid, p, live))}
      </ul>
    </div>`;
  }

  #renderParticipant(taskSid: string, p: CallParticipant, live: boolean) {
    const mine = p.kind === 'worker' && p.workerSid === this.view.value.me;
    const notes = [
      p.status === 'connecting' ? this.t('callControls.participantConnecting') : '',
      p.onHold ? this.t('callControls.participantOnHold') : '',
      p.muted ? this.t('callControls.participantMuted') : '',
    ].filter(Boolean);
    return html`<li class="participant" part="participant">
      <bdi class="name">${mine ? this.t('callControls.you', { name: p.name }) : p.name}</bdi>
      ${notes.length ? html`<span class="detail">${notes.join(', ')}</span>` : nothing}
      ${!mine && live
        ? html`<button
              type="button"
              class="button"
              aria-pressed=${p.onHold ? 'true' : 'false'}
              ?disabled=${p.status !== 'joined'}
              @click=${() => void this.invoke(p.onHold ? 'UnholdParticipant' : 'HoldParticipant', { taskSid, participantSid: p.sid })}
            >
              ${p.onHold ? this.t('callControls.participantResume', { name: p.name }) : this.t('callControls.participantHold', { name: p.name })}
            </button>
            <button type="button" class="button" @click=${() => void this.invoke('KickParticipant', { taskSid, participantSid: p.sid })}>
              ${this.t('callControls.participantRemove', { name: p.name })}
            </button>`
        : nothing}
    </li>`;
  }
}

defineElement('flex-call-controls', FlexCallControls);

declare global {
  interface HTMLElementTagNameMap {
    'flex-call-controls': FlexCallControls;
  }
}
