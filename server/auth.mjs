// Who is calling: the caller sends the same Twilio access token the page uses
// (`Authorization: Bearer <token>`). We check that we signed it (HS256 with our API key secret),
// that it is for our account and not expired, and read identity and role from its TaskRouter
// grant, the same place the browser reads them. The page therefore cannot promote itself.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http.mjs';

/** The roles a route can require. TaskRouter grants say `worker` for an agent. */
export const ROLES = ['agent', 'supervisor', 'admin'];

export function normalizeRole(role) {
  if (role === 'worker' || role === 'agent' || role === undefined || role === null || role === '') return 'agent';
  return ROLES.includes(role) ? role : undefined;
}

const b64url = (buffer) => buffer.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

function decodePart(part) {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Verifies an access token minted with our API key.
 * @param {string} token
 * @param {{accountSid: string, apiKeySid: string, apiKeySecret: string, workspaceSid?: string}} settings
 * @param {number} [now] ms
 * @returns {{identity: string, role: 'agent'|'supervisor'|'admin', workerSid: string, workspaceSid: string, expiresAt: number}}
 */
export function verifyAccessToken(token, settings, now = Date.now()) {
  const unauthorized = (message) => new HttpError('unauthorized', message);
  const parts = typeof token === 'string' ? token.split('.') : [];
  // Flex's own sign-in tokens are encrypted (JWE, five parts): only Twilio can read them.
  if (parts.length === 5) throw unauthorized('This server accepts access tokens minted with its API key, not Flex sign-in tokens (see server/README.md)');
  if (parts.length !== 3) throw unauthorized('The access token is malformed');
  const [header, payload, signature] = parts;
  const head = decodePart(header);
  if (!head || head.alg !== 'HS256') throw unauthorized('The access token is not an HS256 Twilio access token');
  const expected = Buffer.from(b64url(createHmac('sha256', settings.apiKeySecret).update(`${header}.${payload}`).digest()));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw unauthorized('The access token signature is invalid');
  const claims = decodePart(payload);
  if (!claims || typeof claims !== 'object') throw unauthorized('The access token is malformed');
  if (claims.iss !== settings.apiKeySid || claims.sub !== settings.accountSid) throw unauthorized('The access token is for another account or API key');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw unauthorized('The access token has expired');
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > now + 60_000) throw unauthorized('The access token is not valid yet');
  const grant = claims.grants?.task_router;
  if (!grant || typeof grant.worker_sid !== 'string') throw new HttpError('forbidden', 'The access token has no TaskRouter grant');
  if (settings.workspaceSid && grant.workspace_sid !== settings.workspaceSid) throw new HttpError('forbidden', 'The access token is for another TaskRouter workspace');
  const role = normalizeRole(grant.role);
  if (!role) throw new HttpError('forbidden', `Unknown role ${JSON.stringify(grant.role)} in the access token`);
  const identity = claims.grants?.identity;
  if (typeof identity !== 'string' || identity === '') throw unauthorized('The access token has no identity');
  return { identity, role, workerSid: grant.worker_sid, workspaceSid: grant.workspace_sid, expiresAt: claims.exp * 1000 };
}

/** The bearer token of a request, or an `unauthorized` error. */
export function bearer(request) {
  const header = String(request.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError('unauthorized', 'Send the access token as Authorization: Bearer <token>');
  return match[1];
}

/** Throws `forbidden` unless the caller has one of the roles. */
export function requireRole(user, roles, what = 'this') {
  if (!roles.includes(user.role)) throw new HttpError('forbidden', `Only ${roles.join(' or ')} may do ${what}; you are signed in as ${user.role}`);
}
