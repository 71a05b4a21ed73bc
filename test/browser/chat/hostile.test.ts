import { expect, html } from '@open-wc/testing';
import '../../../src/components/chat/chat.js';
import type { FlexChat } from '../../../src/components/chat/chat.js';
import { tokenize } from '../../../src/components/chat/linkify.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { settle, simulatorFixture } from '../helpers.js';

const WIDTH = 360;

async function chatWith(messages: string[], customerName = 'Rita Moreno') {
  const { page, provider } = await simulatorFixture<HTMLDivElement>(
    html`<div style="width: ${WIDTH}px">
      <flex-provider sim-traffic="off" sim-clock="manual">
        <flex-chat></flex-chat>
      </flex-provider>
    </div>`,
  );
  const chat = page.querySelector('flex-chat')!;
  await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  const taskSid = provider.simulator!.createTask({ channel: 'chat', customer: { name: customerName }, firstMessage: 'Hello' });
  await settle();
  await provider.actions!.invoke('AcceptTask', { taskSid });
  await provider.actions!.invoke('SelectTask', { taskSid });
  for (const body of messages) provider.simulator!.customerSays(taskSid, body);
  await settle();
  await settle();
  return { page, provider, chat, taskSid };
}

const root = (chat: FlexChat) => chat.shadowRoot!;
const lastBody = (chat: FlexChat) => [...root(chat).querySelectorAll('.message .body')].at(-1)!;

function expectContained(page: HTMLElement, chat: FlexChat) {
  const container = page.getBoundingClientRect();
  const box = chat.getBoundingClientRect();
  expect(box.width).to.be.at.most(container.width + 0.5);
  expect(box.right).to.be.at.most(container.right + 0.5);
  const log = root(chat).querySelector<HTMLElement>('[role="log"]')!;
  expect(log.scrollWidth).to.be.at.most(log.clientWidth + 1);
  expect(page.scrollWidth).to.be.at.most(WIDTH + 1);
}

function expectNoActiveContent(chat: FlexChat) {
  const r = root(chat);
  expect(r.querySelector('script')).to.equal(null);
  expect(r.querySelector('img')).to.equal(null);
  expect(r.querySelector('iframe')).to.equal(null);
  for (const a of r.querySelectorAll('a')) expect(a.getAttribute('href')).to.match(/^(https?:|mailto:)/i);
  expect(r.querySelector('[onerror], [onclick], [onload]')).to.equal(null);
}

describe('<flex-chat> with hostile text', () => {
  it('renders script tags as text', async () => {
    const evil = '<script>window.__pwned = true</script><img src=x onerror="window.__pwned=true">';
    const { page, chat } = await chatWith([evil]);
    expect(lastBody(chat).textContent.trim()).to.equal(evil);
    expectNoActiveContent(chat);
    expect((window as unknown as { __pwned?: boolean }).__pwned).to.equal(undefined);
    expectContained(page, chat);
    await expect(chat).to.be.accessible();
  });

  it('leaves javascript: and other schemes as plain text and links only http(s) and mailto', async () => {
    const body =
      'click javascript:alert(1) or JaVaScRiPt:alert(2) or data:text/html,<b>x</b> or vbscript:x ' +
      'but https://example.com/a?b=1, http://example.org. and mailto:help@example.com too';
    const { chat } = await chatWith([body]);
    const anchors = [...lastBody(chat).querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://example.com/a?b=1',
      'http://example.org/',
      'mailto:help@example.com',
    ]);
    for (const a of anchors) {
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(a.getAttribute('target')).to.equal('_blank');
    }
    expect(lastBody(chat).textContent.trim()).to.equal(body);
    expectNoActiveContent(chat);
  });

  it('collapses a 100 KB message behind "Show more" and keeps the layout', async () => {
    const huge = 'A'.repeat(100 * 1024);
    const { page, chat } = await chatWith([huge]);
    const message = [...root(chat).querySelectorAll('.message')].at(-1)!;
    expect(lastBody(chat).textContent.trim().length).to.be.lessThan(2000);
    expectContained(page, chat);
    const more = [...message.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Show more')!;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    more.click();
    await settle();
    expect(lastBody(chat).textContent.trim()).to.equal(huge);
    expectContained(page, chat);
    expect(message.querySelector('button')!.textContent.trim()).to.equal('Show less');
    await expect(chat).to.be.accessible();
  });

  it('isolates right-to-left overrides and zero-width characters to their own message', async () => {
    const rlo = '\u202Egnp.exe\u202C then \u200B\u200B\u200Bhttps://exa\u200Bmple.com';
    const { page, chat } = await chatWith([rlo], '\u202EomeroM atiR');
    const body = lastBody(chat);
    expect(body.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(body).unicodeBidi).to.equal('isolate');
    expect(body.textContent.trim()).to.equal(rlo);
    const author = [...root(chat).querySelectorAll('.message.customer .author')].at(-1)!;
    expect(author.localName).to.equal('bdi');
    expect(author.textContent).to.equal('\u202EomeroM atiR');
    // The zero-width space ends the link: the hidden half never becomes part of an address.
    const anchors = [...body.querySelectorAll('a')];
    expect(anchors.map((a) => a.getAttribute('href'))).to.deep.equal(['https://exa/']);
    expectContained(page, chat);
  });

  it('wraps a long unbroken word and a long link inside the container', async () => {
    const { page, chat } = await chatWith(['x'.repeat(1100), `https://example.com/${'y'.repeat(900)}`]);
    expectContained(page, chat);
  });
});

describe('tokenize (links)', () => {
  it('keeps text around links and trims sentence punctuation', () => {
    expect(tokenize('see (https://en.wikipedia.org/wiki/Foo_(bar)).')).to.deep.equal([
      { kind: 'text', text: 'see (' },
      { kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('never links anything but http, https and mailto', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://x.org', 'http://', 'mailto:']) {
      expect(tokenize(text).every((t) => t.kind === 'text'), text).to.equal(true);
    }
  });
});

void (null as unknown as FlexProvider);
