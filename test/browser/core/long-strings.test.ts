import { expect, html } from '@open-wc/testing';
import '../../../src/components/activity-selector/activity-selector.js';
import '../../../src/components/admin/admin.js';
import '../../../src/components/agent-desktop/agent-desktop.js';
import '../../../src/components/app/app.js';
import '../../../src/components/call-controls/call-controls.js';
import '../../../src/components/chat/chat.js';
import '../../../src/components/dialpad/dialpad.js';
import '../../../src/components/incoming-task/incoming-task.js';
import '../../../src/components/queue-stats/queue-stats.js';
import '../../../src/components/slot/slot.js';
import '../../../src/components/task-canvas/task-canvas.js';
import '../../../src/components/task-list/task-list.js';
import '../../../src/components/teams-view/teams-view.js';
import '../../../src/components/voice-settings/voice-settings.js';
import '../../../src/components/worker-directory/worker-directory.js';
import '../../../src/components/wrapup/wrapup.js';
import type { DomainEvent } from '../../../src/core/domain-events.js';
import { nextFrame, settle, simulatorFixture } from '../helpers.js';

const WIDTH = 320;
const long = (word: string, length: number) => (word + ' ').repeat(Math.ceil(length / (word.length + 1))).slice(0, length);
// One word with no break opportunity, the worst case for wrapping.
const CUSTOMER = 'Maximiliana-Bartholomew-Featherstonehaugh-Wolfeschlegelstein'.slice(0, 60);
const ACTIVITY = 'OnABreakBecauseTheQuarterlyComplianceTrainingRunsLongToday!'.slice(0, 60);
const QUEUE = 'Premium-Enterprise-Customers-North-America-Escalations-Tier3'.slice(0, 60);

/** Every user-visible label a person sees first, made 40+ characters long. */
const STRINGS: Record<string, string> = {
  'incomingTask.accept': long('Accept', 44),
  'incomingTask.reject': long('Reject', 44),
  'taskList.unread': `{count} ${long('unreadmessages', 40)}`,
  'taskCanvas.info': long('Information', 42),
  'taskCanvas.wrapup': long('Wrap-up', 42),
  'taskCanvas.conversation': long('Conversation', 42),
  'taskCanvas.call': long('Call', 42),
  'callControls.hangup': long('Hang up', 42),
  'callControls.mute': long('Mute', 42),
  'callControls.hold': long('Hold', 42),
  'callControls.transfer': long('Transfer', 42),
  'chat.send': long('Send', 42),
  'wrapup.complete': long('Complete', 42),
  'dialpad.call': long('Call', 42),
  'queueStats.chart.title': long('Agents by activity', 44),
  'teamsView.table': long('Agents', 44),
  'admin.title': long('Administration', 44),
  'workerDirectory.agents': long('Agents', 44),
};

const TAGS = [
  'flex-activity-selector',
  'flex-incoming-task',
  'flex-task-list',
  'flex-task-canvas',
  'flex-chat',
  'flex-call-controls',
  'flex-wrapup',
  'flex-agent-desktop',
  'flex-dialpad',
  'flex-voice-settings',
  'flex-worker-directory',
  'flex-teams-view',
  'flex-queue-stats',
  'flex-admin',
  'flex-app',
  'flex-plugin-slot',
];

interface Problem {
  tag: string;
  what: string;
}

const describeNode = (el: Element) =>
  `<${el.localName}${el.getAttribute('part') ? ` part="${el.getAttribute('part')}"` : ''}${el.getAttribute('class') ? ` class="${el.getAttribute('class')}"` : ''}>`;

/**
 * Everything in a shadow tree (and the ones nested in it) that a person would see past the
 * container's right edge, or text cut off without an ellipsis. Content inside a scrolling or
 * clipping box is that box's business (it scrolls); the box itself must fit.
 */
