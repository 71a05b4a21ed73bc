import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ContactCenterController } from '../../../src/context/store-controller.js';
import { ClockController } from '../../../src/controllers/clock.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/activity-selector/activity-selector.js';
import '../../../src/components/incoming-task/incoming-task.js';
import '../../../src/components/task-canvas/task-canvas.js';
import '../../../src/components/task-list/task-list.js';
import '../../../src/components/wrapup/wrapup.js';
import { simulatorFixture } from '../helpers.js';
import { deep, settle } from './desk-helpers.js';

async function standalone() {
  const { provider } = await simulatorFixture(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="sam.lee@example.com">
      <flex-activity-selector></flex-activity-selector>
      <flex-incoming-task></flex-incoming-task>
      <flex-task-list></flex-task-list>
      <flex-task-canvas></flex-task-canvas>
      <flex-wrapup></flex-wrapup>
    </flex-provider>`,
  );
  await settle();
  const get = <K extends keyof HTMLElementTagNameMap>(tag: K) => provider.querySelector(tag)!;
  return { provider, get, sim: provider.simulator!, state: () => provider.store!.getState() };
}

class ClockHost extends LitElement {
  readonly clock = new ClockController(this, new ContactCenterController(this));
}
customElements.define('test-clock-host', ClockHost);

describe('ClockController', () => {
  it('ticks only while its host is connected', async () => {
    const host = await fixture<ClockHost>(html`<test-clock-host></test-clock-host>`);
    expect(host.clock.ticking).to.equal(true);
    host.remove();
    expect(host.clock.ticking).to.equal(false);
    document.body.append(host);
    expect(host.clock.ticking).to.equal(true);
    host.remove();
  });
});

describe('the agent elements one by one, in a CRM’s own layout', () => {
  it('are each accessible on their own', async () => {
    const { get } = await standalone();
    for (const tag of ['flex-activity-selector', 'flex-incoming-task', 'flex-task-list', 'flex-task-canvas', 'flex-wrapup'] as const) {
      await expect(get(tag)).to.be.accessible();
    }
  });

  it('activity selector: shows the activity and time in it, ticking only while connected', async () => {
    const { get, sim, provider } = await standalone();
    const selector = get('flex-activity-selector');
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    await settle();
    sim.advance(65_000);
    selector.requestUpdate();
    await settle();
    expect(deep<HTMLSelectElement>(selector, 'select')!.selectedOptions[0].textContent).to.equal('Available');
    expect(deep(selector, '.timer')!.textContent).to.equal('for 01:05');
    // Off the page, no timer keeps running: a re-attached element renders the current time again.
    const parent = selector.parentElement!;
    selector.remove();
    sim.advance(60_000);
    parent.append(selector);
    await settle();
    selector.requestUpdate();
    await settle();
    expect(deep(selector, '.timer')!.textContent).to.equal('for 02:05');
  });

  it('task list: arrow keys move a roving tab stop; Enter selects', async () => {
    const { get, sim, provider, state } = await standalone();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const a = sim.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    const b = sim.createTask({ channel: 'voice', customer: { name: 'Bo' } });
    await provider.actions!.invoke('AcceptTask', { taskSid: a });
    await provider.actions!.invoke('AcceptTask', { taskSid: b });
    await settle();
    const list = get('flex-task-list');
    const options = [...list.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
    expect(options.map((o) => o.tabIndex)).to.deep.equal([0, -1]);
    options[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle();
    expect(list.shadowRoot!.activeElement?.textContent).to.contain('Bo');
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(state().ui.selectedTaskSid).to.equal(b);
    expect(list.shadowRoot!.querySelector('[aria-selected="true"]')!.textContent).to.contain('Bo');
    expect(list.shadowRoot!.querySelector('[aria-selected="true"] svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(list.shadowRoot!.querySelector('[aria-selected="true"]')!.textContent).to.contain('Call');
    await expect(list).to.be.accessible();
  });

  it('task canvas: tabs follow the ARIA pattern; voice shows the call controls', async () => {
    const { get, sim, provider } = await standalone();
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = sim.createTask({ channel: 'voice', customer: { name: 'Bo' } });
    await provider.actions!.invoke('AcceptTask', { taskSid });
    await provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    const canvas = get('flex-task-canvas');
    const tabs = () => [...canvas.shadowRoot!.querySelectorAll<HTMLElement>('[role="tab"]')];
    expect(tabs().map((t) => t.textContent.trim())).to.deep.equal(['Call', 'Info', 'Wrap-up']);
    expect(canvas.shadowRoot!.querySelector(`flex-call-controls[task-sid="${taskSid}"]`)).to.not.equal(null);
    tabs()[0].focus();
    await sendKeys({ press: 'End' });
    await settle();
    expect(canvas.shadowRoot!.activeElement!.textContent.trim()).to.equal('Wrap-up');
    const panel = canvas.shadowRoot!.getElementById(tabs()[2].getAttribute('aria-controls')!)!;
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('aria-labelledby')).to.equal(tabs()[2].id);
    await sendKeys({ press: 'ArrowRight' });
    await settle();
    expect(canvas.shadowRoot!.activeElement!.textContent.trim()).to.equal('Call');
    await expect(canvas).to.be.accessible();
  });
});
