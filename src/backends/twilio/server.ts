import { FlexError } from '../../core/errors.js';
import { BackendError } from '../backend.js';
import type { TwilioSession } from './session.js';

/**
 * The companion server (`<flex-provider server-url>`, see server/README.md): what needs account
 * credentials (conference participant updates for coach and barge, adding a number, a cold transfer
 * to a number, callbacks). Each request carries the session's own access token
 * (`Authorization: Bearer …`); the server checks it and the role in it. Its errors are
 * `{code, message}` and reach the caller as BackendErrors with the same code.
 */
export class CompanionServer {
  readonly #url: string | undefined;

  constructor(
    private readonly s: TwilioSession,
    url: unknown,
  ) {
    this.#url = CompanionServer.parse(url);
  }

  /** A usable base URL (http or https, no trailing slash), or undefined. */
  static parse(url: unknown): string | undefined {
    if (typeof url !== 'string' || url.trim() === '') return undefined;
    try {
      const parsed = new URL(url.trim(), globalThis.location?.href);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
      return parsed.href.replace(/\/+$/, '');
    } catch {
      return undefined;
    }
  }

  get available(): boolean {
    return this.#url !== undefined;
  }

  /** Why an operation is refused without a server (the `server-required` code). */
  static required(what: string): BackendError {
    return new BackendError(
      'server-required',
      `${what} needs the companion server: set server-url on <flex-provider> (see server/README.md).`,
    );
  }

  /** POSTs JSON to a route and returns its JSON answer. */
  async post<T>(path: string, body: Record<string, unknown>, what: string): Promise<T> {
    if (!this.#url) throw CompanionServer.required(what);
    const token = this.s.keeper?.token ?? '';
    let response: Response;
    try {
      response = await fetch(`${this.#url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new BackendError(
        'server-unreachable',
        `${what} failed: the companion server did not answer (${FlexError.from(error).message}).`,
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const e = (json && typeof json === 'object' ? json : {}) as { code?: unknown; message?: unknown };
      const code = typeof e.code === 'string' && e.code ? e.code : 'server-error';
      const message = typeof e.message === 'string' && e.message ? e.message : `HTTP ${response.status}`;
      throw new BackendError(code, `${what} failed: ${message}`);
    }
    if (json === undefined)
      throw new BackendError('server-error', `${what} failed: the companion server's answer is not JSON.`);
    return json as T;
  }
}
