import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/call-controls/call-controls.js';
import '../../../src/components/slot/slot.js';
import '../../../src/components/task-canvas/task-canvas.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';

const THROWS = '/test/browser/app/fixtures/throws-plugin.js';

async function until(check: () => boolean, what: string, frames = 300): Promise<void> {
  for (let i = 0; i < frames; i++) {
    if (check()) return;
    await nextFrame();
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function selectedChat(provider: FlexProvider) {
  await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: 'Ann' }, firstMessage: 'Hi' });
  await provider.actions!.invoke('AcceptTask', { taskSid });
  await provider.actions!.invoke('SelectTask', { taskSid });
  await settle();
  return taskSid;
}

describe('plugin content where it shows', () => {
  it('task canvas: plugin tabs follow the built-in ones, keyboard-accessible, with {task}; a throwing render is an inline error in its panel', async () => {
    const { page, provider } = await simulatorFixture<HTMLElement>(
      html`<flex-provider sim-traffic="off" sim-clock="manual"><flex-task-canvas></flex-task-canvas></flex-provider>`,
    );
    const api = provider.contactCenter!.pluginApi('test');
    let seen: unknown;
    api.slots.add('task-canvas.tabs', {
      id: 'notes',
      label: 'CRM notes',
      render(host: HTMLElement, context: unknown) {
        seen = context;
        host.textContent = 'Notes for the customer';
      },
    });
    api.slots.add('task-canvas.tabs', {
      id: 'broken',
      label: 'Broken',
      render() {
        throw new Error('cannot draw');
      },
    });
    const taskSid = await selectedChat(provider);
    const canvas = page.querySelector('flex-task-canvas')!;
    const root = canvas.shadowRoot!;
    const tabs = () => [...root.querySelectorAll<HTMLElement>('[role="tab"]')];
    expect(tabs().map((t) => t.textContent.trim())).to.deep.equal(['Conversation', 'Info', 'Wrap-up', 'CRM notes', 'Broken']);

    // Arrow keys reach the plugin tabs, as they reach the built-in ones.
    tabs()[2].click();
    await settle();
    tabs()[2].focus();
    await sendKeys({ press: 'ArrowRight' });
    await settle();
    expect(root.activeElement?.textContent!.trim()).to.equal('CRM notes');
    expect(root.activeElement?.getAttribute('aria-selected')).to.equal('true');
    const panel = root.getElementById(root.activeElement!.getAttribute('aria-controls')!)!;
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('tabpanel');
    const slot = panel.querySelector('flex-plugin-slot')!;
    expect(slot.shadowRoot!.textContent).to.contain('Notes for the customer');
    expect((seen as { task: { sid: string } }).task.sid).to.equal(taskSid);
    await expect(canvas).to.be.accessible();

    await sendKeys({ press: 'ArrowRight' });
    await settle();
    expect(root.activeElement?.textContent!.trim()).to.equal('Broken');
    const brokenPanel = root.getElementById(root.activeElement!.getAttribute('aria-controls')!)!;
    const alert = brokenPanel.querySelector('flex-plugin-slot')!.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.equal('“broken” (test) could not be shown: cannot draw');
    // The canvas still shows its header and tabs.
    expect(tabs().length).to.equal(5);
    await sendKeys({ press: 'Home' });
    await settle();
    expect(root.activeElement?.textContent!.trim()).to.equal('Conversation');
    await sendKeys({ press: 'End' });
    await settle();
    expect(root.activeElement?.textContent!.trim()).to.equal('Broken');
  });

  it('call controls: call-controls.actions contributions follow the call buttons, with {task, call}', async () => {
    const { page, provider } = await simulatorFixture<HTMLElement>(
      html`<flex-provider sim-traffic="off" sim-clock="manual"><flex-call-controls></flex-call-controls></flex-provider>`,
    );
    let seen: { task: { sid: string }; call: { sid: string } } | undefined;
    let mounts = 0;
    provider.contactCenter!.pluginApi('test').slots.add('call-controls.actions', {
      id: 'log-call',
      render(host: HTMLElement, context: unknown) {
        mounts++;
        seen = context as typeof seen;
        const button = document.createElement('button');
        button.textContent = 'Log call';
        host.append(button);
      },
    });
    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = provider.simulator!.createTask({ channel: 'voice', customer: { name: 'Bo', phone: '+12125550100' } });
    await provider.actions!.invoke('AcceptTask', { taskSid });
    await provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    const controls = page.querySelector('flex-call-controls')!;
    await until(() => controls.shadowRoot!.querySelector('[part="controls"] flex-plugin-slot') !== null, 'the call to go live');
    await settle();
    const slot = controls.shadowRoot!.querySelector('[part="controls"] flex-plugin-slot')!;
    expect(slot.shadowRoot!.querySelector('button')!.textContent).to.equal('Log call');
    expect(seen!.task.sid).to.equal(taskSid);
    expect(seen!.call.sid).to.be.a('string');
    // A re-render with the same task and call does not remount the contribution.
    const before = mounts;
    controls.requestUpdate();
    await settle();
    expect(mounts).to.equal(before);
    await expect(controls).to.be.accessible();
  });

  it('a plugin that failed to load shows a dismissible notice in plugin slots and under the task canvas tabs', async () => {
    const appConfig = { plugins: [{ url: THROWS, name: 'thrower' }] };
    const { page, provider } = await simulatorFixture<HTMLElement>(
      html`<flex-provider sim-traffic="off" sim-clock="manual" .appConfig=${appConfig}>
        <flex-task-canvas></flex-task-canvas>
        <flex-plugin-slot name="call-controls.actions"></flex-plugin-slot>
      </flex-provider>`,
    );
    await until(() => provider.plugins!.list.every((p) => p.status !== 'loading'), 'plugins to settle');
    await selectedChat(provider);
    const text = 'The plugin “thrower” could not load: The plugin "thrower" failed: boom in init';
    for (const el of [page.querySelector('flex-plugin-slot')!, page.querySelector('flex-task-canvas')!]) {
      const notice = el.shadowRoot!.querySelector<HTMLElement>('[part="plugin-notice"]')!;
      expect(notice, el.localName).to.not.equal(null);
      expect(notice.querySelector('.plugin-notice-text')!.textContent).to.equal(text);
      expect(notice.checkVisibility()).to.equal(true);
      const dismiss = notice.querySelector('button')!;
      expect(dismiss.textContent.trim()).to.equal('Dismiss');
      await expect(el).to.be.accessible();
      dismiss.click();
      await settle();
      expect(el.shadowRoot!.querySelector('[part="plugin-notice"]'), el.localName).to.equal(null);
    }
    // The canvas's notice sits in the tab row, not inside the tablist.
    const canvas = page.querySelector('flex-task-canvas')!;
    expect(canvas.shadowRoot!.querySelector('[role="tablist"] [part="plugin-notice"]')).to.equal(null);
  });
});
