import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/teams-view/teams-view.js';
import type { FlexTeamsView } from '../../../src/components/teams-view/teams-view.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import { FlexError } from '../../../src/core/errors.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';
import { frames, ignoreResizeObserverLoop } from './support.js';

const view = (page: HTMLElement) => page.querySelector('flex-teams-view') as FlexTeamsView;
const root = (page: HTMLElement) => view(page).shadowRoot!;
const rows = (page: HTMLElement) => [...root(page).querySelectorAll<HTMLElement>('[part~="row"]')];
const names = (page: HTMLElement) => rows(page).map((r) => r.querySelector('[data-column="name"]')!.textContent.trim());
const state = (provider: FlexProvider) => provider.store!.getState();

/**
 * A floor of bots that stands still: the simulator only creates bots with traffic on, so the
 * traffic stays on and the manual clock keeps everyone where the seed put them until a test
 * advances time.
 */
async function floor(agents = 12, role = 'supervisor') {
  const result = await simulatorFixture<HTMLElement>(html`<flex-provider
    user-role=${role}
    sim-agents=${agents}
    sim-queues="4"
    sim-seed="7"
    sim-clock="manual"
    identity="sue.visor@example.com"
    ><flex-teams-view></flex-teams-view
  ></flex-provider>`);
  await settle();
  // The virtual list renders only rows inside the viewport: bring the table into view.
  root(result.page).querySelector('[part="table"]')?.scrollIntoView();
  if (role !== 'agent') await frames(() => rows(result.page).length > 0);
  return result;
}

/** Makes a task and has a bot take it, so a supervisor has something to watch. */
async function busyAgent(provider: FlexProvider, channel: 'voice' | 'chat', history?: number) {
  const sim = provider.simulator!;
  const taskSid = sim.createTask({
    channel,
    customer: { name: 'Rita Moreno' },
    firstMessage: channel === 'chat' ? 'Hello there' : undefined,
    history,
  });
  for (let i = 0; i < 30 && state(provider).tasks[taskSid]?.status !== 'assigned'; i++) {
    sim.advance(1_000);
    await nextFrame();
  }
  sim.setTraffic(false);
  sim.flush();
  await settle();
  const task = state(provider).tasks[taskSid];
  return task;
}

/** Finds an agent with the search box and selects them with the keyboard. */
async function select(page: HTMLElement, provider: FlexProvider, workerSid: string) {
  const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
  search.value = state(provider).workers[workerSid].identity;
  search.dispatchEvent(new Event('input'));
  await settle();
  root(page).querySelector<HTMLButtonElement>(`[data-sid="${workerSid}"] button.agent`)!.focus();
  await sendKeys({ press: 'Enter' });
  await settle();
}

