import { expect, html } from '@open-wc/testing';
import '../../../src/index.js';
import { simulatorFixture } from '../helpers.js';

describe('SetAudioDevices', () => {
  beforeEach(() => localStorage.removeItem('flex-elements.voice-devices'));

  it('keeps the choice for the browser and resolves with the selection in force', async () => {
    const { provider } = await simulatorFixture(html`<flex-provider sim-traffic="off" sim-clock="manual"></flex-provider>`);
    const selection = await provider.actions!.invoke('SetAudioDevices', { inputDeviceId: 'mic-2' });
    expect(selection).to.deep.equal({ inputDeviceId: 'mic-2', outputDeviceId: '' });
    await provider.actions!.invoke('SetAudioDevices', { outputDeviceId: 'speaker-9' });
    expect(JSON.parse(localStorage.getItem('flex-elements.voice-devices')!)).to.deep.equal({ inputDeviceId: 'mic-2', outputDeviceId: 'speaker-9' });
  });

  it('refuses a payload that is not device ids, and keeps the previous choice', async () => {
    const { provider } = await simulatorFixture(html`<flex-provider sim-traffic="off" sim-clock="manual"></flex-provider>`);
    await provider.actions!.invoke('SetAudioDevices', { inputDeviceId: 'mic-2' });
    for (const payload of [5, 'mic', { inputDeviceId: 7 }, { inputDeviceId: null }, { speaker: 'x' }]) {
      const error = await provider.actions!.invoke('SetAudioDevices', payload).then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(error?.code, JSON.stringify(payload)).to.equal('invalid-payload');
      expect(error?.message).to.contain('SetAudioDevices');
    }
    expect(JSON.parse(localStorage.getItem('flex-elements.voice-devices')!).inputDeviceId).to.equal('mic-2');
  });
});
