// Only two element modules, as a bundler user importing one element would: everything those
// elements render must still be defined (no CDN lazy loader here, only the library's own).
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/provider/provider.js';
import '../../../src/components/agent-desktop/agent-desktop.js';
import { settle, simulatorFixture } from '../helpers.js';

/** Every element under `root`, through open shadow roots. */
function deepQuery(root: Element | ShadowRoot | Document, tag: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    for (const child of node.querySelectorAll('*')) {
      if (child.localName === tag) found.push(child);
      if (child.shadowRoot) visit(child.shadowRoot);
    }
  };
  visit(root);
  return found;
}

describe('importing one element module', () => {
  it('the agent desktop renders an accepted chat and a call with their elements defined', async () => {
    expect(customElements.get('flex-chat')).to.equal(undefined);
    const { provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com">
        <flex-agent-desktop></flex-agent-desktop>
      </flex-provider>`,
    );
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' }, firstMessage: 'Hello there' });
    await settle();
    await provider.actions!.invoke('AcceptTask', { taskSid });
    await provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    await waitUntil(() => customElements.get('flex-chat') !== undefined, `flex-chat was never defined; rendered: ${deepQuery(document, 'flex-task-canvas').map((c) => c.shadowRoot?.innerHTML.slice(0, 600)).join(' | ')}`, { timeout: 5000 });
    await waitUntil(() => deepQuery(document, 'flex-chat').some((chat) => chat.shadowRoot?.textContent?.includes('Hello there')), 'the chat shows no message', {
      timeout: 5000,
    });

    const callSid = provider.simulator!.createTask({ channel: 'voice', customer: { name: 'Carl Caller', phone: '+14155550100' } });
    await settle();
    await provider.actions!.invoke('AcceptTask', { taskSid: callSid });
    await provider.actions!.invoke('SelectTask', { taskSid: callSid });
    await settle();
    await waitUntil(() => customElements.get('flex-call-controls') !== undefined, 'flex-call-controls was never defined', { timeout: 5000 });
    const desktop = document.querySelector('flex-agent-desktop')!;
    await expect(desktop).to.be.accessible();
  });

  it('<flex-app> from its own module defines the views it navigates to', async () => {
    await import('../../../src/components/app/app.js');
    const { provider } = await simulatorFixture(
      html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com" user-role="supervisor">
        <flex-app></flex-app>
      </flex-provider>`,
    );
    await waitUntil(() => customElements.get('flex-agent-desktop') && customElements.get('flex-activity-selector'), 'agent views undefined', { timeout: 5000 });
    await settle();
    for (const [view, tag] of [
      ['teams', 'flex-teams-view'],
      ['queues', 'flex-queue-stats'],
    ] as const) {
      await provider.actions!.invoke('NavigateToView', { viewName: view });
      await settle();
      await waitUntil(() => deepQuery(document, tag).length > 0, `the ${view} view shows no <${tag}>`, { timeout: 5000 });
      await waitUntil(() => customElements.get(tag), `<${tag}> was never defined`, { timeout: 5000 });
    }
  });
});
