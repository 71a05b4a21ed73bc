import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../src/index.js';
import type { FlexVoiceSettings } from '../../../src/components/voice-settings/voice-settings.js';
import { VOICE_DEVICES_KEY } from '../../../src/controllers/voice-devices.js';
import { until } from './helpers.js';

const message = (el: FlexVoiceSettings) => el.shadowRoot!.querySelector('[part="message"]')?.textContent?.trim() ?? '';
const micSelect = (el: FlexVoiceSettings) => el.shadowRoot!.querySelector<HTMLSelectElement>('select[part="microphone"]')!;

describe('<flex-voice-settings>', () => {
  beforeEach(() => localStorage.removeItem(VOICE_DEVICES_KEY));
  afterEach(() => sinon.restore());

  it('lists the microphones, shows a live input meter, stores the choice, and releases the microphone when removed', async () => {
    const getUserMedia = sinon.spy(navigator.mediaDevices, 'getUserMedia');
    const el = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
    await until(() => !!el.shadowRoot!.querySelector('[role="meter"]') && micSelect(el).options.length > 1, 'devices');
    await expect(el).to.be.accessible();
    const meter = el.shadowRoot!.querySelector('[role="meter"]')!;
    expect(meter.getAttribute('aria-label')).to.equal('Input level');
    expect(Number(meter.getAttribute('aria-valuenow'))).to.be.within(0, 100);
    expect(micSelect(el).closest('label')!.textContent).to.contain('Microphone');
    // The fake device's tone moves the meter.
    await until(() => el.inputLevel > 0, 'a level above 0');
    expect(Number(meter.getAttribute('aria-valuenow'))).to.be.greaterThan(0);

    const stream = await getUserMedia.firstCall.returnValue;
    const chosen = micSelect(el).options[1].value;
    const changed = new Promise((resolve) => el.addEventListener('change', resolve, { once: true }));
    micSelect(el).value = chosen;
    micSelect(el).dispatchEvent(new Event('change'));
    await changed;
    expect(el.selection.inputDeviceId).to.equal(chosen);
    expect(JSON.parse(localStorage.getItem(VOICE_DEVICES_KEY)!)).to.deep.include({ inputDeviceId: chosen });
    // Switching microphones releases the previous stream.
    expect(stream.getTracks().every((t) => t.readyState === 'ended')).to.be.true;
    await until(() => getUserMedia.callCount === 2, 'the chosen microphone');
    const second = await getUserMedia.secondCall.returnValue;
    expect(getUserMedia.secondCall.args[0]).to.deep.include({ audio: { deviceId: { exact: chosen } } });

    el.remove();
    expect(second.getTracks().every((t) => t.readyState === 'ended')).to.be.true;

    // A new element starts from the stored choice.
    const again = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
    expect(again.selection.inputDeviceId).to.equal(chosen);
  });

  it('explains a denied permission, fires flex-error, and can try again', async () => {
    const denied = sinon
      .stub(navigator.mediaDevices, 'getUserMedia')
      .rejects(new DOMException('Permission denied', 'NotAllowedError'));
    const errors: CustomEvent[] = [];
    const listener = (e: Event) => errors.push(e as CustomEvent);
    document.addEventListener('flex-error', listener);
    try {
      const el = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
      await until(() => message(el) !== '', 'message');
      expect(message(el)).to.equal(
        'Microphone access is blocked. Allow this site to use the microphone in the browser’s site settings, then try again.',
      );
      expect(el.shadowRoot!.querySelector('[role="meter"]')).to.equal(null);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['microphone-denied']);
      await expect(el).to.be.accessible();
      denied.restore();
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
      await until(() => !!el.shadowRoot!.querySelector('[role="meter"]'), 'meter after retry');
      expect(message(el)).to.equal('');
      el.stop();
    } finally {
      document.removeEventListener('flex-error', listener);
    }
  });

  it('says so when there is no microphone (no audioinput devices, or NotFoundError)', async () => {
    sinon.stub(navigator.mediaDevices, 'enumerateDevices').resolves([
      { kind: 'audiooutput', deviceId: 'spk', label: 'Speakers', groupId: 'g' } as MediaDeviceInfo,
    ]);
    const getUserMedia = sinon.spy(navigator.mediaDevices, 'getUserMedia');
    const el = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
    await until(() => message(el) !== '', 'message');
    expect(message(el)).to.equal('No microphone found. Connect a microphone or headset, then try again.');
    expect(getUserMedia.called).to.be.false;
    await expect(el).to.be.accessible();
    sinon.restore();

    sinon.stub(navigator.mediaDevices, 'getUserMedia').rejects(new DOMException('Requested device not found', 'NotFoundError'));
    const other = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
    await until(() => message(other) !== '', 'message');
    expect(message(other)).to.equal('No microphone found. Connect a microphone or headset, then try again.');
  });
});
