import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floor } from './helpers.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('engine statistics: daily reset', () => {
  it("resets today's figures at the configured reset time in the configured time zone", () => {
    // 06:00 in UTC-5 is 11:00 UTC; the clock starts at 09:00 UTC on 6 January.
    const { engine, clock, sid } = floor({ statistics: { resetTime: '06:00', timeZoneOffsetMinutes: -300 } });
    assert.equal(engine.statisticsResetAt(), Date.UTC(2025, 0, 5, 11));
    const before = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(before)!.sid);
    clock.advance(90 * SECOND);
    engine.completeTask(before);
    // A task accepted before the reset and completed after it.
    const spanning = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    engine.acceptReservation(engine.pendingReservationOf(spanning)!.sid);
    assert.equal(engine.task(spanning)!.workerSid, sid('Bob'));

    clock.advanceTo(Date.UTC(2025, 0, 6, 11) - 10);
    let today = engine.queueStatistics('Sales').today;
    assert.equal(today.tasksEntered, 2);
    assert.equal(today.tasksAccepted, 2);
    assert.equal(today.tasksCompleted, 1);
    assert.equal(today.avgHandleTime, 90);
    assert.equal(engine.workspaceStatistics().today.tasksEntered, 2);

    clock.advance(10);
    assert.equal(engine.statisticsResetAt(), Date.UTC(2025, 0, 6, 11));
    today = engine.queueStatistics('Sales').today;
    assert.equal(today.tasksEntered, 0);
    assert.equal(today.tasksAccepted, 0);
    assert.equal(today.tasksCompleted, 0);
    assert.equal(today.avgHandleTime, 0);
    assert.equal(today.serviceLevelPct, 0);
    assert.equal(engine.workspaceStatistics().today.tasksEntered, 0);
    assert.equal(engine.workspaceStatistics().today.tasksAccepted, 0);

    // After the reset only what happens after it counts: the spanning task's completion, not its entry.
    clock.advance(30 * SECOND);
    engine.completeTask(spanning);
    today = engine.queueStatistics('Sales').today;
    assert.equal(today.tasksEntered, 0);
    assert.equal(today.tasksAccepted, 0);
    assert.equal(today.tasksCompleted, 1);
    assert.equal(today.tasksHandled, 1);
    assert.equal(today.avgHandleTime, 2 * 3600 - 90 + 30);
    assert.equal(engine.workspaceStatistics().today.tasksCompleted, 1);
  });

  it('reads the reset time in its own zone: the same "06:00" in UTC resets five hours earlier', () => {
    const { engine, clock } = floor({ statistics: { resetTime: '06:00' } });
    // 09:00 UTC: today started at 06:00 UTC and the next reset is tomorrow.
    assert.equal(engine.statisticsResetAt(), Date.UTC(2025, 0, 6, 6));
    engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    clock.advanceTo(Date.UTC(2025, 0, 6, 11));
    assert.equal(engine.queueStatistics('Sales').today.tasksEntered, 1);
    clock.advanceTo(Date.UTC(2025, 0, 7, 6) - 10);
    assert.equal(engine.queueStatistics('Sales').today.tasksEntered, 1);
    clock.advance(10);
    assert.equal(engine.queueStatistics('Sales').today.tasksEntered, 0);
    assert.equal(engine.statisticsResetAt(), Date.UTC(2025, 0, 7, 6));
  });

  it('resets every day, also when nothing asks for figures in between', () => {
    // UTC+5:30, reset at midnight local = 18:30 UTC.
    const { engine, clock } = floor({ statistics: { timeZoneOffsetMinutes: 330 } });
    engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    clock.advanceTo(Date.UTC(2025, 0, 7, 18, 30) + 5 * MINUTE);
    engine.createTask({ channel: 'voice', queueSid: 'Support' });
    // Two resets have passed since the first task; only the second task counts.
    assert.equal(engine.statisticsResetAt(), Date.UTC(2025, 0, 7, 18, 30));
    assert.equal(engine.workspaceStatistics().today.tasksEntered, 1);
    assert.equal(engine.queueStatistics('Sales').today.tasksEntered, 0);
    assert.equal(engine.queueStatistics('Support').today.tasksEntered, 1);
  });
});

