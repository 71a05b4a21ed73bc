// flex-elements' companion server: the operations of a Flex contact center that need account
// credentials (coach and barge, adding a number to a call, cold transfer to a number, callback
// tasks, the Flex configuration), behind the same access token the browser uses.
// Plain Node (node:http) and the official `twilio` package. See server/README.md.
//
//   node server/index.mjs            (settings from the environment, see settings.mjs)
//
// Or embed it: `const server = createCompanionServer({settings}); http.createServer(server.handler)`.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { bearer, requireRole, verifyAccessToken } from './auth.mjs';
import { corsHeaders, errorBody, HttpError, readJson, sendJson } from './http.mjs';
import { createRouter, REPLY } from './router.mjs';
import builtInRoutes from './routes/index.mjs';
import { authenticateFromProxy, mintAccessToken, workerLookup } from './session.mjs';
import { readSettings } from './settings.mjs';
import { createTwilioClient } from './twilio-client.mjs';

/**
 * @param {object} [options]
 * @param {ReturnType<typeof readSettings>} [options.settings] default: from process.env
 * @param {import('twilio').Twilio} [options.twilio] default: a client for the settings' API key
 * @param {(request) => Promise<{identity: string, role?: string} | undefined>} [options.authenticate] your sign-in (GET /token)
 * @param {(identity: string, role?: string) => Promise<{workerSid: string, role: string} | undefined>} [options.workerFor]
 * @param {object[]} [options.routes] extra routes (same shape as routes/*.mjs), matched before the built-in ones
 * @param {(error: unknown, request) => void} [options.onError] unexpected errors (default: console.error)
 * @param {() => number} [options.now] clock for token expiry (tests)
 */
export function createCompanionServer(options = {}) {
  const settings = options.settings ?? readSettings();
  const twilio = options.twilio ?? createTwilioClient(settings);
  const signIn = {
    authenticate: options.authenticate ?? ((request) => authenticateFromProxy(request)),
    workerFor: options.workerFor ?? workerLookup(settings, twilio),
  };
  const now = options.now ?? Date.now;
  const router = createRouter([...(options.routes ?? []), ...builtInRoutes]);
  const onError = options.onError ?? ((error, request) => console.error(`[companion-server] ${request.method} ${request.url}`, error));

  async function handler(request, response) {
    const cors = corsHeaders(request, settings.allowedOrigins);
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'OPTIONS') return sendJson(response, 204, null, cors);
      const { route, params, allowed } = router.match(request.method ?? 'GET', url.pathname);
      if (!route) {
        if (allowed.length > 0) throw new HttpError('method-not-allowed', `${url.pathname} takes ${allowed.join(', ')}`);
        throw new HttpError('not-found', `No endpoint ${request.method} ${url.pathname}`);
      }
      let user;
      if (route.auth !== 'none') {
        user = verifyAccessToken(bearer(request), settings, now());
        if (route.roles) requireRole(user, route.roles, `${route.method} ${route.path}`);
      }
      // A route with rawBody reads the request itself (TaskRouter's form-encoded event callbacks).
      const body = route.rawBody ? {} : await readJson(request);
      const result = await route.handle({
        request,
        body,
        params,
        query: Object.fromEntries(url.searchParams),
        user,
        settings,
        twilio,
        signIn,
        mint: (input) => mintAccessToken(settings, input),
      });
      if (result && result[REPLY]) return sendJson(response, result.status, result.body, cors);
      return sendJson(response, 200, result ?? null, cors);
    } catch (error) {
      if (error instanceof HttpError) return sendJson(response, error.status, errorBody(error), cors);
      onError(error, request);
      return sendJson(response, 500, { code: 'internal', message: 'The server failed; see its log' }, cors);
    }
  }

  return {
    settings,
    twilio,
    router,
    handler: (request, response) => void handler(request, response),
    /** Listens on settings.port (0: a free one) and resolves with the server and its URL. */
    listen(port = settings.port, host = settings.host) {
      const server = createServer((request, response) => void handler(request, response));
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve({ server, url: `http://${host}:${address.port}` });
        });
      });
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let companion;
  try {
    companion = createCompanionServer();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const { url } = await companion.listen();
  console.log(`Companion server on ${url} (GET /token, GET /config, POST /voice/…, POST /callbacks)`);
}
