import { FlexError } from '../../core/errors.js';
import type { Role } from '../../core/model.js';

/** The claims of a Twilio access token that the backend reads (no signature check: the server does that). */
export interface AccessTokenClaims {
  readonly identity?: string;
  readonly accountSid?: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly issuedAt?: number;
  readonly workspaceSid?: string;
  readonly workerSid?: string;
  /**
   * The Flex role the token grants. The token decides on Twilio, never the page's `user-role`: a
   * grant with no role, or with a role this library does not know, is an agent (least privilege).
   */
  readonly role: Role;
  /** The TaskRouter grant's role as written in the token, when it is one this library does not know. */
  readonly unknownGrantRole?: string;
  readonly hasVoice: boolean;
  readonly hasChat: boolean;
  /** A Sync grant (`data_sync`): supervisors read the workspace's live query indexes through it. */
  readonly hasSync: boolean;
}

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Maps a TaskRouter grant role (`worker`, `supervisor`, `admin`, …) to a Flex role. */
export function roleFromGrant(role: unknown): Role | undefined {
  if (typeof role !== 'string') return undefined;
  const r = role.toLowerCase();
  if (r === 'admin' || r === 'administrator') return 'admin';
  if (r === 'supervisor') return 'supervisor';
  if (r === 'worker' || r === 'agent') return 'agent';
  return undefined;
}

function unknownRole(role: unknown): string | undefined {
  if (role === undefined || roleFromGrant(role) !== undefined) return undefined;
  return typeof role === 'string' ? role : JSON.stringify(role);
}

/** Reads a Twilio access token's payload; throws FlexError `token-invalid` when it is not a JWT. */
export function decodeAccessToken(token: unknown): AccessTokenClaims {
  if (typeof token !== 'string' || token.split('.').length !== 3) {
    throw new FlexError('token-invalid', 'The access token is not a Twilio access token (a JWT with three parts).', false);
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(base64UrlDecode(token.split('.')[1])) as Record<string, unknown>;
  } catch {
    throw new FlexError('token-invalid', 'The access token cannot be read: its payload is not JSON.', false);
  }
  if (typeof payload['exp'] !== 'number') {
    throw new FlexError('token-invalid', 'The access token has no expiry (exp).', false);
  }
  const grants = (payload['grants'] ?? {}) as Record<string, unknown>;
  const tr = grants['task_router'] as Record<string, unknown> | undefined;
  return {
    identity: typeof grants['identity'] === 'string' ? grants['identity'] : undefined,
    accountSid: typeof payload['sub'] === 'string' ? payload['sub'] : undefined,
    expiresAt: payload['exp'] * 1000,
    issuedAt: typeof payload['iat'] === 'number' ? payload['iat'] * 1000 : undefined,
    workspaceSid: typeof tr?.['workspace_sid'] === 'string' ? tr['workspace_sid'] : undefined,
    workerSid: typeof tr?.['worker_sid'] === 'string' ? tr['worker_sid'] : undefined,
    role: roleFromGrant(tr?.['role']) ?? 'agent',
    unknownGrantRole: unknownRole(tr?.['role']),
    hasVoice: grants['voice'] !== undefined,
    hasChat: grants['chat'] !== undefined,
    hasSync: grants['data_sync'] !== undefined,
  };
}

/** Returns a token provider that GETs `url` and reads `{token}` from the JSON reply. */
export function tokenUrlProvider(url: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): () => Promise<string> {
  return async () => {
    let response: Response;
    try {
      response = await fetchImpl(url, { credentials: 'include', headers: { Accept: 'application/json' } });
    } catch (cause) {
      throw new FlexError('token-fetch-failed', `Could not reach the token service at ${url}.`, true, { cause });
    }
    if (!response.ok) {
      throw new FlexError(
        response.status === 401 || response.status === 403 ? 'signed-out' : 'token-fetch-failed',
        `The token service at ${url} answered HTTP ${response.status}.`,
        response.status >= 500,
      );
    }
    const body = (await response.json().catch(() => undefined)) as { token?: unknown } | undefined;
    if (!body || typeof body.token !== 'string') {
      throw new FlexError('token-invalid', `The token service at ${url} did not return {"token": "…"}.`, false);
    }
    return body.token;
  };
}

