import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/worker-directory/worker-directory.js';
import type { FlexWorkerDirectory } from '../../../src/components/worker-directory/worker-directory.js';
import { settle, simulatorFixture } from '../helpers.js';

async function setup(channel = 'voice') {
  const { page, provider } = await simulatorFixture<HTMLElement>(
    html`<flex-provider sim-traffic="off" sim-clock="manual">
      <flex-worker-directory></flex-worker-directory>
    </flex-provider>`,
  );
  const directory = page.querySelector('flex-worker-directory')!;
  const engine = provider.simulator!.engine;
  engine.addWorker({ name: 'Rita Moreno', identity: 'rita', activity: 'Available', skills: { support: 5 } });
  engine.addWorker({ name: 'Sam Reed', identity: 'sam', activity: 'Available', skills: { sales: 5 } });
  engine.addWorker({ name: 'Off Line', identity: 'off', activity: 'Offline', skills: { sales: 5 } });
  provider.simulator!.flush();
  await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel, customer: { name: 'Omar Haddad' } });
  await settle();
  await provider.actions!.invoke('AcceptTask', { taskSid });
  await provider.actions!.invoke('SelectTask', { taskSid });
  await settle();
  return { provider, directory, taskSid };
}

const nameOf = (el: Element | null | undefined) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
const names = (d: FlexWorkerDirectory) => [...d.shadowRoot!.querySelectorAll('button.target')].map(nameOf);

describe('<flex-worker-directory>', () => {
  it('transfers a chat cold only, and says so instead of offering warm', async () => {
    const { directory, taskSid, provider } = await setup('chat');
    directory.mode = 'warm';
    await directory.updateComplete;
    const root = directory.shadowRoot!;
    expect(root.querySelector('[role="radiogroup"]')).to.equal(null);
    expect(root.querySelectorAll('input[type="radio"]').length).to.equal(0);
    expect(nameOf(root.querySelector('[part="mode"]'))).to.contain('Conversations are transferred cold');
    await expect(directory).to.be.accessible();
    const requested = new Promise<CustomEvent>((resolve) => directory.addEventListener('flex-transfer-request', (e) => resolve(e as CustomEvent), { once: true }));
    const rita = root.querySelector<HTMLButtonElement>('button.target')!;
    expect(nameOf(rita)).to.equal('Transfer to Rita Moreno Available');
    rita.click();
    const event = await requested;
    expect(event.detail).to.include({ taskSid, toKind: 'worker', mode: 'cold' });
    await settle();
    expect(provider.store!.getState().tasks[taskSid].transfer).to.include({ mode: 'cold', status: 'initiated' });
  });

  it('lists available agents (not offline ones, not me) and queues, and is accessible', async () => {
    const { directory } = await setup();
    expect(names(directory)).to.deep.equal([
      'Transfer to Rita Moreno Available',
      'Transfer to Sam Reed Available',
      'Transfer to Billing Queue',
      'Transfer to Sales Queue',
      'Transfer to Soporte (ES) Queue',
      'Transfer to Support Queue',
    ]);
    expect(directory.shadowRoot!.textContent).to.contain('Available');
    await expect(directory).to.be.accessible();
  });

  it('filters by the search box and says when nothing matches', async () => {
    const { directory } = await setup();
    const search = directory.shadowRoot!.querySelector<HTMLInputElement>('input[aria-label="Search directory"]')!;
    search.focus();
    await sendKeys({ type: 'sup' });
    await settle();
    expect(names(directory)).to.deep.equal(['Transfer to Support Queue']);
    await sendKeys({ type: 'zzz' });
    await settle();
    expect(names(directory)).to.deep.equal([]);
    expect(directory.shadowRoot!.textContent).to.contain('Nobody matches "supzzz"');
  });

  it('moves through targets with arrow keys, Home and End', async () => {
    const { directory } = await setup();
    directory.focus();
    await sendKeys({ press: 'ArrowDown' });
    const active = () => nameOf(directory.shadowRoot!.activeElement);
    expect(active()).to.equal('Transfer to Rita Moreno Available');
    await sendKeys({ press: 'ArrowDown' });
    expect(active()).to.equal('Transfer to Sam Reed Available');
    await sendKeys({ press: 'End' });
    expect(active()).to.equal('Transfer to Support Queue');
    await sendKeys({ press: 'Home' });
    expect(active()).to.equal('Transfer to Rita Moreno Available');
    await sendKeys({ press: 'ArrowUp' });
    expect(directory.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Search directory');
    // Only one target is in the tab order.
    expect(directory.shadowRoot!.querySelectorAll('button.target[tabindex="0"]').length).to.equal(1);
  });
});
