import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAccessToken } from '../../../src/backends/twilio/tokens.js';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(taskRouter: Record<string, unknown> | undefined): string {
  const grants = { identity: 'ana@example.com', ...(taskRouter ? { task_router: { workspace_sid: 'WS1', worker_sid: 'WK1', ...taskRouter } } : {}) };
  return [part({ alg: 'HS256', typ: 'JWT' }), part({ sub: 'AC1', exp: 2_000_000_000, grants }), 'signature'].join('.');
}

describe('the access token decides the role (Twilio)', () => {
  it('maps the grant roles Flex uses', () => {
    assert.equal(decodeAccessToken(token({ role: 'worker' })).role, 'agent');
    assert.equal(decodeAccessToken(token({ role: 'supervisor' })).role, 'supervisor');
    assert.equal(decodeAccessToken(token({ role: 'admin' })).role, 'admin');
  });

  it('treats a grant role it does not know as an agent, and names it', () => {
    const claims = decodeAccessToken(token({ role: 'wfo.full_access' }));
    assert.equal(claims.role, 'agent');
    assert.equal(claims.unknownGrantRole, 'wfo.full_access');
  });

  it('treats a grant with no role, or no TaskRouter grant, as an agent', () => {
    assert.equal(decodeAccessToken(token({})).role, 'agent');
    assert.equal(decodeAccessToken(token({})).unknownGrantRole, undefined);
    assert.equal(decodeAccessToken(token(undefined)).role, 'agent');
  });
});
