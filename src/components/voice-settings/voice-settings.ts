import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  canSelectSpeaker,
  playTestSound,
  readVoiceDevices,
  writeVoiceDevices,
  type VoiceDeviceSelection,
} from '../../controllers/voice-devices.js';
import { FlexError } from '../../core/errors.js';
import { registerStrings } from '../../core/strings.js';
import { FlexErrorEvent } from '../../events.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { styleProps } from '../../directives/style-props.js';
import { defineElement } from '../define.js';
import { FlexElement } from '../flex-element.js';

registerStrings({
  'voiceSettings.title': 'Voice devices',
  'voiceSettings.microphone': 'Microphone',
  'voiceSettings.speaker': 'Speaker',
  'voiceSettings.default': 'System default',
  'voiceSettings.unnamedMicrophone': 'Microphone {n}',
  'voiceSettings.unnamedSpeaker': 'Speaker {n}',
  'voiceSettings.level': 'Input level',
  'voiceSettings.checking': 'Checking your microphone…',
  'voiceSettings.denied':
    'Microphone access is blocked. Allow this site to use the microphone in the browser’s site settings, then try again.',
  'voiceSettings.noMicrophone': 'No microphone found. Connect a microphone or headset, then try again.',
  'voiceSettings.failed': 'The microphone could not be opened: {message}',
  'voiceSettings.unsupported': 'This browser does not give access to audio devices.',
  'voiceSettings.retry': 'Try again',
  'voiceSettings.speakerUnsupported': 'This browser plays calls on the system’s default speaker.',
  'voiceSettings.testSound': 'Play test sound',
  'voiceSettings.testSoundFailed': 'The test sound could not be played: {message}',
});

type Problem = 'denied' | 'no-microphone' | 'failed' | 'unsupported';

/**
 * Microphone and speaker selection with an input level meter. The choice is stored in
 * localStorage (key `flex-elements.voice-devices`, independent of any provider or configuration)
 * and read through the `selection` property, e.g. by a voice backend. The meter opens the chosen
 * microphone while the element is on the page and visible, and releases it when the element is
 * removed, hidden (its `hidden` attribute, a hidden ancestor, scrolled out of view, or a hidden
 * tab: it opens it again when shown) or `stop()` is called. Permission denied and a missing
 * microphone are each explained. "Play test sound" plays a chime through the chosen speaker.
 *
 * @summary Choose the microphone and speaker and check the input level.
 *
 * @tagname flex-voice-settings
 *
 * @event change - The person chose another device; read `selection`.
 * @event {FlexErrorEvent} flex-error - The microphone could not be opened. Detail: `{code, message, recoverable}`.
 *
 * @csspart base - The wrapper.
 * @csspart microphone - The microphone selector.
 * @csspart speaker - The speaker selector.
 * @csspart meter - The input level meter.
 * @csspart meter-bar - The filled part of the meter.
 * @csspart message - The explanation when the microphone cannot be used.
 * @csspart retry-button - The Try again button.
 * @csspart test-sound-button - The Play test sound button.
 * @csspart sound-error - Why the test sound could not be played.
 *
 * @cssprop [--flex-voice-settings-meter-height=var(--flex-space-s)] - Height of the level meter.
 * @cssprop [--flex-voice-settings-meter-color=var(--flex-color-success)] - Fill of the level meter.
 */
