import { expect, waitUntil } from '@open-wc/testing';
import { accessible, buttonNamed, closeTab, deepQueryAll, leaderOf, openTab, roleOf, uniqueIdentity, type Tab } from './tabs-helpers.js';

const opened: Tab[] = [];
function isAvailable(tab: Tab): boolean {
  const state = tab.provider.store!.getState();
  const me = state.workers[state.session.workerSid!];
  return state.activities[me?.activitySid ?? '']?.name === 'Available';
}
async function tabs(count: number, params: Record<string, string>, shared = true): Promise<Tab[]> {
  const list: Tab[] = [];
  // One after the other, as a person opens tabs: the first leads.
  for (let i = 0; i < count; i++) list.push(await openTab(params));
  opened.push(...list);
  if (!shared) return list;
  // Available, so tasks ring for the person (from the last tab: a follower's action).
  await list.at(-1)!.provider.actions!.invoke('SetActivity', { activityName: 'Available' });
  await waitUntil(() => list.every((tab) => isAvailable(tab)), 'available everywhere');
  return list;
}

afterEach(() => {
  for (const tab of opened.splice(0)) closeTab(tab);
});

const simulatorsIn = (list: readonly Tab[]) => list.filter((tab) => tab.provider.simulator !== undefined).length;

describe('one connection per browser and identity (simulator)', () => {
  it('runs one simulation for three tabs; every tab shows the same live state', async () => {
    const list = await tabs(3, { identity: uniqueIdentity() });
    const leader = await leaderOf(list);
    expect(leader).to.equal(list[0]);
    expect(list.map(roleOf)).to.deep.equal(['leader', 'follower', 'follower']);
    expect(simulatorsIn(list)).to.equal(1);
    const sim = leader.provider.simulator!;
    const taskSid = sim.createTask({ channel: 'chat', customer: { name: 'Rita Moreno' }, firstMessage: 'Hi there' });
    for (const tab of list) {
      await waitUntil(() => tab.provider.store!.getState().tasks[taskSid], 'the task reaches every tab');
      await waitUntil(() => deepQueryAll(tab.document, 'flex-incoming-task').some((el) => el.shadowRoot?.textContent?.includes('Rita Moreno')));
    }
    // One ring per browser: only the tab with the connection rings.
    const ringing = list.map((tab) => deepQueryAll(tab.document, 'flex-incoming-task').some((el) => el.hasAttribute('ringing')));
    expect(ringing).to.deep.equal([true, false, false]);
    for (const tab of list) await accessible(tab);
  });

  it('runs a follower tab’s actions on the leader (accept, send a message)', async () => {
    const [leader, follower] = await tabs(2, { identity: uniqueIdentity() });
    const sim = leader.provider.simulator!;
    const taskSid = sim.createTask({ channel: 'chat', firstMessage: 'Where is my order?' });
    await waitUntil(() => buttonNamed(follower, /^Accept/), 'the follower shows Accept');
    buttonNamed(follower, /^Accept/)!.click();
    await waitUntil(() => sim.engine.task(taskSid)?.status === 'assigned', 'the leader’s simulation accepted it');
    const conversationSid = leader.provider.store!.getState().tasks[taskSid].conversationSid!;
    await follower.provider.actions!.invoke('SendMessage', { taskSid, body: 'Let me check that for you.' });
    const bodies = (tab: Tab) => (tab.provider.store!.getState().messages[conversationSid] ?? []).map((m) => m.body);
    await waitUntil(() => bodies(leader).includes('Let me check that for you.'), 'the message was sent by the leader');
    await waitUntil(() => bodies(follower).includes('Let me check that for you.'));
    expect(bodies(follower)).to.deep.equal(bodies(leader));
    expect(bodies(leader).filter((b) => b === 'Let me check that for you.')).to.have.length(1);
    // The action gate still refuses in the follower what it refuses anywhere.
    let code = '';
    await follower.provider.actions!.invoke('SendMessage', { taskSid, body: '' }).catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('invalid-payload');
  });

  it('takes over within seconds when the leader closes mid-chat: same task, same history, nothing doubled', async () => {
    const list = await tabs(3, { identity: uniqueIdentity() });
    const [first, second, third] = list;
    const sim = first.provider.simulator!;
    const taskSid = sim.createTask({ channel: 'chat', firstMessage: 'Hello?' });
    await waitUntil(() => buttonNamed(second, /^Accept/));
    await second.provider.actions!.invoke('AcceptTask', { taskSid });
    await second.provider.actions!.invoke('SendMessage', { taskSid, body: 'Hi! How can I help?' });
    sim.customerSays(taskSid, 'My parcel is late');
    const conversationSid = first.provider.store!.getState().tasks[taskSid].conversationSid!;
    await waitUntil(() => third.provider.store!.getState().messages[conversationSid]?.some((m) => m.body === 'My parcel is late'));
    const before = first.provider.store!.getState();
    const history = before.messages[conversationSid].map((m) => `${m.index}:${m.body}`);
    const clock = sim.now();

    closeTab(first);
    opened.splice(opened.indexOf(first), 1);
    const leader = await leaderOf([second, third], 'a follower takes over');
    expect(simulatorsIn([second, third])).to.equal(1);
    const next = leader.provider.simulator!;
    // The same simulation continues: the same task and reservation, the same history, the same clock.
    expect(next.engine.task(taskSid)?.status).to.equal('assigned');
    expect(next.now()).to.be.at.least(clock);
    const reservations = next.engine.listReservations().filter((r) => r.taskSid === taskSid);
    expect(reservations.map((r) => r.sid)).to.deep.equal(Object.values(before.reservations).filter((r) => r.taskSid === taskSid).map((r) => r.sid));
    for (const tab of [second, third]) {
      await waitUntil(() => tab.provider.store!.getState().connection.status === 'connected');
      const state = tab.provider.store!.getState();
      expect(state.messages[conversationSid].map((m) => `${m.index}:${m.body}`)).to.deep.equal(history);
      expect(Object.keys(state.tasks)).to.deep.equal(Object.keys(before.tasks));
    }
    // And it is live: the customer goes on, the other tab sees it.
    next.customerSays(taskSid, 'Any news?');
    const other = leader === second ? third : second;
    await waitUntil(() => other.provider.store!.getState().messages[conversationSid]?.some((m) => m.body === 'Any news?'));
    await other.provider.actions!.invoke('SendMessage', { taskSid, body: 'It ships today.' });
    await waitUntil(() => next.engine.task(taskSid) && leader.provider.store!.getState().messages[conversationSid].some((m) => m.body === 'It ships today.'));
  });

  it('takes over mid-call and moves the call to a tab with "Move call here"', async () => {
    const [first, second] = await tabs(2, { identity: uniqueIdentity() });
    const sim = first.provider.simulator!;
    const taskSid = sim.createTask({ channel: 'voice', customer: { name: 'Omar Little', phone: '+14155550111' } });
    await waitUntil(() => second.provider.store!.getState().tasks[taskSid]);
    await second.provider.actions!.invoke('AcceptTask', { taskSid });
    sim.advance(2_000);
    const callSid = () => first.provider.store!.getState().tasks[taskSid]?.callSid;
    await waitUntil(() => callSid() && second.provider.store!.getState().calls[callSid()!]?.status === 'in-progress', 'the call is up');
    const sid = callSid()!;
    const answeredAt = first.provider.store!.getState().calls[sid].answeredAt;

    // The follower offers to bring the call's audio here.
    await waitUntil(() => buttonNamed(second, 'Move call here'), 'the follower offers Move call here');
    expect(buttonNamed(first, 'Move call here')).to.equal(undefined);
    await accessible(second);
    buttonNamed(second, 'Move call here')!.click();
    await waitUntil(() => roleOf(second) === 'leader' && roleOf(first) === 'follower' && !second.provider.contactCenter!.tabs!.switching, 'the call moved');
    expect(simulatorsIn([first, second])).to.equal(1);
    const moved = second.provider.simulator!;
    expect(moved.engine.task(taskSid)?.status).to.equal('assigned');
    await waitUntil(() => first.provider.store!.getState().calls[sid]?.status === 'in-progress');
    expect(second.provider.store!.getState().calls[sid].answeredAt).to.equal(answeredAt);
    await waitUntil(() => buttonNamed(first, 'Move call here'), 'now the other tab offers it');

    // The tab with the call closes: the other one takes it over, the call goes on.
    closeTab(second);
    opened.splice(opened.indexOf(second), 1);
    await leaderOf([first], 'the remaining tab takes over');
    expect(first.provider.simulator!.engine.task(taskSid)?.status).to.equal('assigned');
    await waitUntil(() => first.provider.store!.getState().calls[sid]?.status === 'in-progress');
    expect(buttonNamed(first, 'Move call here')).to.equal(undefined);
  });

  it('never shares between two identities, nor with single-connection="off"', async () => {
    const a = await tabs(2, { identity: uniqueIdentity('ana') });
    const b = await tabs(2, { identity: uniqueIdentity('ben') });
    expect(simulatorsIn(a)).to.equal(1);
    expect(simulatorsIn(b)).to.equal(1);
    expect(a[0].provider.store!.getState().session.identity).to.not.equal(b[0].provider.store!.getState().session.identity);
    const taskSid = a[0].provider.simulator!.createTask({ channel: 'chat' });
    await waitUntil(() => a[1].provider.store!.getState().tasks[taskSid]);
    expect(b[1].provider.store!.getState().tasks[taskSid]).to.equal(undefined);

    const identity = uniqueIdentity('solo');
    const off = await tabs(2, { identity, 'single-connection': 'off' }, false);
    expect(simulatorsIn(off)).to.equal(2);
    expect(off.map(roleOf)).to.deep.equal(['solo', 'solo']);
  });
});
