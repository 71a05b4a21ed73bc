import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAddress } from '../../../src/core/crm/address.js';
import { CannedResponses, fillPlaceholders, filterCannedResponses } from '../../../src/core/crm/canned-responses.js';
import { checkContacts, contactQuery, installContactSearch } from '../../../src/core/crm/contact-search.js';
import { CrmHooks } from '../../../src/core/crm/hooks.js';
import { installInteractionLog } from '../../../src/core/crm/interaction-log.js';
import { createStore } from '../../../src/core/store.js';
import type { Task } from '../../../src/core/model.js';
import type { TaskOutcomeDetail } from '../../../src/events.js';

const task = (over: Partial<Task> = {}): Task => ({
  sid: 'WT1',
  status: 'reserved',
  channel: 'whatsapp',
  queueSid: 'WQ1',
  queueName: 'Support',
  priority: 0,
  createdAt: 0,
  customer: { name: 'Ada Lovelace', phone: 'whatsapp:+14155550101' },
  attributes: { from: 'whatsapp:+14155550101' },
  ...over,
});

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A Node localStorage for the interaction log's queue (the browser has one). */
function memoryStorage() {
  const items = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
  return items;
}

const completed = (taskSid: string): TaskOutcomeDetail => ({
  taskSid,
  channel: 'chat',
  queueName: 'Support',
  customer: { name: 'Ada' },
  attributes: {},
  durations: { wait: 1, talk: 2, hold: 0, wrap: 3 },
  associations: [{ id: 'C-1', name: 'Ada' }],
  disposition: 'Resolved',
});

