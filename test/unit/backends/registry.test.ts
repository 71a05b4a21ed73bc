import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBackend, registerBackend, twilioFactory, TWILIO_SDKS } from '../../../src/backends/registry.js';
import { FlexError } from '../../../src/core/errors.js';

describe('backend="twilio" without the Twilio SDKs', () => {
  it('rejects connect with backend-unavailable, the install command and the cause', async () => {
    const missing = Object.assign(new Error("Cannot find package 'twilio-taskrouter' imported from backend.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    registerBackend('twilio-without-sdks', twilioFactory(() => Promise.reject(missing)));
    const backend = await createBackend('twilio-without-sdks');
    const error = await backend.connect({} as never).then(
      () => assert.fail('connect resolved'),
      (rejection: unknown) => rejection,
    );
    assert.ok(error instanceof FlexError);
    assert.equal(error.code, 'backend-unavailable');
    assert.equal(error.recoverable, false);
    assert.match(error.message, /^backend="twilio" needs the Twilio SDKs: npm install /);
    for (const sdk of TWILIO_SDKS) assert.ok(error.message.includes(sdk), sdk);
    assert.ok(error.message.includes("Cannot find package 'twilio-taskrouter'"));
    assert.equal(error.cause, missing);
  });

  it('leaves a backend that loads untouched', async () => {
    const created = { name: 'twilio' };
    const factory = twilioFactory(() => Promise.resolve({ createTwilioBackend: () => created } as never));
    assert.equal(await factory(), created);
  });
});
