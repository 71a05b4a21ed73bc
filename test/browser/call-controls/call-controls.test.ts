import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/call-controls/call-controls.js';
import type { FlexCallControls } from '../../../src/components/call-controls/call-controls.js';
import type { FlexWorkerDirectory } from '../../../src/components/worker-directory/worker-directory.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { formatDuration } from '../../../src/controllers/call-timer.js';
import { settle, simulatorFixture } from '../helpers.js';

async function setup() {
  const { page, provider } = await simulatorFixture<HTMLElement>(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com">
      <flex-call-controls></flex-call-controls>
    </flex-provider>`,
  );
  const controls = page.querySelector('flex-call-controls')!;
  return { provider, controls };
}

/** Another agent, available to take a warm transfer. */
function addColleague(provider: FlexProvider, name = 'Rita Moreno') {
  const engine = provider.simulator!.engine;
  const sid = engine.addWorker({ name, identity: name.toLowerCase().replace(' ', '.'), activity: 'Available', skills: { sales: 5, support: 5, billing: 5 } });
  provider.simulator!.flush();
  return sid;
}

async function acceptCall(provider: FlexProvider) {
  const actions = provider.actions!;
  await actions.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel: 'voice', customer: { name: 'Omar Haddad', phone: '+14155550123' } });
  await settle();
  await actions.invoke('AcceptTask', { taskSid });
  await actions.invoke('SelectTask', { taskSid });
  await settle();
  return taskSid;
}

const root = (el: Element) => el.shadowRoot!;
const nameOf = (b: Element) => b.getAttribute('aria-label') ?? b.textContent.replace(/\s+/g, ' ').trim();
/** A button by its accessible name; directory targets also match by name without the activity/"Queue" detail. */
function button(el: Element, name: string): HTMLButtonElement | undefined {
  const buttons = [...root(el).querySelectorAll<HTMLButtonElement>('button')];
  return (
    buttons.find((b) => nameOf(b) === name) ??
    buttons.find((b) => b.classList.contains('target') && root(el).contains(b) && [`${name} Available`, `${name} Queue`].includes(nameOf(b)))
  );
}
const callOf = (provider: FlexProvider, taskSid: string) => {
  const s = provider.store!.getState();
  return s.calls[s.tasks[taskSid].callSid!];
};
/** Whether the call timer ticks (it should only while the call is connected). */
const ticking = (controls: FlexCallControls) => (controls as unknown as { timer: { ticking: boolean } }).timer.ticking;
const taskOf = (provider: FlexProvider, taskSid: string) => provider.store!.getState().tasks[taskSid];
const directoryOf = (controls: FlexCallControls): FlexWorkerDirectory | null => root(controls).querySelector('flex-worker-directory');

describe('formatDuration', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect([0, 5, 65, 599, 3600, 3661].map(formatDuration)).to.deep.equal(['00:00', '00:05', '01:05', '09:59', '1:00:00', '1:01:01']);
  });
});

describe('<flex-call-controls>', () => {
  it('is accessible with nothing selected', async () => {
    const { controls } = await setup();
    await expect(controls).to.be.accessible();
    expect(root(controls).textContent).to.contain('Select a voice task');
    expect(controls.status).to.equal('none');
  });

  it('shows the call in progress with a timer, and mutes and unmutes', async () => {
    const { provider, controls } = await setup();
    const taskSid = await acceptCall(provider);
    expect(controls.getAttribute('status')).to.equal('in-progress');
    expect(root(controls).querySelector('.state')!.textContent).to.equal('In progress');
    expect(root(controls).querySelector('[role="timer"]')!.textContent).to.match(/^\d\d:\d\d$/);
    expect(ticking(controls)).to.equal(true);
    await expect(controls).to.be.accessible();

    const mute = button(controls, 'Mute')!;
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    mute.click();
    await settle();
    expect(callOf(provider, taskSid).muted).to.equal(true);
    const unmute = button(controls, 'Unmute')!;
    expect(unmute.getAttribute('aria-pressed')).to.equal('true');
    unmute.click();
    await settle();
    expect(callOf(provider, taskSid).muted).to.equal(false);
    expect(button(controls, 'Mute')).to.exist;
  });

  it('the timer follows the contact center clock', async () => {
    const { provider, controls } = await setup();
    await acceptCall(provider);
    const timer = root(controls).querySelector('[role="timer"]')!;
    expect(timer.textContent).to.equal('00:00');
    provider.simulator!.advance(65_000);
    controls.requestUpdate();
    await settle();
    expect(timer.textContent).to.equal('01:05');
  });

  it('holds and resumes, and is accessible on hold', async () => {
    const { provider, controls } = await setup();
    const taskSid = await acceptCall(provider);
    button(controls, 'Hold')!.click();
    await settle();
    expect(callOf(provider, taskSid).onHold).to.equal(true);
    expect(controls.status).to.equal('on-hold');
    expect(root(controls).querySelector('.state')!.textContent).to.equal('On hold');
    expect(button(controls, 'Resume')!.getAttribute('aria-pressed')).to.equal('true');
    await expect(controls).to.be.accessible();
    button(controls, 'Resume')!.click();
    await settle();
    expect(callOf(provider, taskSid).onHold).to.equal(false);
  });

  it('sends DTMF digits from the keypad', async () => {
    const { provider, controls } = await setup();
    const taskSid = await acceptCall(provider);
    const invoked: unknown[] = [];
    provider.actions!.addListener('before', 'SendDTMFDigits', (payload) => void invoked.push(payload));
    for (const digit of ['1', '2', '#', '*', '0']) button(controls, digit)!.click();
    await settle();
    expect(invoked).to.deep.equal(['1', '2', '#', '*', '0'].map((digits) => ({ taskSid, digits })));
    expect(provider.simulator!.engine && root(controls).querySelector('.digits')!.textContent).to.contain('12#*0');
  });

  it('warm-transfers to an agent, lists them as a participant, and cancels', async () => {
    const { provider, controls } = await setup();
    const rita = addColleague(provider);
    const taskSid = await acceptCall(provider);
    const transfer = button(controls, 'Transfer')!;
    transfer.click();
    await settle();
    expect(transfer.getAttribute('aria-expanded')).to.equal('true');
    const directory = directoryOf(controls)!;
    await settle();
    await expect(controls).to.be.accessible();
    const warm = [...root(directory).querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.value === 'warm')!;
    expect(warm.checked).to.equal(true);
    const requested = oneEvent(controls, 'flex-transfer-request');
    button(directory, 'Transfer to Rita Moreno')!.click();
    const event = await requested;

    expect(event.detail).to.deep.equal({ taskSid, to: rita, toKind: 'worker', mode: 'warm' });
    await settle();
    expect(taskOf(provider, taskSid).transfer).to.include({ status: 'initiated', mode: 'warm', to: rita });
    const ritaOnCall = callOf(provider, taskSid).participants.find((p) => p.workerSid === rita)!;
    expect(ritaOnCall.status).to.equal('connecting');
    expect(root(controls).querySelector('.transfer-status')!.textContent).to.contain('Transferring to Rita Moreno (warm)');
    expect(directoryOf(controls)).to.equal(null);
    button(controls, 'Cancel transfer')!.click();
    await settle();
    expect(taskOf(provider, taskSid).transfer!.status).to.equal('canceled');
    expect(callOf(provider, taskSid).participants.some((p) => p.workerSid === rita && p.status !== 'left')).to.equal(false);
    expect(button(controls, 'Cancel transfer')).to.equal(undefined);
  });

  it('holds and removes a conference participant once the warm transfer is accepted', async () => {
    const { provider, controls } = await setup();
    const rita = addColleague(provider);
    const taskSid = await acceptCall(provider);
    await provider.actions!.invoke('TransferTask', { taskSid, to: rita, mode: 'warm' });
    const engine = provider.simulator!.engine;
    const reservation = engine.listReservations().find((r) => r.workerSid === rita && r.status === 'pending')!;
    engine.acceptReservation(reservation.sid);
    provider.simulator!.flush();
    await settle();
    const participant = callOf(provider, taskSid).participants.find((p) => p.workerSid === rita)!;
    expect(participant.status).to.equal('joined');
    button(controls, 'Hold Rita Moreno')!.click();
    await settle();
    expect(callOf(provider, taskSid).participants.find((p) => p.workerSid === rita)!.onHold).to.equal(true);
    button(controls, 'Resume Rita Moreno')!.click();
    await settle();
    expect(callOf(provider, taskSid).participants.find((p) => p.workerSid === rita)!.onHold).to.equal(false);
    button(controls, 'Remove Rita Moreno')!.click();
    await settle();
    expect(callOf(provider, taskSid).participants.find((p) => p.workerSid === rita)!.status).to.equal('left');
    expect(button(controls, 'Remove Rita Moreno')).to.equal(undefined);
  });

  it('cold-transfers to a queue: the customer waits on hold', async () => {
    const { provider, controls } = await setup();
    const taskSid = await acceptCall(provider);
    button(controls, 'Transfer')!.click();
    await settle();
    const directory = directoryOf(controls)!;
    const cold = [...root(directory).querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.value === 'cold')!;
    cold.click();
    await settle();
    const billing = Object.values(provider.store!.getState().queues).find((q) => q.name === 'Billing')!;
    button(directory, 'Transfer to Billing')!.click();
    await settle();
    expect(taskOf(provider, taskSid).transfer).to.include({ status: 'initiated', mode: 'cold', to: billing.sid, toKind: 'queue' });
    expect(callOf(provider, taskSid).participants.find((p) => p.kind === 'customer')!.onHold).to.equal(true);
    expect(root(controls).querySelector('.transfer-status')!.textContent).to.contain('Transferring to Billing (cold)');
  });

  it('a canceled flex-transfer-request stops the transfer', async () => {
    const { provider, controls } = await setup();
    const taskSid = await acceptCall(provider);
    controls.addEventListener('flex-transfer-request', (e) => e.preventDefault(), { once: true });
    button(controls, 'Transfer')!.click();
    await settle();
    button(directoryOf(controls)!, 'Transfer to Support')!.click();
    await settle();
    expect(taskOf(provider, taskSid).transfer).to.equal(undefined);
  });

  it('hangs up: the call ends and the task goes to wrap-up', async () => {
    const { provider, controls } = await setup();
    const taskSid = await acceptCall(provider);
    provider.simulator!.advance(3000);
    button(controls, 'Hang up')!.click();
    await settle();
    expect(callOf(provider, taskSid).status).to.equal('completed');
    expect(taskOf(provider, taskSid).status).to.equal('wrapping');
    expect(controls.status).to.equal('ended');
    expect(root(controls).querySelector('.state')!.textContent).to.equal('Call ended');
    expect(root(controls).querySelector('[role="timer"]')!.textContent).to.equal('00:03');
    expect(ticking(controls)).to.equal(false);
    expect(button(controls, 'Mute')).to.equal(undefined);
    await expect(controls).to.be.accessible();
  });

  it('works by keyboard alone: mute, transfer search and choose with arrows and Enter', async () => {
    const { provider, controls } = await setup();
    addColleague(provider, 'Rita Moreno');
    addColleague(provider, 'Sam Reed');
    const taskSid = await acceptCall(provider);
    button(controls, 'Mute')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(callOf(provider, taskSid).muted).to.equal(true);
    button(controls, 'Transfer')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    await settle();
    const directory = directoryOf(controls)!;
    // The search box has focus.
    expect(root(directory).activeElement?.getAttribute('aria-label')).to.equal('Search directory');
    await sendKeys({ type: 'sam' });
    await settle();
    await sendKeys({ press: 'ArrowDown' });
    expect(root(directory).activeElement?.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Transfer to Sam Reed Available');
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(taskOf(provider, taskSid).transfer).to.include({ status: 'initiated', toName: 'Sam Reed' });
  });

  it('dials out: connecting with only Hang up, then in progress once answered', async () => {
    const { provider, controls } = await setup();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    provider.simulator!.setNextOutboundOutcome('answered');
    const { taskSid } = (await provider.actions!.invoke<{ taskSid: string }>('StartOutboundCall', { to: '+14155550100' }));
    await provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    expect(controls.status).to.equal('connecting');
    expect(root(controls).querySelector('.state')!.textContent).to.equal('Connecting…');
    expect(button(controls, 'Hang up')).to.exist;
    expect(button(controls, 'Mute')).to.equal(undefined);
    expect(root(controls).querySelector('[role="timer"]')).to.equal(null);
    await expect(controls).to.be.accessible();
    provider.simulator!.advance(10_000);
    await settle();
    expect(controls.status).to.equal('in-progress');
    expect(button(controls, 'Mute')).to.exist;
  });

  it('a ringing inbound call shows its state without call buttons', async () => {
    const { provider, controls } = await setup();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = provider.simulator!.createTask({ channel: 'voice', customer: { name: 'Omar Haddad' } });
    await settle();
    controls.taskSid = taskSid;
    await settle();
    expect(controls.status).to.equal('ringing');
    expect(root(controls).querySelector('.state')!.textContent).to.equal('Ringing…');
    expect(root(controls).querySelectorAll('button').length).to.equal(0);
  });
});
