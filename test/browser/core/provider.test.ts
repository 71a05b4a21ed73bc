import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import { FlexProvider } from '../../../src/components/provider/provider.js';
import { defineElement } from '../../../src/components/define.js';
import { FlexError } from '../../../src/core/errors.js';
import type { FlexErrorEvent, FlexReadyEvent } from '../../../src/events.js';
import { fakes, fixtureReady, nextFrame, TestProbe } from '../helpers.js';

async function readyProvider() {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  const provider = document.createElement('flex-provider');
  const ready = oneEvent<FlexReadyEvent>(provider, 'flex-ready');
  return { provider, ready, wrapper };
}

describe('<flex-provider>', () => {
  it('is accessible and fires flex-ready with the session', async () => {
    const { provider, ready, wrapper } = await readyProvider();
    provider.setAttribute('backend', 'fake');
    provider.setAttribute('identity', 'ana@example.com');
    wrapper.append(provider);
    const event = await ready;
    expect(event.detail).to.deep.equal({ identity: 'ana@example.com', role: 'agent', backend: 'fake', workerSid: 'WK0' });
    expect(event.bubbles && event.composed).to.be.true;
    await expect(provider).to.be.accessible();
  });

  it('exposes actions, store, config and a static version', async () => {
    const provider = await fixtureReady<FlexProvider>(html`<flex-provider backend="fake"></flex-provider>`);
    expect(FlexProvider.version).to.match(/^\d+\.\d+\.\d+/);
    expect(provider.actions?.has('AcceptTask')).to.be.true;
    expect(provider.store?.getState().session.workerSid).to.equal('WK0');
    expect(provider.config.wrapup.dispositions.length).to.be.greaterThan(0);
  });

  it('shows a visible error and fires flex-error for an unknown backend', async () => {
    const errors = sinon.spy();
    document.addEventListener('flex-error', errors);
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const provider = document.createElement('flex-provider');
      provider.setAttribute('backend', 'nonsense');
      const failed = oneEvent<FlexErrorEvent>(provider, 'flex-error');
      wrapper.append(provider);
      const event = await failed;
      expect(event.detail.code).to.equal('unknown-backend');
      expect(event.detail.message).to.contain('nonsense');
      expect(event.detail.recoverable).to.be.false;
      await provider.updateComplete;
      const banner = provider.shadowRoot!.querySelector('[role="alert"]');
      expect(banner?.textContent).to.contain('Unknown backend "nonsense"');
      expect(errors.calledOnce).to.be.true;
      await expect(provider).to.be.accessible();
    } finally {
      document.removeEventListener('flex-error', errors);
    }
  });

  it('rejects an invalid user-role visibly', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = document.createElement('flex-provider');
    provider.setAttribute('backend', 'fake');
    provider.setAttribute('user-role', 'boss');
    const failed = oneEvent<FlexErrorEvent>(provider, 'flex-error');
    wrapper.append(provider);
    expect((await failed).detail.code).to.equal('invalid-role');
  });

  it('lets elements outside its subtree share its state', async () => {
    const page = await fixtureReady<HTMLDivElement>(html`
      <div>
        <header><test-probe id="a"></test-probe></header>
        <aside><test-probe id="b"></test-probe></aside>
        <main><flex-provider backend="fake"></flex-provider></main>
      </div>
    `);
    const provider = page.querySelector('flex-provider')!;
    const a = page.querySelector<TestProbe>('#a')!;
    const b = page.querySelector<TestProbe>('#b')!;
    await a.updateComplete;
    expect(a.shadowRoot!.textContent).to.contain('Me');
    expect(b.shadowRoot!.textContent).to.contain('Me');
    fakes.at(-1)!.emit({
      type: 'worker',
      worker: { ...provider.store!.getState().workers['WK0'], name: 'Renamed' },
    });
    await nextFrame();
    await a.updateComplete;
    await b.updateComplete;
    expect(a.shadowRoot!.textContent).to.contain('Renamed');
    expect(b.shadowRoot!.textContent).to.contain('Renamed');
  });

  it('binds consumers that upgraded before the provider did', async () => {
    // A provider class registered only after its consumers are on the page.
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <late-flex-provider backend="fake"><test-probe id="inside"></test-probe></late-flex-provider>
        <test-probe id="outside"></test-probe>
      </div>
    `);
    const inside = page.querySelector<TestProbe>('#inside')!;
    expect(inside.shadowRoot!.textContent).to.contain('nobody');
    const ready = oneEvent(page.querySelector('late-flex-provider')!, 'flex-ready');
    customElements.define('late-flex-provider', class extends FlexProvider {});
    await ready;
    await nextFrame();
    await inside.updateComplete;
    const outside = page.querySelector<TestProbe>('#outside')!;
    await outside.updateComplete;
    expect(inside.shadowRoot!.textContent).to.contain('Me');
    expect(outside.shadowRoot!.textContent).to.contain('Me');
  });

  it('renders each subscribed element once for 10,000 events in one frame', async () => {
    const page = await fixtureReady<HTMLDivElement>(html`
      <div>
        <flex-provider backend="fake"><test-probe id="a"></test-probe></flex-provider>
        <test-probe id="b"></test-probe>
      </div>
    `);
    const probes = [...page.querySelectorAll<TestProbe>('test-probe')];
    await Promise.all(probes.map((p) => p.updateComplete));
    const before = probes.map((p) => p.renders);
    const backend = fakes.at(-1)!;
    for (let i = 0; i < 10_000; i++) {
      backend.emit({
        type: 'task',
        task: {
          sid: `WT${i}`,
          status: 'pending',
          channel: 'chat',
          queueSid: 'WQ1',
          queueName: 'Support',
          priority: 0,
          createdAt: 0,
          customer: { name: `Customer ${i}` },
          attributes: {},
        },
      });
    }
    await nextFrame();
    await Promise.all(probes.map((p) => p.updateComplete));
    expect(probes.map((p, i) => p.renders - before[i])).to.deep.equal([1, 1]);
    expect(probes[1].shadowRoot!.querySelector('.tasks')!.textContent).to.equal('10000');
  });

  it('keeps two providers independent; an element binds to its nearest', async () => {
    const page = await fixtureReady<HTMLDivElement>(
      html`
        <div>
          <flex-provider backend="fake" identity="one@example.com"><test-probe id="one"></test-probe></flex-provider>
          <flex-provider backend="fake" identity="two@example.com"><test-probe id="two"></test-probe></flex-provider>
        </div>
      `,
      2,
    );
    const [p1, p2] = [...page.querySelectorAll('flex-provider')];
    expect(p1.store).to.not.equal(p2.store);
    expect(p1.store!.getState().session.identity).to.equal('one@example.com');
    expect(p2.store!.getState().session.identity).to.equal('two@example.com');
    const backends = fakes.slice(-2);
    backends[1].emit({ type: 'worker', worker: { ...p2.store!.getState().workers['WK0'], name: 'Second' } });
    await nextFrame();
    const one = page.querySelector<TestProbe>('#one')!;
    const two = page.querySelector<TestProbe>('#two')!;
    await one.updateComplete;
    await two.updateComplete;
    expect(one.shadowRoot!.textContent).to.contain('Me');
    expect(two.shadowRoot!.textContent).to.contain('Second');
  });

  it('runs actions through before-listeners that can abort them', async () => {
    const provider = await fixtureReady<FlexProvider>(html`<flex-provider backend="fake"></flex-provider>`);
    const backend = fakes.at(-1)!;
    backend.emit({ type: 'activities', activities: [{ sid: 'WA1', name: 'Available', available: true }] });
    provider.actions!.addListener('before', 'SetActivity', (_payload, abort) => abort('the CRM is saving a record'));
    const error = await provider.actions!.invoke('SetActivity', { activityName: 'Available' }).catch((e: FlexError) => e);
    expect(error).to.be.instanceOf(FlexError);
    expect((error as FlexError).code).to.equal('aborted');
    expect((error as FlexError).message).to.contain('the CRM is saving a record');
    expect(backend.commands).to.deep.equal([]);
  });

  it('sends allowed actions to the backend and refuses role-gated ones', async () => {
    const provider = await fixtureReady<FlexProvider>(html`<flex-provider backend="fake"></flex-provider>`);
    const backend = fakes.at(-1)!;
    await provider.actions!.invoke('SetActivity', { activityName: 'available' });
    expect(backend.commands).to.deep.equal([
      { name: 'setActivity', payload: { activitySid: 'WA1', rejectPendingReservations: undefined } },
    ]);
    const refused = await provider.actions!.invoke('SetWorkerActivity', { workerSid: 'WK9', activityName: 'Offline' }).catch((e: FlexError) => e);
    expect((refused as FlexError).code).to.equal('forbidden');
    expect(backend.commands).to.have.length(1);
  });

  it('starts a new session when the role changes', async () => {
    const provider = await fixtureReady<FlexProvider>(html`<flex-provider backend="fake"></flex-provider>`);
    const first = fakes.at(-1)!;
    const ready = oneEvent<FlexReadyEvent>(provider, 'flex-ready');
    provider.userRole = 'supervisor';
    expect((await ready).detail.role).to.equal('supervisor');
    expect(first.connected).to.be.false;
    await provider.actions!.invoke('SetWorkerActivity', { workerSid: 'WK0', activityName: 'Offline' });
    expect(fakes.at(-1)!.commands.map((c) => c.name)).to.deep.equal(['setActivity']);
  });

  it('disconnects its backend when removed from the page', async () => {
    const provider = await fixtureReady<FlexProvider>(html`<flex-provider backend="fake"></flex-provider>`);
    const backend = fakes.at(-1)!;
    provider.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(backend.connected).to.be.false;
  });
});

describe('registration guard', () => {
  it('warns once and keeps the first definition', () => {
    const warn = sinon.stub(console, 'warn');
    try {
      class Impostor extends HTMLElement {}
      expect(() => defineElement('flex-provider', Impostor)).not.to.throw();
      expect(() => defineElement('flex-provider', Impostor)).not.to.throw();
      expect(customElements.get('flex-provider')).to.equal(FlexProvider);
      expect(warn.calledOnce).to.be.true;
      expect(String(warn.firstCall.args[0])).to.contain('flex-provider');
    } finally {
      warn.restore();
    }
  });
});
