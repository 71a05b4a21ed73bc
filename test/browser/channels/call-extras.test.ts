import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/call-controls/call-controls.js';
import type { FlexCallControls } from '../../../src/components/call-controls/call-controls.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import type { FlexCallQualityWarningEvent, FlexRecordingChangedEvent } from '../../../src/events.js';
import { settle, simulatorFixture } from '../helpers.js';

const root = (el: Element) => el.shadowRoot!;
const nameOf = (b: Element) => b.getAttribute('aria-label') ?? b.textContent.replace(/\s+/g, ' ').trim();
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => nameOf(b) === name);

async function onCall(config: Record<string, unknown> = {}) {
  const { page, provider } = await simulatorFixture<HTMLElement>(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com" .appConfig=${config}>
      <flex-call-controls></flex-call-controls>
    </flex-provider>`,
  );
  const controls = page.querySelector<FlexCallControls>('flex-call-controls')!;
  const actions = provider.actions!;
  await actions.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel: 'voice', customer: { name: 'Omar Haddad', phone: '+14155550123' } });
  await settle();
  await actions.invoke('AcceptTask', { taskSid });
  await actions.invoke('SelectTask', { taskSid });
  await settle();
  return { provider, controls, taskSid };
}

const callOf = (provider: FlexProvider, taskSid: string) => {
  const s = provider.store!.getState();
  return s.calls[s.tasks[taskSid].callSid!];
};
const participants = (controls: FlexCallControls) =>
  [...root(controls).querySelectorAll('[part="participant"]')].map((li) => li.textContent.replace(/\s+/g, ' ').trim());

describe('add participant and end for all', () => {
  it('adds a number through the UI: the party appears connecting, then joined, with hold and remove', async () => {
    const { provider, controls, taskSid } = await onCall();
    const add = button(controls, 'Add participant')!;
    expect(add.getAttribute('aria-expanded')).to.equal('false');
    add.click();
    await settle();
    expect(add.getAttribute('aria-expanded')).to.equal('true');
    const input = root(controls).querySelector<HTMLInputElement>('input[type="tel"]')!;
    expect(root(controls).activeElement).to.equal(input);
    await expect(controls).to.be.accessible();
    await sendKeys({ type: '+1 415 555 0199' });
    await sendKeys({ press: 'Enter' });
    await settle();
    const external = callOf(provider, taskSid).participants.find((p) => p.kind === 'external')!;
    expect(external.name).to.equal('+14155550199');
    expect(external.status).to.equal('connecting');
    expect(participants(controls).find((p) => p.includes('+14155550199'))).to.contain('connecting');
    provider.simulator!.advance(3000);
    await settle();
    expect(callOf(provider, taskSid).participants.find((p) => p.kind === 'external')!.status).to.equal('joined');
    expect(button(controls, 'Hold +14155550199')).to.exist;
    expect(button(controls, 'Remove +14155550199')).to.exist;
    await expect(controls).to.be.accessible();
    button(controls, 'Hold +14155550199')!.click();
    await settle();
    expect(callOf(provider, taskSid).participants.find((p) => p.kind === 'external')!.onHold).to.equal(true);
    button(controls, 'Remove +14155550199')!.click();
    await settle();
    expect(callOf(provider, taskSid).participants.find((p) => p.kind === 'external')!.status).to.equal('left');
    expect(callOf(provider, taskSid).status).to.equal('in-progress');
  });

  it('refuses a number that is not one, visibly, and adds nobody', async () => {
    const { provider, controls, taskSid } = await onCall();
    button(controls, 'Add participant')!.click();
    await settle();
    root(controls).querySelector<HTMLInputElement>('input[type="tel"]')!.value = 'interpreter please';
    const error = oneEvent(controls, 'flex-error');
    button(controls, 'Dial')!.click();
    expect((await error).detail.code).to.equal('invalid-payload');
    await settle();
    expect(root(controls).querySelector('[part="error"]')!.textContent).to.contain('phone number');
    expect(callOf(provider, taskSid).participants.some((p) => p.kind === 'external')).to.equal(false);
  });

  it('AddParticipant through actions, then "End call for all" ends the call for everyone and wraps up', async () => {
    const { provider, controls, taskSid } = await onCall();
    expect(button(controls, 'End call for all'), 'not with only the customer').to.equal(undefined);
    const { participantSid } = await provider.actions!.invoke<{ participantSid: string }>('AddParticipant', { taskSid, to: '+14155550199' });
    expect(participantSid).to.match(/^CP/);
    await settle();
    expect(participants(controls).some((p) => p.includes('+14155550199') && p.includes('external'))).to.equal(true);
    const end = button(controls, 'End call for all')!;
    expect(end).to.exist;
    end.click();
    await settle();
    const call = callOf(provider, taskSid);
    expect(call.status).to.equal('completed');
    expect(call.participants.every((p) => p.status === 'left')).to.equal(true);
    expect(provider.store!.getState().tasks[taskSid].status).to.equal('wrapping');
  });

  it('EndCallForAll refuses while another agent is still on the call', async () => {
    const { provider, taskSid } = await onCall();
    const engine = provider.simulator!.engine;
    engine.addWorker({ name: 'Rita Moreno', identity: 'rita', activity: 'Available', skills: { sales: 5, support: 5, billing: 5 } });
    provider.simulator!.flush();
    await settle();
    const rita = engine.listWorkers().find((w) => w.name === 'Rita Moreno')!;
    await provider.actions!.invoke('TransferTask', { taskSid, to: rita.sid, mode: 'warm' });
    await settle();
    const error = (await provider.actions!.invoke('EndCallForAll', { taskSid }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(error).to.include({ code: 'not-last-agent' });
    expect(error.message).to.contain('Rita Moreno');
    expect(callOf(provider, taskSid).status).to.equal('in-progress');
  });
});

describe('recording', () => {
  it('is off by default: no indicator, no button, and PauseRecording is refused', async () => {
    const { provider, controls, taskSid } = await onCall();
    expect(root(controls).querySelector('[part="recording-indicator"]')).to.equal(null);
    expect(button(controls, 'Pause recording')).to.equal(undefined);
    const error = await provider.actions!.invoke('PauseRecording', { taskSid }).catch((e: unknown) => e as { code: string });
    expect(error).to.include({ code: 'recording-disabled' });
  });

  it('records with an indicator; pause and resume through the UI and actions, with the store and flex-recording-changed', async () => {
    const heard: string[] = [];
    const listener = (e: FlexRecordingChangedEvent) => heard.push(`${e.detail.taskSid}:${e.detail.status}`);
    document.addEventListener('flex-recording-changed', listener);
    try {
      const { provider, controls, taskSid } = await onCall({ voice: { recording: { enabled: true } } });
      expect(callOf(provider, taskSid).recording).to.equal('recording');
      const indicator = () => root(controls).querySelector('[part="recording-indicator"]')!;
      expect(indicator().textContent).to.contain('Recording');
      expect(indicator().getAttribute('role')).to.equal('status');
      await expect(controls).to.be.accessible();
      button(controls, 'Pause recording')!.click();
      await settle();
      expect(callOf(provider, taskSid).recording).to.equal('paused');
      expect(indicator().textContent).to.contain('Recording paused');
      expect(button(controls, 'Resume recording')!.getAttribute('aria-pressed')).to.equal('true');
      await expect(controls).to.be.accessible();
      const refused = await provider.actions!.invoke('PauseRecording', { taskSid }).catch((e: unknown) => e as { code: string });
      expect(refused).to.include({ code: 'invalid-state' });
      await provider.actions!.invoke('ResumeRecording', { taskSid });
      await settle();
      expect(callOf(provider, taskSid).recording).to.equal('recording');
      await provider.actions!.invoke('HangupCall', { taskSid });
      await settle();
      expect(callOf(provider, taskSid).recording).to.equal('stopped');
      expect(heard).to.deep.equal([`${taskSid}:recording`, `${taskSid}:paused`, `${taskSid}:recording`, `${taskSid}:stopped`]);
    } finally {
      document.removeEventListener('flex-recording-changed', listener);
    }
  });

  it('with voice.recording.required the recording cannot be paused, and the button says why', async () => {
    const { provider, controls, taskSid } = await onCall({ voice: { recording: { enabled: true, required: true } } });
    const pause = button(controls, 'Pause recording')!;
    expect(pause.disabled).to.equal(true);
    const why = root(controls).querySelector(`#${pause.getAttribute('aria-describedby')!}`)!;
    expect(why.textContent).to.contain('required');
    const error = await provider.actions!.invoke('PauseRecording', { taskSid }).catch((e: unknown) => e as { code: string });
    expect(error).to.include({ code: 'recording-required' });
    expect(callOf(provider, taskSid).recording).to.equal('recording');
    await expect(controls).to.be.accessible();
  });
});

