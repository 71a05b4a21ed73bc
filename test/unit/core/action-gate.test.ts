import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectSimulator } from '../simulator/connect.js';
import { BackendError } from '../../../src/backends/backend.js';
import { ACTION_PAYLOADS, checkPayload, sid, type FlexActions, type PayloadOf } from '../../../src/core/action-payloads.js';
import { Actions } from '../../../src/core/actions.js';
import { registerBuiltinActions } from '../../../src/core/builtin-actions.js';
import { registerChannelActions } from '../../../src/core/channel-actions.js';
import { registerInsightsActions } from '../../../src/core/insights/actions.js';
import { registerCrmActions } from '../../../src/core/crm/actions.js';
import { CrmHooks } from '../../../src/core/crm/hooks.js';
import { installInteractionLog } from '../../../src/core/crm/interaction-log.js';
import { deepMerge, defaultConfig, type DeepPartial, type FlexConfig } from '../../../src/core/config.js';
import { FlexError } from '../../../src/core/errors.js';
import type { Role } from '../../../src/core/model.js';
import { isSupervisorRole, registerRoleActions, SUPERVISOR_ROLES, Views } from '../../../src/core/roles.js';
import { registerTabActions } from '../../../src/core/tabs/actions.js';

async function gate(options: { role?: Role; config?: DeepPartial<FlexConfig>; floor?: boolean } = {}) {
  const role = options.role ?? 'agent';
  const { backend, store } = await connectSimulator({ traffic: options.floor === true, agents: 6 }, role);
  // Other agents on the floor, but no synthetic customers.
  if (options.floor) backend.controls.setTraffic(false);
  const config = deepMerge(defaultConfig, options.config ?? {});
  const actions = new Actions(() => role);
  registerBuiltinActions(actions, store, backend, () => config);
  registerChannelActions(actions, store, backend, () => config);
  registerInsightsActions(actions, store, backend, () => config, () => backend.controls.now());
  registerRoleActions(actions, new Views(), () => role);
  const dispatch = (event: Parameters<typeof store.dispatch>[0]) => store.dispatch(event);
  const log = installInteractionLog({ store, hooks: new CrmHooks(), dispatch, emit: () => undefined, identity: 'sam.lee', config: () => config.crm });
  registerCrmActions({ actions, store, backend, dispatch, config: () => config, log });
  registerTabActions(actions, () => undefined);
  const state = () => store.getState();
  const engine = backend.controls.engine;
  /** Another worker of the simulated floor, and their activity's name now. */
  const other = () => engine.listWorkers().find((w) => w.sid !== state().session.workerSid)!.sid;
  const activityOf = (workerSid: string) => engine.activity(engine.worker(workerSid)!.activitySid)!.name;
  await actions.invoke('SetActivity', { activityName: 'Available' });
  /** A task of the person's on `channel`, accepted and selected; wrapping when `wrap`. */
  const task = async (channel: 'chat' | 'voice', wrap = false) => {
    const taskSid = backend.controls.createTask({ channel });
    await actions.invoke('AcceptTask', { taskSid });
    await actions.invoke('SelectTask', { taskSid });
    if (wrap) {
      if (channel === 'voice') await actions.invoke('HangupCall', { taskSid });
      if (state().tasks[taskSid].status === 'assigned') await actions.invoke('WrapupTask', { taskSid });
    }
    return taskSid;
  };
  return { actions, backend, state, task, config, other, activityOf };
}

