import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/queue-stats/queue-stats.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import type { DeepPartial, FlexConfig } from '../../../src/core/config.js';
import type { Store } from '../../../src/core/store.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';
import { frames, ignoreResizeObserverLoop } from './support.js';

const COLUMNS_KEY = 'flex-elements.queue-stats.columns';
const stats = (page: HTMLElement) => page.querySelector('flex-queue-stats')!;
const root = (page: HTMLElement) => stats(page).shadowRoot!;
const queueRows = (page: HTMLElement) => [...root(page).querySelectorAll<HTMLElement>('[part~="queue-row"]')];
const rowNames = (page: HTMLElement) => queueRows(page).map((r) => r.querySelector('[role="rowheader"]')!.textContent.trim());
const cell = (page: HTMLElement, sid: string, metric: string) =>
  root(page).querySelector<HTMLElement>(`[part~="queue-row"][data-sid="${sid}"] [data-metric="${metric}"]`)!;
const queueSid = (provider: FlexProvider, name: string) =>
  Object.values(provider.store!.getState().queues).find((q) => q.name === name)!.sid;

async function floor(
  options: { role?: string; queues?: number; agents?: number; appConfig?: DeepPartial<FlexConfig> } = {},
) {
  const result = await simulatorFixture<HTMLElement>(html`<flex-provider
    user-role=${options.role ?? 'supervisor'}
    sim-queues=${options.queues ?? 4}
    sim-agents=${options.agents ?? 1}
    sim-seed="3"
    sim-traffic=${options.agents ? 'on' : 'off'}
    sim-clock="manual"
    .appConfig=${options.appConfig}
    ><flex-queue-stats></flex-queue-stats
  ></flex-provider>`);
  await settle();
  // The virtual list renders only rows inside the viewport: bring the table into view.
  root(result.page).querySelector('[part="table"]')?.scrollIntoView();
  if (!options.role) await frames(() => queueRows(result.page).length > 0);
  return result;
}

