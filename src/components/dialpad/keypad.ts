import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { DtmfTone } from '../../controllers/dtmf-tone.js';

/** The twelve keys of a phone keypad, with the letters printed under them. */
export const KEYPAD_KEYS: readonly { key: string; sub: string }[] = [
  { key: '1', sub: '' },
  { key: '2', sub: 'ABC' },
  { key: '3', sub: 'DEF' },
  { key: '4', sub: 'GHI' },
  { key: '5', sub: 'JKL' },
  { key: '6', sub: 'MNO' },
  { key: '7', sub: 'PQRS' },
  { key: '8', sub: 'TUV' },
  { key: '9', sub: 'WXYZ' },
  { key: '*', sub: '' },
  { key: '0', sub: '+' },
  { key: '#', sub: '' },
];

export interface KeypadRenderOptions {
  /** The group's accessible name (aria-label), or the id of the heading that names it. */
  readonly label?: string;
  readonly labelledBy?: string;
  /** Classes of each key button. */
  readonly keyClass: string;
  /** Show the letters under the digits (aria-hidden: the key's accessible name stays the digit). */
  readonly letters: boolean;
  /** A key was pressed (click, Enter or Space); the handler plays its tone with `tone(key)`. */
  readonly press: (key: string) => void;
  /** Optional pointer handlers (the dialpad's long press on 0). */
  readonly pointerDown?: (key: string) => void;
  readonly pointerEnd?: () => void;
}

/**
 * The keypad the dialpad and the call controls share: renders the twelve keys and plays each key's
 * DTMF tone (unless the configuration's `outbound.keyTones` is false), releasing the audio context
 * when the host leaves the page.
 */
export class KeypadController implements ReactiveController {
  readonly #tone = new DtmfTone();
  readonly #keyTones: () => boolean;

  /** @param keyTones whether key tones are on (read on each key press). */
  constructor(host: ReactiveControllerHost, keyTones: () => boolean) {
    this.#keyTones = keyTones;
    host.addController(this);
  }

  /** Plays the key's tone when key tones are on. */
  tone(key: string): void {
    if (this.#keyTones()) this.#tone.play(key);
  }

  hostDisconnected(): void {
    this.#tone.close();
  }

  render(options: KeypadRenderOptions) {
    const { pointerDown, pointerEnd } = options;
    return html`<div class="keypad" part="keypad" role="group" aria-label=${options.label ?? nothing} aria-labelledby=${options.labelledBy ?? nothing}>
      ${KEYPAD_KEYS.map(
        ({ key, sub }) =>
          html`<button
            type="button"
            class=${options.keyClass}
            part="key"
            data-key=${key}
            @click=${() => options.press(key)}
            @pointerdown=${pointerDown ? () => pointerDown(key) : nothing}
            @pointerup=${pointerEnd ?? nothing}
            @pointerleave=${pointerEnd ?? nothing}
            @pointercancel=${pointerEnd ?? nothing}
            @contextmenu=${pointerDown ? (e: Event) => key === '0' && e.preventDefault() : nothing}
          >
            ${options.letters ? html`<span>${key}</span>${sub ? html`<span class="sub" aria-hidden="true">${sub}</span>` : nothing}` : key}
          </button>`,
      )}
    </div>`;
  }
}