export class FlexVoiceSettings extends FlexElement {
  static override styles = [
    baseStyles,
    buttonStyles,
    css`
      :host {
        display: block;
      }
      :host([hidden]) {
        display: none;
      }
      .base {
        display: grid;
        gap: var(--flex-space-s);
      }
      label {
        display: grid;
        gap: var(--flex-space-xs);
        font-size: var(--flex-font-size-s);
        color: var(--flex-color-text-muted);
      }
      select {
        font: inherit;
        color: var(--flex-color-text);
        background: var(--flex-color-surface);
        border: 1px solid var(--flex-color-border);
        border-radius: var(--flex-radius-s);
        padding: var(--flex-space-xs) var(--flex-space-s);
        min-height: 2.25rem;
      }
      .meter {
        height: var(--flex-voice-settings-meter-height, var(--flex-space-s));
        background: var(--flex-color-surface-sunken);
        border-radius: var(--flex-radius-round);
        overflow: hidden;
      }
      .meter-bar {
        height: 100%;
        background: var(--flex-voice-settings-meter-color, var(--flex-color-success));
        transition: width 80ms linear;
      }
      .message {
        margin: 0;
        padding: var(--flex-space-s);
        border-radius: var(--flex-radius-s);
        background: var(--flex-color-warning-surface);
        color: var(--flex-color-text);
      }
      .hint {
        margin: 0;
        font-size: var(--flex-font-size-s);
        color: var(--flex-color-text-muted);
      }
    `,
  ];

  @state() private inputs: MediaDeviceInfo[] = [];
  @state() private outputs: MediaDeviceInfo[] = [];
  @state() private choice: VoiceDeviceSelection = readVoiceDevices();
  @state() private problem: Problem | undefined;
  @state() private problemMessage = '';
  @state() private level = 0;
  @state() private checking = true;

  #stream: MediaStream | undefined;
  #audio: AudioContext | undefined;
  #frame: number | undefined;
  #generation = 0;
  #onDeviceChange = () => void this.#enumerate();
  /** Whether the meter was stopped because the element could not be seen (so showing it restarts it). */
  #pausedUnseen = false;
  /** `stop()` was called: visibility changes leave the microphone closed until `start()`. */
  #stoppedByCaller = false;
  #intersecting = true;
  #intersection: IntersectionObserver | undefined;
  #attributes: MutationObserver | undefined;
  #onPageVisibility = () => this.#syncVisibility();
  #testSound: HTMLAudioElement | undefined;
  @state() private soundError = '';

  /** The chosen microphone and speaker (`deviceId`s; empty for the system default). */
  get selection(): VoiceDeviceSelection {
    return this.choice;
  }

  /** The current input level, 0 to 100 (what the meter shows). */
  get inputLevel(): number {
    return this.level;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.choice = readVoiceDevices();
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
    document.addEventListener('visibilitychange', this.#onPageVisibility);
    this.#attributes = new MutationObserver(() => this.#syncVisibility());
    this.#attributes.observe(this, { attributes: true, attributeFilter: ['hidden'] });
    if (typeof IntersectionObserver !== 'undefined') {
      this.#intersection = new IntersectionObserver((entries) => {
        this.#intersecting = entries.at(-1)?.isIntersecting ?? this.#intersecting;
        this.#syncVisibility();
      });
      this.#intersection.observe(this);
    }
    if (this.#seen) void this.start();
    else this.#pausedUnseen = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
    document.removeEventListener('visibilitychange', this.#onPageVisibility);
    this.#attributes?.disconnect();
    this.#intersection?.disconnect();
    this.#attributes = this.#intersection = undefined;
    this.#intersecting = true;
    this.#pausedUnseen = false;
    this.#testSound?.pause();
    this.#halt();
  }

  /** Whether the element can be seen: not `hidden`, laid out in view, in a visible tab. */
  get #seen(): boolean {
    return !this.hidden && this.#intersecting && document.visibilityState !== 'hidden';
  }

  /** Stops the meter (releasing the microphone) while unseen, and starts it again when seen. */
  #syncVisibility(): void {
    if (!this.isConnected || this.#stoppedByCaller) return;
    if (!this.#seen) {
      if (!this.#pausedUnseen) {
        this.#pausedUnseen = true;
        this.#halt();
      }
    } else if (this.#pausedUnseen) {
      this.#pausedUnseen = false;
      void this.start();
    }
  }

  /** Whether the microphone is open for the meter right now. */
  get listening(): boolean {
    return this.#stream !== undefined;
  }