describe('<flex-teams-view>', () => {
  ignoreResizeObserverLoop();
  beforeEach(() => localStorage.removeItem('flex-elements.teams-view.presets'));

  it('is accessible with a floor of agents', async () => {
    const { page } = await floor();
    await expect(view(page)).to.be.accessible();
    expect(rows(page).length).to.be.greaterThan(0);
  });

  it('shows an agent an explanation and no rows, and provider.actions refuses them', async () => {
    const { page, provider } = await floor(12, 'agent');
    const text = root(page).textContent;
    expect(text).to.contain('available to supervisors and admins');
    expect(rows(page)).to.have.length(0);
    expect(root(page).querySelector('[role="table"]')).to.equal(null);
    const someone = Object.values(state(provider).workers).find((w) => w.sid !== state(provider).session.workerSid)!;
    for (const [name, payload] of [
      ['MonitorCall', { taskSid: 'WT1' }],
      ['SetWorkerActivity', { workerSid: someone.sid, activityName: 'Offline' }],
    ] as const) {
      let code = '';
      try {
        await provider.actions!.invoke(name, payload);
      } catch (error) {
        code = (error as { code: string }).code;
      }
      expect(code, name).to.equal('forbidden');
    }
    await expect(view(page)).to.be.accessible();
  });

  it('has a real table for assistive technology: headers, aria-rowcount, aria-rowindex, aria-sort', async () => {
    const { page, provider } = await floor();
    const table = root(page).querySelector('[role="table"]')!;
    const total = Object.keys(state(provider).workers).length;
    expect(table.getAttribute('aria-rowcount')).to.equal(String(total + 1));
    const headers = [...root(page).querySelectorAll('[role="columnheader"]')].map((h) => h.textContent.replace(/[▲▼]/g, '').trim());
    expect(headers).to.deep.equal(['Agent', 'Activity', 'Time', 'Tasks', 'Skills', 'Team', 'Queues']);
    expect(rows(page)[0].getAttribute('aria-rowindex')).to.equal('2');
    expect(root(page).querySelector('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal('ascending');
  });

  it('searches agents with the "Search agents" searchbox', async () => {
    const { page, provider } = await floor();
    const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(search.getAttribute('aria-label')).to.equal('Search agents');
    const someone = Object.values(state(provider).workers)[3];
    search.value = someone.name.split(' ')[1]!;
    search.dispatchEvent(new Event('input'));
    await settle();
    const expected = Object.values(state(provider).workers)
      .filter((w) => [w.name, w.identity, w.email ?? '', w.team ?? '', ...Object.keys(w.skills)].join(' ').toLowerCase().includes(search.value.toLowerCase()))
      .map((w) => w.name);
    expect(names(page).sort()).to.deep.equal(expected.sort());
    expect(names(page)).to.include(someone.name);
    expect(names(page).length).to.be.lessThan(Object.keys(state(provider).workers).length);
  });

  it('filters by team and by skill (any number of each) and clears', async () => {
    const { page, provider } = await floor();
    const workers = Object.values(state(provider).workers);
    const gold = root(page).querySelector<HTMLInputElement>('fieldset[data-filter="teams"] input[value="gold"]')!;
    gold.click();
    await settle();
    expect(names(page).sort()).to.deep.equal(workers.filter((w) => w.team === 'gold').map((w) => w.name).sort());
    root(page).querySelector<HTMLInputElement>('fieldset[data-filter="teams"] input[value="silver"]')!.click();
    await settle();
    expect(names(page).sort()).to.deep.equal(
      workers.filter((w) => w.team === 'gold' || w.team === 'silver').map((w) => w.name).sort(),
    );
    const skill = root(page).querySelector<HTMLSelectElement>('select[data-filter="skills"]')!;
    for (const option of skill.options) option.selected = option.value === 'billing';
    skill.dispatchEvent(new Event('change'));
    await settle();
    expect(names(page).sort()).to.deep.equal(
      workers.filter((w) => (w.team === 'gold' || w.team === 'silver') && 'billing' in w.skills).map((w) => w.name).sort(),
    );
    const clear = [...root(page).querySelectorAll('button')].find((b) => b.textContent.trim() === 'Clear filters')!;
    clear.click();
    await settle();
    expect(rows(page).length).to.equal(workers.length);
  });

  it('filters by activity and by queue', async () => {
    const { page, provider } = await floor();
    const s = state(provider);
    const offline = Object.values(s.activities).find((a) => a.name === 'Offline')!;
    root(page).querySelector<HTMLInputElement>(`fieldset[data-filter="activities"] input[value="${offline.sid}"]`)!.click();
    await settle();
    const expected = Object.values(s.workers).filter((w) => w.activitySid === offline.sid).map((w) => w.name);
    expect(names(page).sort()).to.deep.equal(expected.sort());
    root(page).querySelector<HTMLInputElement>(`fieldset[data-filter="activities"] input[value="${offline.sid}"]`)!.click();
    const billing = Object.values(s.queues).find((q) => q.name === 'Billing')!;
    const queue = root(page).querySelector<HTMLSelectElement>('select[data-filter="queues"]')!;
    for (const option of queue.options) option.selected = option.value === billing.sid;
    queue.dispatchEvent(new Event('change'));
    await settle();
    expect(names(page).sort()).to.deep.equal(
      Object.values(s.workers).filter((w) => w.queueSids.includes(billing.sid)).map((w) => w.name).sort(),
    );
  });

  it('sorts on every column with header buttons and aria-sort', async () => {
    const { page, provider } = await floor();
    const workers = Object.values(state(provider).workers);
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    expect(names(page)).to.deep.equal([...names(page)].sort(collator.compare));
    const header = (key: string) => root(page).querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)!;
    header('name').click();
    await settle();
    expect(header('name').closest('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal('descending');
    expect(names(page)).to.deep.equal([...names(page)].sort((a, b) => collator.compare(b, a)));
    header('team').click();
    await settle();
    expect(header('team').closest('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal('ascending');
    expect(header('name').closest('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal('none');
    const teams = rows(page).map((r) => r.querySelector('[data-column="team"]')!.textContent.trim());
    // Agents without a team (the supervisor) come last in either direction.
    const named = teams.filter(Boolean).sort(collator.compare);
    expect(teams).to.deep.equal([...named, ...teams.filter((t) => !t)]);
    for (const key of ['activity', 'time', 'tasks', 'skills', 'queues']) {
      header(key).click();
      await settle();
      expect(header(key).closest('[role="columnheader"]')!.getAttribute('aria-sort'), key).to.equal('ascending');
      expect(rows(page).length).to.equal(workers.length);
    }
  });

  it('moves a changed agent to its new place on screen, not only in the DOM', async () => {
    const { page, provider } = await floor(12);
    root(page).querySelector<HTMLButtonElement>('button[data-sort="activity"]')!.click();
    await settle();
    const onScreen = () =>
      rows(page)
        .map((r) => ({ top: r.getBoundingClientRect().top, sid: r.dataset['sid']! }))
        .sort((a, b) => a.top - b.top)
        .map((r) => r.sid);
    const inOrder = () => rows(page).map((r) => r.dataset['sid']!);
    const before = onScreen();
    expect(before).to.deep.equal(inOrder());
    // The first agent in the order goes to the activity that sorts last.
    const names = Object.values(state(provider).activities).map((a) => a.name).sort((a, b) => a.localeCompare(b));
    const last = Object.values(state(provider).activities).find((a) => a.name === names.at(-1))!;
    const mover = before[0];
    provider.simulator!.engine.setWorkerActivity(mover, last.name, { rejectPendingReservations: true });
    provider.simulator!.flush();
    await settle();
    await nextFrame();
    const after = onScreen();
    expect(after).to.deep.equal(inOrder());
    expect(after[0]).not.to.equal(mover);
    expect(after.indexOf(mover)).to.be.greaterThan(0);
    // Row tops are distinct: no two rows drawn over each other.
    const tops = rows(page).map((r) => Math.round(r.getBoundingClientRect().top));
    expect(new Set(tops).size).to.equal(tops.length);
  });

  it('saves, applies and deletes filter presets in localStorage', async () => {
    const { page, provider } = await floor();
    root(page).querySelector<HTMLInputElement>('fieldset[data-filter="teams"] input[value="bronze"]')!.click();
    const name = root(page).querySelector<HTMLInputElement>('.presets input[type="text"]')!;
    name.value = 'Bronze team';
    name.dispatchEvent(new Event('input'));
    await settle();
    [...root(page).querySelectorAll('button')].find((b) => b.textContent.trim() === 'Save preset')!.click();
    await settle();
    const stored = JSON.parse(localStorage.getItem('flex-elements.teams-view.presets')!);
    expect(stored[0].name).to.equal('Bronze team');
    expect(stored[0].filter.teams).to.deep.equal(['bronze']);
    [...root(page).querySelectorAll('button')].find((b) => b.textContent.trim() === 'Clear filters')!.click();
    await settle();
    const all = Object.keys(state(provider).workers).length;
    expect(rows(page).length).to.equal(all);
    root(page).querySelector<HTMLButtonElement>('button[aria-label="Apply preset Bronze team"]')!.click();
    await settle();
    const bronze = Object.values(state(provider).workers).filter((w) => w.team === 'bronze');
    expect(rows(page).length).to.equal(bronze.length);
    root(page).querySelector<HTMLButtonElement>('button[aria-label="Delete preset Bronze team"]')!.click();
    await settle();
    expect(JSON.parse(localStorage.getItem('flex-elements.teams-view.presets')!)).to.deep.equal([]);
    expect(root(page).querySelector('button[aria-label="Apply preset Bronze team"]')).to.equal(null);
  });

  it('updates an agent row in the frame after the backend changes the agent', async () => {
    const { page, provider } = await floor();
    const task = await busyAgent(provider, 'chat');
    const row = root(page).querySelector(`[part~="row"][data-sid="${task.workerSid}"]`)!;
    expect(row.querySelector('[data-column="tasks"]')!.textContent).to.contain('chat');
  });

  it('selects an agent with the keyboard and reads their chat live, read-only', async () => {
    const { page, provider } = await floor();
    const task = await busyAgent(provider, 'chat');
    const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = state(provider).workers[task.workerSid!].identity;
    search.dispatchEvent(new Event('input'));
    await settle();
    const button = root(page).querySelector<HTMLButtonElement>(`[data-sid="${task.workerSid}"] button.agent`)!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await settle();
    await settle();
    const log = root(page).querySelector('[part="transcript"] [role="log"]')!;
    expect(log.textContent).to.contain('Hello there');
    expect(root(page).querySelector('[part="transcript"] textarea, [part="transcript"] input')).to.equal(null);
    provider.simulator!.customerSays(task.sid, 'Are you still there?');
    provider.simulator!.flush();
    await settle();
    expect(root(page).querySelector('[part="transcript"] [role="log"]')!.textContent).to.contain('Are you still there?');
    await expect(view(page)).to.be.accessible();
  });

  it("loads the history of another agent's chat with LoadMessages, page by page", async () => {
    const { page, provider } = await floor();
    const loads: string[] = [];
    provider.actions!.addListener('after', 'LoadMessages', (payload: { conversationSid: string }) => {
      loads.push(payload.conversationSid);
    });
    const task = await busyAgent(provider, 'chat', 40);
    const sid = task.conversationSid!;
    // The live stream brought only the messages since the task arrived (the greeting, the agent
    // joining): the 40 before them are history.
    const live = state(provider).messages[sid];
    expect(live.map((m) => m.body)).to.include('Hello there');
    expect(live[0].index).to.equal(40);
    expect(state(provider).conversations[sid].hasOlder).to.equal(true);
    await select(page, provider, task.workerSid!);
    const items = () => [...root(page).querySelectorAll('[part="transcript"] [role="log"] li')];
    await frames(() => items().length > 1, 30);
    expect(loads).to.deep.equal([sid]);
    expect(items().length).to.equal(live.length + 30);
    expect(items()[0].getAttribute('data-index')).to.equal('10');
    const older = () => root(page).querySelector<HTMLButtonElement>('[part="transcript"] button[data-action="older"]');
    expect(older()!.textContent.trim()).to.equal('Load earlier messages');
    older()!.focus();
    await sendKeys({ press: 'Enter' });
    await frames(() => items().length === live.length + 40, 30);
    expect(items().length).to.equal(live.length + 40);
    expect(items()[0].getAttribute('data-index')).to.equal('0');
    expect(loads).to.deep.equal([sid, sid]);
    expect(older()).to.equal(null);
    await expect(view(page)).to.be.accessible();
  });

  it('says clearly when the chat history cannot be loaded, and tries again on request', async () => {
    const { page, provider } = await floor();
    const task = await busyAgent(provider, 'chat', 10);
    const restore = provider.actions!.replace('LoadMessages', () => {
      throw new FlexError('forbidden', 'This conversation is closed to supervisors');
    });
    const errors: string[] = [];
    view(page).addEventListener('flex-error', (e) => errors.push(e.detail.message));
    await select(page, provider, task.workerSid!);
    await frames(() => !!root(page).querySelector('[part="transcript"] [role="alert"]'), 30);
    const alert = root(page).querySelector('[part="transcript"] [role="alert"]')!;
    expect(alert.textContent).to.contain('The conversation history could not be loaded: This conversation is closed to supervisors');
    expect(errors).to.deep.equal(['This conversation is closed to supervisors']);
    // What did arrive live is still shown.
    expect(root(page).querySelector('[part="transcript"] [role="log"]')!.textContent).to.contain('Hello there');
    await expect(view(page)).to.be.accessible();
    restore();
    const retry = alert.querySelector<HTMLButtonElement>('button[data-action="retry-history"]')!;
    expect(retry.textContent.trim()).to.equal('Try again');
    const live = state(provider).messages[task.conversationSid!].length;
    retry.click();
    const items = () => root(page).querySelectorAll('[part="transcript"] [role="log"] li').length;
    await frames(() => items() === live + 10, 30);
    expect(items()).to.equal(live + 10);
    expect(root(page).querySelector('[part="transcript"] [role="alert"]')).to.equal(null);
  });

  it('monitors, coaches, barges and stops a call through the actions', async () => {
    const { page, provider } = await floor();
    const task = await busyAgent(provider, 'voice');
    expect(task.status).to.equal('assigned');
    const invoked: string[] = [];
    for (const name of ['MonitorCall', 'CoachCall', 'BargeCall', 'StopMonitoringCall']) {
      provider.actions!.addListener('after', name, (payload: { taskSid: string }) => {
        invoked.push(`${name}:${payload.taskSid}`);
      });
    }
    const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = state(provider).workers[task.workerSid!].identity;
    search.dispatchEvent(new Event('input'));
    await settle();
    root(page).querySelector<HTMLButtonElement>(`[data-sid="${task.workerSid}"] button.agent`)!.click();
    await settle();
    const button = (label: string) =>
      [...root(page).querySelectorAll<HTMLButtonElement>('[part="supervise"] button')].find((b) => b.textContent.trim() === label)!;
    expect(['Monitor', 'Coach', 'Barge', 'Stop'].map((l) => !!button(l))).to.deep.equal([true, true, true, true]);
    expect(button('Stop').disabled).to.equal(true);
    const me = state(provider).session.workerSid!;
    const call = () => state(provider).calls[state(provider).tasks[task.sid].callSid!];
    for (const [label, mode, muted] of [
      ['Monitor', 'monitor', true],
      ['Coach', 'coach', false],
      ['Barge', 'barge', false],
    ] as const) {
      button(label).click();
      await settle();
      await settle();
      expect(call().supervision, label).to.deep.equal({ supervisorSid: me, mode });
      const supervisor = call().participants.find((p) => p.kind === 'supervisor' && p.workerSid === me)!;
      expect(supervisor.muted, label).to.equal(muted);
      expect(button(label).getAttribute('aria-pressed')).to.equal('true');
      await expect(view(page)).to.be.accessible();
    }
    button('Stop').click();
    await settle();
    await settle();
    expect(call().supervision).to.equal(undefined);
    expect(call().participants.some((p) => p.kind === 'supervisor' && p.status !== 'left')).to.equal(false);
    expect(button('Stop').disabled).to.equal(true);
    expect(invoked).to.deep.equal([
      `MonitorCall:${task.sid}`,
      `CoachCall:${task.sid}`,
      `BargeCall:${task.sid}`,
      `StopMonitoringCall:${task.sid}`,
    ]);
  });

  it("changes an agent's activity and logs the change", async () => {
    const { page, provider } = await floor();
    const me = state(provider).session.workerSid!;
    const worker = Object.values(state(provider).workers).find((w) => w.sid !== me && state(provider).activities[w.activitySid].name === 'Available')!;
    const search = root(page).querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = worker.identity;
    search.dispatchEvent(new Event('input'));
    await settle();
    root(page).querySelector<HTMLButtonElement>(`[data-sid="${worker.sid}"] button.agent`)!.click();
    await settle();
    const select = root(page).querySelector<HTMLSelectElement>('select[data-worker]')!;
    const offline = Object.values(state(provider).activities).find((a) => a.name === 'Offline')!;
    select.value = offline.sid;
    select.dispatchEvent(new Event('change'));
    await settle();
    await settle();
    expect(state(provider).workers[worker.sid].activitySid).to.equal(offline.sid);
    const log = root(page).querySelector('[part="change-log"]')!;
    expect(log.textContent).to.contain(`changed ${worker.name} from Available to Offline`);
    expect(log.textContent).to.contain(state(provider).workers[me].name);
    expect(root(page).querySelector(`[data-sid="${worker.sid}"] [data-column="activity"]`)!.textContent).to.contain('Offline');
  });

  it('keeps the DOM bounded with 2,000 agents and moves through rows with the arrow keys', async () => {
    const { page, provider } = await floor(2000);
    expect(Object.keys(state(provider).workers).length).to.be.at.least(2000);
    await nextFrame();
    const count = rows(page).length;
    expect(count).to.be.greaterThan(5);
    expect(count).to.be.lessThan(100);
    expect(root(page).querySelectorAll('*').length).to.be.lessThan(3000);
    const first = rows(page)[0].querySelector<HTMLButtonElement>('button.agent')!;
    first.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await nextFrame();
    const focused = root(page).activeElement as HTMLElement;
    expect(focused.dataset['index']).to.equal('2');
    await sendKeys({ press: 'End' });
    for (let i = 0; i < 10 && (root(page).activeElement as HTMLElement)?.dataset['index'] !== String(Object.keys(state(provider).workers).length - 1); i++)
      await nextFrame();
    expect((root(page).activeElement as HTMLElement).dataset['index']).to.equal(String(Object.keys(state(provider).workers).length - 1));
    expect(rows(page).length).to.be.lessThan(100);
  });
});
