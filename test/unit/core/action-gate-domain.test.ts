import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customerOf as engineCustomerOf } from '../../../src/engine/engine.js';
import { customerOf as feedCustomerOf } from '../../../src/backends/twilio/workspace-feed.js';
import {
  customerFromAttributes,
  formatDuration,
  isActiveCallStatus,
  isMessagingChannel,
  MESSAGING_CHANNELS,
} from '../../../src/core/domain.js';

describe('core/domain: one rule each', () => {
  it('reads the customer the same way in the engine and the Twilio feed, the richer rule', () => {
    const cases: [Record<string, unknown>, object][] = [
      [{ name: 'Ann Lee', from: '+14155550100', email: 'ann@example.com', crmId: 'C-1' }, { name: 'Ann Lee', phone: '+14155550100', email: 'ann@example.com', crmId: 'C-1' }],
      [{ customerName: 'Bo', phone: '+14155550101' }, { name: 'Bo', phone: '+14155550101' }],
      // A chat's `from` is an identity, not a phone: it names the customer but is no number.
      [{ from: 'customer-42' }, { name: 'customer-42' }],
      [{ from: 'whatsapp:+14155550102' }, { name: '+14155550102', phone: '+14155550102' }],
      [{ email: 'cy@example.com' }, { name: 'cy@example.com', email: 'cy@example.com' }],
      [{ name: 42, from: '', email: '  ' }, { name: 'Customer' }],
      [{}, { name: 'Customer' }],
    ];
    for (const [attributes, customer] of cases) {
      assert.deepEqual(customerFromAttributes(attributes), customer, JSON.stringify(attributes));
      assert.deepEqual(engineCustomerOf(attributes), customer);
      assert.deepEqual(feedCustomerOf(attributes), customer);
    }
    assert.deepEqual(customerFromAttributes('{"name":"Di"}'), { name: 'Di' });
    assert.deepEqual(customerFromAttributes('not json'), { name: 'Customer' });
  });

  it('formats durations the Flex way: 05:07, 1:05:07', () => {
    assert.deepEqual(
      [0, 7, 307, 3599, 3600, 3907, 36000 + 61, -5, Number.NaN, 59.9].map(formatDuration),
      ['00:00', '00:07', '05:07', '59:59', '1:00:00', '1:05:07', '10:01:01', '00:00', '00:00', '00:59'],
    );
  });

  it('knows active calls and messaging channels', () => {
    assert.deepEqual(['connecting', 'ringing', 'in-progress', 'completed', 'failed', undefined].map(isActiveCallStatus), [true, true, true, false, false, false]);
    assert.deepEqual(['chat', 'sms', 'whatsapp', 'email', 'messenger', 'voice', undefined].map(isMessagingChannel), [true, true, true, true, true, false, false]);
    assert.equal(MESSAGING_CHANNELS.size, 5);
  });
});