function overflows(tag: string, root: ShadowRoot, right: number, problems: Problem[]) {
  // `limit`: the right edge a box must stay within (the container's, or a clipping ancestor's, which
  // would cut it off unseen); undefined inside a scrolling box, whose content scrolls into view.
  const visit = (parent: Element | ShadowRoot, limit: number | undefined) => {
    for (const el of parent.children) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const rect = el.getBoundingClientRect();
      // Visually hidden text (for screen readers) is not seen at all.
      if (style.position === 'absolute' && rect.width <= 1) continue;
      const hidden = false;
      let next = limit;
      if (limit !== undefined && !hidden && rect.width > 0 && rect.right > limit + 1) {
        // The outermost box that runs past the edge is the one to fix; what is inside it goes with it.
        problems.push({ tag, what: `${describeNode(el)} ends at ${Math.round(rect.right)} px, past ${Math.round(limit)}` });
        next = undefined;
      } else if (style.overflowX === 'auto' || style.overflowX === 'scroll') {
        next = undefined;
      } else if (style.overflowX !== 'visible' && style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
        // Ellipsized: the full text must be available (a title, or an accessible name that holds it).
        const text = (el.textContent ?? '').trim();
        const holder = el.closest('[title], [aria-label]');
        const full = `${holder?.getAttribute('title') ?? ''} ${holder?.getAttribute('aria-label') ?? ''}`;
        if (!full.includes(text)) problems.push({ tag, what: `${describeNode(el)} is ellipsized with no title holding "${text.slice(0, 30)}…"` });
        next = undefined;
      } else if (style.overflowX !== 'visible' && limit !== undefined) {
        next = style.textOverflow === 'ellipsis' ? undefined : Math.min(limit, rect.right);
        if (next !== undefined && !el.children.length && el.scrollWidth > el.clientWidth + 1) {
          problems.push({ tag, what: `${describeNode(el)} cuts its text off (${el.scrollWidth} px in ${el.clientWidth} px)` });
        }
      }
      if (el.shadowRoot) visit(el.shadowRoot, next);
      visit(el, next);
    }
  };
  visit(root, right);
}

