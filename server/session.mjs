// Sign-in: who is the person asking for a token, which TaskRouter worker they are, and the token.
// These three functions are the parts you replace; createCompanionServer() takes your own
// `authenticate` and `workerFor` as options.
import { readFileSync } from 'node:fs';
import twilio from 'twilio';
import { normalizeRole } from './auth.mjs';
import { callTwilio } from './twilio-client.mjs';

/**
 * 1. WHO IS SIGNED IN: replace with your own session check.
 *
 * The person must already be authenticated by your application: a session cookie from your own
 * login, or from SSO at your identity provider:
 *   - OIDC (Okta, Entra ID, Auth0, Google…): run the authorization-code flow with your IdP's library
 *     (e.g. `openid-client`), keep the verified ID token's `sub`/`email` in your session, read it here.
 *   - SAML: let your SAML library (e.g. `@node-saml/node-saml`) validate the assertion at your ACS
 *     endpoint, store the NameID and the role attribute in your session, read them here.
 * Return undefined when nobody is signed in: GET /token answers 401 and the page shows a signed-out state.
 *
 * This default trusts a header set by a reverse proxy that did the SSO (`X-Authenticated-User`,
 * `X-Authenticated-Role`), or DEV_IDENTITY. Never expose it without such a proxy in front.
 * @returns {Promise<{identity: string, role?: string} | undefined>}
 */
export async function authenticateFromProxy(request, env = process.env) {
  const user = request.headers['x-authenticated-user'] ?? env.DEV_IDENTITY;
  if (!user) return undefined;
  const role = request.headers['x-authenticated-role'];
  return { identity: String(user), ...(role ? { role: String(role) } : {}) };
}

/**
 * 2. WHICH WORKER: the TaskRouter worker for the identity (in Flex its `friendly_name` is the
 * identity), from WORKER_DIRECTORY when given, else looked up with the REST API and cached. The
 * role is the directory's, else your sign-in's, else the worker's `roles` attribute (Flex writes
 * it from the SSO), else agent.
 * @returns {(identity: string, signedInRole?: string) => Promise<{workerSid: string, role: string} | undefined>}
 */
export function workerLookup(settings, client) {
  const directory = settings.workerDirectory ? JSON.parse(readFileSync(settings.workerDirectory, 'utf8')) : {};
  const cache = new Map();
  return async (identity, signedInRole) => {
    const listed = directory[identity];
    if (listed) return { workerSid: listed.workerSid, role: normalizeRole(listed.role ?? signedInRole) ?? 'agent' };
    let worker = cache.get(identity);
    if (!worker) {
      const [found] = await callTwilio('Looking up the TaskRouter worker', () =>
        client.taskrouter.v1.workspaces(settings.workspaceSid).workers.list({ friendlyName: identity, limit: 1 }),
      );
      if (!found) return undefined;
      let roles = [];
      try {
        const attributes = JSON.parse(found.attributes || '{}');
        if (Array.isArray(attributes.roles)) roles = attributes.roles;
      } catch {
        // Attributes that are not JSON name no role.
      }
      worker = { workerSid: found.sid, attributeRole: roles.includes('admin') ? 'admin' : roles.includes('supervisor') ? 'supervisor' : undefined };
      cache.set(identity, worker);
    }
    return { workerSid: worker.workerSid, role: normalizeRole(signedInRole ?? worker.attributeRole) ?? 'agent' };
  };
}

/**
 * 3. THE TOKEN: TaskRouter (with the role), Chat (Conversations) and Voice grants, plus Sync for
 * supervisors and admins (Teams View reads Flex's live query indexes). Short-lived: the page
 * refreshes it through GET /token.
 */
export function mintAccessToken(settings, { identity, workerSid, role }) {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(settings.accountSid, settings.apiKeySid, settings.apiKeySecret, { identity, ttl: settings.tokenTtl });
  token.addGrant(new AccessToken.TaskRouterGrant({ workspaceSid: settings.workspaceSid, workerSid, role: role === 'agent' ? 'worker' : role }));
  if (settings.conversationsServiceSid) token.addGrant(new AccessToken.ChatGrant({ serviceSid: settings.conversationsServiceSid }));
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, ...(settings.twimlAppSid ? { outgoingApplicationSid: settings.twimlAppSid } : {}) }));
  if (settings.syncServiceSid && (role === 'supervisor' || role === 'admin')) token.addGrant(new AccessToken.SyncGrant({ serviceSid: settings.syncServiceSid }));
  return token.toJwt();
}
