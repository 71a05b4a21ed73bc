import { readVoiceDevices } from './voice-devices.js';

/** The DTMF frequency pair (low, high in Hz) of each key. */
export const DTMF_FREQUENCIES: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
};

type AudioContextWithSink = AudioContext & { setSinkId?: (id: string) => Promise<void> };

/**
 * Plays the short key tone of a keypad key with Web Audio: two sine waves at the key's DTMF
 * frequencies, on the chosen speaker where the browser allows it. Silent, never throwing, when
 * Web Audio is missing or blocked.
 */
export class DtmfTone {
  #context: AudioContextWithSink | undefined;

  /** Plays the key's tone for `ms`; returns whether a tone was scheduled. */
  play(key: string, ms = 120): boolean {
    const pair = DTMF_FREQUENCIES[key];
    if (!pair) return false;
    try {
      const context = this.#audio();
      if (!context) return false;
      const gain = context.createGain();
      gain.gain.value = 0.08;
      gain.connect(context.destination);
      const start = context.currentTime;
      for (const frequency of pair) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.start(start);
        oscillator.stop(start + ms / 1000);
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Releases the audio context. */
  close(): void {
    void this.#context?.close().catch(() => {});
    this.#context = undefined;
  }

  #audio(): AudioContextWithSink | undefined {
    if (this.#context) return this.#context;
    if (typeof AudioContext === 'undefined') return undefined;
    const context: AudioContextWithSink = new AudioContext();
    const { outputDeviceId } = readVoiceDevices();
    if (outputDeviceId && typeof context.setSinkId === 'function') void context.setSinkId(outputDeviceId).catch(() => {});
    this.#context = context;
    return context;
  }
}
