import { FlexError } from './errors.js';
import { readItem, writeJson } from './local-storage.js';

/** The person's chosen audio devices; an empty id means the system default. */
export interface VoiceDeviceSelection {
  /** `deviceId` of the microphone (an `audioinput` device). */
  readonly inputDeviceId: string;
  /** `deviceId` of the speaker (an `audiooutput` device), applied with setSinkId where supported. */
  readonly outputDeviceId: string;
}

/** Where the selection is kept (per browser, not per provider or configuration). */
export const VOICE_DEVICES_KEY = 'flex-elements.voice-devices';

/** The stored selection (defaults when nothing, or nothing readable, is stored). */
export function readVoiceDevices(): VoiceDeviceSelection {
  try {
    const parsed = JSON.parse(readItem(VOICE_DEVICES_KEY) ?? '{}') as Partial<VoiceDeviceSelection> | null;
    return {
      inputDeviceId: typeof parsed?.inputDeviceId === 'string' ? parsed.inputDeviceId : '',
      outputDeviceId: typeof parsed?.outputDeviceId === 'string' ? parsed.outputDeviceId : '',
    };
  } catch {
    return { inputDeviceId: '', outputDeviceId: '' };
  }
}

/** Stores the selection; with storage blocked it lasts for this page only. */
export function writeVoiceDevices(selection: VoiceDeviceSelection): void {
  // Storage blocked (a sandboxed frame, private mode): nothing to keep it in.
  writeJson(VOICE_DEVICES_KEY, selection);
}

/**
 * The `SetAudioDevices` payload, checked: `{inputDeviceId?, outputDeviceId?}` as strings (empty for
 * the default); a field left out keeps the current choice.
 */
export function audioDevicesFrom(payload: unknown, current: VoiceDeviceSelection = readVoiceDevices()): VoiceDeviceSelection {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new FlexError('invalid-payload', `SetAudioDevices needs {inputDeviceId?, outputDeviceId?}; got ${JSON.stringify(payload) ?? String(payload)}.`);
  }
  const fields = payload as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== 'inputDeviceId' && key !== 'outputDeviceId') {
      throw new FlexError('invalid-payload', `SetAudioDevices has no field "${key}"; it takes inputDeviceId and outputDeviceId.`);
    }
  }
  const pick = (key: 'inputDeviceId' | 'outputDeviceId'): string => {
    const value = fields[key];
    if (value === undefined) return current[key];
    if (typeof value !== 'string' || value.length > 512) {
      throw new FlexError('invalid-payload', `SetAudioDevices ${key} must be a device id (a string; empty for the default); got ${JSON.stringify(value)}.`);
    }
    return value;
  };
  return { inputDeviceId: pick('inputDeviceId'), outputDeviceId: pick('outputDeviceId') };
}
