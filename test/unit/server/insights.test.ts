// The companion server's Insights: TaskRouter events from the emulator (its EventCallbackUrl,
// form-encoded and signed as Twilio does) → /insights/events → SQLite (and PostgreSQL when
// INSIGHTS_TEST_POSTGRES names one, as .ci/run does) → the /insights/* queries with token and role
// checks → the same dashboard the browser's aggregation computes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCompanionServer } from '../../../server/index.mjs';
import { insightsRoutes } from '../../../server/insights/routes.mjs';
import { openInsightsStore, type InsightsStore } from '../../../server/insights/store.mjs';
import { aggregate, dashboardFromSums } from '../../../src/core/insights/aggregate.js';
import { InteractionTable } from '../../../src/core/insights/table.js';
import { DEFAULT_THRESHOLDS, type InteractionRow } from '../../../src/core/insights/types.js';
import type { ActivityChange } from '../../../src/core/insights/fold.js';
import { generateHistory } from '../../../src/backends/simulator/insights-history.js';
import { EMULATOR_AUTH_TOKEN, startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';
import { serverSettings } from './harness.js';
import { Actions } from '../../../src/core/actions.js';
import { defaultConfig } from '../../../src/core/config.js';
import { registerInsightsActions } from '../../../src/core/insights/actions.js';
import { createStore } from '../../../src/core/store.js';
import type { Backend } from '../../../src/backends/backend.js';
import type { ConversationPage, Dashboard, Evaluation, InteractionDetail } from '../../../src/core/insights/types.js';
import type { Role } from '../../../src/core/model.js';

const POSTGRES = process.env['INSIGHTS_TEST_POSTGRES'];
const databases: { name: string; open: () => Promise<InsightsStore> }[] = [
  { name: 'SQLite', open: () => openInsightsStore({ sqlite: ':memory:' }) },
  ...(POSTGRES ? [{ name: 'PostgreSQL', open: () => openInsightsStore({ postgres: POSTGRES, reset: true }) }] : []),
];
if (!POSTGRES) console.log('# insights server: PostgreSQL skipped (set INSIGHTS_TEST_POSTGRES=postgres://… to run it; .ci/run does)');

for (const database of databases) {
  describe(`companion server Insights on ${database.name}: emulator → server → database → queries`, () => {
    let emulator: Emulator;
    let store: InsightsStore;
    let url: string;
    let close: () => Promise<void>;
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(url + path, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) };
    };

    before(async () => {
      emulator = await startEmulator({ reservationTimeout: 120 });
      store = await database.open();
      // Twilio signs for the URL it was given: the server needs its public address to check.
      let publicUrl = '';
      const companion = createCompanionServer({
        settings: serverSettings(emulator),
        routes: insightsRoutes({ store, eventsKey: 'test-key', authToken: EMULATOR_AUTH_TOKEN, get publicUrl() { return publicUrl; } }),
        onError: () => {},
      });
      const { server, url: address } = await companion.listen(0);
      url = publicUrl = address;
      emulator.eventCallbacks.url = `${url}/insights/events?key=test-key`;
      close = async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await emulator.close();
        await store.close();
      };
    });
    after(async () => close());

    it('stores what TaskRouter posts and answers dashboards, conversations and evaluations by role', async () => {
      const engine = emulator.engine;
      const agentToken = emulator.token('ava@example.com');
      const otherToken = emulator.token('ben@example.com');
      const supervisorToken = emulator.token('sue@example.com', { role: 'supervisor' });
      const ava = engine.workerByIdentity('ava@example.com')!.sid;
      const ben = engine.workerByIdentity('ben@example.com')!.sid;
      engine.setWorkerActivity(ava, 'Available');
      const from = Date.now() - 60_000;
      const queue = engine.listQueues().find((q) => q.channels.includes('voice'))!;
      // Flex keeps the wrap-up disposition in the task's attributes (conversations.outcome).
      const handled = engine.createTask({ channel: 'voice', queueSid: queue.sid, attributes: { name: 'Carla Ortiz', from: '+15550101', conversations: { outcome: 'Resolved' } } });
      const reservation = engine.pendingReservationOf(handled)!;
      engine.acceptReservation(reservation.sid);
      engine.wrapupTask(handled);
      engine.completeTask(handled);
      engine.setWorkerActivity(ava, 'Offline');
      const abandoned = engine.createTask({ channel: 'voice', queueSid: queue.sid, attributes: { name: 'Dan' } });
      engine.cancelTask(abandoned);
      await emulator.eventCallbacks.flush();
      assert.equal(emulator.eventCallbacks.failed, 0);
      assert.ok(emulator.eventCallbacks.posted >= 8, `posted ${emulator.eventCallbacks.posted}`);

      const period = { from, to: Date.now() + 60_000 };
      const sup = await call('POST', '/insights/dashboard', supervisorToken, period);
      assert.equal(sup.status, 200, JSON.stringify(sup.body));
      const dashboard = dashboardFromSums(sup.body.query, sup.body, { now: Date.now(), queueNames: new Map(), agentNames: new Map() });
      assert.equal(dashboard.totals.entered, 2);
      assert.equal(dashboard.totals.handled, 1);
      assert.equal(dashboard.totals.abandoned, 1);
      assert.equal(dashboard.queues.reduce((n, q) => n + q.figures.handled, 0), 1);
      assert.deepEqual(dashboard.agents.map((a) => a.workerSid), [ava]);
      assert.equal(dashboard.totals.fcrPct, 100);

      const conversations = await call('POST', '/insights/conversations', supervisorToken, period);
      assert.equal(conversations.body.total, 2);
      const row = conversations.body.rows.find((r: InteractionRow) => r.id === handled);
      assert.equal(row.customer, 'Carla Ortiz');
      assert.equal(row.queueName, queue.name);
      assert.ok(row.agentName);

      // An agent sees only their own, and is refused another agent's figures and evaluating.
      const mine = await call('POST', '/insights/conversations', agentToken, period);
      assert.deepEqual(mine.body.rows.map((r: InteractionRow) => r.id), [handled]);
      const theirs = await call('POST', '/insights/conversations', otherToken, period);
      assert.equal(theirs.body.total, 0);
      assert.equal((await call('POST', '/insights/dashboard', otherToken, { ...period, workerSid: ava })).status, 403);
      assert.equal((await call('GET', `/insights/interactions/${handled}`, otherToken)).status, 403);
      const refused = await call('PUT', `/insights/evaluations/${handled}`, agentToken, { answers: { tone: 5 }, comment: '', score: 100 });
      assert.deepEqual([refused.status, refused.body.code], [403, 'forbidden']);
      assert.equal((await call('POST', '/insights/dashboard', undefined, period)).status, 401);
      assert.equal((await call('POST', '/insights/dashboard', supervisorToken, { from: 5, to: 1 })).body.code, 'invalid-input');

      const saved = await call('PUT', `/insights/evaluations/${handled}`, supervisorToken, { answers: { tone: 5 }, comment: 'Good call', score: 87.5 });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual([saved.body.evaluator, saved.body.agent, saved.body.score], ['sue@example.com', ava, 87.5]);
      const edited = await call('PUT', `/insights/evaluations/${handled}`, supervisorToken, { answers: { tone: 4 }, comment: 'Good call', score: 80 });
      assert.equal(edited.body.createdAt, saved.body.createdAt);
      const seen = await call('POST', '/insights/evaluations/query', agentToken, {});
      assert.deepEqual(seen.body.evaluations.map((e: { score: number; comment: string }) => [e.score, e.comment]), [[80, 'Good call']]);
      assert.equal((await call('POST', '/insights/evaluations/query', otherToken, {})).body.evaluations.length, 0);
      assert.equal((await call('POST', '/insights/evaluations/query', otherToken, { workerSid: ava })).status, 403);
      const detail = await call('GET', `/insights/interactions/${handled}`, agentToken);
      assert.equal(detail.body.row.score, 80);
      void ben;
    });

    it('feeds the Insights actions (what <flex-insights> invokes) on a Twilio session, with its token and role', async () => {
      const session = (identity: string, role: Role) => {
        const token = emulator.token(identity, { role });
        const workerSid = emulator.engine.workerByIdentity(identity)!.sid;
        const store = createStore({ scheduler: () => () => undefined });
        store.dispatch([{ type: 'session', workerSid, identity, role, workspaceSid: emulator.engine.workspaceSid }]);
        const actions = new Actions(() => role);
        const backend = { name: 'twilio' } as unknown as Backend;
        registerInsightsActions(actions, store, backend, () => defaultConfig, () => Date.now(), () => ({ url, token: async () => token }));
        return { actions, workerSid };
      };
      const period = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
      const sue = session('sue@example.com', 'supervisor');
      const dashboard = await sue.actions.invoke<Dashboard>('LoadInsightsDashboard', period);
      assert.equal(dashboard.totals.handled, 1);
      const page = await sue.actions.invoke<ConversationPage>('LoadConversations', period);
      const handled = page.rows.find((r) => r.handled)!;
      const detail = await sue.actions.invoke<InteractionDetail>('LoadInteraction', { interactionId: handled.id });
      assert.deepEqual(detail.timeline.map((s) => s.kind), ['created', 'talk', 'wrapup', 'completed']);
      const saved = await sue.actions.invoke<Evaluation>('SaveEvaluation', {
        interactionId: handled.id,
        answers: { greeting: 'yes', understanding: 5, resolution: 'Resolved', tone: 5 },
        comment: 'Through the server',
      });
      assert.equal(saved.score, 100);
      const rows: unknown[] = [];
      for await (const chunk of await sue.actions.invoke<AsyncIterable<unknown[]>>('ExportInteractions', { ...period, pageSize: 1 })) rows.push(...chunk);
      assert.equal(rows.length, 2);
      const ava = session('ava@example.com', 'agent');
      const mine = await ava.actions.invoke<Evaluation[]>('LoadEvaluations', {});
      assert.ok(mine.some((e) => e.comment === 'Through the server' && e.score === 100));
      await assert.rejects(ava.actions.invoke('SaveEvaluation', { interactionId: handled.id, answers: {}, comment: '' }), (e: { code: string }) => e.code === 'forbidden');
      const ben = session('ben@example.com', 'agent');
      await assert.rejects(ben.actions.invoke('LoadInteraction', { interactionId: handled.id }), (e: { code: string }) => e.code === 'forbidden');
    });

    it('refuses events without the key or with a wrong X-Twilio-Signature, and stores a retried event once', async () => {
      const body = new URLSearchParams({ EventType: 'worker.activity.update', Sid: 'EV1', WorkerSid: 'WK1', WorkerActivityName: 'Available', TimestampMs: '1000' });
      const post = (path: string, signature = 'nope') =>
        fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature }, body });
      assert.equal((await post('/insights/events')).status, 401);
      assert.equal((await post('/insights/events?key=wrong')).status, 401);
      assert.equal((await post('/insights/events?key=test-key')).status, 401, 'bad signature');
    });

    it('answers the same dashboard as the browser aggregation over a generated month', async () => {
      const rows: InteractionRow[] = [];
      const activity: ActivityChange[] = [];
      const end = Date.UTC(2024, 5, 14, 15);
      generateHistory(
        { seed: 5, days: 30, end, queues: [{ sid: 'WQs', channels: ['voice', 'chat'] }, { sid: 'WQb', channels: ['voice', 'email'] }], agents: ['WKa', 'WKb', 'WKc', 'WKd'], customers: ['Ana', 'Bo'] },
        (r) => rows.push({ ...r, id: `h-${r.id}` }),
        (c) => activity.push(c),
      );
      await store.importRows(rows);
      await store.importActivity(activity);
      const table = new InteractionTable();
      for (const r of rows) table.append(r);
      for (const c of activity) table.appendActivity(c);
      const names = { now: end, queueNames: new Map([['WQs', 'Sales'], ['WQb', 'Billing']]), agentNames: new Map() };
      for (const query of [
        { from: end - 30 * 86_400_000, to: end },
        { from: end - 7 * 86_400_000, to: end, queueSid: 'WQs' },
        { from: end - 3 * 86_400_000, to: end - 86_400_000, channel: 'voice', workerSid: 'WKb' },
      ]) {
        const sums = await store.dashboardSums(query, DEFAULT_THRESHOLDS);
        const fromDb = dashboardFromSums(query, { ...sums, evaluations: [] }, names);
        const inMemory = aggregate(table, query, DEFAULT_THRESHOLDS, names);
        assert.deepEqual(fromDb.totals, inMemory.totals);
        assert.deepEqual(fromDb.byDay, inMemory.byDay);
        assert.deepEqual(fromDb.byHour, inMemory.byHour);
        const byQueue = (d: typeof inMemory) => Object.fromEntries(d.queues.map((q) => [q.queueSid, q.figures]));
        assert.deepEqual(byQueue(fromDb), byQueue(inMemory));
        const byAgent = (d: typeof inMemory) => Object.fromEntries(d.agents.map((a) => [a.workerSid, [a.figures, a.occupancyPct, a.utilisationPct]]));
        assert.deepEqual(byAgent(fromDb), byAgent(inMemory));
      }
    });
  });
}
