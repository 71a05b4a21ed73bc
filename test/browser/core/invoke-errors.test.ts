import { expect, html } from '@open-wc/testing';
import '../../../src/index.js';
import { settle, simulatorFixture } from '../helpers.js';

/** Every flex-error that reaches the document from now on. */
function collectErrors() {
  const events: { code: string; target: EventTarget | null }[] = [];
  const listener = (event: Event) => events.push({ code: (event as CustomEvent<{ code: string }>).detail.code, target: event.composedPath()[0] ?? null });
  document.addEventListener('flex-error', listener);
  return { events, stop: () => document.removeEventListener('flex-error', listener) };
}

describe('a refused action', () => {
  it('from a CRM: the promise rejects, and the page hears it once as a flex-error with a visible notice', async () => {
    const { provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual"><flex-agent-desktop></flex-agent-desktop></flex-provider>`,
    );
    const errors = collectErrors();
    try {
      const error = await provider.actions!.invoke('MonitorCall', { taskSid: 'WT-nope' }).then(
        () => undefined,
        (e: unknown) => e as { code: string },
      );
      expect(error?.code).to.equal('forbidden');
      await settle();
      expect(errors.events.map((e) => e.code)).to.deep.equal(['forbidden']);
      expect(provider.store!.getState().notifications.some((n) => n.type === 'error' && n.message.includes('MonitorCall'))).to.equal(true);
    } finally {
      errors.stop();
    }
  });

  it('from a button: one flex-error, dispatched from the element that shows it', async () => {
    const { page, provider } = await simulatorFixture<HTMLElement>(
      html`<flex-provider sim-traffic="off" sim-clock="manual"><flex-wrapup></flex-wrapup></flex-provider>`,
    );
    const wrapup = page.querySelector('flex-wrapup')!;
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Ann' } });
    await settle();
    await provider.actions!.invoke('AcceptTask', { taskSid });
    await provider.actions!.invoke('SelectTask', { taskSid });
    // A CRM rule: nothing completes today.
    provider.actions!.addListener('before', 'CompleteTask', (_payload, abort) => abort('the CRM record is not saved'));
    await provider.actions!.invoke('WrapupTask', { taskSid });
    await settle();
    const errors = collectErrors();
    try {
      const complete = [...wrapup.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Complete')!;
      expect(complete, 'the Complete button').to.exist;
      complete.click();
      await settle();
      await settle();
      expect(errors.events.map((e) => e.code)).to.deep.equal(['aborted']);
      expect(errors.events[0].target).to.equal(wrapup);
      expect(wrapup.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('the CRM record is not saved');
    } finally {
      errors.stop();
    }
  });
});
