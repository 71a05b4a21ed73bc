import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import twilio from 'twilio';
import { mintToken, TEST_ACCOUNT } from '../../../tools/twilio-emulator/tokens.js';
import { PAGE_ORIGIN, startHarness, type Harness } from './harness.js';

describe('companion server: sign-in, the caller token, errors, CORS, GET /config (against the emulator)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('GET /token mints a token for the signed-in person and their worker, with the role in the TaskRouter grant', async () => {
    const sid = h.emulator.ensureWorker('tess@example.com');
    const { status, body } = await h.call('GET', '/token', { headers: { 'X-Authenticated-User': 'tess@example.com', 'X-Authenticated-Role': 'supervisor' } });
    assert.equal(status, 200);
    assert.deepEqual([body.identity, body.role], ['tess@example.com', 'supervisor']);
    const claims = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString('utf8'));
    assert.deepEqual(claims.grants.task_router, { workspace_sid: h.emulator.engine.workspaceSid, worker_sid: sid, role: 'supervisor' });
    assert.ok(claims.grants.data_sync, 'a supervisor gets the Sync grant');
    // The token works where the browser uses it: TaskRouter's EventBridge accepts it.
    const check = await fetch(h.emulator.backendOptions.ebServer, {
      method: 'POST',
      body: JSON.stringify({ url: `Workspaces/${h.emulator.engine.workspaceSid}/Workers/${sid}`, method: 'GET', params: {}, token: body.token }),
    });
    assert.equal(check.status, 200);
  });

  it('GET /token: not signed in → 401; no worker for the identity → 403; both as {code, message}', async () => {
    const nobody = await h.call('GET', '/token');
    assert.equal(nobody.status, 401);
    assert.equal(nobody.body.code, 'unauthorized');
    const stranger = await h.call('GET', '/token', { headers: { 'X-Authenticated-User': 'nobody@example.com' } });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.code, 'forbidden');
    assert.match(stranger.body.message, /nobody@example\.com/);
  });

  it('an agent reads the Flex configuration through the `twilio` package: outbound flow, recording, hold music, ui_attributes', async () => {
    const token = h.token('ada@example.com');
    const { status, body } = await h.call('GET', '/config', { token });
    assert.equal(status, 200);
    const flow = h.emulator.flexConfiguration['outbound_call_flows'].default;
    assert.deepEqual(body, {
      outbound: { enabled: true, workflowSid: flow.workflow_sid, queueSid: flow.queue_sid, callerId: '+18005550100' },
      holdMusicUrl: null,
      recording: { enabled: false, required: false },
      uiAttributes: {},
    });
    const requests = h.emulator.rest.requests.filter((r) => r.path === '/flex-api/v1/Configuration');
    assert.equal(requests.length, 1);
  });

  it('refuses a missing, malformed, forged, expired or foreign token with 401 {code: unauthorized}', async () => {
    const forged = mintToken({ identity: 'ada@example.com', workspaceSid: h.emulator.engine.workspaceSid, workerSid: 'WK1', account: { ...TEST_ACCOUNT, apiKeySecret: 'not-our-secret' } });
    const expired = (() => {
      const { AccessToken } = twilio.jwt;
      const t = new AccessToken(TEST_ACCOUNT.accountSid, TEST_ACCOUNT.apiKeySid, TEST_ACCOUNT.apiKeySecret, { identity: 'ada@example.com', ttl: 60 });
      t.addGrant(new AccessToken.TaskRouterGrant({ workspaceSid: h.emulator.engine.workspaceSid, workerSid: 'WK1', role: 'worker' }));
      // Sign it as if issued two hours ago.
      const realNow = Date.now;
      Date.now = () => realNow() - 7_200_000;
      try {
        return t.toJwt();
      } finally {
        Date.now = realNow;
      }
    })();
    const otherAccount = mintToken({
      identity: 'ada@example.com',
      workspaceSid: h.emulator.engine.workspaceSid,
      workerSid: 'WK1',
      account: { ...TEST_ACCOUNT, accountSid: 'AC' + '9'.repeat(32) },
    });
    for (const [what, headers, why] of [
      ['none', {}, /Bearer/],
      ['not bearer', { Authorization: 'Basic abc' }, /Bearer/],
      ['malformed', { Authorization: 'Bearer abc.def' }, /malformed/],
      ['a Flex JWE', { Authorization: 'Bearer a.b.c.d.e' }, /Flex sign-in tokens/],
      ['forged', { Authorization: `Bearer ${forged}` }, /signature/],
      ['expired', { Authorization: `Bearer ${expired}` }, /expired/],
      ['another account', { Authorization: `Bearer ${otherAccount}` }, /another account/],
    ] as const) {
      const { status, body } = await h.call('GET', '/config', { headers });
      assert.equal(status, 401, what);
      assert.equal(body.code, 'unauthorized', what);
      assert.match(body.message, why, what);
    }
  });

  it('unknown paths, wrong methods and bad bodies get 4xx {code, message}', async () => {
    const token = h.token('ada@example.com');
    const missing = await h.call('GET', '/nope', { token });
    assert.deepEqual([missing.status, missing.body.code], [404, 'not-found']);
    const method = await h.call('POST', '/config', { token });
    assert.deepEqual([method.status, method.body.code], [405, 'method-not-allowed']);
  });

  it('CORS: the configured origin gets the headers (and a preflight), another origin none', async () => {
    const token = h.token('ada@example.com');
    const ok = await h.call('GET', '/config', { token, headers: { Origin: PAGE_ORIGIN } });
    assert.equal(ok.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    const preflight = await fetch(h.url + '/voice/participant', {
      method: 'OPTIONS',
      headers: { Origin: PAGE_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const other = await h.call('GET', '/config', { token, headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('a Twilio failure is a 5xx/4xx {code} the page can show, not a crash: the emulator refusing the server key → upstream-error', async () => {
    const bad = await startHarness({ emulator: h.emulator, settings: { apiKeySecret: TEST_ACCOUNT.apiKeySecret, apiKeySid: 'SK' + '7'.repeat(32) } });
    try {
      // The token is checked against the server's own key, so mint one for it.
      const token = mintToken({ identity: 'ada@example.com', workspaceSid: h.emulator.engine.workspaceSid, workerSid: 'WK1', account: { ...TEST_ACCOUNT, apiKeySid: 'SK' + '7'.repeat(32) } });
      const { status, body } = await bad.call('GET', '/config', { token });
      assert.equal(status, 502);
      assert.equal(body.code, 'upstream-error');
    } finally {
      await bad.close();
    }
  });
});
