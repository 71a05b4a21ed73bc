import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Actions } from '../../../src/core/actions.js';
import type { Role } from '../../../src/core/model.js';
import { registerRoleActions, Views } from '../../../src/core/roles.js';

function setup(role: Role) {
  const state = { role };
  const actions = new Actions(() => state.role);
  const views = new Views();
  registerRoleActions(actions, views, () => state.role);
  return { actions, views, state };
}

const allowed = async (role: Role) => {
  const { actions } = setup(role);
  const result: string[] = [];
  for (const view of ['agent-desktop', 'teams', 'queues', 'insights', 'admin']) {
    if (await actions.invoke('NavigateToView', { viewName: view }).then(() => true, () => false)) result.push(view);
  }
  return result;
};

describe('NavigateToView role gates', () => {
  it('agent → agent-desktop, insights (their own); supervisor → + teams, queues; admin → everything', async () => {
    assert.deepEqual(await allowed('agent'), ['agent-desktop', 'insights']);
    assert.deepEqual(await allowed('supervisor'), ['agent-desktop', 'teams', 'queues', 'insights']);
    assert.deepEqual(await allowed('admin'), ['agent-desktop', 'teams', 'queues', 'insights', 'admin']);
  });

  it('rejects with a reason naming the role and the roles needed, and leaves the view unchanged', async () => {
    const { actions, views } = setup('supervisor');
    await assert.rejects(actions.invoke('NavigateToView', { viewName: 'admin' }), {
      code: 'forbidden',
      message: 'The supervisor role may not open the "admin" view; it needs admin.',
    });
    assert.equal(views.current, 'agent-desktop');
  });

  it('gates plugin views by their roles, and removes them with their owner', async () => {
    const { actions, views, state } = setup('agent');
    views.add({ id: 'reports', label: 'Reports', roles: ['supervisor', 'admin'], owner: 'reports-plugin' });
    await assert.rejects(actions.invoke('NavigateToView', { viewName: 'reports' }), { code: 'forbidden' });
    state.role = 'admin';
    await actions.invoke('NavigateToView', { viewName: 'reports' });
    assert.equal(views.current, 'reports');
    views.removeOwner('reports-plugin');
    assert.equal(views.current, 'agent-desktop');
    await assert.rejects(actions.invoke('NavigateToView', { viewName: 'reports' }), { code: 'unknown-view' });
  });
});
