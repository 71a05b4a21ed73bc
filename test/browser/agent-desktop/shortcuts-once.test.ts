import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../../src/components/agent-desktop/agent-desktop.js';
import '../../../src/components/provider/provider.js';
import { simulatorFixture } from '../helpers.js';
import { EventLog, settle } from './desk-helpers.js';

const press = async (key: string) => {
  await sendKeys({ press: key });
  await settle();
  await settle();
};

describe('keyboard shortcuts with several agent desktops on one page', () => {
  let log: EventLog | undefined;
  afterEach(() => {
    log?.dispose();
    sinon.restore();
  });

  it('runs each shortcut once per contact center, whatever the number of desktops', async () => {
    log = new EventLog();
    const { page } = await simulatorFixture<HTMLElement>(html`<div>
      <flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com">
        <flex-agent-desktop></flex-agent-desktop>
        <flex-agent-desktop></flex-agent-desktop>
      </flex-provider>
    </div>`);
    const provider = page.querySelector('flex-provider')!;
    await settle();
    const actions = provider.actions!;
    await actions.invoke('SetActivity', { activityName: 'Available' });
    const a = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    const b = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Bo' } });
    await settle();
    const invoke = sinon.spy(actions, 'invoke');
    await press('Control+Shift+KeyA');
    const state = provider.store!.getState();
    // One press accepts one task (the oldest), not both.
    expect([state.tasks[a].status, state.tasks[b].status]).to.deep.equal(['assigned', 'reserved']);
    expect(invoke.getCalls().map((c) => c.args[0])).to.deep.equal(['AcceptTask', 'SelectTask']);
    expect(log.of('flex-task-accepted')).to.have.length(1);

    // Removing one desktop keeps the shortcuts working through the other; removing both ends them.
    const [first, second] = [...page.querySelectorAll('flex-agent-desktop')];
    first.remove();
    await press('Control+Shift+KeyA');
    expect(provider.store!.getState().tasks[b].status).to.equal('assigned');
    second.remove();
    const c = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Cy' } });
    await settle();
    await press('Control+Shift+KeyA');
    expect(provider.store!.getState().tasks[c].status).to.equal('reserved');
  });

  it('runs once even for a key event that cannot be canceled (a synthetic one from a CRM or a test tool)', async () => {
    log = new EventLog();
    const { page } = await simulatorFixture<HTMLElement>(html`<div>
      <flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com">
        <flex-agent-desktop></flex-agent-desktop>
        <flex-agent-desktop></flex-agent-desktop>
        <flex-agent-desktop></flex-agent-desktop>
      </flex-provider>
    </div>`);
    const provider = page.querySelector('flex-provider')!;
    await settle();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const tasks = ['Ann', 'Bo', 'Cy'].map((name) => provider.simulator!.createTask({ channel: 'chat', customer: { name } }));
    await settle();
    const event = new KeyboardEvent('keydown', { key: 'A', code: 'KeyA', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: false });
    document.body.dispatchEvent(event);
    await settle();
    await settle();
    const state = provider.store!.getState();
    expect(tasks.map((sid) => state.tasks[sid].status)).to.deep.equal(['assigned', 'reserved', 'reserved']);
    expect(log.of('flex-task-accepted')).to.have.length(1);
  });
});