describe('engine statistics: the sliding 30-minute window', () => {
  it('keeps each entry for exactly 30 minutes, then drops it', () => {
    const { engine, clock } = floor();
    const t0 = clock.now();
    const task = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
    clock.advance(10 * SECOND);
    engine.acceptReservation(engine.pendingReservationOf(task)!.sid);
    clock.advance(60 * SECOND);
    engine.completeTask(task);

    clock.advanceTo(t0 + 30 * MINUTE - 10);
    let window = engine.queueStatistics('Sales').thirtyMinutes;
    assert.equal(window.tasksEntered, 1);
    assert.equal(window.tasksAccepted, 1);
    assert.equal(window.avgWaitTime, 10);
    assert.equal(window.tasksCompleted, 1);

    // The entry into the queue is 30 minutes old: it leaves; the acceptance 10 s later stays.
    clock.advanceTo(t0 + 30 * MINUTE);
    window = engine.queueStatistics('Sales').thirtyMinutes;
    assert.equal(window.tasksEntered, 0);
    assert.equal(window.tasksAccepted, 1);
    assert.equal(window.avgWaitTime, 10);
    assert.equal(engine.workspaceStatistics().thirtyMinutes.tasksEntered, 0);
    assert.equal(engine.workspaceStatistics().thirtyMinutes.tasksAccepted, 1);

    clock.advanceTo(t0 + 30 * MINUTE + 10 * SECOND);
    window = engine.queueStatistics('Sales').thirtyMinutes;
    assert.equal(window.tasksAccepted, 0);
    assert.equal(window.avgWaitTime, 0);
    assert.equal(window.serviceLevelPct, 0);
    assert.equal(window.tasksCompleted, 1);
    assert.equal(window.avgHandleTime, 60);

    clock.advanceTo(t0 + 30 * MINUTE + 70 * SECOND);
    window = engine.queueStatistics('Sales').thirtyMinutes;
    assert.equal(window.tasksCompleted, 0);
    assert.equal(window.avgHandleTime, 0);
    // Today keeps everything.
    const today = engine.queueStatistics('Sales').today;
    assert.equal(today.tasksEntered, 1);
    assert.equal(today.tasksCompleted, 1);
    assert.equal(today.avgHandleTime, 60);
  });

  it('counts exactly the last 30 minutes over thousands of entries', () => {
    const { engine, clock, sid, activity } = floor();
    engine.setWorkerActivity(sid('Ann'), activity('Offline'));
    engine.setWorkerActivity(sid('Bob'), activity('Offline'));
    const n = 2500;
    for (let i = 0; i < n; i++) {
      if (i > 0) clock.advance(SECOND);
      const task = engine.createTask({ channel: 'voice', queueSid: 'Sales' });
      // Waited 0 s: short-abandoned under the 10 s default.
      engine.cancelTask(task);
      if (i % 400 === 0) {
        const window = engine.queueStatistics('Sales').thirtyMinutes;
        assert.equal(window.tasksEntered, Math.min(i + 1, 1800), `after ${i + 1} tasks`);
      }
    }
    // Entries at now - 1800 s or earlier have left: 1800 remain (now - 1799 s … now).
    const window = engine.queueStatistics('Sales').thirtyMinutes;
    assert.equal(window.tasksEntered, 1800);
    assert.equal(window.abandoned, 1800);
    assert.equal(window.shortAbandoned, 1800);
    assert.equal(window.abandonedPct, 100);
    assert.equal(engine.workspaceStatistics().thirtyMinutes.tasksCanceled, 1800);
    assert.equal(engine.queueStatistics('Sales').today.tasksEntered, n);
    clock.advance(30 * MINUTE - SECOND);
    assert.equal(engine.queueStatistics('Sales').thirtyMinutes.tasksEntered, 1);
    clock.advance(SECOND);
    assert.equal(engine.queueStatistics('Sales').thirtyMinutes.tasksEntered, 0);
  });
});
