import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectSimulator } from '../simulator/connect.js';
import { Actions } from '../../../src/core/actions.js';
import { registerBuiltinActions } from '../../../src/core/builtin-actions.js';
import { defaultConfig } from '../../../src/core/config.js';
import { FlexError } from '../../../src/core/errors.js';
import { registerInsightsActions } from '../../../src/core/insights/actions.js';
import { periodRange } from '../../../src/core/insights/period.js';
import type { ConversationPage, Dashboard, Evaluation, InsightsDirectory, InteractionDetail } from '../../../src/core/insights/types.js';
import type { Role } from '../../../src/core/model.js';
import { generateHistory } from '../../../src/backends/simulator/insights-history.js';
import type { InteractionRow } from '../../../src/core/insights/types.js';

const START = Date.UTC(2025, 0, 6, 10);

async function insights(role: Role, options: Record<string, unknown> = {}) {
  // Other agents on the floor (traffic on at the start), but no synthetic customers.
  const sim = await connectSimulator({ agents: 8, historyDays: 14, traffic: true, ...options }, role);
  sim.backend.controls.setTraffic(false);
  const actions = new Actions(() => role);
  registerBuiltinActions(actions, sim.store, sim.backend, () => defaultConfig);
  registerInsightsActions(actions, sim.store, sim.backend, () => defaultConfig, () => sim.backend.controls.now());
  const last30 = periodRange('last30', sim.backend.controls.now())!;
  return { ...sim, actions, last30 };
}

function history(days: number, seed = 3) {
  const rows: InteractionRow[] = [];
  generateHistory(
    { seed, days, end: START, queues: [{ sid: 'WQ1', channels: ['voice', 'chat'] }, { sid: 'WQ2', channels: ['voice', 'email'] }], agents: ['WK1', 'WK2', 'WK3'], customers: ['Ana', 'Bo'] },
    (row) => rows.push(row),
    () => undefined,
  );
  return rows;
}

