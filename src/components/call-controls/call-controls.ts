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
  'callControls.addParticipant': 'Add participant',
  'callControls.addNumber': 'Phone number to add',
  'callControls.addDial': 'Dial',
  'callControls.addCancel': 'Cancel',
  'callControls.endForAll': 'End call for all',
  'callControls.external': 'external',
  'callControls.recording': 'Recording',
  'callControls.recordingPaused': 'Recording paused',
  'callControls.recordingStopped': 'Recording stopped',
  'callControls.pauseRecording': 'Pause recording',
  'callControls.resumeRecording': 'Resume recording',
  'callControls.recordingRequired': 'Recording is required on every call; it cannot be paused.',
  'callControls.quality': 'Call quality',
  'callControls.warning.high-rtt': 'High delay on the line: the other party may hear you late.',
  'callControls.warning.high-jitter': 'Unsteady connection: the audio may break up.',
  'callControls.warning.high-packet-loss': 'Audio is being lost on the way: parts of what is said may be missing.',
  'callControls.warning.high-packets-lost-fraction': 'Audio is being lost on the way: parts of what is said may be missing.',
  'callControls.warning.low-mos': 'Poor call quality: the audio may be hard to understand.',
  'callControls.warning.constant-audio-input-level': 'Your microphone seems silent: check that it is plugged in and not muted.',
  'callControls.warning.constant-audio-output-level': 'No sound is coming from the call: check your speaker.',
  'callControls.warning.ice-connectivity-lost': 'The connection to the call was lost; trying to reconnect…',
  'callControls.warning.other': 'Call quality problem: {warning}.',
});

/** A quality warning in plain words (the Voice SDK's name when it has no wording). */
export function warningText(t: (key: string, values?: Record<string, string>) => string, warning: string): string {
  const key = `callControls.warning.${warning}`;
  const text = t(key);
  return text === key ? t('callControls.warning.other', { warning }) : text;
}

interface CallView {
  readonly task: Task | undefined;
  readonly call: Call | undefined;
  readonly me: string | undefined;
}

let ids = 0;

