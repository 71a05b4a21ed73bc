import { expect, html } from '@open-wc/testing';
import '../../../src/components/agent-desktop/agent-desktop.js';
import '../../../src/components/callback/callback.js';
import '../../../src/components/callback/missed-callbacks.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => (el.shadowRoot ?? el).textContent.replace(/\s+/g, ' ');
const nameOf = (b: Element) => b.getAttribute('aria-label') ?? b.textContent.replace(/\s+/g, ' ').trim();

/** Every element below `el`, shadow roots included. */
function deep(el: Element | ShadowRoot, selector: string): Element[] {
  const found: Element[] = [...el.querySelectorAll(selector)];
  for (const child of el.querySelectorAll('*')) if (child.shadowRoot) found.push(...deep(child.shadowRoot, selector));
  return found;
}
const buttonNamed = (el: Element, name: string) => deep(el.shadowRoot ?? el, 'button').find((b) => nameOf(b) === name) as HTMLButtonElement | undefined;

async function desk(role = 'agent') {
  const { page, provider } = await simulatorFixture<HTMLElement>(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com" user-role=${role}>
      <flex-agent-desktop></flex-agent-desktop>
    </flex-provider>`,
  );
  return { page, provider, desktop: page.querySelector('flex-agent-desktop')! };
}

async function accept(provider: FlexProvider, taskSid: string) {
  await provider.actions!.invoke('AcceptTask', { taskSid });
  await provider.actions!.invoke('SelectTask', { taskSid });
  await settle();
  await settle();
}

describe('callback tasks', () => {
  it('CreateCallback resolves with a callback task that rings with its number, time and notes', async () => {
    const { provider, desktop } = await desk();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const at = provider.simulator!.now() + 30 * 60_000;
    const result = await provider.actions!.invoke<{ taskSid: string }>('CreateCallback', {
      to: '+1 (415) 555-0142',
      name: 'Priya Raman',
      scheduledFor: new Date(at).toISOString(),
      notes: 'Wants to upgrade to the annual plan',
    });
    await settle();
    await settle();
    const task = provider.store!.getState().tasks[result.taskSid];
    expect(task.channel).to.equal('callback');
    expect(task.customer.name).to.equal('Priya Raman');
    expect(task.attributes['callbackNumber']).to.equal('+14155550142');
    expect(task.status).to.equal('reserved');
    const incoming = deep(root(desktop), 'flex-incoming-task')[0];
    expect(text(incoming)).to.contain('Call back +14155550142');
    expect(text(incoming)).to.contain('Requested for');
    expect(text(incoming)).to.contain('Wants to upgrade to the annual plan');
    await expect(incoming).to.be.accessible();
  });

  it('refuses a callback to something that is not a number, and a bad time, before any task exists', async () => {
    const { provider } = await desk();
    const before = Object.keys(provider.store!.getState().tasks).length;
    let error = await provider.actions!.invoke('CreateCallback', { to: 'call me maybe' }).catch((e: unknown) => e as { code: string; message: string });
    expect(error).to.include({ code: 'invalid-payload' });
    error = await provider.actions!.invoke('CreateCallback', { to: '+14155550142', scheduledFor: 'next tuesday-ish' }).catch((e: unknown) => e as { code: string; message: string });
    expect(error).to.include({ code: 'invalid-payload' });
    expect((error as { message: string }).message).to.contain('scheduledFor');
    expect(Object.keys(provider.store!.getState().tasks).length).to.equal(before);
  });

  it('"Call back now" starts the outbound call linked to the task, selects it, and wraps the callback up', async () => {
    const { provider, desktop } = await desk();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const { taskSid } = await provider.actions!.invoke<{ taskSid: string }>('CreateCallback', { to: '+14155550142', name: 'Priya Raman', notes: 'Invoice' });
    await settle();
    // Ringing: the button is there but says why it cannot be used yet.
    await provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    await settle();
    const panel = deep(root(desktop), 'flex-callback')[0];
    expect(panel, 'the canvas shows the callback').to.exist;
    expect(buttonNamed(panel, 'Call back now')!.disabled).to.equal(true);
    expect(text(panel)).to.contain('Accept the task to call back.');
    await expect(panel).to.be.accessible();
    await accept(provider, taskSid);
    const panel2 = deep(root(desktop), 'flex-callback')[0];
    expect(text(panel2)).to.contain('+14155550142');
    expect(text(panel2)).to.contain('Invoice');
    expect(text(panel2)).to.contain('As soon as possible');
    const callBack = buttonNamed(panel2, 'Call back now')!;
    expect(callBack.disabled).to.equal(false);
    await expect(panel2).to.be.accessible();
    callBack.click();
    await settle();
    await settle();
    const state = provider.store!.getState();
    const callTask = Object.values(state.tasks).find((t) => t.channel === 'voice')!;
    expect(callTask, 'an outbound call task').to.exist;
    expect(callTask.attributes['callbackTaskSid']).to.equal(taskSid);
    expect(state.calls[callTask.callSid!].to).to.equal('+14155550142');
    expect(state.calls[callTask.callSid!].direction).to.equal('outbound');
    expect(state.ui.selectedTaskSid).to.equal(callTask.sid);
    expect(state.tasks[taskSid].status).to.equal('wrapping');
    expect(state.tasks[taskSid].attributes['callbackCallTaskSid']).to.equal(callTask.sid);
  });

  it('StartCallback refuses a task that is not a callback, and one not accepted yet', async () => {
    const { provider } = await desk();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const chat = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Omar' } });
    await settle();
    let error = await provider.actions!.invoke('StartCallback', { taskSid: chat }).catch((e: unknown) => e as { code: string });
    expect(error).to.include({ code: 'invalid-state' });
    await provider.actions!.invoke('RejectTask', { taskSid: chat });
    const { taskSid } = await provider.actions!.invoke<{ taskSid: string }>('CreateCallback', { to: '+14155550142' });
    await settle();
    error = await provider.actions!.invoke('StartCallback', { taskSid }).catch((e: unknown) => e as { code: string });
    expect(error).to.include({ code: 'invalid-state' });
    expect(Object.values(provider.store!.getState().calls)).to.have.length(0);
  });
});

describe('voicemail tasks', () => {
  it('shows the recording with a player and the transcript, and can be called back', async () => {
    const { provider, desktop } = await desk();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = provider.simulator!.createTask({
      channel: 'voicemail',
      customer: { name: 'Lena Fischer', phone: '+14155550177' },
      transcript: 'Hi, my router keeps dropping the connection. Please call me back.',
    });
    await settle();
    await accept(provider, taskSid);
    const panel = deep(root(desktop), 'flex-callback')[0];
    expect(text(panel)).to.contain('Voicemail');
    expect(text(panel)).to.contain('Hi, my router keeps dropping the connection. Please call me back.');
    const audio = root(panel).querySelector('audio')!;
    expect(audio.controls).to.equal(true);
    expect(audio.getAttribute('aria-label')).to.equal('Voicemail recording');
    expect(audio.src).to.match(/^data:audio\/wav;base64,/);
    expect(buttonNamed(panel, 'Play voicemail')).to.exist;
    await expect(panel).to.be.accessible();
    await provider.actions!.invoke('StartCallback', { taskSid });
    await settle();
    const call = Object.values(provider.store!.getState().calls)[0];
    expect(call.to).to.equal('+14155550177');
    expect(provider.store!.getState().tasks[taskSid].status).to.equal('wrapping');
  });

  it('keeps a hostile transcript as text', async () => {
    const { provider, desktop } = await desk();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const evil = '<img src=x onerror="window.__vm=1"><script>window.__vm=1</script>';
    const taskSid = provider.simulator!.createTask({ channel: 'voicemail', customer: { name: 'X', phone: '+14155550100' }, transcript: evil });
    await settle();
    await accept(provider, taskSid);
    const panel = deep(root(desktop), 'flex-callback')[0];
    expect(root(panel).querySelector('.transcript')!.textContent).to.equal(evil);
    expect(root(panel).querySelector('img, script')).to.equal(null);
    expect((window as unknown as { __vm?: number }).__vm).to.equal(undefined);
  });
});

describe('<flex-missed-callbacks>', () => {
  it('shows supervisors the scheduled callbacks nobody took in time', async () => {
    const { page, provider } = await simulatorFixture<HTMLElement>(
      html`<flex-provider sim-traffic="off" sim-clock="manual" identity="sam.super@example.com" user-role="supervisor">
        <flex-missed-callbacks></flex-missed-callbacks>
      </flex-provider>`,
    );
    const list = page.querySelector('flex-missed-callbacks')!;
    await settle();
    expect(text(list)).to.contain('No missed callbacks');
    await expect(list).to.be.accessible();
    const now = provider.simulator!.now();
    // Nobody is available: the callbacks wait.
    await provider.actions!.invoke('CreateCallback', { to: '+14155550101', name: 'Due soon', scheduledFor: now + 10 * 60_000 });
    await provider.actions!.invoke('CreateCallback', { to: '+14155550102', name: 'Missed one', scheduledFor: now + 60_000, notes: 'VIP' });
    await settle();
    expect(text(list)).to.contain('No missed callbacks');
    provider.simulator!.advance(2 * 60_000);
    await settle();
    await new Promise((r) => setTimeout(r, 1100));
    await settle();
    const rows = [...root(list).querySelectorAll('tbody tr')];
    expect(rows).to.have.length(1);
    expect(rows[0].textContent).to.contain('Missed one');
    expect(rows[0].textContent).to.contain('+14155550102');
    expect(rows[0].textContent).to.contain('VIP');
    expect(rows[0].querySelector('.overdue')!.textContent).to.equal('01:00');
    expect(text(list)).to.contain('1 missed');
    await expect(list).to.be.accessible();
  });
});
