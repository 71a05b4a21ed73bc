import { expect, html } from '@open-wc/testing';
import { settle, simulatorFixture } from '../helpers.js';

describe('<flex-provider> on the simulator', () => {
  it('connects, creates a ringing reservation for the person, and accepts it', async () => {
    const { provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com"></flex-provider>`,
    );
    const state = () => provider.store!.getState();
    const me = state().workers[state().session.workerSid!];
    expect(me.name).to.equal('Jane Doe');
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' }, firstMessage: 'Hi!' });
    await settle();
    const reservation = Object.values(state().reservations).find((r) => r.taskSid === taskSid);
    expect(reservation?.status).to.equal('pending');
    await provider.actions!.invoke('AcceptTask', { taskSid });
    await settle();
    expect(state().tasks[taskSid].status).to.equal('assigned');
    expect(state().tasks[taskSid].customer.name).to.equal('Rita Moreno');
  });

  it('shows an invalid simulator option as a visible error', async () => {
    const { fixture } = await import('@open-wc/testing');
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = document.createElement('flex-provider');
    provider.setAttribute('sim-agents', 'lots');
    const failed = new Promise<CustomEvent>((resolve) => provider.addEventListener('flex-error', (e) => resolve(e as CustomEvent), { once: true }));
    wrapper.append(provider);
    const event = await failed;
    expect(event.detail.code).to.equal('invalid-option');
    await provider.updateComplete;
    expect(provider.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('agents');
  });
});
