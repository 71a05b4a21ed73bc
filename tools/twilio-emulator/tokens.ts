import { createHmac, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';

/** The emulator's fake account: never a real one. The secret signs tokens for loopback use only. */
export const TEST_ACCOUNT = {
  accountSid: 'AC' + '0'.repeat(31) + '1',
  apiKeySid: 'SK' + '0'.repeat(31) + '1',
  apiKeySecret: 'flex-elements-local-test-secret',
  conversationsServiceSid: 'IS' + '0'.repeat(31) + '1',
  outgoingApplicationSid: 'AP' + '0'.repeat(31) + '1',
  syncServiceSid: 'IS' + '0'.repeat(31) + '2',
};

export interface MintInput {
  identity: string;
  workspaceSid: string;
  workerSid: string;
  role?: string;
  /** Seconds. */
  ttl?: number;
  account?: typeof TEST_ACCOUNT;
}

/** Mints an access token with TaskRouter, Chat (Conversations) and Voice grants, as a real token server does. */
export function mintToken(input: MintInput): string {
  const account = input.account ?? TEST_ACCOUNT;
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(account.accountSid, account.apiKeySid, account.apiKeySecret, {
    identity: input.identity,
    ttl: input.ttl ?? 3600,
  });
  token.addGrant(
    new AccessToken.TaskRouterGrant({
      workspaceSid: input.workspaceSid,
      workerSid: input.workerSid,
      role: input.role ?? 'worker',
    }),
  );
  token.addGrant(new AccessToken.ChatGrant({ serviceSid: account.conversationsServiceSid }));
  token.addGrant(
    new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: account.outgoingApplicationSid }),
  );
  // Supervisors and admins read the workspace from Sync's live query indexes, as Flex's tokens allow.
  if (input.role === 'supervisor' || input.role === 'admin') token.addGrant(new AccessToken.SyncGrant({ serviceSid: account.syncServiceSid }));
  return token.toJwt();
}

export interface TokenClaims {
  sub: string;
  iss: string;
  exp: number;
  iat?: number;
  grants: {
    identity?: string;
    task_router?: { workspace_sid: string; worker_sid: string; role?: string };
    chat?: unknown;
    voice?: unknown;
    data_sync?: unknown;
  };
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; code: number; reason: string };

function b64url(input: Buffer): string {
  return input.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Verifies an HS256 access token's signature and expiry, as Twilio does. */
export function verifyToken(token: unknown, now = Date.now(), secret = TEST_ACCOUNT.apiKeySecret): TokenCheck {
  if (typeof token !== 'string' || token.split('.').length !== 3)
    return { ok: false, code: 20101, reason: 'Invalid Access Token' };
  const [header, payload, signature] = token.split('.');
  const expected = b64url(createHmac('sha256', secret).update(`${header}.${payload}`).digest());
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return { ok: false, code: 20107, reason: 'Invalid Access Token signature' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, code: 20101, reason: 'Invalid Access Token' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now)
    return { ok: false, code: 20104, reason: 'Access Token expired or expiration date invalid' };
  return { ok: true, claims };
}
