import { expect, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/insights/insights.js';
import type { FlexInsights } from '../../../src/components/insights/insights.js';
import type { FlexProvider } from '../../../src/components/provider/provider.js';
import type { ConversationPage, Dashboard } from '../../../src/core/insights/types.js';
import type { FlexError } from '../../../src/core/errors.js';
import { settle, simulatorFixture } from '../helpers.js';

const SEED = 11;
const KEY = `flex-elements.insights.evaluations.${SEED}`;

async function open(role: 'supervisor' | 'admin' | 'agent' = 'supervisor', days = 7) {
  const { page, provider } = await simulatorFixture<FlexProvider>(html`<flex-provider
    user-role=${role}
    identity="morgan.lead@example.com"
    sim-agents="6"
    sim-seed=${SEED}
    sim-clock="manual"
    sim-history-days=${days}
    ><flex-insights></flex-insights
  ></flex-provider>`);
  const insights = page.querySelector('flex-insights')!;
  await until(insights, () => !busy(insights) && !!root(insights).querySelector('[part~="tile"]'));
  return { provider, insights };
}

const root = (el: FlexInsights) => el.shadowRoot!;
const busy = (el: FlexInsights) => root(el).querySelector('[role="status"]')?.textContent?.includes('Loading') ?? true;
const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function until(el: FlexInsights, condition: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
  }
  if (!condition()) throw new Error('condition not met in time');
}

/** A control by its accessible name (its <label>). */
function control<T extends HTMLElement>(el: FlexInsights, name: string): T {
  const label = [...root(el).querySelectorAll('label')].find((l) => text(l) === name);
  if (!label) throw new Error(`no control named ${name}`);
  return root(el).getElementById(label.htmlFor) as T;
}
const tabs = (el: FlexInsights) => [...root(el).querySelectorAll('[role="tab"]')].map(text);
/** A table by its accessible name (aria-labelledby or aria-label). */
function table(el: FlexInsights, name: string): HTMLTableElement {
  const found = [...root(el).querySelectorAll('table')].find((t) => {
    const by = t.getAttribute('aria-labelledby');
    return (by ? text(root(el).getElementById(by)) : t.getAttribute('aria-label')) === name;
  });
  if (!found) throw new Error(`no table named ${name}`);
  return found;
}
function columnValues(t: HTMLTableElement, column: string): string[] {
  const headers = [...t.querySelectorAll('thead th')].map(text);
  const index = headers.indexOf(column);
  expect(index, `column ${column} in ${headers.join(', ')}`).to.be.at.least(0);
  return [...t.querySelectorAll('tbody tr')].map((tr) => text(tr.children[index]));
}
const toNumber = (s: string) => Number(s.replace(/[^\d.]/g, ''));
const tile = (el: FlexInsights, metric: string) => text(root(el).querySelector(`[data-metric="${metric}"] dd .value`));
const button = (scope: ParentNode, name: string) => [...scope.querySelectorAll('button')].find((b) => text(b) === name || b.getAttribute('aria-label') === name);

async function choose(el: FlexInsights, name: string, optionLabel: string) {
  const select = control<HTMLSelectElement>(el, name);
  const option = [...select.options].find((o) => text(o) === optionLabel)!;
  select.value = option.value;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
  await until(el, () => !busy(el));
}

/** Captures the next download: its file name and text. */
async function download(click: () => void): Promise<{ name: string; text: string }> {
  const captured = new Promise<{ name: string; href: string }>((resolve) => {
    const stub = sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
      stub.restore();
      resolve({ name: this.download, href: this.href });
    });
  });
  click();
  const { name, href } = await captured;
  return { name, text: await (await fetch(href)).text() };
}

