import { expect, html } from '@open-wc/testing';
import '../../../src/components/queue-stats/queue-stats.js';
import '../../../src/components/teams-view/teams-view.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';
import { frames, ignoreResizeObserverLoop } from './support.js';

interface AxeResult {
  violations: { id: string; nodes: { target: unknown; html: string }[] }[];
  passes: { id: string }[];
}
type Axe = { run(context: Element, options: unknown): Promise<AxeResult> };

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** Every element in a shadow tree (and the nested ones) that scrolls: overflow auto or scroll. */
function scrollers(root: ShadowRoot): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('*')) {
    const style = getComputedStyle(el);
    if (/(auto|scroll)/.test(`${style.overflowX} ${style.overflowY}`) && (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth)) {
      found.push(el);
    }
    if (el.shadowRoot) found.push(...scrollers(el.shadowRoot));
  }
  return found;
}

describe('supervisor elements on a host page', () => {
  ignoreResizeObserverLoop();

  it('follow the page heading (heading-level), and every scrolling region can be reached by keyboard', async () => {
    const { page } = await simulatorFixture<HTMLElement>(html`<div>
      <h1>Acme CRM</h1>
      <flex-provider user-role="supervisor" sim-agents="40" sim-queues="30" sim-seed="7" sim-clock="manual" identity="sue.visor@example.com">
        <div style="max-width: 360px">
          <flex-teams-view heading-level="2"></flex-teams-view>
          <flex-queue-stats heading-level="2"></flex-queue-stats>
        </div>
      </flex-provider>
    </div>`);
    await settle();
    const teams = page.querySelector('flex-teams-view')!;
    const stats = page.querySelector('flex-queue-stats')!;
    await frames(() => teams.shadowRoot!.querySelectorAll('[part~="row"]').length > 0);
    await settle();

    // No heading in either element is above the page's h2 sections, and none skips a level.
    for (const el of [teams, stats]) {
      const levels = [...el.shadowRoot!.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')].map((h) =>
        Number(h.getAttribute('aria-level') ?? h.localName.slice(1)),
      );
      expect(levels.length, el.localName).to.be.greaterThan(0);
      expect(Math.min(...levels), el.localName).to.equal(2);
    }

    const regions = [...scrollers(teams.shadowRoot!), ...scrollers(stats.shadowRoot!)];
    expect(regions.length).to.be.greaterThan(0);
    for (const region of regions) {
      const reachable = region.tabIndex >= 0 || region.querySelector(FOCUSABLE) !== null;
      expect(reachable, `${(region.getRootNode() as ShadowRoot).host.localName} .${region.className} can be reached by keyboard: ${region.innerHTML.slice(0, 300)}`).to.equal(true);
      // A scroll container made focusable for the keyboard needs a name (a native control has its own).
      if (region.getAttribute('tabindex') === '0') {
        expect(region.getAttribute('aria-label') ?? region.getAttribute('aria-labelledby'), region.outerHTML.slice(0, 120)).to.not.equal(null);
      }
    }

    // axe, with the two rules a host page reported, named explicitly.
    await expect(page).to.be.accessible();
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(page, { runOnly: { type: 'rule', values: ['heading-order', 'scrollable-region-focusable'] } });
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).to.deep.equal([]);
    expect(result.passes.map((p) => p.id)).to.include('heading-order');
  });

  it('keeps the virtualized tables reachable by keyboard while they are off screen (no row rendered)', async () => {
    const { page } = await simulatorFixture<HTMLElement>(html`<div>
      <h1>Acme CRM</h1>
      <div style="height: 3000px"></div>
      <flex-provider user-role="supervisor" sim-agents="20" sim-queues="10" sim-seed="7" sim-clock="manual" identity="sue.visor@example.com">
        <flex-teams-view heading-level="2"></flex-teams-view>
        <flex-queue-stats heading-level="2"></flex-queue-stats>
      </flex-provider>
    </div>`);
    await settle();
    for (let i = 0; i < 5; i++) await nextFrame();
    for (const tag of ['flex-teams-view', 'flex-queue-stats']) {
      const body = page.querySelector(tag)!.shadowRoot!.querySelector<HTMLElement>('.table > .body')!;
      expect(body.querySelector('[role="row"]'), tag).to.equal(null);
      expect(body.getAttribute('tabindex'), tag).to.equal('0');
      expect(body.getAttribute('aria-label'), tag).to.not.equal(null);
    }
    const axe = (window as unknown as { axe?: Axe }).axe;
    if (axe) {
      const result = await axe.run(page, { runOnly: { type: 'rule', values: ['heading-order', 'scrollable-region-focusable'] } });
      expect(result.violations.map((v) => v.id)).to.deep.equal([]);
    }
    // Once on screen, rows take the tab order again and the body is no tab stop of its own.
    page.querySelector('flex-teams-view')!.shadowRoot!.querySelector('[part="table"]')!.scrollIntoView();
    await frames(() => page.querySelector('flex-teams-view')!.shadowRoot!.querySelector('.table > .body [role="row"]') !== null);
    await nextFrame();
    await nextFrame();
    expect(page.querySelector('flex-teams-view')!.shadowRoot!.querySelector('.table > .body')!.hasAttribute('tabindex')).to.equal(false);
  });
});