describe('call-quality warnings', () => {
  it('shows injected Voice SDK warnings in plain words while they last, with flex-call-quality-warning', async () => {
    const { provider, controls, taskSid } = await onCall();
    const started: Promise<FlexCallQualityWarningEvent> = oneEvent(document, 'flex-call-quality-warning');
    provider.simulator!.injectCallWarning(taskSid, 'high-rtt');
    expect((await started).detail).to.deep.equal({ taskSid, warning: 'high-rtt', cleared: false });
    provider.simulator!.injectCallWarning(taskSid, 'constant-audio-input-level');
    await settle();
    const region = root(controls).querySelector('[part="quality-warnings"]')!;
    expect(region.textContent).to.contain('High delay on the line');
    expect(region.textContent).to.contain('Your microphone seems silent');
    await expect(controls).to.be.accessible();
    const cleared: Promise<FlexCallQualityWarningEvent> = oneEvent(document, 'flex-call-quality-warning');
    provider.simulator!.injectCallWarning(taskSid, 'high-rtt', true);
    expect((await cleared).detail).to.deep.equal({ taskSid, warning: 'high-rtt', cleared: true });
    await settle();
    expect(region.textContent).not.to.contain('High delay');
    expect(() => provider.simulator!.injectCallWarning(taskSid, 'gremlins')).to.throw(/Unknown call warning/);
  });
});