const refused = (code: string, message?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof FlexError, `a FlexError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  if (message) assert.match(error.message, message);
  return true;
};

describe('the action gate: payload checks', () => {
  it('defaults a missing payload or taskSid to the selected task, as Flex does', async () => {
    const { actions, state, task } = await gate();
    const taskSid = await task('chat', true);
    assert.equal(state().tasks[taskSid].status, 'wrapping');
    await actions.invoke('CompleteTask');
    assert.equal(state().tasks[taskSid].status, 'completed');
  });

  it('refuses wrong-typed payloads and fields with invalid-payload, and nothing changes', async () => {
    const { actions, state, task } = await gate();
    const taskSid = await task('voice');
    const callSid = state().tasks[taskSid].callSid!;
    const wrong: [string, unknown, RegExp][] = [
      ['CompleteTask', 5, /CompleteTask takes a payload object \(or none\), not number 5/],
      ['CompleteTask', null, /not null/],
      ['CompleteTask', 'WT1', /not "WT1"/],
      ['CompleteTask', { taskSid: null }, /taskSid must be a non-empty string, not null/],
      ['CompleteTask', { taskSid: 42 }, /taskSid must be a non-empty string, not number 42/],
      ['CompleteTask', { taskSid: '' }, /taskSid must be a non-empty string/],
      ['CompleteTask', { disposition: 7 }, /disposition must be a string/],
      ['HoldCall', { hold: 'yes' }, /HoldCall does not take "hold"; it takes taskSid/],
      ['HoldCall', { taskSid: [taskSid] }, /not a list/],
      ['ToggleMute', { muted: 'true' }, /muted must be true or false/],
      ['TransferTask', { to: 'WK1', mode: 'lukewarm' }, /mode must be "warm" or "cold"/],
      ['SendDTMFDigits', { digits: 5 }, /digits must be a non-empty string/],
      ['SendDTMFDigits', {}, /SendDTMFDigits needs digits/],
      ['HoldParticipant', { participantSid: {} }, /participantSid must be a non-empty string, not an object/],
      ['SetActivity', { activityName: 3 }, /activityName must be/],
      ['SetActivity', { rejectPendingReservations: 1 }, /rejectPendingReservations must be true or false/],
      ['LoadMessages', { pageSize: 0 }, /pageSize must be an integer of 1 or more/],
      ['MarkMessagesRead', { index: -1 }, /index must be an integer of 0 or more/],
      ['StartOutboundCall', { to: 15551234 }, /to must be a non-empty string/],
      ['NavigateToView', { viewName: 1 }, /viewName must be/],
    ];
    for (const [name, payload, message] of wrong) {
      await assert.rejects(actions.invoke(name, payload), refused('invalid-payload', message), `${name} ${JSON.stringify(payload)}`);
    }
    assert.equal(state().tasks[taskSid].status, 'assigned');
    assert.equal(state().calls[callSid].onHold, false);
    assert.equal(state().calls[callSid].muted, false);
  });

  it('checks the payload again after the before-listeners, before the implementation', async () => {
    const { actions, state, task } = await gate();
    const taskSid = await task('chat', true);
    const off = actions.addListener('before', 'CompleteTask', () => ({ taskSid: 42 }) as never);
    await assert.rejects(actions.invoke('CompleteTask', { taskSid }), refused('invalid-payload', /taskSid/));
    off();
    assert.equal(state().tasks[taskSid].status, 'wrapping');
  });

  it('has one table entry for every registered built-in action', async () => {
    const { actions } = await gate();
    const names = [...actions.names].sort();
    assert.deepEqual(Object.keys(ACTION_PAYLOADS).sort(), names);
    // The type is derived from the table: a required field is required in both.
    const digits: PayloadOf<typeof ACTION_PAYLOADS.SendDTMFDigits> = { digits: '1' };
    const complete: FlexActions['CompleteTask'] = undefined;
    assert.deepEqual([digits, complete], [{ digits: '1' }, undefined]);
  });

  it("checks a plugin's own action against the shape it registers; unknown names stay untyped", async () => {
    const actions = new Actions(() => 'agent');
    actions.register('OpenCrmRecord', { payload: { crmId: sid.required }, run: (p: { crmId: string }) => p.crmId });
    assert.equal(await actions.invoke('OpenCrmRecord', { crmId: 'C-42' }), 'C-42');
    await assert.rejects(actions.invoke('OpenCrmRecord', { crmId: 42 }), refused('invalid-payload', /crmId/));
    actions.register('Loose', { run: (p: unknown) => p });
    assert.deepEqual(await actions.invoke('Loose', { anything: 1 }), { anything: 1 });
    assert.throws(() => checkPayload('X', {}, { extra: 1 }), refused('invalid-payload', /takes no fields/));
  });
});

describe('the action gate: wrap-up requires a disposition (wrapup.requireDisposition)', () => {
  it('refuses CompleteTask without one, whoever invokes it, and a replacement cannot skip it', async () => {
    const { actions, state, task } = await gate({ config: { wrapup: { requireDisposition: true } } });
    const taskSid = await task('chat', true);
    await assert.rejects(actions.invoke('CompleteTask', { taskSid }), refused('disposition-required', /disposition/));
    await assert.rejects(actions.invoke('CompleteTask', { taskSid, disposition: '  ' }), refused('disposition-required'));
    const restore = actions.replace('CompleteTask', (p, original) => original(p));
    await assert.rejects(actions.invoke('CompleteTask'), refused('disposition-required'));
    restore();
    assert.equal(state().tasks[taskSid].status, 'wrapping');
    await actions.invoke('CompleteTask', { taskSid, disposition: 'Resolved' });
    assert.equal(state().tasks[taskSid].status, 'completed');
  });

  it('accepts the disposition given to WrapupTask; off by default', async () => {
    const { actions, state, task } = await gate({ config: { wrapup: { requireDisposition: true } } });
    const taskSid = await task('chat');
    await actions.invoke('WrapupTask', { taskSid, disposition: 'Escalated' });
    await actions.invoke('CompleteTask', { taskSid });
    assert.equal(state().tasks[taskSid].status, 'completed');
    const other = await gate();
    const free = await other.task('chat', true);
    await other.actions.invoke('CompleteTask', { taskSid: free });
    assert.equal(other.state().tasks[free].status, 'completed');
  });
});

describe('the action gate: SendMessage', () => {
  const file = (name: string, size: number) => ({ name, size, contentType: 'text/plain' });

  it('refuses bad attachments and bodies with invalid-payload, and stores no message', async () => {
    const { actions, state, task } = await gate({ config: { chat: { attachments: { maxFiles: 2, maxFileSize: 100 } } } });
    const taskSid = await task('chat');
    const conversationSid = state().tasks[taskSid].conversationSid!;
    const before = state().messages[conversationSid].length;
    const bad: [unknown, RegExp][] = [
      [{ body: 'x', attachments: [null] }, /attachments\[0\] is not an object/],
      [{ body: 'x', attachments: [{}] }, /attachments\[0\] has no name/],
      [{ body: 'x', attachments: [{ name: 'a.txt', size: '5', contentType: 'text/plain' }] }, /has no size/],
      [{ body: 'x', attachments: [{ name: 'a.txt', size: 5 }] }, /has no contentType/],
      [{ body: 'x', attachments: [{ ...file('a.txt', 5), url: 5 }] }, /url that is not a string/],
      [{ body: 'x', attachments: 'a.txt' }, /must be a list of attachments/],
      [{ attachments: [file('a', 1), file('b', 1), file('c', 1)] }, /at most 2 attachments; this one has 3/],
      [{ attachments: [file('big.bin', 101)] }, /"big.bin" is 101 bytes; an attachment can be at most 100/],
      [{ body: 42 }, /body must be a string, not number 42/],
      [{ body: { text: 'hi' } }, /body must be a string/],
      [{ body: '   ' }, /the message is empty/],
      [{}, /the message is empty/],
    ];
    for (const [payload, message] of bad) {
      await assert.rejects(actions.invoke('SendMessage', { taskSid, ...(payload as object) }), refused('invalid-payload', message));
    }
    assert.equal(state().messages[conversationSid].length, before);
    await actions.invoke('SendMessage', { taskSid, body: 'ok', attachments: [file('a.txt', 100), file('b.txt', 1)] });
    const sent = state().messages[conversationSid].at(-1)!;
    assert.equal(sent.body, 'ok');
    assert.equal(sent.attachments?.length, 2);
  });

  it('refuses attachments when chat.attachments is off', async () => {
    const { actions, state, task } = await gate({ config: { chat: { attachments: { enabled: false } } } });
    const taskSid = await task('chat');
    const conversationSid = state().tasks[taskSid].conversationSid!;
    const before = state().messages[conversationSid].length;
    await assert.rejects(
      actions.invoke('SendMessage', { body: 'hi', attachments: [file('a.txt', 1)] }),
      refused('invalid-payload', /turned off/),
    );
    assert.equal(state().messages[conversationSid].length, before);
  });
});

describe('the action gate: whose activity', () => {
  it("refuses an agent's SetActivity for another worker with forbidden; the activities stay", async () => {
    const { actions, state, other, activityOf } = await gate({ floor: true });
    const me = state().session.workerSid!;
    const them = other();
    const before = activityOf(them);
    await assert.rejects(
      actions.invoke('SetActivity', { workerSid: them, activityName: 'Offline' }),
      refused('forbidden', /own activity.*SetWorkerActivity/),
    );
    assert.equal(activityOf(me), 'Available');
    assert.equal(activityOf(them), before);
    // Their own sid is fine.
    await actions.invoke('SetActivity', { workerSid: me, activityName: 'Offline' });
    assert.equal(activityOf(me), 'Offline');
  });

  it("lets a supervisor's SetActivity name another worker (as SetWorkerActivity does)", async () => {
    const { actions, state, other, activityOf } = await gate({ role: 'supervisor', floor: true });
    const them = other();
    const target = activityOf(them) === 'Offline' ? 'Available' : 'Offline';
    await actions.invoke('SetActivity', { workerSid: them, activityName: target });
    assert.equal(activityOf(them), target);
    assert.equal(activityOf(state().session.workerSid!), 'Available');
  });

  it('the simulator refuses a foreign workerSid for an agent too', async () => {
    const { backend, state, other, activityOf } = await gate({ floor: true });
    const them = other();
    const before = activityOf(them);
    const offline = Object.values(state().activities).find((a) => a.name === 'Offline')!.sid;
    await assert.rejects(
      backend.execute('setActivity', { workerSid: them, activitySid: offline }),
      (e: unknown) => e instanceof BackendError && e.code === 'forbidden',
    );
    assert.equal(activityOf(them), before);
  });
});

describe('the action gate: who supervises', () => {
  it('isSupervisorRole is the one rule', () => {
    assert.deepEqual(
      ['agent', 'supervisor', 'admin', undefined, null, 'Supervisor'].map((r) => isSupervisorRole(r)),
      [false, true, true, false, false, false],
    );
    assert.deepEqual(SUPERVISOR_ROLES, ['supervisor', 'admin']);
  });
});
