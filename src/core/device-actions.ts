import type { Backend } from '../backends/backend.js';
import type { Actions } from './actions.js';
import { audioDevicesFrom, writeVoiceDevices, type VoiceDeviceSelection } from './audio-devices.js';

/**
 * `SetAudioDevices {inputDeviceId?, outputDeviceId?}`: keeps the choice for this browser and hands
 * it to the backend, which uses it for calls (the microphone) and for the speaker and ringtone.
 * Resolves with the selection in force.
 */
export function registerDeviceActions(actions: Actions, backend: Backend): void {
  actions.register('SetAudioDevices', {
    run: async (payload: unknown): Promise<VoiceDeviceSelection> => {
      const selection = audioDevicesFrom(payload ?? {});
      writeVoiceDevices(selection);
      await backend.execute('setAudioDevices', selection);
      return selection;
    },
  });
}
