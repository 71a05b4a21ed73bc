import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { callbackNumberOf, callbackOf, formatCallbackTime, voicemailOf } from '../../core/callbacks.js';
import { formatDuration } from '../../core/domain.js';
import type { Task } from '../../core/model.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './callback.styles.js';

registerStrings({
  'callback.title': 'Callback request',
  'callback.voicemailTitle': 'Voicemail',
  'callback.number': 'Number',
  'callback.requestedTime': 'Requested time',
  'callback.asSoonAsPossible': 'As soon as possible',
  'callback.overdue': '{time} (overdue)',
  'callback.notes': 'Notes',
  'callback.noNotes': 'No notes.',
  'callback.duration': 'Length',
  'callback.recording': 'Voicemail recording',
  'callback.play': 'Play voicemail',
  'callback.pause': 'Pause voicemail',
  'callback.noRecording': 'The recording is not available.',
  'callback.transcript': 'Transcript',
  'callback.noTranscript': 'No transcript.',
  'callback.callBack': 'Call back now',
  'callback.acceptFirst': 'Accept the task to call back.',
  'callback.noNumber': 'There is no number to call back.',
  'callback.calledBack': 'Called back.',
  'callback.noTask': 'Select a callback or voicemail task.',
});

/**
 * A callback or voicemail task: the number, the requested time and the notes of a callback; the
 * recording (a native audio control and a "Play voicemail" button) and the transcript of a
 * voicemail. "Call back now" (`StartCallback`) places the outbound call linked to the task, which
 * becomes the selected task; the callback task goes to wrap-up.
 *
 * @summary A callback request or a voicemail, with "Call back now".
 *
 * @tagname flex-callback
 *
 * @event {FlexErrorEvent} flex-error - Calling back failed; also shown inline.
 *
 * @csspart base - The wrapper.
 * @csspart details - The number, time and notes.
 * @csspart player - The voicemail's audio control.
 * @csspart play-button - "Play voicemail" / "Pause voicemail".
 * @csspart transcript - The voicemail's transcript.
 * @csspart call-back-button - "Call back now".
 * @csspart error - An inline error.
 *
 * @cssprop [--flex-callback-padding=var(--flex-space-m)] - Padding.
 */
export class FlexCallback extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /** The level (1–6) of the element's heading; h3 when unset. */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /** The callback or voicemail task; the selected task when absent. */
  @property({ attribute: 'task-sid', reflect: true }) taskSid?: string;

  @state() private playing = false;
  @query('audio') private audio?: HTMLAudioElement;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #task = this.select<Task | undefined>(
    (s) => {
      const sid = this.taskSid ?? s.ui.selectedTaskSid;
      return sid ? s.tasks[sid] : undefined;
    },
    undefined,
    undefined,
    () => [this.taskSid],
  );
  readonly #me = this.select((s) => s.session.workerSid, undefined);

  #toggle(): void {
    const audio = this.audio;
    if (!audio) return;
    if (audio.paused) void audio.play().catch(() => (this.playing = false));
    else audio.pause();
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const task = this.#task.value;
    const callback = callbackOf(task);
    const voicemail = voicemailOf(task);
    if (!task || (!callback && !voicemail)) return html`<p class="hint" role="status">${this.t('callback.noTask')}</p>`;
    const number = callbackNumberOf(task);
    const title = callback ? this.t('callback.title') : this.t('callback.voicemailTitle');
    const now = this.cc?.now() ?? Date.now();
    const late = callback?.scheduledFor !== undefined && callback.scheduledFor < now && task.status !== 'assigned' && task.status !== 'wrapping';
    return html`<section class="base" part="base" aria-labelledby="title">
      <h3 id="title" aria-level=${ariaLevel(this.headingLevel)}>${title}</h3>
      <dl part="details">
        <dt>${this.t('callback.number')}</dt>
        <dd dir="ltr">${number ?? (callback?.number || voicemail?.number || '—')}</dd>
        ${callback
          ? html`<dt>${this.t('callback.requestedTime')}</dt>
              <dd class=${late ? 'overdue' : ''}>
                ${callback.scheduledFor === undefined
                  ? this.t('callback.asSoonAsPossible')
                  : late
                    ? this.t('callback.overdue', { time: formatCallbackTime(callback.scheduledFor, this.cc?.strings.locale) })
                    : formatCallbackTime(callback.scheduledFor, this.cc?.strings.locale)}
              </dd>
              <dt>${this.t('callback.notes')}</dt>
              <dd dir="auto">${callback.notes ?? this.t('callback.noNotes')}</dd>`
          : nothing}
        ${voicemail?.duration !== undefined
          ? html`<dt>${this.t('callback.duration')}</dt>
              <dd>${formatDuration(voicemail.duration)}</dd>`
          : nothing}
      </dl>
      ${voicemail ? this.#renderVoicemail(voicemail.recordingUrl, voicemail.transcript) : nothing}
      ${this.#renderCallBack(task, number)} ${this.renderActionError()}
    </section>`;
  }

  #renderVoicemail(url: string | undefined, transcript: string | undefined) {
    return html`${url
        ? html`<div class="actions">
            <audio
              part="player"
              controls
              preload="metadata"
              src=${url}
              aria-label=${this.t('callback.recording')}
              @play=${() => (this.playing = true)}
              @pause=${() => (this.playing = false)}
              @ended=${() => (this.playing = false)}
            ></audio>
            <button type="button" class="button" part="play-button" aria-pressed=${this.playing ? 'true' : 'false'} @click=${() => this.#toggle()}>
              ${this.playing ? this.t('callback.pause') : this.t('callback.play')}
            </button>
          </div>`
        : html`<p class="hint">${this.t('callback.noRecording')}</p>`}
      <h4 aria-level=${ariaLevel(this.headingLevel, 1)} id="transcript">${this.t('callback.transcript')}</h4>
      <p class="transcript" part="transcript" dir="auto">${transcript?.trim() ? transcript : this.t('callback.noTranscript')}</p>`;
  }

  #renderCallBack(task: Task, number: string | undefined) {
    if (typeof task.attributes['callbackCallTaskSid'] === 'string') return html`<p class="hint" role="status">${this.t('callback.calledBack')}</p>`;
    const mine = task.status === 'assigned' && task.workerSid === this.#me.value;
    const reason = !number ? this.t('callback.noNumber') : !mine ? this.t('callback.acceptFirst') : '';
    return html`<div class="actions">
      <button
        type="button"
        class="button primary"
        part="call-back-button"
        ?disabled=${reason !== ''}
        aria-describedby=${reason ? 'why' : nothing}
        @click=${() => void this.invoke('StartCallback', { taskSid: task.sid })}
      >
        ${this.t('callback.callBack')}
      </button>
      ${reason ? html`<p class="hint" id="why">${reason}</p>` : nothing}
    </div>`;
  }
}

defineElement('flex-callback', FlexCallback);

declare global {
  interface HTMLElementTagNameMap {
    'flex-callback': FlexCallback;
  }
}