export interface TokenKeeperOptions {
  readonly provider: () => Promise<string>;
  /** Called with each new token (after the first); pass it on to every SDK. */
  readonly onToken: (token: string, claims: AccessTokenClaims) => void | Promise<void>;
  /** Called once when refreshing failed for good. */
  readonly onFailure: (error: FlexError) => void;
  /** Attempts per refresh before giving up (default 4). */
  readonly maxAttempts?: number;
  /** First retry delay, doubled each time (default 1000 ms). */
  readonly backoffMs?: number;
  /** Refresh this long before expiry, at most a quarter of the token's lifetime (default 60 s). */
  readonly marginMs?: number;
  readonly now?: () => number;
}

/**
 * Owns the access token: fetches it, refreshes it before it expires (and whenever an SDK says it
 * is about to), with retries and exponential backoff; one refresh at a time, never a storm.
 */
export class TokenKeeper {
  token = '';
  claims: AccessTokenClaims | undefined;
  /** How many times the provider was called (tests count these). */
  attempts = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<void> | undefined;
  /** Local time the current token arrived. */
  #obtainedAt = 0;
  #stopped = false;
  #failed = false;

  constructor(private readonly options: TokenKeeperOptions) {}

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async #fetchWithRetry(): Promise<string> {
    const max = this.options.maxAttempts ?? 4;
    const base = this.options.backoffMs ?? 1000;
    let last: unknown;
    for (let attempt = 0; attempt < max; attempt++) {
      if (this.#stopped) throw new FlexError('disconnected', 'The session was closed.');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, base * 2 ** (attempt - 1)));
      this.attempts++;
      try {
        const token = await this.options.provider();
        decodeAccessToken(token);
        return token;
      } catch (error) {
        last = error;
        const flex = FlexError.from(error, 'token-fetch-failed');
        // A provider that says "signed out" or returns garbage will not get better by retrying.
        if (!flex.recoverable) break;
      }
    }
    const error = FlexError.from(last, 'token-fetch-failed');
    throw new FlexError(
      error.code,
      `Signed out: a new access token could not be obtained (${error.message})`,
      false,
      { cause: last },
    );
  }

  /** Gets the first token. */
  async start(): Promise<AccessTokenClaims> {
    const token = await this.#fetchWithRetry();
    this.#set(token);
    return this.claims!;
  }

  #set(token: string): void {
    this.token = token;
    this.claims = decodeAccessToken(token);
    this.#obtainedAt = this.#now();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#stopped || !this.claims) return;
    const now = this.#now();
    const lifetime = this.claims.expiresAt - (this.claims.issuedAt ?? now);
    const margin = Math.min(this.options.marginMs ?? 60_000, Math.max(1000, lifetime / 4));
    const delay = Math.max(0, this.claims.expiresAt - margin - now);
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }

  /**
   * Fetches a new token now (single flight). SDK warnings call this too; a token still in the first
   * half of its life is kept (the warning was about the previous one), so warnings never loop.
   */
  refresh(force = false): Promise<void> {
    if (this.#stopped || this.#failed) return Promise.resolve();
    if (!force && this.claims && this.#now() - this.#obtainedAt < (this.claims.expiresAt - this.#obtainedAt) / 2)
      return Promise.resolve();
    this.#refreshing ??= (async () => {
      try {
        const token = await this.#fetchWithRetry();
        if (this.#stopped) return;
        this.#set(token);
        await this.options.onToken(token, this.claims!);
      } catch (error) {
        if (this.#stopped) return;
        this.#failed = true;
        this.options.onFailure(FlexError.from(error, 'token-refresh-failed'));
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
