import { expect } from '@open-wc/testing';
import { deep, deepAll, deepText, deskFixture, goAvailable, settle, type Desk } from './desk-helpers.js';

const SCRIPT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
const RTL = '\u202Eevil.exe\u202C';
const ZERO_WIDTH = 'Ze\u200Bro\u200DWidth';
const HUGE = 'A'.repeat(100 * 1024);

describe('hostile text in customer names and task attributes', () => {
  let d: Desk;
  afterEach(() => d?.log.dispose());

  it('renders as text, runs nothing, and keeps the layout inside its container', async function () {
    this.timeout(60_000);
    d = await deskFixture(undefined, '480px');
    await goAvailable(d);
    const taskSid = d.sim.createTask({
      channel: 'chat',
      customer: { name: `${SCRIPT} ${RTL} ${ZERO_WIDTH}` },
      attributes: {
        website: 'javascript:alert(1)',
        note: SCRIPT,
        huge: HUGE,
        rtl: RTL,
        [`key ${SCRIPT}`]: { nested: ZERO_WIDTH },
      },
    });
    await settle();
    const container = d.desk.parentElement!.getBoundingClientRect();
    const within = () => {
      expect(d.desk.getBoundingClientRect().width).to.be.at.most(container.width + 0.5);
      for (const el of deepAll(d.desk, '.card, [role="option"], h2, dd, dt')) {
        expect(el.getBoundingClientRect().right, el.outerHTML.slice(0, 80)).to.be.at.most(container.right + 0.5);
      }
    };
    // Ringing card.
    const card = deep(d.desk, 'flex-incoming-task >>> .card')!;
    expect(card.textContent.includes(SCRIPT), 'card shows it').to.equal(true);
    expect(card.textContent.includes(RTL), 'card shows it').to.equal(true);
    expect(card.textContent.includes(ZERO_WIDTH), 'card shows it').to.equal(true);
    within();

    await d.provider.actions!.invoke('AcceptTask', { taskSid });
    await d.provider.actions!.invoke('SelectTask', { taskSid });
    await settle();
    within();
    // Info tab.
    const info = deepAll<HTMLButtonElement>(d.desk, '[role="tab"]').find((t) => t.textContent.trim() === 'Info')!;
    info.click();
    await settle();
    const text = deepText(d.desk);
    expect(text.includes('javascript:alert(1)'), `info shows ${String('javascript:alert(1)').slice(0, 40)}`).to.equal(true);
    expect(text.includes(SCRIPT), `info shows ${String(SCRIPT).slice(0, 40)}`).to.equal(true);
    expect(text.includes(`key ${SCRIPT}`), `info shows ${String(`key ${SCRIPT}`).slice(0, 40)}`).to.equal(true);
    expect(text.includes(JSON.stringify({ nested: ZERO_WIDTH })), `info shows ${String(JSON.stringify({ nested: ZERO_WIDTH })).slice(0, 40)}`).to.equal(true);
    expect(deepAll(d.desk, 'script, img, a[href^="javascript"]')).to.have.length(0);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    // The 100 KB value is cut, with a button to show it whole.
    expect(text.includes(HUGE)).to.equal(false);
    const more = deepAll<HTMLButtonElement>(d.desk, 'button').find((b) => b.textContent.includes('Show all'))!;
    expect(more.textContent).to.contain('102,400');
    within();
    await expect(d.desk).to.be.accessible();
    more.click();
    await settle();
    const whole = deepAll<HTMLTextAreaElement>(d.desk, 'textarea').find((t) => t.getAttribute('aria-label') === 'huge')!;
    expect(whole.readOnly).to.equal(true);
    expect(whole.value === HUGE).to.equal(true);
    within();
  });
});