describe('simulator Insights', () => {
  it('generates the same past for a seed, each day the same whatever the number of days', () => {
    const a = history(7);
    assert.deepEqual(history(7), a);
    assert.notDeepEqual(history(7, 4), a);
    const longer = history(20);
    const cut = START - 7 * 86_400_000 - 86_400_000;
    assert.deepEqual(
      longer.filter((r) => r.createdAt >= cut + 86_400_000).map((r) => r.id).slice(-50),
      a.filter((r) => r.createdAt >= cut + 86_400_000).map((r) => r.id).slice(-50),
    );
    assert.ok(a.every((r) => r.endedAt < START), 'history ends before the session');
  });

  it('has daily and weekly patterns: busier at 10:00 than at 20:00, and on weekdays than at weekends', () => {
    const rows = history(28);
    const at = (hour: number) => rows.filter((r) => new Date(r.createdAt).getHours() === hour).length;
    assert.ok(at(10) > at(20) * 1.5, `10:00 ${at(10)} vs 20:00 ${at(20)}`);
    const weekend = rows.filter((r) => [0, 6].includes(new Date(r.createdAt).getDay())).length / 8;
    const weekday = rows.filter((r) => ![0, 6].includes(new Date(r.createdAt).getDay())).length / 20;
    assert.ok(weekday > weekend * 2, `weekday ${weekday} vs weekend ${weekend}`);
    assert.ok(rows.some((r) => r.abandoned) && rows.some((r) => r.holdMs > 0) && rows.some((r) => r.transfers > 0));
  });

  it('gives a supervisor 30 days of dashboards whose queues add up, and no history with historyDays 0', async () => {
    const { actions, last30, backend } = await insights('supervisor');
    const dashboard = await actions.invoke<Dashboard>('LoadInsightsDashboard', last30);
    assert.ok(dashboard.totals.handled > 100, `handled ${dashboard.totals.handled}`);
    assert.equal(dashboard.queues.reduce((n, q) => n + q.figures.handled, 0), dashboard.totals.handled);
    assert.equal(dashboard.byDay.length, 30);
    assert.ok(dashboard.agents.length >= 8);
    await backend.disconnect();
    const none = await insights('supervisor', { historyDays: 0 });
    const empty = await none.actions.invoke<Dashboard>('LoadInsightsDashboard', none.last30);
    assert.equal(empty.totals.entered, 0);
    await none.backend.disconnect();
  });

  it('continues the past with the live session: a task the person handles is in the figures with its disposition', async () => {
    const { actions, last30, backend, state } = await insights('supervisor', { historyDays: 0, agents: 1 });
    await actions.invoke('SetActivity', { activityName: 'Available' });
    const taskSid = backend.controls.createTask({ channel: 'voice' });
    backend.controls.advance(4000);
    await actions.invoke('AcceptTask', { taskSid });
    backend.controls.advance(30_000);
    await actions.invoke('HoldCall', { taskSid });
    backend.controls.advance(10_000);
    await actions.invoke('UnholdCall', { taskSid });
    backend.controls.advance(60_000);
    await actions.invoke('HangupCall', { taskSid });
    backend.controls.advance(15_000);
    await actions.invoke('CompleteTask', { taskSid, disposition: 'Resolved', notes: 'All good' });
    const dashboard = await actions.invoke<Dashboard>('LoadInsightsDashboard', last30);
    assert.equal(dashboard.totals.handled, 1);
    assert.equal(dashboard.totals.fcrPct, 100);
    assert.equal(dashboard.totals.avgHold, 10);
    const page = await actions.invoke<ConversationPage>('LoadConversations', last30);
    assert.equal(page.rows[0].id, taskSid);
    assert.equal(page.rows[0].agentName, state().workers[state().session.workerSid!].name);
    const detail = await actions.invoke<InteractionDetail>('LoadInteraction', { interactionId: taskSid });
    assert.deepEqual(detail.timeline.map((s) => s.kind), ['created', 'talk', 'hold', 'resume', 'wrapup', 'completed']);
    assert.match(detail.timeline.at(-1)!.text ?? '', /Resolved — All good/);
    await backend.disconnect();
  });

  it('lets a supervisor save and edit an evaluation, scored by the questionnaire, and the agent see it', async () => {
    const sup = await insights('supervisor');
    const me = sup.state().session.workerSid!;
    const page = await sup.actions.invoke<ConversationPage>('LoadConversations', { ...sup.last30, workerSid: me, limit: 5 });
    const interactionId = page.rows[0].id;
    const answers = { greeting: 'yes', understanding: 5, resolution: 'Resolved', tone: 3 };
    const saved = await sup.actions.invoke<Evaluation>('SaveEvaluation', { interactionId, answers, comment: 'Nice' });
    assert.equal(saved.score, 87.5);
    assert.equal(saved.agent, me);
    const edited = await sup.actions.invoke<Evaluation>('SaveEvaluation', { interactionId, answers: { ...answers, tone: 5 }, comment: 'Great' });
    assert.equal(edited.score, 100);
    assert.equal(edited.createdAt, saved.createdAt);
    await assert.rejects(sup.actions.invoke('SaveEvaluation', { interactionId, answers: { greeting: 'yes' } }), (e: FlexError) => e.code === 'invalid-payload');
    await assert.rejects(sup.actions.invoke('SaveEvaluation', { interactionId, answers: { ...answers, bogus: 1 } }), (e: FlexError) => e.code === 'invalid-payload');
    const list = await sup.actions.invoke<Evaluation[]>('LoadEvaluations', { workerSid: me });
    assert.equal(list.length, 1);
    const dashboard = await sup.actions.invoke<Dashboard>('LoadInsightsDashboard', { ...sup.last30, workerSid: me });
    assert.equal(dashboard.agents[0].averageScore, 100);
    await sup.backend.disconnect();
  });

  it('never gives an agent another agent’s data, and refuses their SaveEvaluation (forbidden)', async () => {
    const agent = await insights('agent');
    const me = agent.state().session.workerSid!;
    const other = agent.backend.controls.engine.listWorkers().find((w) => w.sid !== me)!.sid;
    const dashboard = await agent.actions.invoke<Dashboard>('LoadInsightsDashboard', agent.last30);
    assert.deepEqual(dashboard.agents.map((a) => a.workerSid), [me]);
    const page = await agent.actions.invoke<ConversationPage>('LoadConversations', { ...agent.last30, limit: 500 });
    assert.ok(page.total > 0 && page.rows.every((r) => r.workerSid === me));
    await assert.rejects(agent.actions.invoke('LoadInsightsDashboard', { ...agent.last30, workerSid: other }), (e: FlexError) => e.code === 'forbidden');
    await assert.rejects(agent.actions.invoke('LoadEvaluations', { workerSid: other }), (e: FlexError) => e.code === 'forbidden');
    const directory = await agent.actions.invoke<InsightsDirectory>('LoadInsightsDirectory');
    assert.deepEqual(directory.agents.map((a) => a.sid), [me]);
    await assert.rejects(
      agent.actions.invoke('SaveEvaluation', { interactionId: page.rows[0].id, answers: {}, comment: '' }),
      (e: FlexError) => e.code === 'forbidden',
    );
    // Even past the action gate, the port answers for the session's own role.
    const source = await (agent.backend as unknown as { insights(s: unknown): Promise<{ saveEvaluation(i: unknown): Promise<unknown> }> }).insights({ role: 'admin', identity: 'x' });
    await assert.rejects(source.saveEvaluation({ interactionId: page.rows[0].id, answers: {}, comment: '', score: 0, evaluator: 'x', at: 0 }), (e: FlexError) => e.code === 'forbidden');
    await agent.backend.disconnect();
  });
});
