import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serverVersionStore } from '../../../src/core/version-actions.js';
import { startHarness, type Harness } from './harness.js';

describe('companion server: the version policy in the service configuration (against the emulator)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.emulator.flexConfiguration['ui_attributes'] = { colorTheme: { baseName: 'FlexDark' } };
  });
  after(async () => {
    await h.close();
  });

  it('an admin pins a minor: ui_attributes gets `version`, keeps the rest, and config-url readers see it', async () => {
    const token = h.token('ada@example.com', 'admin');
    const saved = await h.call('PUT', '/config/version', { token, body: { mode: 'pinned', pinned: '1.4' } });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body, { version: { mode: 'pinned', pinned: '1.4' } });
    assert.deepEqual(h.emulator.flexConfiguration['ui_attributes'], { colorTheme: { baseName: 'FlexDark' }, version: { mode: 'pinned', pinned: '1.4' } });
    // What <flex-provider config-url> and cdn/loader.js's data-config-url read: no bearer token.
    const ui = await h.call('GET', '/config/ui-attributes');
    assert.equal(ui.status, 200);
    assert.deepEqual(ui.body.version, { mode: 'pinned', pinned: '1.4' });
  });

  it('only admins, and only a valid policy', async () => {
    for (const role of ['agent', 'supervisor']) {
      const refused = await h.call('PUT', '/config/version', { token: h.token(`${role}@example.com`, role === 'agent' ? undefined : role), body: { mode: 'follow-minor' } });
      assert.equal(refused.status, 403, role);
      assert.equal(refused.body.code, 'forbidden');
    }
    const admin = h.token('ada@example.com', 'admin');
    for (const body of [{ mode: 'latest' }, { mode: 'pinned' }, { mode: 'pinned', pinned: '^1.4' }, { mode: 'follow-minor', extra: 1 }]) {
      const bad = await h.call('PUT', '/config/version', { token: admin, body });
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.body.code, 'invalid-input');
    }
    assert.equal((await h.call('PUT', '/config/version', { body: { mode: 'follow-minor' } })).status, 401);
  });

  it("SetVersionPolicy's server store writes through it with the session's token, and reports refusals", async () => {
    const store = serverVersionStore(h.url, () => Promise.resolve(h.token('ada@example.com', 'admin')));
    await store.save({ mode: 'follow-minor' });
    assert.deepEqual(await store.read(), { mode: 'follow-minor' });
    const agent = serverVersionStore(h.url, () => Promise.resolve(h.token('tom@example.com')));
    await assert.rejects(agent.save({ mode: 'pinned', pinned: '1.4' }), (error: { code: string; message: string }) => {
      assert.equal(error.code, 'forbidden');
      assert.match(error.message, /The version could not be saved/);
      return true;
    });
    const nowhere = serverVersionStore('http://127.0.0.1:9/', () => Promise.resolve('x'));
    await assert.rejects(nowhere.save({ mode: 'follow-minor' }), { code: 'server-unreachable' });
  });
});