describe('<flex-insights>', () => {
  beforeEach(() => localStorage.removeItem(KEY));
  afterEach(() => sinon.restore());

  it('gives a supervisor Dashboards and Conversations with the Period, Queue, Channel and Agent comboboxes, accessible', async () => {
    const { insights } = await open();
    await expect(insights).to.be.accessible();
    expect(tabs(insights)).to.deep.equal(['Dashboards', 'Conversations']);
    const period = control<HTMLSelectElement>(insights, 'Period');
    expect(period.localName).to.equal('select');
    expect([...period.options].map(text)).to.deep.equal(['Today', 'Yesterday', 'Last 7 days', 'Last 30 days', 'Custom range']);
    for (const name of ['Queue', 'Channel', 'Agent']) {
      const select = control<HTMLSelectElement>(insights, name);
      expect(text(select.options[0]), name).to.equal('All');
      expect(select.options.length, name).to.be.greaterThan(1);
    }
  });

  it('has Queues and Agents tables whose Handled agree with the total, for every period and filter', async () => {
    const { insights, provider } = await open();
    const check = () => {
      const handled = tile(insights, 'handled');
      const queues = table(insights, 'Queues');
      const sum = columnValues(queues, 'Handled').reduce((n, v) => n + toNumber(v), 0);
      expect(sum).to.equal(toNumber(handled));
      const agents = columnValues(table(insights, 'Agents'), 'Handled').reduce((n, v) => n + toNumber(v), 0);
      expect(agents).to.equal(toNumber(handled));
      return sum;
    };
    const week = check();
    expect(week).to.be.greaterThan(50);
    expect(columnValues(table(insights, 'Queues'), 'Queue')).to.have.length(Object.keys(provider.store!.getState().queues).length);
    await choose(insights, 'Period', 'Yesterday');
    const yesterday = check();
    expect(yesterday).to.be.lessThan(week);
    await choose(insights, 'Queue', 'Sales');
    expect(columnValues(table(insights, 'Queues'), 'Queue')).to.deep.equal(['Sales']);
    check();
    await choose(insights, 'Channel', 'Call');
    check();
    await choose(insights, 'Period', 'Custom range');
    const from = control<HTMLInputElement>(insights, 'From');
    const to = control<HTMLInputElement>(insights, 'To');
    from.value = '2000-01-02';
    to.value = '2000-01-01';
    to.dispatchEvent(new Event('change'));
    await insights.updateComplete;
    expect(text(root(insights).querySelector('.filters [role="alert"]'))).to.contain('start date');
    // The figures agree with the action a CRM could invoke for the same period and filters.
    await choose(insights, 'Period', 'Last 7 days');
    const dashboard = await provider.actions!.invoke<Dashboard>('LoadInsightsDashboard', {
      ...lastWeek(provider, control<HTMLSelectElement>(insights, 'Queue').value),
      channel: 'voice',
    });
    expect(toNumber(tile(insights, 'handled'))).to.equal(dashboard.totals.handled);
    await expect(insights).to.be.accessible();
  });

  it('sorts the Queues table by a column, and says so with aria-sort', async () => {
    const { insights } = await open();
    await choose(insights, 'Queue', 'All');
    const queues = () => table(insights, 'Queues');
    const handledHeader = () => [...queues().querySelectorAll('thead th')].find((th) => text(th) === 'Handled')!;
    button(handledHeader(), 'Sort by Handled')!.click();
    await insights.updateComplete;
    expect(handledHeader().getAttribute('aria-sort')).to.equal('ascending');
    const up = columnValues(queues(), 'Handled').map(toNumber);
    expect(up).to.deep.equal([...up].sort((a, b) => a - b));
    button(handledHeader(), 'Sort by Handled')!.click();
    await insights.updateComplete;
    expect(handledHeader().getAttribute('aria-sort')).to.equal('descending');
    expect(columnValues(queues(), 'Handled').map(toNumber)).to.deep.equal([...up].reverse());
  });

  it('exports each table, and the raw interactions, as CSV whose header names the columns', async () => {
    const { insights } = await open();
    const queuesSection = table(insights, 'Queues').closest('.table-section')!;
    const queues = await download(() => button(queuesSection, 'Export CSV')!.click());
    expect(queues.name).to.match(/\.csv$/);
    const [header, ...rows] = queues.text.trim().split('\r\n');
    expect(header.split(',')).to.include.members(['Queue', 'Handled', 'Service level', 'Average handle time']);
    expect(rows).to.have.length(table(insights, 'Queues').tBodies[0].rows.length);
    const agents = await download(() => button(table(insights, 'Agents').closest('.table-section')!, 'Export CSV')!.click());
    expect(agents.text.split('\r\n')[0].split(',')).to.include.members(['Agent', 'Handled', 'Occupancy', 'Utilisation', 'Average score']);
    const raw = await download(() => button(root(insights), 'Export interactions CSV')!.click());
    const lines = raw.text.trim().split('\r\n');
    expect(lines[0]).to.equal('id,created_at,ended_at,queue,channel,agent,customer,wait_s,talk_s,hold_s,wrap_s,handled,abandoned,transfers,disposition,notes,evaluation_score');
    expect(lines.length - 1).to.equal(toNumber(tile(insights, 'entered')));
  });

  it('reviews a conversation, scores it, fires flex-evaluation-saved, and the agent then sees it', async () => {
    const { insights, provider } = await open();
    button(root(insights), 'Conversations')!.click();
    await until(insights, () => !!root(insights).querySelector('#conversations tbody tr'));
    const conversations = table(insights, 'Conversations');
    expect(conversations.tBodies[0].rows.length).to.equal(50);
    // The agent of the session's own worker (the person), whom the agent session will be.
    const me = provider.store!.getState().session.workerSid!;
    const mine = await provider.actions!.invoke<ConversationPage>('LoadConversations', { ...lastWeek(provider), workerSid: me, limit: 1 });
    const search = control<HTMLInputElement>(insights, 'Search conversations');
    search.value = mine.rows[0].id;
    search.dispatchEvent(new Event('input'));
    await until(insights, () => table(insights, 'Conversations').tBodies[0].rows.length === 1);
    button(table(insights, 'Conversations'), 'Review')!.click();
    await until(insights, () => !!root(insights).querySelector('[part="review"]'));
    const review = root(insights).querySelector('[part="review"]')!;
    expect(text(review.querySelector('h4'))).to.match(/^(Call timeline|Transcript)$/);
    expect(review.querySelectorAll('.timeline li').length).to.be.greaterThan(2);
    await expect(insights).to.be.accessible();
    // Saving without the required answers is refused, visibly.
    button(review, 'Save evaluation')!.click();
    await until(insights, () => !!root(insights).querySelector('[part="error"]'));
    expect(text(root(insights).querySelector('[part="error"]'))).to.contain('needs an answer');
    const pick = (legend: string, option: string) => {
      const fieldset = [...review.querySelectorAll('fieldset')].find((f) => text(f.querySelector('legend')).startsWith(legend))!;
      const label = [...fieldset.querySelectorAll('label')].find((l) => text(l) === option)!;
      label.querySelector('input')!.click();
    };
    pick('Greeted the customer', 'Yes');
    pick('Understood', '5');
    pick('Resolution', 'Resolved');
    pick('Tone and empathy', '3');
    await insights.updateComplete;
    expect(text(review.querySelector('.total'))).to.equal('Total score: 87.5');
    const comment = control<HTMLTextAreaElement>(insights, 'Comment');
    comment.focus();
    await sendKeys({ type: 'Great save on the refund' });
    const saved = oneEvent(insights, 'flex-evaluation-saved');
    button(review, 'Save evaluation')!.click();
    const event = await saved;
    expect(event.detail).to.deep.equal({ interactionId: mine.rows[0].id, evaluator: 'morgan.lead@example.com', agent: me, score: 87.5 });
    await until(insights, () => text(root(insights).querySelector('[role="status"]')).startsWith('Evaluation saved'));
    expect(columnValues(table(insights, 'Conversations'), 'Score')).to.deep.equal(['87.5']);
    expect(columnValues(table(insights, 'Evaluations'), 'Comment')).to.deep.equal(['Great save on the refund']);

    // The same person signs in as an agent: only My evaluations, with the supervisor's score and comment.
    provider.setAttribute('user-role', 'agent');
    await until(insights, () => tabs(insights).join() === 'My evaluations' && !busy(insights) && !!root(insights).querySelector('#my-evaluations'));
    expect(() => control(insights, 'Agent')).to.throw();
    expect(() => control(insights, 'Queue')).to.throw();
    const evaluations = table(insights, 'My evaluations');
    expect(columnValues(evaluations, 'Score')).to.deep.equal(['87.5']);
    expect(columnValues(evaluations, 'Comment')).to.deep.equal(['Great save on the refund']);
    expect(toNumber(tile(insights, 'handled'))).to.be.greaterThan(0);
    await expect(insights).to.be.accessible();
    button(evaluations, 'View')!.click();
    await until(insights, () => !!root(insights).querySelector('[part="review"]'));
    expect(text(root(insights).querySelector('.total'))).to.equal('Total score: 87.5');
    expect(button(root(insights), 'Save evaluation')).to.equal(undefined);
    // The gate refuses an agent's SaveEvaluation, whoever invokes it.
    const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: FlexError) => e.code);
    expect(await refusal(provider.actions!.invoke('SaveEvaluation', { interactionId: mine.rows[0].id, answers: {}, comment: 'x' }))).to.equal('forbidden');
    // and another agent's data is refused too
    const other = Object.keys(provider.store!.getState().workers).find((sid) => sid !== me)!;
    expect(await refusal(provider.actions!.invoke('LoadInsightsDashboard', { ...lastWeek(provider), workerSid: other }))).to.equal('forbidden');
  });

  it('moves between tabs with the arrow keys', async () => {
    const { insights } = await open();
    const first = root(insights).querySelector<HTMLElement>('#tab-dashboards')!;
    first.focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(insights, () => !!root(insights).querySelector('#conversations'));
    expect(root(insights).activeElement?.id).to.equal('tab-conversations');
    expect(root(insights).querySelector('#tab-conversations')!.getAttribute('aria-selected')).to.equal('true');
  });

  it('shows an empty dashboard, not an error, with sim-history-days="0"', async () => {
    const { insights } = await open('admin', 0);
    expect(tile(insights, 'handled')).to.equal('0');
    expect(text(root(insights))).to.contain('No finished interactions in this period.');
    await settle();
    await expect(insights).to.be.accessible();
  });
});

function lastWeek(provider: FlexProvider, queueSid = '') {
  const now = provider.simulator!.now();
  const from = new Date(now);
  from.setHours(0, 0, 0, 0);
  from.setDate(from.getDate() - 6);
  const to = new Date(now);
  to.setHours(0, 0, 0, 0);
  to.setDate(to.getDate() + 1);
  return { from: from.getTime(), to: to.getTime(), ...(queueSid ? { queueSid } : {}) };
}
