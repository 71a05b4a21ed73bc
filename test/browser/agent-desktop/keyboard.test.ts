import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deep, deskFixture, goAvailable, settle, type Desk } from './desk-helpers.js';

/** The focused element, through shadow roots. */
function active(): Element | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

const name = (el: Element | null) => (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();

/** Presses Tab until `matches` holds for the focused element. */
async function tabTo(matches: (el: Element) => boolean, max = 60): Promise<Element> {
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const el = active();
    if (el && matches(el)) return el;
  }
  throw new Error(`Tab never reached the element (last: ${active()?.outerHTML.slice(0, 120)})`);
}

const press = async (key: string) => {
  await sendKeys({ press: key });
  await settle();
  await settle();
};

describe('the agent desktop by keyboard alone', () => {
  let d: Desk;
  afterEach(() => d?.log.dispose());

  it('goes Available, accepts, reads the info, wraps up with disposition and notes, and completes', async () => {
    d = await deskFixture();
    const { sim, state, log } = d;
    // Ctrl+Shift+S focuses the activity menu; arrow keys pick Available.
    await press('Control+Shift+KeyS');
    const menu = active() as HTMLSelectElement;
    expect(menu.localName).to.equal('select');
    while (menu.selectedOptions[0].textContent !== 'Available') await press('ArrowUp');
    expect(log.last('flex-activity-changed')!.detail.current.name).to.equal('Available');

    const taskSid = sim.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' }, firstMessage: 'Hello' });
    await settle();
    // Tab to the card's Accept button and press Enter.
    await tabTo((el) => name(el) === 'Accept');
    await press('Enter');
    expect(state().tasks[taskSid].status).to.equal('assigned');
    expect(log.last('flex-task-accepted')!.detail.taskSid).to.equal(taskSid);

    // The task list: a listbox option with the roving tab stop; Enter selects.
    const option = await tabTo((el) => el.getAttribute('role') === 'option');
    expect(option.textContent).to.contain('Rita Moreno');
    await press('Enter');
    expect(state().ui.selectedTaskSid).to.equal(taskSid);

    // Tabs: arrow keys move between Conversation, Info and Wrap-up.
    await tabTo((el) => el.getAttribute('role') === 'tab');
    await press('ArrowRight');
    expect(name(active())).to.equal('Info');
    expect(deep(d.desk, 'flex-task-canvas >>> [part="info"]')!.textContent).to.contain('Rita Moreno');
    await press('ArrowRight');
    expect(name(active())).to.equal('Wrap-up');
    await tabTo((el) => name(el) === 'Wrap up');
    await press('Enter');
    expect(state().tasks[taskSid].status).to.equal('wrapping');

    const disposition = (await tabTo((el) => el.localName === 'select' && el.id === 'disposition')) as HTMLSelectElement;
    await press('ArrowDown');
    expect(disposition.value).to.equal('Resolved');
    await tabTo((el) => el.localName === 'textarea');
    await sendKeys({ type: 'Refund issued' });
    await tabTo((el) => name(el) === 'Complete');
    await press('Enter');
    expect(state().tasks[taskSid].status).to.equal('completed');
    expect(log.last('flex-task-completed')!.detail).to.include({ disposition: 'Resolved', notes: 'Refund issued' });
  });
});

describe('keyboard shortcuts', () => {
  let d: Desk;
  afterEach(() => d?.log.dispose());

  it('Ctrl+Shift+A/H/M/1 accept, hold, mute and hang up a call; the CRM hears the call start and end', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'voice', customer: { name: 'Leo Park', phone: '+12125550100' } });
    await settle();
    await press('Control+Shift+KeyA');
    const task = d.state().tasks[taskSid];
    expect(task.status).to.equal('assigned');
    expect(d.state().ui.selectedTaskSid).to.equal(taskSid);
    const started = d.log.last('flex-call-started')!;
    expect(started.detail).to.include({ taskSid, callSid: task.callSid, direction: 'inbound', number: '+12125550100' });
    await press('Control+Shift+KeyH');
    expect(d.state().calls[task.callSid!].onHold).to.equal(true);
    d.sim.advance(5000);
    await press('Control+Shift+KeyH');
    expect(d.state().calls[task.callSid!].onHold).to.equal(false);
    await press('Control+Shift+KeyM');
    expect(d.state().calls[task.callSid!].muted).to.equal(true);
    d.sim.advance(30_000);
    await press('Control+Shift+Digit1');
    expect(d.state().tasks[taskSid].status).to.equal('wrapping');
    const ended = d.log.last('flex-call-ended')!;
    expect(ended.detail).to.include({ taskSid, callSid: task.callSid, status: 'completed', direction: 'inbound', duration: 35 });
    expect(d.log.last('flex-task-wrapup')!.detail.durations).to.deep.equal({ wait: 0, talk: 30, hold: 5, wrap: 0 });
  });

  it('Ctrl+Shift+R rejects; T and Y move between tasks', async () => {
    d = await deskFixture();
    await goAvailable(d);
    const a = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    const b = d.sim.createTask({ channel: 'sms', customer: { name: 'Bo' } });
    await settle();
    await press('Control+Shift+KeyA');
    await press('Control+Shift+KeyA');
    expect(d.state().ui.selectedTaskSid).to.equal(b);
    await press('Control+Shift+KeyT');
    expect(d.state().ui.selectedTaskSid).to.equal(a);
    await press('Control+Shift+KeyY');
    expect(d.state().ui.selectedTaskSid).to.equal(b);
    const c = d.sim.createTask({ channel: 'email', customer: { name: 'Cy' } });
    await settle();
    await press('Control+Shift+KeyR');
    expect(Object.values(d.state().reservations).find((r) => r.taskSid === c)!.status).to.equal('rejected');
  });

  it('follows remapped bindings (config shortcuts.bindings)', async () => {
    d = await deskFixture({ shortcuts: { bindings: { accept: 'Alt+Shift+K' } } });
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await settle();
    await press('Control+Shift+KeyA');
    expect(d.state().tasks[taskSid].status).to.equal('reserved');
    await press('Alt+Shift+KeyK');
    expect(d.state().tasks[taskSid].status).to.equal('assigned');
  });

  it('does nothing when switched off (config shortcuts.enabled: false)', async () => {
    d = await deskFixture({ shortcuts: { enabled: false } });
    await goAvailable(d);
    const taskSid = d.sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await settle();
    let seen = false;
    const listener = (e: KeyboardEvent) => (seen = e.defaultPrevented);
    document.addEventListener('keydown', listener);
    await press('Control+Shift+KeyA');
    document.removeEventListener('keydown', listener);
    expect(d.state().tasks[taskSid].status).to.equal('reserved');
    expect(seen).to.equal(false);
  });
});
