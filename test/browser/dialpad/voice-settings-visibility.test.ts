import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../src/index.js';
import type { FlexVoiceSettings } from '../../../src/components/voice-settings/voice-settings.js';
import { VOICE_DEVICES_KEY } from '../../../src/controllers/voice-devices.js';
import { nextFrame } from '../helpers.js';
import { until } from './helpers.js';

const meter = (el: FlexVoiceSettings) => el.shadowRoot!.querySelector('[role="meter"]');
const button = (el: FlexVoiceSettings, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const ended = (stream: MediaStream) => stream.getTracks().every((t) => t.readyState === 'ended');

describe('<flex-voice-settings> test sound and visibility', () => {
  beforeEach(() => localStorage.removeItem(VOICE_DEVICES_KEY));
  afterEach(() => sinon.restore());

  it('plays a test sound through the chosen speaker', async () => {
    sinon.stub(navigator.mediaDevices, 'enumerateDevices').resolves([
      { kind: 'audioinput', deviceId: 'mic-1', label: 'Desk mic', groupId: 'g1' } as MediaDeviceInfo,
      { kind: 'audiooutput', deviceId: 'spk-1', label: 'Laptop speakers', groupId: 'g1' } as MediaDeviceInfo,
      { kind: 'audiooutput', deviceId: 'spk-2', label: 'Headset', groupId: 'g2' } as MediaDeviceInfo,
    ]);
    const sinks: string[] = [];
    const played: string[] = [];
    sinon.stub(HTMLMediaElement.prototype, 'setSinkId').callsFake(async function (this: HTMLMediaElement, id: string) {
      sinks.push(id);
    });
    sinon.stub(HTMLMediaElement.prototype, 'play').callsFake(async function (this: HTMLMediaElement) {
      played.push(this.src);
    });
    const el = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
    const speaker = () => el.shadowRoot!.querySelector<HTMLSelectElement>('select[part="speaker"]')!;
    await until(() => speaker().options.length === 3, 'speakers');
    speaker().value = 'spk-2';
    speaker().dispatchEvent(new Event('change'));
    await el.updateComplete;
    button(el, 'Play test sound')!.click();
    await until(() => played.length === 1, 'the test sound');
    expect(sinks).to.deep.equal(['spk-2']);
    expect(played[0]).to.match(/^blob:/);
    await expect(el).to.be.accessible();
    el.stop();
  });

  it('shows why the test sound could not be played, and fires flex-error', async () => {
    sinon.stub(HTMLMediaElement.prototype, 'play').rejects(new DOMException('The speaker is gone', 'NotFoundError'));
    const errors: string[] = [];
    const el = await fixture<FlexVoiceSettings>(html`<flex-voice-settings></flex-voice-settings>`);
    el.addEventListener('flex-error', (e) => errors.push(e.detail.code));
    button(el, 'Play test sound')!.click();
    await until(() => !!el.shadowRoot!.querySelector('[part="sound-error"]'), 'error');
    expect(el.shadowRoot!.querySelector('[part="sound-error"]')!.textContent.trim()).to.equal(
      'The test sound could not be played: The speaker is gone',
    );
    expect(errors).to.deep.equal(['speaker-failed']);
    el.stop();
  });

  it('releases the microphone while hidden or out of sight, and opens it again when shown', async () => {
    const getUserMedia = sinon.spy(navigator.mediaDevices, 'getUserMedia');
    const wrapper = await fixture<HTMLDivElement>(html`<div><flex-voice-settings></flex-voice-settings></div>`);
    const el = wrapper.querySelector('flex-voice-settings')!;
    await until(() => el.listening && !!meter(el), 'the meter');
    const first = await getUserMedia.firstCall.returnValue;

    // The hidden attribute.
    el.hidden = true;
    await until(() => !el.listening, 'released when hidden');
    expect(ended(first)).to.be.true;
    expect(getComputedStyle(el).display).to.equal('none');
    el.hidden = false;
    await until(() => el.listening, 'listening when shown');
    expect(getUserMedia.callCount).to.equal(2);

    // A hidden ancestor (display: none): not visible either.
    const second = await getUserMedia.secondCall.returnValue;
    wrapper.style.display = 'none';
    await until(() => !el.listening, 'released inside a hidden ancestor');
    expect(ended(second)).to.be.true;
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(getUserMedia.callCount).to.equal(2);
    wrapper.style.display = '';
    await until(() => el.listening, 'listening when the ancestor shows');
    expect(getUserMedia.callCount).to.equal(3);

    // An explicit stop() is not undone by visibility changes.
    el.stop();
    el.hidden = true;
    for (let i = 0; i < 3; i++) await nextFrame();
    el.hidden = false;
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(el.listening).to.be.false;
    expect(getUserMedia.callCount).to.equal(3);
  });
});
