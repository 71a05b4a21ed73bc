import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Actions } from '../../../src/core/actions.js';
import { FlexError } from '../../../src/core/errors.js';
import type { Role } from '../../../src/core/model.js';

function setup(role: Role = 'agent') {
  const actions = new Actions(() => role);
  const calls: unknown[] = [];
  actions.register('Greet', { run: (p: { name: string }) => (calls.push(p), `hello ${p.name}`) });
  actions.register('Fire', { roles: ['supervisor', 'admin'], run: () => 'fired' });
  return { actions, calls };
}

const code = (error: unknown) => (error as FlexError).code;

describe('Actions', () => {
  it('rejects an unknown action with an error naming it', async () => {
    const { actions } = setup();
    await assert.rejects(actions.invoke('NoSuchThing'), (e) => code(e) === 'unknown-action' && /NoSuchThing/.test((e as Error).message));
  });

  it('resolves with the implementation result', async () => {
    const { actions } = setup();
    assert.equal(await actions.invoke('Greet', { name: 'Ana' }), 'hello Ana');
  });

  it('lets a before-listener change the payload', async () => {
    const { actions, calls } = setup();
    actions.addListener('before', 'Greet', (p: { name: string }) => ({ name: p.name.toUpperCase() }));
    assert.equal(await actions.invoke('Greet', { name: 'ana' }), 'hello ANA');
    assert.deepEqual(calls, [{ name: 'ANA' }]);
  });

  it('lets a before-listener abort with a reason, and nothing runs', async () => {
    const { actions, calls } = setup();
    const after: unknown[] = [];
    actions.addListener('before', 'Greet', (_p, abort) => abort('not now'));
    actions.addListener('after', 'Greet', (p) => void after.push(p));
    await assert.rejects(actions.invoke('Greet', { name: 'x' }), (e) => code(e) === 'aborted' && /not now/.test((e as Error).message));
    assert.deepEqual(calls, []);
    assert.deepEqual(after, []);
  });

  it('runs after-listeners with the payload and result; one that throws is reported, not fatal', async () => {
    const { actions } = setup();
    const seen: unknown[] = [];
    const reported: string[] = [];
    actions.onListenerError = (error, name) => reported.push(`${name}: ${error.message}`);
    actions.addListener('after', 'Greet', () => {
      throw new Error('crm down');
    });
    actions.addListener('after', 'Greet', (p, r) => void seen.push([p, r]));
    assert.equal(await actions.invoke('Greet', { name: 'Bo' }), 'hello Bo');
    assert.deepEqual(seen, [[{ name: 'Bo' }, 'hello Bo']]);
    assert.deepEqual(reported, ['Greet: crm down']);
  });

  it('removes a listener with the function addListener returns', async () => {
    const { actions } = setup();
    const off = actions.addListener('before', 'Greet', (_p, abort) => abort());
    off();
    assert.equal(await actions.invoke('Greet', { name: 'Cy' }), 'hello Cy');
  });

  it('replaces an implementation, which may call the original; restore undoes it', async () => {
    const { actions } = setup();
    const restore = actions.replace('Greet', async (p: { name: string }, original) => `${String(await original(p))}!`);
    assert.equal(await actions.invoke('Greet', { name: 'Di' }), 'hello Di!');
    restore();
    assert.equal(await actions.invoke('Greet', { name: 'Di' }), 'hello Di');
  });

  it('refuses an action the role may not invoke, with a clear reason', async () => {
    const { actions } = setup('agent');
    assert.equal(actions.allowed('Fire'), false);
    await assert.rejects(actions.invoke('Fire'), (e) => code(e) === 'forbidden' && /supervisor or admin/.test((e as Error).message));
    const sup = setup('supervisor').actions;
    assert.equal(await sup.invoke('Fire'), 'fired');
  });

  it('keeps listeners added before the action is registered', async () => {
    const actions = new Actions(() => 'agent');
    actions.addListener('before', 'Later', () => ({ n: 2 }));
    actions.register('Later', { run: (p: { n: number }) => p.n * 10 });
    assert.equal(await actions.invoke('Later', { n: 1 }), 20);
  });

  it('refuses a duplicate registration and a bad listener kind', () => {
    const { actions } = setup();
    assert.throws(() => actions.register('Greet', { run: () => 1 }), /already registered/);
    assert.throws(() => actions.addListener('during' as 'before', 'Greet', () => {}), /before.*after/);
  });
});
