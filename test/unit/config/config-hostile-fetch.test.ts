import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchServiceConfig, SERVICE_CONFIG_TIMEOUT_MS } from '../../../src/core/service-config.js';
import { FlexError } from '../../../src/core/errors.js';

const URL = 'https://crm.example.com/flex/ui-attributes.json';

/** A fetch that answers with this body and status. */
function answering(body: string, status = 200, statusText = 'OK'): typeof fetch {
  return async () => new Response(body, { status, statusText });
}

/** A fetch that never answers (and ignores its signal, the worst case). */
const never: typeof fetch = () => new Promise<Response>(() => {});

function assertProblem(result: { value?: unknown; problem?: FlexError }, message: string): void {
  assert.equal(result.value, undefined);
  assert.ok(result.problem instanceof FlexError);
  assert.equal(result.problem.code, 'config-fetch-failed');
  assert.equal(result.problem.recoverable, true);
  assert.equal(result.problem.message, message);
}

describe('hostile config 9: fetchServiceConfig', () => {
  it('gives the parsed object', async () => {
    assert.deepEqual(await fetchServiceConfig(URL, { fetch: answering('{"notifications": {"mode": "always"}}') }), {
      value: { notifications: { mode: 'always' } },
    });
  });

  it('gives nothing without a URL', async () => {
    assert.deepEqual(await fetchServiceConfig('', { fetch: never }), {});
  });

  it('gives up on a config-url that never answers, naming the timeout', async () => {
    const started = Date.now();
    const result = await fetchServiceConfig(URL, { fetch: never, timeoutMs: 50 });
    assert.ok(Date.now() - started < 2000);
    assertProblem(result, `The configuration at config-url "${URL}" could not be loaded (timed out after 0.05 s); using the defaults and appConfig.`);
  });

  it('aborts the request it gave up on', async () => {
    let signal: AbortSignal | undefined;
    const listening: typeof fetch = (_input, init) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => {});
    };
    await fetchServiceConfig(URL, { fetch: listening, timeoutMs: 20 });
    assert.equal(signal?.aborted, true);
  });

  it('gives up on a body that never ends', async () => {
    const stalled: typeof fetch = async () => new Response(new ReadableStream({ start() {} }));
    const result = await fetchServiceConfig(URL, { fetch: stalled, timeoutMs: 1500 });
    assert.match(result.problem?.message ?? '', /\(timed out after 1\.5 s\)/);
  });

  it('defaults to 10 s', () => {
    assert.equal(SERVICE_CONFIG_TIMEOUT_MS, 10_000);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetchServiceConfig(URL, { fetch: never, signal: controller.signal });
    controller.abort();
    assertProblem(await pending, `The configuration at config-url "${URL}" could not be loaded (the request was aborted); using the defaults and appConfig.`);
  });

  it('names the HTTP status', async () => {
    assertProblem(
      await fetchServiceConfig(URL, { fetch: answering('nope', 404, 'Not Found') }),
      `The configuration at config-url "${URL}" could not be loaded (HTTP 404 Not Found); using the defaults and appConfig.`,
    );
  });

  it('says when the body is not JSON', async () => {
    assertProblem(
      await fetchServiceConfig(URL, { fetch: answering('<html>') }),
      `The configuration at config-url "${URL}" could not be loaded (the response is not valid JSON); using the defaults and appConfig.`,
    );
  });

  it('says when the request fails', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    assertProblem(
      await fetchServiceConfig(URL, { fetch: offline }),
      `The configuration at config-url "${URL}" could not be loaded (the request failed: Failed to fetch); using the defaults and appConfig.`,
    );
  });

  for (const [body, got] of [
    ['null', 'null'],
    ['42', 'a number'],
    ['[1, 2]', 'a list'],
    ['"config"', 'a string'],
    ['true', 'a boolean'],
  ]) {
    it(`refuses JSON ${body}: the configuration must be an object`, async () => {
      assertProblem(
        await fetchServiceConfig(URL, { fetch: answering(body) }),
        `The configuration at config-url "${URL}" must be a JSON object, got ${got}; using the defaults and appConfig.`,
      );
    });
  }
});