describe('CRM core', () => {
  it('builds the contact query from the task: the number without its whatsapp: prefix, the name, the attributes', () => {
    const q = contactQuery(task());
    assert.deepEqual(q, { phone: '+14155550101', name: 'Ada Lovelace', taskSid: 'WT1', channel: 'whatsapp', attributes: { from: 'whatsapp:+14155550101' } });
    const outbound = contactQuery(task({ customer: { name: '+14155550101', phone: '+14155550101' } }));
    assert.equal(outbound.name, undefined);
  });

  it('checks what a resolver returns', () => {
    assert.deepEqual(checkContacts([{ id: 'a', name: 'A' }]), [{ id: 'a', name: 'A' }]);
    assert.throws(() => checkContacts({}), /must return a list/);
    assert.throws(() => checkContacts([{ id: 'a' }]), /\[0\] that has no name/);
    assert.throws(() => checkContacts([{ id: 'a', name: 'A', url: 5 }]), /url that is not a string/);
  });

  it('refuses a hook that is not a function', () => {
    const hooks = new CrmHooks();
    assert.throws(() => (hooks.searchContacts = 'nope' as never), /must be a function/);
    hooks.searchContacts = () => [];
    hooks.searchContacts = undefined;
    assert.equal(hooks.searchContacts, undefined);
  });

  it('searches once per reservation and associates the one match', async () => {
    const store = createStore({ scheduler: () => () => undefined, immediate: (f) => f() });
    const hooks = new CrmHooks();
    let calls = 0;
    hooks.searchContacts = () => {
      calls++;
      return [{ id: 'C-1', name: 'Ada', kind: 'Contact', extra: 'dropped' } as never];
    };
    const stop = installContactSearch({ store, hooks, dispatch: (e) => store.dispatch(e), emit: () => undefined, timeout: () => 1000 });
    store.dispatch([
      { type: 'session', workerSid: 'WK1', identity: 'a', role: 'agent', workspaceSid: 'WS' },
      { type: 'task', task: task() },
      { type: 'reservation', reservation: { sid: 'WR1', taskSid: 'WT1', workerSid: 'WK1', status: 'pending', createdAt: 0, timeoutAt: 1, updatedAt: 0 } },
    ]);
    await tick();
    await tick();
    store.dispatch({ type: 'reservation', reservation: { sid: 'WR1', taskSid: 'WT1', workerSid: 'WK1', status: 'accepted', createdAt: 0, timeoutAt: 1, updatedAt: 1 } });
    await tick();
    assert.equal(calls, 1);
    assert.equal(store.getState().crm.searches['WT1']?.status, 'done');
    assert.deepEqual(store.getState().crm.associations['WT1'], [{ id: 'C-1', name: 'Ada', kind: 'Contact' }]);
    stop();
  });

  it('keeps the log queue in localStorage until the hook succeeds, and a new session picks it up', async () => {
    const items = memoryStorage();
    const store = createStore({ scheduler: () => () => undefined, immediate: (f) => f() });
    const dispatch = (e: Parameters<typeof store.dispatch>[0]) => store.dispatch(e);
    const hooks = new CrmHooks();
    hooks.logInteraction = () => Promise.reject(new Error('down'));
    const config = () => ({ logAttempts: 1, logRetryDelay: 0 });
    const first = installInteractionLog({ store, hooks, dispatch, emit: () => undefined, identity: 'ada', config });
    first.completed(completed('WT9'));
    await tick();
    assert.equal(store.getState().crm.logs['WT9']?.status, 'failed');
    assert.match(items.get('flex-elements.crm-log:ada')!, /WT9/);
    first.dispose();
    // A reload: a new queue, the host sets its hook again.
    const store2 = createStore({ scheduler: () => () => undefined, immediate: (f) => f() });
    const hooks2 = new CrmHooks();
    const logged: string[] = [];
    const second = installInteractionLog({ store: store2, hooks: hooks2, dispatch: (e) => store2.dispatch(e), emit: () => undefined, identity: 'ada', config });
    assert.equal(store2.getState().crm.logs['WT9']?.status, 'failed');
    hooks2.logInteraction = (log) => {
      logged.push(log.taskSid);
    };
    await tick();
    assert.deepEqual(logged, ['WT9']);
    assert.equal(store2.getState().crm.logs['WT9']?.status, 'logged');
    assert.equal(items.get('flex-elements.crm-log:ada'), '[]');
    second.dispose();
  });

  it('fills placeholders, leaves unknown ones visible, and filters', () => {
    const values = { customer: { name: 'Grace Brewster Hopper' }, agent: { name: 'Jane Doe' } };
    assert.equal(fillPlaceholders('Hi {{customer.firstName}}, {{ agent.name }} here. {{oops}}', values), 'Hi Grace, Jane Doe here. {{oops}}');
    const list = [
      { title: 'Reembolso', text: 'Política' },
      { title: 'Hello', text: 'Hi', category: 'Openers' },
    ];
    assert.deepEqual(filterCannedResponses(list, 'reem').map((r) => r.title), ['Reembolso']);
    assert.deepEqual(filterCannedResponses(list, 'open').map((r) => r.title), ['Hello']);
    const canned = new CannedResponses();
    const remove = canned.add([{ title: 'P', text: 'p' }], 'plugin-a');
    assert.equal(canned.list(list).length, 3);
    remove();
    canned.add({ title: 'Q', text: 'q' }, 'plugin-b');
    canned.removeOwner('plugin-b');
    assert.equal(canned.list([]).length, 0);
  });

  it('checks addresses: E.164 for sms/whatsapp (without the library), a real e-mail check', () => {
    assert.deepEqual(checkAddress(undefined, 'sms', '+14155550100', 'US'), { ok: true, address: '+14155550100' });
    assert.deepEqual(checkAddress(undefined, 'whatsapp', 'whatsapp:+14155550100', 'US'), { ok: true, address: '+14155550100' });
    assert.deepEqual(checkAddress(undefined, 'sms', '4155550100', 'US'), { ok: false, problem: 'international-only' });
    assert.deepEqual(checkAddress(undefined, 'sms', 'call me', 'US'), { ok: false, problem: 'invalid' });
    assert.deepEqual(checkAddress(undefined, 'email', 'Ada@Example.com', 'US'), { ok: true, address: 'ada@example.com' });
    for (const bad of ['ada@', 'ada@example', 'a b@example.com', '<a@b.co>']) {
      assert.deepEqual(checkAddress(undefined, 'email', bad, 'US'), { ok: false, problem: 'email' }, bad);
    }
  });
});
