/** The person's chosen audio devices; empty means the system default. */
export interface VoiceDeviceSelection {
  /** `deviceId` of the microphone (an `audioinput` device). */
  readonly inputDeviceId: string;
  /** `deviceId` of the speaker (an `audiooutput` device), applied with setSinkId where supported. */
  readonly outputDeviceId: string;
}

/** The localStorage key of the selection; independent of any provider or configuration. */
export const VOICE_DEVICES_KEY = 'flex-elements.voice-devices';

/** The stored selection (defaults when nothing, or nothing readable, is stored). */
export function readVoiceDevices(): VoiceDeviceSelection {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(VOICE_DEVICES_KEY) ?? '{}') as Partial<VoiceDeviceSelection>;
    return {
      inputDeviceId: typeof parsed.inputDeviceId === 'string' ? parsed.inputDeviceId : '',
      outputDeviceId: typeof parsed.outputDeviceId === 'string' ? parsed.outputDeviceId : '',
    };
  } catch {
    return { inputDeviceId: '', outputDeviceId: '' };
  }
}

/** Stores the selection. */
export function writeVoiceDevices(selection: VoiceDeviceSelection): void {
  try {
    globalThis.localStorage?.setItem(VOICE_DEVICES_KEY, JSON.stringify(selection));
  } catch {
    // Storage blocked: the selection lasts for this page only.
  }
}

/** Whether this browser can send audio to a chosen speaker. */
export function canSelectSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