/**
 * The call of a voice task: status and a live timer, Mute/Unmute, Hold/Resume, a DTMF keypad,
 * Hang up, the conference participants (hold, resume and remove each), Add participant (a number:
 * a consultant, an interpreter) and End call for all, Pause/Resume recording with an indicator, live
 * call-quality warnings in plain words, and warm or cold transfer
 * through an embedded `<flex-worker-directory>`, with cancel while the transfer is pending.
 * Plugin content for `call-controls.actions` (context `{task, call}`) follows the call buttons.
 *
 * @summary Call controls for a voice task.
 *
 * @tagname flex-call-controls
 *
 * @event {FlexErrorEvent} flex-error - An action failed; also shown inline.
 * @event {FlexRecordingChangedEvent} flex-recording-changed - Sent by the provider when the recording starts, pauses, resumes or stops.
 * @event {FlexCallQualityWarningEvent} flex-call-quality-warning - Sent by the provider when a quality warning starts or clears.
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
 * @csspart add-participant-button - "Add participant" (opens the number form).
 * @csspart add-participant - The form for the number to add.
 * @csspart end-for-all-button - "End call for all" (when the person is the last agent and two or more other parties remain).
 * @csspart recording-button - "Pause recording" / "Resume recording" (config `voice.recording.enabled`).
 * @csspart recording-indicator - Whether the call is being recorded.
 * @csspart quality-warnings - Live call-quality warnings, in plain words.
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
  @state() private addOpen = false;

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
            <button
              type="button"
              class="button"
              part="add-participant-button"
              aria-expanded=${this.addOpen ? 'true' : 'false'}
              aria-controls="${this.#id}-add"
              @click=${() => this.#toggleAdd()}
            >
              ${this.t('callControls.addParticipant')}
            </button>
            ${this.#renderRecordingButton(taskSid, call)} ${this.#renderHangup(taskSid)} ${this.#renderEndForAll(taskSid, call)}
            <flex-plugin-slot name="call-controls.actions" .context=${this.#actionsContext(task, call)}></flex-plugin-slot>
          </div>`
        : dialing
          ? html`<div class="controls" part="controls">${this.#renderHangup(taskSid)}</div>`
          : nothing}
      ${live && this.addOpen ? this.#renderAddForm(taskSid) : nothing} ${this.#renderRecording(call)} ${this.#renderWarnings(call)}
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

  async #toggleAdd(): Promise<void> {
    this.addOpen = !this.addOpen;
    if (!this.addOpen) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#${this.#id}-add-number`)?.focus();
  }

  async #add(event: SubmitEvent, taskSid: string): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${this.#id}-add-number`);
    const to = input?.value.trim() ?? '';
    await this.invoke('AddParticipant', { taskSid, to });
    if (!this.actionError) this.addOpen = false;
  }

  #renderAddForm(taskSid: string) {
    return html`<form class="add" part="add-participant" id="${this.#id}-add" @submit=${(e: SubmitEvent) => void this.#add(e, taskSid)}>
      <label for="${this.#id}-add-number">${this.t('callControls.addNumber')}</label>
      <input id="${this.#id}-add-number" type="tel" inputmode="tel" autocomplete="off" dir="ltr" required />
      <button type="submit" class="button primary">${this.t('callControls.addDial')}</button>
      <button type="button" class="button quiet" @click=${() => (this.addOpen = false)}>${this.t('callControls.addCancel')}</button>
    </form>`;
  }

  /** Whether the person is the last agent on the call (so ending it for everyone is theirs to do). */
  #lastAgent(call: Call): boolean {
    const me = this.view.value.me;
    return !call.participants.some((p) => p.status !== 'left' && p.kind === 'worker' && p.workerSid !== me);
  }

  #renderEndForAll(taskSid: string, call: Call) {
    const others = call.participants.filter((p) => p.status !== 'left' && (p.kind === 'external' || p.kind === 'customer'));
    if (!this.#lastAgent(call) || others.length < 2) return nothing;
    return html`<button type="button" class="button danger" part="end-for-all-button" @click=${() => void this.invoke('EndCallForAll', { taskSid })}>
      ${this.t('callControls.endForAll')}
    </button>`;
  }

  #recordingConfig() {
    return this.cc?.config.voice?.recording;
  }

  #renderRecordingButton(taskSid: string, call: Call) {
    const config = this.#recordingConfig();
    if (!config?.enabled || (call.recording !== 'recording' && call.recording !== 'paused')) return nothing;
    const paused = call.recording === 'paused';
    const locked = !paused && config.required;
    return html`<button
      type="button"
      class="button"
      part="recording-button"
      aria-pressed=${paused ? 'true' : 'false'}
      ?disabled=${locked}
      aria-describedby=${locked ? `${this.#id}-recording-why` : nothing}
      @click=${() => void this.invoke(paused ? 'ResumeRecording' : 'PauseRecording', { taskSid })}
    >
      ${paused ? this.t('callControls.resumeRecording') : this.t('callControls.pauseRecording')}
    </button>`;
  }

  #renderRecording(call: Call) {
    if (!this.#recordingConfig()?.enabled || !call.recording) return nothing;
    const label =
      call.recording === 'recording'
        ? this.t('callControls.recording')
        : call.recording === 'paused'
          ? this.t('callControls.recordingPaused')
          : this.t('callControls.recordingStopped');
    return html`<p class="recording" part="recording-indicator" data-status=${call.recording} role="status">
      <span class="dot" aria-hidden="true"></span>${label}
      ${call.recording === 'recording' && this.#recordingConfig()?.required
        ? html`<span class="detail" id="${this.#id}-recording-why">${this.t('callControls.recordingRequired')}</span>`
        : nothing}
    </p>`;
  }

  #renderWarnings(call: Call) {
    const warnings = call.status === 'in-progress' ? (call.qualityWarnings ?? []) : [];
    return html`<div part="quality-warnings" role="status" aria-live="polite" aria-label=${this.t('callControls.quality')}>
      ${warnings.length
        ? html`<ul class="warnings">
            ${warnings.map((w) => html`<li class="warning" data-warning=${w}>${warningText((key, values) => this.t(key, values), w)}</li>`)}
          </ul>`
        : nothing}
    </div>`;
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
      p.kind === 'external' ? this.t('callControls.external') : '',
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