describe('<flex-queue-stats>', () => {
  ignoreResizeObserverLoop();
  beforeEach(() => localStorage.removeItem(COLUMNS_KEY));

  it('is accessible, with tiles, the chart and its table, and one row per queue', async () => {
    const { page, provider } = await floor();
    await expect(stats(page)).to.be.accessible();
    expect(rowNames(page)).to.deep.equal(['Billing', 'Sales', 'Soporte (ES)', 'Support']);
    const tiles = [...root(page).querySelectorAll('[part="tile"] dt')].map((t) => t.textContent.trim());
    expect(tiles).to.deep.equal([
      'Active tasks',
      'Waiting tasks',
      'Longest wait',
      'Agents available',
      'Agents unavailable',
      'Agents offline',
    ]);
    const chart = root(page).querySelector('[part="chart"] svg')!;
    expect(chart.getAttribute('role')).to.equal('img');
    const byActivity = provider.store!.getState().workspaceStats!.realtime.agentsByActivity;
    const legend = [...root(page).querySelectorAll('[part="chart"] tbody tr')].map((tr) => tr.textContent.replace(/\s+/g, ' ').trim());
    expect(legend.length).to.equal(Object.keys(byActivity).length);
    expect(root(page).querySelector('[role="table"]')!.getAttribute('aria-label')).to.equal('Queues');
  });

  it('shows an agent an explanation and no figures; the agent cannot invoke supervisor actions', async () => {
    const { page, provider } = await floor({ role: 'agent' });
    expect(root(page).textContent).to.contain('available to supervisors and admins');
    expect(queueRows(page)).to.have.length(0);
    expect(root(page).querySelector('[part="tile"]')).to.equal(null);
    const error = await provider.actions!.invoke('MonitorCall', { taskSid: 'WTanything' }).catch((e: unknown) => e);
    expect((error as { code: string }).code).to.equal('forbidden');
    await expect(stats(page)).to.be.accessible();
  });

  it('raises the waiting count of the queue in the frame after createTask', async () => {
    const { page, provider } = await floor();
    const sales = queueSid(provider, 'Sales');
    expect(cell(page, sales, 'waiting').textContent.trim()).to.equal('0');
    const waitingTile = () => root(page).querySelector('[data-tile="waiting"] dd')!.textContent.trim();
    expect(waitingTile()).to.equal('0');
    provider.simulator!.createTask({ channel: 'voice', queueSid: sales });
    provider.simulator!.flush();
    await nextFrame();
    await stats(page).updateComplete;
    expect(cell(page, sales, 'waiting').textContent.trim()).to.equal('1');
    expect(cell(page, queueSid(provider, 'Billing'), 'waiting').textContent.trim()).to.equal('0');
    expect(waitingTile()).to.equal('1');
  });

  it('searches queues with the "Search queues" searchbox and filters by channel', async () => {
    const { page } = await floor();
    const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(search.getAttribute('aria-label')).to.equal('Search queues');
    search.value = 'sup';
    search.dispatchEvent(new Event('input'));
    await settle();
    expect(rowNames(page)).to.deep.equal(['Support']);
    search.value = '';
    search.dispatchEvent(new Event('input'));
    const channel = root(page).querySelector<HTMLSelectElement>('.toolbar select')!;
    channel.value = 'email';
    channel.dispatchEvent(new Event('change'));
    await settle();
    expect(rowNames(page)).to.deep.equal(['Billing', 'Support']);
  });

  it('sorts queues by a metric column with aria-sort', async () => {
    const { page, provider } = await floor();
    const sim = provider.simulator!;
    sim.createTask({ channel: 'voice', queueSid: queueSid(provider, 'Support') });
    sim.createTask({ channel: 'voice', queueSid: queueSid(provider, 'Support') });
    sim.createTask({ channel: 'voice', queueSid: queueSid(provider, 'Sales') });
    sim.flush();
    await settle();
    const header = root(page).querySelector<HTMLButtonElement>('button[data-sort="waiting"]')!;
    header.click();
    await settle();
    header.click();
    await settle();
    expect(header.closest('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal('descending');
    expect(rowNames(page).slice(0, 2)).to.deep.equal(['Support', 'Sales']);
  });

  it('lets the user choose columns and remembers the choice', async () => {
    const { page } = await floor();
    const headers = () => [...root(page).querySelectorAll('[role="columnheader"]')].map((h) => h.textContent.replace(/[▲▼]/g, '').trim());
    expect(headers()).to.include('SLA % (30 min)');
    expect(headers()).not.to.include('Short abandoned (today)');
    const choose = root(page).querySelector<HTMLInputElement>('[part="column-chooser"] input[value="shortAbandonedToday"]')!;
    choose.click();
    await settle();
    expect(headers()).to.include('Short abandoned (today)');
    root(page).querySelector<HTMLInputElement>('[part="column-chooser"] input[value="sla30m"]')!.click();
    await settle();
    expect(headers()).not.to.include('SLA % (30 min)');
    const stored = JSON.parse(localStorage.getItem(COLUMNS_KEY)!) as string[];
    expect(stored).to.include('shortAbandonedToday');
    expect(stored).not.to.include('sla30m');
    // A new element (a reload) starts with the remembered columns.
    const again = document.createElement('flex-queue-stats');
    page.append(again);
    await settle();
    const again_headers = [...again.shadowRoot!.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent.replace(/[▲▼]/g, '').trim());
    expect(again_headers).to.include('Short abandoned (today)');
    expect(again_headers).not.to.include('SLA % (30 min)');
  });

  it('highlights a breached cell with a text cue and raises exactly one notification per breach', async () => {
    const { page, provider } = await floor({
      appConfig: { queueStats: { thresholds: { waiting: { warning: 1, critical: 3 } } } },
    });
    const show = sinon.spy(provider.contactCenter!.notifications, 'show');
    const sim = provider.simulator!;
    const sales = queueSid(provider, 'Sales');
    expect(cell(page, sales, 'waiting').dataset['level']).to.equal('ok');
    const first = sim.createTask({ channel: 'voice', queueSid: sales });
    sim.flush();
    await settle();
    const breached = cell(page, sales, 'waiting');
    expect(breached.dataset['level']).to.equal('warning');
    expect(breached.classList.contains('warning')).to.equal(true);
    expect(breached.textContent).to.contain('Warning');
    const alerts = () => show.getCalls().filter((c) => c.args[0].id === `queue-stats:${sales}:waiting`);
    expect(alerts()).to.have.length(1);
    expect(alerts()[0].args[0].type).to.equal('warning');
    expect(alerts()[0].args[0].message).to.contain('Sales');
    await expect(stats(page)).to.be.accessible();
    // More renders (other queues change, the user types) do not notify again.
    sim.createTask({ channel: 'voice', queueSid: queueSid(provider, 'Billing') });
    sim.flush();
    await settle();
    const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = 'a';
    search.dispatchEvent(new Event('input'));
    await settle();
    sim.advance(5_000);
    await settle();
    expect(alerts()).to.have.length(1);
    // Recovery re-arms it: the next breach notifies once more.
    sim.customerLeaves(first);
    sim.flush();
    await settle();
    expect(cell(page, sales, 'waiting').dataset['level']).to.equal('ok');
    sim.createTask({ channel: 'voice', queueSid: sales });
    sim.flush();
    await settle();
    expect(alerts()).to.have.length(2);
  });

  it('raises the breach notification from the store change itself, before any render', async () => {
    const { page, provider } = await floor({
      appConfig: { queueStats: { thresholds: { waiting: { critical: 1 } } } },
    });
    const show = sinon.spy(provider.contactCenter!.notifications, 'show');
    const sales = queueSid(provider, 'Sales');
    await settle();
    provider.simulator!.createTask({ channel: 'voice', queueSid: sales });
    // Notify the store's subscribers now, synchronously (the store behind the read-only view has
    // flush()): no render has happened yet.
    (provider.store as Store).flush();
    const alerts = show.getCalls().filter((c) => c.args[0].id === `queue-stats:${sales}:waiting`);
    expect(alerts).to.have.length(1);
    expect(alerts[0].args[0].type).to.equal('error');
    expect(alerts[0].args[0].message).to.equal('Sales: Waiting is 1 (critical threshold 1).');
    await settle();
    expect(cell(page, sales, 'waiting').dataset['level']).to.equal('critical');
    expect(show.getCalls().filter((c) => c.args[0].id === `queue-stats:${sales}:waiting`)).to.have.length(1);
  });

  it("shows each queue's health from its alerts, sorts by it, and names the longest-available agent", async () => {
    const { page, provider } = await floor({
      agents: 30,
      appConfig: { queueStats: { thresholds: { waiting: { warning: 1, critical: 2 } } } },
    });
    const sim = provider.simulator!;
    sim.setTraffic(false);
    const sales = queueSid(provider, 'Sales');
    const billing = queueSid(provider, 'Billing');
    root(page).querySelector<HTMLInputElement>('[part="column-chooser"] input[value="longestAvailable"]')!.click();
    await settle();
    const headers = [...root(page).querySelectorAll('[role="columnheader"]')].map((h) => h.textContent.replace(/[▲▼]/g, '').trim());
    expect(headers).to.include('Health');
    expect(headers).to.include('Longest available agent');
    const health = (sid: string) => cell(page, sid, 'health');
    const calm = Object.values(provider.store!.getState().queueStats).filter((q) => q.realtime.waitingTasks === 0);
    expect(calm.length).to.be.greaterThan(0);
    for (const q of calm) expect(health(q.sid).textContent.trim()).to.equal('Healthy');
    // Make Sales wait: every agent offline, then two tasks.
    const offline = Object.values(provider.store!.getState().activities).find((a) => a.name === 'Offline')!;
    for (const worker of sim.engine.listWorkers()) sim.engine.setWorkerActivity(worker.sid, offline.name, { rejectPendingReservations: true });
    sim.createTask({ channel: 'voice', queueSid: sales });
    sim.createTask({ channel: 'voice', queueSid: sales });
    sim.createTask({ channel: 'voice', queueSid: billing });
    sim.flush();
    await settle();
    expect(health(sales).dataset['level']).to.equal('critical');
    expect(health(sales).textContent.trim()).to.contain('Critical');
    expect(health(billing).dataset['level']).to.equal('warning');
    expect(health(billing).textContent.trim()).to.contain('Warning');
    const header = root(page).querySelector<HTMLButtonElement>('button[data-sort="health"]')!;
    header.click();
    await settle();
    header.click();
    await settle();
    expect(rowNames(page).slice(0, 2)).to.deep.equal(['Sales', 'Billing']);
    await expect(stats(page)).to.be.accessible();
    // Longest available: nobody is available now; one agent comes back and is named.
    const agentCell = () => cell(page, sales, 'longestAvailable').textContent.trim();
    expect(agentCell()).to.equal('–');
    const back = sim.engine.listWorkers().find((w) => w.queueSids.includes(sales) && w.sid !== sim.workerSid)!;
    sim.engine.setWorkerActivity(back.sid, 'Available', { rejectPendingReservations: true });
    sim.flush();
    await settle();
    expect(provider.store!.getState().queueStats[sales].realtime.longestAvailableWorkerSid).to.equal(back.sid);
    expect(agentCell()).to.equal(back.name);
  });

  it('shows unusable thresholds as a visible error and a flex-error', async () => {
    const { fixture } = await import('@open-wc/testing');
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    const provider = document.createElement('flex-provider');
    provider.setAttribute('user-role', 'supervisor');
    provider.setAttribute('sim-traffic', 'off');
    provider.setAttribute('sim-clock', 'manual');
    provider.appConfig = { queueStats: { thresholds: { waitingg: { warning: 'lots' } } } } as never;
    const element = document.createElement('flex-queue-stats');
    provider.append(element);
    const failed = oneEvent(element, 'flex-error');
    wrapper.append(provider);
    const event = await failed;
    expect(event.detail.code).to.equal('invalid-config');
    await waitUntil(() => element.shadowRoot!.querySelector('[role="alert"]'), 'the thresholds error shows');
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('waitingg');
  });

  it('puts every queue row within keyboard reach: one tab stop, arrows, Page Down, Home and End', async () => {
    const { page, provider } = await floor({ queues: 60 });
    const focused = () => root(page).activeElement as HTMLElement | null;
    const focusedName = () => focused()?.querySelector('[role="rowheader"]')?.textContent.trim();
    const until = async (index: string) => {
      await frames(() => focused()?.dataset['index'] === index, 30);
      expect(focused()?.dataset['index']).to.equal(index);
    };
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const names = Object.values(provider.store!.getState().queues)
      .map((q) => q.name)
      .sort(collator.compare);
    // The body is no tab stop of its own: Tab from the last column header lands on the first row.
    const headers = [...root(page).querySelectorAll<HTMLButtonElement>('button[data-sort]')];
    headers.at(-1)!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused()?.getAttribute('part')).to.equal('queue-row');
    expect(focused()?.getAttribute('role')).to.equal('row');
    await until('0');
    expect(focusedName()).to.equal(names[0]);
    expect(queueRows(page).filter((r) => r.tabIndex === 0)).to.have.length(1);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await until('2');
    await sendKeys({ press: 'ArrowUp' });
    await until('1');
    expect(focusedName()).to.equal(names[1]);
    await sendKeys({ press: 'End' });
    await until('59');
    expect(focusedName()).to.equal(names[59]);
    expect(focused()!.getAttribute('aria-rowindex')).to.equal('61');
    await sendKeys({ press: 'Home' });
    await until('0');
    await sendKeys({ press: 'PageDown' });
    await frames(() => Number(focused()?.dataset['index']) > 1, 30);
    const paged = focused()!.dataset['index']!;
    expect(Number(paged)).to.be.greaterThan(1);
    // Still one tab stop, the focused row: Tab leaves the rows, Shift+Tab comes back to it.
    expect(queueRows(page).filter((r) => r.tabIndex === 0).map((r) => r.dataset['index'])).to.deep.equal([paged]);
    await sendKeys({ press: 'Tab' });
    expect(focused()?.getAttribute('part')).not.to.equal('queue-row');
    await sendKeys({ press: 'Shift+Tab' });
    expect(focused()?.dataset['index']).to.equal(paged);
    await expect(stats(page)).to.be.accessible();
  });

  it('keeps the DOM bounded with 500 queues', async () => {
    const { page, provider } = await floor({ queues: 500 });
    expect(Object.keys(provider.store!.getState().queueStats)).to.have.length(500);
    expect(root(page).querySelector('[role="table"]')!.getAttribute('aria-rowcount')).to.equal('501');
    await frames(() => queueRows(page).length > 3);
    expect(queueRows(page).length).to.be.greaterThan(3);
    expect(queueRows(page).length).to.be.lessThan(100);
  });

  it('formats numbers for the configured locale and takes string overrides', async () => {
    const { page, provider } = await floor({
      agents: 1500,
      appConfig: { language: 'de-DE', strings: { de: { 'queueStats.search': 'Warteschlangen suchen' } } },
    });
    const available = provider.store!.getState().workspaceStats!.realtime.availableAgents;
    expect(available).to.be.greaterThan(999);
    const tile = root(page).querySelector('[data-tile="available"] dd')!.textContent.trim();
    expect(tile).to.equal(new Intl.NumberFormat('de-DE').format(available));
    expect(tile).to.contain('.');
    expect(root(page).querySelector('input[type="search"]')!.getAttribute('aria-label')).to.equal('Warteschlangen suchen');
  });
});
