// The selection and where it is kept live in core (the SetAudioDevices action and the backends use them).
export { readVoiceDevices, VOICE_DEVICES_KEY, writeVoiceDevices, type VoiceDeviceSelection } from '../core/audio-devices.js';

/** Whether this browser can send audio to a chosen speaker. */
export function canSelectSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** A short two-note chime as a WAV file (16-bit mono PCM, generated: no asset to host). */
export function testSoundWav(sampleRate = 16_000): Blob {
  const notes = [
    { hz: 660, seconds: 0.25 },
    { hz: 880, seconds: 0.35 },
  ];
  const total = notes.reduce((n, note) => n + Math.round(note.seconds * sampleRate), 0);
  const buffer = new ArrayBuffer(44 + total * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + total * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, total * 2, true);
  let offset = 44;
  for (const note of notes) {
    const count = Math.round(note.seconds * sampleRate);
    for (let i = 0; i < count; i++) {
      // A soft attack and release, so the tone does not click.
      const envelope = Math.min(1, i / 400, (count - i) / 400);
      const sample = Math.sin((2 * Math.PI * note.hz * i) / sampleRate) * 0.3 * envelope;
      view.setInt16(offset, Math.round(sample * 0x7fff), true);
      offset += 2;
    }
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

/**
 * Plays the test sound through `outputDeviceId` (setSinkId; the default speaker when empty or
 * unsupported). Resolves once it starts playing; rejects when the speaker or playback fails.
 * Returns the audio element, to pause it early.
 */
export async function playTestSound(outputDeviceId: string): Promise<HTMLAudioElement> {
  const url = URL.createObjectURL(testSoundWav());
  const audio = new Audio(url);
  const release = () => URL.revokeObjectURL(url);
  audio.addEventListener('ended', release, { once: true });
  audio.addEventListener('pause', release, { once: true });
  try {
    if (outputDeviceId && canSelectSpeaker()) {
      await (audio as HTMLAudioElement & { setSinkId(id: string): Promise<void> }).setSinkId(outputDeviceId);
    }
    await audio.play();
  } catch (error) {
    release();
    throw error;
  }
  return audio;
}
