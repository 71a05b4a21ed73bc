import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, validateConfig } from '../../../src/engine/config.js';
import { ContactCenterEngine } from '../../../src/engine/engine.js';
import { VirtualClock } from '../../../src/engine/clock.js';

const good = { queues: [{ name: 'Sales', targetWorkers: 'skills HAS "sales"' }] };

function refuses(config: unknown, field: string, value: RegExp): void {
  assert.throws(
    () => validateConfig(config),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.field, field);
      assert.match(error.message, value);
      assert.ok(error.message.includes(field));
      return true;
    },
  );
}

describe('workspace configuration', () => {
  it('accepts a minimal configuration with defaults', () => {
    const config = validateConfig(good);
    assert.deepEqual(
      config.activities.map((a) => a.name),
      ['Available', 'Unavailable', 'Break', 'Offline'],
    );
    assert.equal(config.queues[0].serviceLevelThreshold, 30);
    assert.equal(config.reservationTimeout, 30);
  });

  it('names the field and the value of each fault', () => {
    refuses(
      { queues: [{ name: 'Sales', targetWorkers: 'skills HAS' }] },
      'queues[0].targetWorkers',
      /"skills HAS".*|position 10/,
    );
    refuses({ queues: [] }, 'queues', /at least one/);
    refuses({ queues: [{ name: 'A' }, { name: 'A' }] }, 'queues[1].name', /"A"/);
    refuses({ ...good, reservationTimeout: -5 }, 'reservationTimeout', /-5/);
    refuses({ ...good, channels: [{ name: 'voice', capacity: 'one' }] }, 'channels[0].capacity', /"one"/);
    refuses({ ...good, workers: [{ name: 'Ann', skills: { sales: 11 } }] }, 'workers[0].skills.sales', /11/);
    refuses({ ...good, workers: [{ name: 'Ann', activity: 'Lunch' }] }, 'workers[0].activity', /"Lunch"/);
    refuses(
      { ...good, workflows: [{ name: 'W', filters: [{ expression: 'a ==', targets: [{ queue: 'Sales' }] }] }] },
      'workflows[0].filters[0].expression',
      /"a =="/,
    );
    refuses(
      { ...good, workflows: [{ name: 'W', filters: [{ expression: '1==1', targets: [{ queue: 'Nope' }] }] }] },
      'workflows[0].filters[0].targets[0].queue',
      /"Nope"/,
    );
    refuses({ ...good, statistics: { resetTime: '25:00' } }, 'statistics.resetTime', /"25:00"/);
    refuses({ ...good, colour: 'red' }, 'config.colour', /"red"/);
    refuses({ queues: [{ name: 'Sales', channels: ['fax'] }] }, 'queues[0].channels[0]', /"fax"/);
  });

  it('starts nothing when the configuration is bad', () => {
    const clock = new VirtualClock();
    assert.throws(
      () =>
        new ContactCenterEngine({ queues: [{ name: 'Q', targetWorkers: '(' }], workers: [{ name: 'A' }] }, { clock }),
      ConfigError,
    );
    assert.equal(clock.pending, 0);
  });
});
