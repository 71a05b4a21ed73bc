// <flex-voice-settings>' microphone and speaker choice reaches the Voice Device (@twilio/voice-sdk)
// of backend="twilio": the call opens the chosen microphone, the speaker is set, and a change made
// during a call switches the microphone.
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../src/components/voice-settings/voice-settings.js';
import { VOICE_DEVICES_KEY } from '../../../src/controllers/voice-devices.js';
import { goAvailable, reservationFor, signIn, until } from './emulator-helpers.js';

/** The deviceIds getUserMedia was asked for, in order ('' for the default). */
function microphonesOpened(spy: sinon.SinonSpy): string[] {
  return spy.getCalls().map((c) => {
    const audio = (c.args[0] as MediaStreamConstraints | undefined)?.audio;
    const id = typeof audio === 'object' ? (audio.deviceId as { exact?: string } | string | undefined) : undefined;
    return typeof id === 'string' ? id : (id?.exact ?? '');
  });
}

describe('backend="twilio": microphone and speaker selection', function () {
  this.timeout(40_000);
  let saved: string | null;
  let getUserMedia: sinon.SinonSpy;
  let sinks: sinon.SinonSpy | undefined;

  beforeEach(() => {
    saved = localStorage.getItem(VOICE_DEVICES_KEY);
  });
  afterEach(() => {
    if (saved === null) localStorage.removeItem(VOICE_DEVICES_KEY);
    else localStorage.setItem(VOICE_DEVICES_KEY, saved);
    sinon.restore();
    for (const el of document.querySelectorAll('flex-voice-settings')) el.remove();
  });

  it('a call opens the stored microphone; a change in <flex-voice-settings> during the call switches it', async () => {
    // Device ids are readable once the page may use the microphone (fake devices in the test browser).
    (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((t) => t.stop());
    const devices = await navigator.mediaDevices.enumerateDevices();
    const inputs = devices.filter((d) => d.kind === 'audioinput' && d.deviceId && d.deviceId !== 'default');
    expect(inputs.length, 'two fake microphones').to.be.greaterThan(1);
    const outputs = devices.filter((d) => d.kind === 'audiooutput' && d.deviceId && d.deviceId !== 'default');
    const [first, second] = inputs;
    localStorage.setItem(VOICE_DEVICES_KEY, JSON.stringify({ inputDeviceId: first.deviceId, outputDeviceId: outputs[0]?.deviceId ?? '' }));
    getUserMedia = sinon.spy(navigator.mediaDevices, 'getUserMedia');
    if ('setSinkId' in HTMLMediaElement.prototype) sinks = sinon.spy(HTMLMediaElement.prototype as HTMLMediaElement & { setSinkId(id: string): Promise<void> }, 'setSinkId');

    const m = await signIn();
    // Signing in opens no microphone.
    expect(microphonesOpened(getUserMedia)).to.deep.equal([]);
    await goAvailable(m);
    const { taskSid, reservation } = await reservationFor(m, 'voice');
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid });
    const call = await until(() => Object.values(m.state().calls).find((c) => c.taskSid === taskSid && c.status === 'in-progress'), 'call in progress');
    expect(microphonesOpened(getUserMedia)).to.deep.equal([first.deviceId]);
    if (sinks && outputs[0]) await until(() => sinks!.getCalls().some((c) => c.args[0] === outputs[0].deviceId), 'the chosen speaker set');

    // The person picks the other microphone in <flex-voice-settings> during the call.
    const settings = document.createElement('flex-voice-settings');
    document.body.append(settings);
    const select = await until(() => {
      const s = settings.shadowRoot?.querySelector<HTMLSelectElement>('select[part="microphone"]');
      return s && [...s.options].some((o) => o.value === second.deviceId) && s;
    }, 'the microphone list');
    getUserMedia.resetHistory();
    select.value = second.deviceId;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => microphonesOpened(getUserMedia).includes(second.deviceId), 'the call to switch microphones');
    expect(JSON.parse(localStorage.getItem(VOICE_DEVICES_KEY)!).inputDeviceId).to.equal(second.deviceId);

    await m.el.actions!.invoke('HangupCall', { taskSid });
    await until(() => m.state().calls[call.sid].status !== 'in-progress', 'hung up');
  });

  it('a microphone that is gone: the call still connects on the default, no error', async () => {
    localStorage.setItem(VOICE_DEVICES_KEY, JSON.stringify({ inputDeviceId: 'no-such-microphone', outputDeviceId: '' }));
    const m = await signIn();
    await goAvailable(m);
    getUserMedia = sinon.spy(navigator.mediaDevices, 'getUserMedia');
    const { taskSid, reservation } = await reservationFor(m, 'voice');
    let failure: unknown;
    await m.el.actions!.invoke('AcceptTask', { taskSid, reservationSid: reservation.sid }).catch((e: unknown) => (failure = e));
    expect(failure).to.equal(undefined);
    await until(() => Object.values(m.state().calls).find((c) => c.taskSid === taskSid && c.status === 'in-progress'), 'call in progress');
  });
});
