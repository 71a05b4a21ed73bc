import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatorBackend } from '../../../src/backends/simulator/index.js';
import { BackendError } from '../../../src/backends/backend.js';
import type { DomainEvent } from '../../../src/core/domain-events.js';
import { FlexError } from '../../../src/core/errors.js';
import { createStore } from '../../../src/core/store.js';

const URL = 'https://config.example/workspace.json';

const WORKSPACE = {
  workspace: { name: 'Acme Insurance' },
  queues: [
    { name: 'Claims', targetWorkers: 'skills HAS "claims" AND level >= 3', serviceLevelThreshold: 45 },
    { name: 'Retention', targetWorkers: 'team == "gold"', channels: ['voice', 'chat'] },
  ],
  workers: [
    { name: 'Ada Claims', skills: { claims: 7 }, attributes: { level: 4 }, activity: 'Available' },
    { name: 'Gus Gold', team: 'gold', activity: 'Break' },
  ],
  statistics: { resetTime: '06:00', timeZoneOffsetMinutes: -300 },
};

const realFetch = globalThis.fetch;
const requested: string[] = [];

/** Answers every fetch with `respond(url)`. */
function stubFetch(respond: (url: string) => Response | Promise<Response>): void {
  globalThis.fetch = async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof Request ? input.url : input.href;
    requested.push(url);
    return respond(url);
  };
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

async function connect(configUrl: string) {
  const backend = createSimulatorBackend();
  const batches: (readonly DomainEvent[])[] = [];
  const store = createStore({ scheduler: () => () => undefined });
  backend.subscribe((events) => {
    batches.push(events);
    store.dispatch(events);
  });
  const connected = backend.connect({
    identity: 'jane.doe@example.com',
    role: 'supervisor',
    options: { traffic: false, autoAdvance: false, seed: 7, startTime: Date.UTC(2025, 0, 6, 10), configUrl },
  });
  return { backend, batches, state: () => store.getState(), connected };
}

/** connect rejects with FlexError `invalid-config` whose message matches every pattern; nothing was published. */
async function refuses(response: () => Response | Promise<Response>, ...patterns: RegExp[]) {
  stubFetch(response);
  const { backend, batches, connected } = await connect(URL);
  await assert.rejects(connected, (error: unknown) => {
    assert.ok(error instanceof FlexError, String(error));
    assert.equal(error.code, 'invalid-config');
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
  assert.equal(batches.length, 0, 'nothing starts half-configured');
  await assert.rejects(backend.execute('setActivity', { activitySid: 'x' }), (error: unknown) => {
    return error instanceof BackendError && error.code === 'not-connected';
  });
  return backend;
}

describe('simulator configUrl', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
    requested.length = 0;
  });

  it('runs the workspace configuration fetched from the URL', async () => {
    stubFetch(() => json(WORKSPACE));
    const { backend, state, connected } = await connect(URL);
    await connected;
    assert.deepEqual(requested, [URL]);
    const s = state();
    assert.deepEqual(
      Object.values(s.queues).map((q) => q.name),
      ['Claims', 'Retention'],
    );
    const claims = Object.values(s.queues).find((q) => q.name === 'Claims')!;
    assert.equal(claims.serviceLevelThreshold, 45);
    const byName = (name: string) => Object.values(s.workers).find((w) => w.name === name)!;
    // The expressions route: Ada (claims, level 4) is in Claims only, Gus (gold) in Retention only.
    assert.deepEqual(byName('Ada Claims').queueSids, [claims.sid]);
    assert.deepEqual(
      byName('Gus Gold').queueSids.map((sid) => s.queues[sid].name),
      ['Retention'],
    );
    assert.equal(s.activities[byName('Gus Gold').activitySid].name, 'Break');
    // The person at the keyboard joins the configured floor.
    assert.equal(s.workers[s.session.workerSid!].name, 'Jane Doe');
    assert.equal(Object.keys(s.workers).length, 3);
    assert.equal(s.workspaceStats!.name, 'Acme Insurance');
    // A chat on Retention's channel reaches Gus once he is available; the configured time zone holds.
    assert.equal(backend.controls.engine.statisticsResetAt(), Date.UTC(2025, 0, 6, 11) - 24 * 3600 * 1000);
    const taskSid = backend.controls.createTask({ channel: 'voice', queueSid: claims.sid });
    assert.equal(state().tasks[taskSid].workerSid, byName('Ada Claims').sid);
    await backend.disconnect();
  });

  it('refuses a response that is not JSON, naming the URL and the fault', async () => {
    await refuses(
      () => new Response('{"queues": [', { status: 200 }),
      /not JSON/,
      new RegExp(URL.replace(/\./g, '\\.')),
    );
  });

  it('refuses a field with a bad value, naming the field and the value', async () => {
    const bad = { ...WORKSPACE, queues: [{ ...WORKSPACE.queues[0], serviceLevelThreshold: -5 }] };
    await refuses(() => json(bad), /queues\[0\]\.serviceLevelThreshold/, /-5/);
    const badWorker = { ...WORKSPACE, workers: [{ name: 'Ada', capacity: { chat: 'lots' } }] };
    await refuses(() => json(badWorker), /workers\[0\]\.capacity\.chat/, /"lots"/);
    await refuses(() => json({ ...WORKSPACE, statistics: { resetTime: '25:00' } }), /statistics\.resetTime/, /"25:00"/);
  });

  it('refuses a malformed target expression, naming the field and the position', async () => {
    const bad = {
      ...WORKSPACE,
      queues: [WORKSPACE.queues[0], { name: 'Retention', targetWorkers: 'team == "gold" AND' }],
    };
    await refuses(() => json(bad), /queues\[1\]\.targetWorkers/, /ended at position 18/, /"team == \\"gold\\" AND"/);
  });

  it('refuses a 404 clearly, then connects once the URL serves a good configuration', async () => {
    const backend = await refuses(() => new Response('Not Found', { status: 404 }), /HTTP 404/, /Could not fetch/);
    stubFetch(() => json(WORKSPACE));
    await backend.connect({
      identity: 'jane.doe@example.com',
      role: 'agent',
      options: { traffic: false, autoAdvance: false, configUrl: URL },
    });
    assert.deepEqual(
      backend.controls.engine.listQueues().map((q) => q.name),
      ['Claims', 'Retention'],
    );
    await backend.disconnect();
  });

  it('refuses when the fetch itself fails, naming the URL', async () => {
    await refuses(
      () => Promise.reject(new TypeError('fetch failed')),
      /Could not fetch the workspace configuration from https:\/\/config\.example/,
      /fetch failed/,
    );
  });
});