  async #playTestSound(): Promise<void> {
    this.soundError = '';
    this.#testSound?.pause();
    try {
      this.#testSound = await playTestSound(this.choice.outputDeviceId);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      this.soundError = this.t('voiceSettings.testSoundFailed', { message });
      const error = new FlexError('speaker-failed', this.soundError);
      if (this.cc) this.cc.reportError(error, this);
      else this.dispatchEvent(new FlexErrorEvent(error.toDetail()));
    }
  }

  /** Opens the chosen microphone and runs the level meter (done on connect; again after `stop()`). */
  async start(): Promise<void> {
    this.#stoppedByCaller = false;
    const generation = ++this.#generation;
    this.#release();
    this.checking = true;
    this.problem = undefined;
    const media = navigator.mediaDevices;
    if (!media?.getUserMedia || !media.enumerateDevices) {
      this.#fail('unsupported');
      return;
    }
    try {
      const before = await media.enumerateDevices();
      if (generation !== this.#generation) return;
      if (!before.some((d) => d.kind === 'audioinput')) {
        this.#apply(before);
        this.#fail('no-microphone');
        return;
      }
      const { inputDeviceId } = this.choice;
      const stream = await media.getUserMedia({
        audio: inputDeviceId ? { deviceId: { exact: inputDeviceId } } : true,
        video: false,
      });
      if (generation !== this.#generation || !this.isConnected) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      this.#stream = stream;
      this.#meter(stream);
      await this.#enumerate();
    } catch (error) {
      if (generation !== this.#generation) return;
      const name = (error as { name?: string } | undefined)?.name;
      if (name === 'OverconstrainedError' && this.choice.inputDeviceId) {
        // The stored microphone is gone: fall back to the default one.
        this.choice = { ...this.choice, inputDeviceId: '' };
        return this.start();
      }
      if (name === 'NotAllowedError' || name === 'SecurityError') this.#fail('denied');
      else if (name === 'NotFoundError' || name === 'DevicesNotFoundError') this.#fail('no-microphone');
      else this.#fail('failed', error instanceof Error ? error.message : String(error));
    } finally {
      if (generation === this.#generation) this.checking = false;
    }
  }

  /** Releases the microphone and stops the meter (until `start()`: showing the element again does not reopen it). */
  stop(): void {
    this.#stoppedByCaller = true;
    this.#halt();
  }

  #halt(): void {
    this.#generation++;
    this.#release();
    this.checking = false;
  }

  #release(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = undefined;
    void this.#audio?.close().catch(() => {});
    this.#audio = undefined;
    this.level = 0;
  }

  #fail(problem: Problem, message = ''): void {
    this.#release();
    this.problem = problem;
    this.problemMessage = message;
    this.checking = false;
    const code = problem === 'denied' ? 'microphone-denied' : problem === 'no-microphone' ? 'no-microphone' : 'microphone-failed';
    const error = new FlexError(code, this.#problemText());
    if (this.cc) this.cc.reportError(error, this);
    else this.dispatchEvent(new FlexErrorEvent(error.toDetail()));
  }

  async #enumerate(): Promise<void> {
    try {
      this.#apply(await navigator.mediaDevices.enumerateDevices());
    } catch {
      // Keep the lists we have.
    }
  }

  #apply(devices: MediaDeviceInfo[]): void {
    this.inputs = devices.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default' && d.deviceId !== '');
    this.outputs = devices.filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default' && d.deviceId !== '');
  }

  #meter(stream: MediaStream): void {
    try {
      const audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(stream).connect(analyser);
      this.#audio = audio;
      const samples = new Float32Array(analyser.fftSize);
      const tick = () => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        const rms = Math.sqrt(sum / samples.length);
        const next = Math.min(100, Math.round(rms * 300));
        if (next !== this.level) this.level = next;
        this.#frame = requestAnimationFrame(tick);
      };
      this.#frame = requestAnimationFrame(tick);
    } catch {
      // No Web Audio: the microphone still works, the meter stays at 0.
    }
  }

  #choose(kind: 'input' | 'output', deviceId: string): void {
    this.choice = kind === 'input' ? { ...this.choice, inputDeviceId: deviceId } : { ...this.choice, outputDeviceId: deviceId };
    // Through the action with a provider (the backend switches devices); kept for this browser without one.
    if (this.cc) void this.invoke('SetAudioDevices', this.choice);
    else writeVoiceDevices(this.choice);
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    if (kind === 'input') void this.start();
  }

  #problemText(): string {
    switch (this.problem) {
      case 'denied':
        return this.t('voiceSettings.denied');
      case 'no-microphone':
        return this.t('voiceSettings.noMicrophone');
      case 'unsupported':
        return this.t('voiceSettings.unsupported');
      case 'failed':
        return this.t('voiceSettings.failed', { message: this.problemMessage });
      default:
        return '';
    }
  }

  override render() {
    const speaker = canSelectSpeaker();
    return html`<div class="base" part="base">
      ${this.problem
        ? html`<p class="message" part="message" role="alert">${this.#problemText()}</p>
            <div>
              <button type="button" class="button" part="retry-button" @click=${() => void this.start()}>
                ${this.t('voiceSettings.retry')}
              </button>
            </div>`
        : nothing}
      <label>
        ${this.t('voiceSettings.microphone')}
        <select
          part="microphone"
          ?disabled=${this.problem === 'denied' || this.problem === 'no-microphone' || this.problem === 'unsupported'}
          .value=${live(this.choice.inputDeviceId)}
          @change=${(e: Event) => this.#choose('input', (e.target as HTMLSelectElement).value)}
        >
          <option value="">${this.t('voiceSettings.default')}</option>
          ${this.inputs.map(
            (d, i) =>
              html`<option value=${d.deviceId} ?selected=${d.deviceId === this.choice.inputDeviceId}>
                ${d.label || this.t('voiceSettings.unnamedMicrophone', { n: i + 1 })}
              </option>`,
          )}
        </select>
      </label>
      ${this.problem
        ? nothing
        : html`<div
            class="meter"
            part="meter"
            role="meter"
            aria-label=${this.t('voiceSettings.level')}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${this.level}
          >
            <div class="meter-bar" part="meter-bar" ${styleProps({ width: `${this.level}%` })}></div>
          </div>`}
      ${this.checking && !this.problem ? html`<p class="hint" role="status">${this.t('voiceSettings.checking')}</p>` : nothing}
      ${speaker
        ? html`<label>
            ${this.t('voiceSettings.speaker')}
            <select
              part="speaker"
              .value=${live(this.choice.outputDeviceId)}
              @change=${(e: Event) => this.#choose('output', (e.target as HTMLSelectElement).value)}
            >
              <option value="">${this.t('voiceSettings.default')}</option>
              ${this.outputs.map(
                (d, i) =>
                  html`<option value=${d.deviceId} ?selected=${d.deviceId === this.choice.outputDeviceId}>
                    ${d.label || this.t('voiceSettings.unnamedSpeaker', { n: i + 1 })}
                  </option>`,
              )}
            </select>
          </label>`
        : html`<p class="hint">${this.t('voiceSettings.speakerUnsupported')}</p>`}
      <div>
        <button type="button" class="button" part="test-sound-button" @click=${() => void this.#playTestSound()}>
          ${this.t('voiceSettings.testSound')}
        </button>
      </div>
      ${this.soundError ? html`<p class="message" part="sound-error" role="alert">${this.soundError}</p>` : nothing}
    </div>`;
  }
}

defineElement('flex-voice-settings', FlexVoiceSettings);

declare global {
  interface HTMLElementTagNameMap {
    'flex-voice-settings': FlexVoiceSettings;
  }
}
