import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/index.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

/** Counts flex-ready events on the document from now on. */
function countReady() {
  const counter = { count: 0, stop: () => document.removeEventListener('flex-ready', listener) };
  const listener = () => counter.count++;
  document.addEventListener('flex-ready', listener);
  return counter;
}

async function acceptedChat(provider: FlexProvider) {
  await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' }, firstMessage: 'Hi!' });
  await settle();
  await provider.actions!.invoke('AcceptTask', { taskSid });
  await settle();
  return taskSid;
}

describe('<flex-provider> sessions', () => {
  it('resolves ready and reports readyState for a listener that comes late', async () => {
    const { provider } = await simulatorFixture<FlexProvider>(
      html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com"></flex-provider>`,
    );
    expect(provider.readyState).to.equal('ready');
    const detail = await provider.ready;
    expect(detail.identity).to.equal('jane.doe@example.com');
    expect(detail.backend).to.equal('simulator');
    expect(detail.workerSid).to.equal(provider.store!.getState().session.workerSid);
  });

  it('is connecting before ready, and ready rejects with the error when the session fails', async () => {
    const provider = document.createElement('flex-provider');
    expect(provider.readyState).to.equal('idle');
    provider.setAttribute('backend', 'no-such-backend');
    await fixture(html`<div></div>`).then((div) => div.append(provider));
    const error = await provider.ready.then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(error?.code).to.equal('unknown-backend');
    expect(provider.readyState).to.equal('failed');
  });

  it('treats an equal appConfig object as no change: no reconnect, the task stays', async () => {
    const ready = countReady();
    try {
      const { provider } = await simulatorFixture<FlexProvider>(
        html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com" .appConfig=${{ theme: { name: 'dark' } }}></flex-provider>`,
      );
      const center = provider.contactCenter;
      const taskSid = await acceptedChat(provider);
      for (let i = 0; i < 3; i++) {
        provider.appConfig = { theme: { name: 'dark' } };
        await provider.updateComplete;
        await settle();
      }
      expect(ready.count).to.equal(1);
      expect(provider.contactCenter).to.equal(center);
      expect(provider.store!.getState().tasks[taskSid].status).to.equal('assigned');
    } finally {
      ready.stop();
    }
  });

  it('applies a theme, strings and wrap-up change live, keeping the accepted task and the activity', async () => {
    const ready = countReady();
    try {
      const { page, provider } = await simulatorFixture<HTMLElement>(
        html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com" .appConfig=${{ theme: { name: 'dark' } }}>
          <flex-agent-desktop></flex-agent-desktop>
        </flex-provider>`,
      );
      expect(page).to.exist;
      const taskSid = await acceptedChat(provider);
      const activityBefore = provider.store!.getState().workers[provider.store!.getState().session.workerSid!].activitySid;
      expect(document.documentElement.getAttribute('data-flex-theme')).to.equal('dark');
      provider.appConfig = {
        theme: { name: 'light' },
        strings: { default: { 'wrapup.complete': 'Close it' } },
        wrapup: { dispositions: ['Solved', 'Escalated'] },
      };
      await provider.updateComplete;
      await settle();
      expect(document.documentElement.getAttribute('data-flex-theme')).to.equal('light');
      expect(ready.count).to.equal(1);
      const state = provider.store!.getState();
      expect(state.tasks[taskSid].status).to.equal('assigned');
      expect(state.workers[state.session.workerSid!].activitySid).to.equal(activityBefore);
      expect(provider.config.wrapup.dispositions).to.deep.equal(['Solved', 'Escalated']);
      expect(provider.contactCenter!.strings.t('wrapup.complete')).to.equal('Close it');
      await expect(provider).to.be.accessible();
    } finally {
      ready.stop();
    }
  });

  it('reconnects when the identity changes, and gives a new ready promise', async () => {
    const { provider } = await simulatorFixture<FlexProvider>(
      html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com"></flex-provider>`,
    );
    const first = provider.ready;
    provider.identity = 'john.smith@example.com';
    await provider.updateComplete;
    expect(provider.readyState).to.equal('connecting');
    expect(provider.ready).not.to.equal(first);
    const detail = await provider.ready;
    expect(detail.identity).to.equal('john.smith@example.com');
    expect(provider.readyState).to.equal('ready');
  });

  it('a new tokenProvider function (an inline arrow in a framework) does not reconnect', async () => {
    const ready = countReady();
    try {
      const { provider } = await simulatorFixture<FlexProvider>(
        html`<flex-provider sim-traffic="off" sim-clock="manual" .backendOptions=${{}} .tokenProvider=${async () => 'a'}></flex-provider>`,
      );
      const center = provider.contactCenter;
      provider.tokenProvider = async () => 'b';
      provider.backendOptions = {};
      await provider.updateComplete;
      await settle();
      provider.backendOptions = {};
      await provider.updateComplete;
      await settle();
      expect(provider.contactCenter).to.equal(center);
      expect(ready.count).to.equal(1);
    } finally {
      ready.stop();
    }
  });
});

describe('<flex-provider theme>', () => {
  it('reports an unknown theme attribute visibly and as flex-error, and applies config theme.name', async () => {
    const errors: string[] = [];
    const listener = (e: Event) => errors.push((e as CustomEvent<{ message: string }>).detail.message);
    document.addEventListener('flex-error', listener);
    try {
      const { provider } = await simulatorFixture<FlexProvider>(
        html`<flex-provider sim-traffic="off" sim-clock="manual" theme=${'neon'} .appConfig=${{ theme: { name: 'dark' } }}></flex-provider>`,
      );
      await provider.updateComplete;
      expect(errors.some((m) => m.includes("got 'neon'"))).to.equal(true);
      expect(provider.shadowRoot!.querySelector('[part="config-errors"]')!.textContent).to.contain('neon');
      expect(document.documentElement.getAttribute('data-flex-theme')).to.equal('dark');
      await expect(provider).to.be.accessible();
    } finally {
      document.removeEventListener('flex-error', listener);
    }
  });
});