describe('long strings never overflow (320 px)', () => {
  it('every element wraps or ellipsizes; Accept and Reject stay inside the incoming card', async () => {
    const appConfig = { strings: { 'en-US': STRINGS } };
    const { page, provider } = await simulatorFixture<HTMLElement>(html`<flex-provider
      sim-traffic="off"
      sim-clock="manual"
      sim-agents="6"
      sim-queues="3"
      sim-seed="3"
      user-role="admin"
      .appConfig=${appConfig}
    >
      ${TAGS.map((tag) => html`<div class="box" data-tag=${tag} style="width: ${WIDTH}px"></div>`)}
    </flex-provider>`);
    const state = () => provider.store!.getState();
    const store = provider.store as unknown as { dispatch(events: DomainEvent[]): void };

    await provider.actions!.invoke('SetActivity', { activityName: 'Available' });
    const sim = provider.simulator!;
    const chat = sim.createTask({ channel: 'chat', customer: { name: CUSTOMER }, firstMessage: long('Hello', 300) });
    const call = sim.createTask({ channel: 'voice', customer: { name: CUSTOMER, phone: '+12125550100' } });
    const ringing = sim.createTask({ channel: 'sms', customer: { name: CUSTOMER }, firstMessage: 'Hi' });
    await settle();
    await provider.actions!.invoke('AcceptTask', { taskSid: chat });
    await provider.actions!.invoke('AcceptTask', { taskSid: call });
    await provider.actions!.invoke('SelectTask', { taskSid: chat });
    for (let i = 0; i < 3; i++) sim.customerSays(chat, long('More', 80));
    await settle();
    expect(state().tasks[ringing].status).to.equal('reserved');

    // A long activity name and a long queue name, as a backend would report them.
    const activities = Object.values(state().activities).map((a, i) => (i === Object.keys(state().activities).length - 1 ? { ...a, name: ACTIVITY } : a));
    const queues = Object.values(state().queues).map((q, i) => (i === 0 ? { ...q, name: QUEUE } : q));
    const stats = state().workspaceStats!;
    store.dispatch([
      { type: 'activities', activities },
      { type: 'queues', queues },
      {
        type: 'workspace.stats',
        stats: { ...stats, realtime: { ...stats.realtime, agentsByActivity: { ...stats.realtime.agentsByActivity, [ACTIVITY]: 4 } } },
      },
    ]);

    // Now the elements, each in its own 320 px box.
    for (const box of page.querySelectorAll<HTMLElement>('.box')) {
      const tag = box.dataset['tag']!;
      const el = document.createElement(tag);
      if (tag === 'flex-chat' || tag === 'flex-wrapup') el.setAttribute('task-sid', chat);
      if (tag === 'flex-call-controls') el.setAttribute('task-sid', call);
      if (tag === 'flex-plugin-slot') el.setAttribute('name', 'call-controls.actions');
      box.append(el);
    }
    await settle();
    // The virtualized tables render rows only when on screen.
    for (const tag of ['flex-teams-view', 'flex-queue-stats']) {
      const root = page.querySelector(tag)!.shadowRoot!;
      root.querySelector('[part="table"]')!.scrollIntoView();
      for (let i = 0; i < 120 && !root.querySelector('.body [role="row"]'); i++) await nextFrame();
      await nextFrame();
    }
    await settle();

    const problems: Problem[] = [];
    for (const box of page.querySelectorAll<HTMLElement>('.box')) {
      const el = box.firstElementChild!;
      const right = box.getBoundingClientRect().right;
      expect(el.shadowRoot, el.localName).to.not.equal(null);
      overflows(el.localName, el.shadowRoot!, right, problems);
    }
    expect(problems.map((p) => `${p.tag}: ${p.what}`)).to.deep.equal([]);

    // The long strings are on screen.
    const incomingRoot = page.querySelector('flex-incoming-task')!.shadowRoot!;
    expect(incomingRoot.querySelector('[part="accept-button"]')!.textContent.trim()).to.equal(STRINGS['incomingTask.accept'].trim());
    expect(page.querySelector('flex-task-list')!.shadowRoot!.querySelector('[part="unread"]')?.textContent).to.contain('unreadmessages');
    expect(page.querySelector('flex-queue-stats')!.shadowRoot!.textContent).to.contain(ACTIVITY);
    expect(page.querySelector('flex-queue-stats')!.shadowRoot!.querySelector('[part~="queue-row"]')!.parentElement!.textContent).to.contain(QUEUE);

    // The incoming card: both buttons whole inside it, the long name available in full.
    const incoming = page.querySelector('flex-incoming-task')!.shadowRoot!;
    const card = incoming.querySelector('[part="card"]')!.getBoundingClientRect();
    for (const part of ['accept-button', 'reject-button']) {
      const button = incoming.querySelector(`[part="${part}"]`)!.getBoundingClientRect();
      expect(button.left >= card.left - 1 && button.right <= card.right + 1, part).to.equal(true);
      expect(button.top >= card.top - 1 && button.bottom <= card.bottom + 1, part).to.equal(true);
    }
    // Every scrolling region of every element can be reached by keyboard.
    // (The accessibility assertion loads axe onto the window.)
    await expect(page.querySelector('flex-activity-selector')).to.be.accessible();
    const axe = (window as unknown as { axe: { run(c: Element, o: unknown): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }).axe;
    const result = await axe.run(page, { runOnly: { type: 'rule', values: ['scrollable-region-focusable'] } });
    expect(result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html.slice(0, 120)}`))).to.deep.equal([]);

    // The queue-stats chart scales to its box.
    const chart = page.querySelector('flex-queue-stats')!.shadowRoot!.querySelector('svg.chart')!;
    expect(chart.getBoundingClientRect().width).to.be.at.most(WIDTH);
    expect(chart.getAttribute('viewBox')).to.match(/^0 0 \d+/);
  });
});
