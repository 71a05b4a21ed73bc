// A reference token server for flex-elements' Twilio backend: copy it and adapt the marked parts.
//
//   GET /token  →  {"token": "<Twilio access token>", "identity": "…", "role": "…"}
//
// It mints one access token with the three grants the backend needs (TaskRouter, Chat for
// Conversations, Voice), using the official `twilio` package, for the person your own login or SSO
// has authenticated. Point the page at it with <flex-provider backend="twilio" token-url="/token">.
//
// Environment (never ship these to a browser):
//   TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET  an API key of your account
//   TWILIO_WORKSPACE_SID                                           your Flex TaskRouter workspace
//   TWILIO_CONVERSATIONS_SERVICE_SID                               your Flex Conversations service
//   TWILIO_TWIML_APP_SID                                           TwiML app for outbound calls
//   TWILIO_SYNC_SERVICE_SID    the Sync service whose live query indexes (tr-worker, tr-task,
//                              tr-reservation) supervisors read: Flex's default Sync service
//   TOKEN_TTL (seconds, default 3600), PORT (default 3001), ALLOWED_ORIGIN (for a page elsewhere)
//   WORKER_DIRECTORY  optional JSON file {"identity": {"workerSid": "WK…", "role": "agent"}}
//
// Run: node demo/server/token-server.mjs
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import twilio from 'twilio';

const env = process.env;
const required = ['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_WORKSPACE_SID'];
const missing = required.filter((name) => !env[name]);
if (missing.length > 0 && import.meta.url === `file://${process.argv[1]}`) {
  console.error(`Set ${missing.join(', ')} (see the comment at the top of this file).`);
  process.exit(1);
}

/**
 * 1. WHO IS SIGNED IN — replace with your own session check.
 *
 * The person must already be authenticated by your application: a session cookie from your own
 * login, or from SSO at your identity provider:
 *   - OIDC (Okta, Entra ID, Auth0, Google…): run the authorization-code flow with your IdP's library
 *     (e.g. `openid-client`), keep the verified ID token's `sub`/`email` in your session, read it here.
 *   - SAML: let your SAML library (e.g. `@node-saml/node-saml`) validate the assertion at your ACS
 *     endpoint, store the NameID and the role attribute in your session, read them here.
 * Return undefined when nobody is signed in: the page then shows a clear signed-out state.
 */
export async function authenticate(request) {
  // Demo only: a header set by a trusted reverse proxy that did the SSO, or a dev fallback.
  const user = request.headers['x-authenticated-user'] ?? env.DEV_IDENTITY;
  if (!user) return undefined;
  return { identity: String(user), role: String(request.headers['x-authenticated-role'] ?? 'agent') };
}

/**
 * 2. WHICH WORKER — the TaskRouter worker for the identity, and the role claim.
 * In Flex the worker's `friendly_name` is the identity; look the sid up with the REST API
 * (client.taskrouter.v1.workspaces(WS).workers.list({friendlyName: identity})) and cache it,
 * or keep a directory. The role goes into the TaskRouter grant (`agent`/`worker`, `supervisor`,
 * `admin`): flex-elements reads it from the token, so the page cannot promote itself.
 */
const directory = env.WORKER_DIRECTORY ? JSON.parse(readFileSync(env.WORKER_DIRECTORY, 'utf8')) : {};
const workerCache = new Map();
export async function workerFor(identity) {
  if (directory[identity]) return directory[identity];
  if (workerCache.has(identity)) return workerCache.get(identity);
  const client = twilio(env.TWILIO_API_KEY_SID, env.TWILIO_API_KEY_SECRET, { accountSid: env.TWILIO_ACCOUNT_SID });
  const [worker] = await client.taskrouter.v1.workspaces(env.TWILIO_WORKSPACE_SID).workers.list({ friendlyName: identity, limit: 1 });
  if (!worker) return undefined;
  const result = { workerSid: worker.sid };
  workerCache.set(identity, result);
  return result;
}

/** 3. THE TOKEN — TaskRouter, Chat (Conversations) and Voice grants (plus Sync for supervisors), short-lived; the page refreshes it. */
export function mint({ identity, workerSid, role }) {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(env.TWILIO_ACCOUNT_SID, env.TWILIO_API_KEY_SID, env.TWILIO_API_KEY_SECRET, {
    identity,
    ttl: Number(env.TOKEN_TTL ?? 3600),
  });
  token.addGrant(new AccessToken.TaskRouterGrant({ workspaceSid: env.TWILIO_WORKSPACE_SID, workerSid, role: role === 'agent' ? 'worker' : role }));
  if (env.TWILIO_CONVERSATIONS_SERVICE_SID) token.addGrant(new AccessToken.ChatGrant({ serviceSid: env.TWILIO_CONVERSATIONS_SERVICE_SID }));
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, ...(env.TWILIO_TWIML_APP_SID ? { outgoingApplicationSid: env.TWILIO_TWIML_APP_SID } : {}) }));
  // Supervisors and admins see every worker and task (Teams View, monitoring) through Sync.
  if (env.TWILIO_SYNC_SERVICE_SID && (role === 'supervisor' || role === 'admin')) token.addGrant(new AccessToken.SyncGrant({ serviceSid: env.TWILIO_SYNC_SERVICE_SID }));
  return token.toJwt();
}

function send(request, response, status, body) {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  if (env.ALLOWED_ORIGIN && request.headers.origin === env.ALLOWED_ORIGIN) {
    Object.assign(headers, { 'Access-Control-Allow-Origin': env.ALLOWED_ORIGIN, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
  }
  response.writeHead(status, headers).end(JSON.stringify(body));
}

export const handler = async (request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (request.method === 'OPTIONS') return send(request, response, 204, null);
  if (url.pathname !== '/token' || request.method !== 'GET') return send(request, response, 404, { error: 'not found' });
  try {
    const user = await authenticate(request);
    if (!user) return send(request, response, 401, { error: 'Not signed in' });
    const worker = await workerFor(user.identity);
    if (!worker) return send(request, response, 403, { error: `No TaskRouter worker for ${user.identity}` });
    const role = worker.role ?? user.role;
    send(request, response, 200, { token: mint({ identity: user.identity, workerSid: worker.workerSid, role }), identity: user.identity, role });
  } catch (error) {
    console.error(error);
    send(request, response, 500, { error: 'Could not mint a token' });
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(env.PORT ?? 3001);
  createServer((request, response) => void handler(request, response)).listen(port, '127.0.0.1', () =>
    console.log(`Token server on http://127.0.0.1:${port}/token`),
  );
}
