import { FlexError } from './errors.js';

/** How long `fetchServiceConfig` waits for the config-url (headers and body) by default. */
export const SERVICE_CONFIG_TIMEOUT_MS = 10_000;

export interface FetchServiceConfigOptions {
  /** Milliseconds before the request is given up (default 10 s). */
  timeoutMs?: number;
  /** The fetch to use (default the global one); tests pass a fake. */
  fetch?: typeof fetch;
  /** Aborts the request, e.g. when the session it was for is replaced. */
  signal?: AbortSignal;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string`;
  return `a ${typeof value}`;
}

class Timeout extends Error {}

/**
 * Fetches the service layer of the configuration (ui_attributes) from `<flex-provider config-url>`.
 * Never throws and never hangs: an HTTP error, a body that is not JSON, JSON that is not an object,
 * no answer within `timeoutMs` (headers and body together) or an abort gives a `problem` (a
 * FlexError with code `config-fetch-failed`, naming the URL and the reason) and no `value`; the
 * caller reports it and loads the defaults and appConfig. No URL gives `{}`.
 */
export async function fetchServiceConfig(
  url: string,
  options: FetchServiceConfigOptions = {},
): Promise<{ value?: unknown; problem?: FlexError }> {
  if (!url) return {};
  const requested = options.timeoutMs ?? SERVICE_CONFIG_TIMEOUT_MS;
  const timeoutMs = Number.isFinite(requested) && requested > 0 ? Math.min(requested, 2 ** 31 - 1) : SERVICE_CONFIG_TIMEOUT_MS;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Rejects on timeout or abort, even with a fetch (or a body) that ignores the signal.
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Timeout(`timed out after ${formatSeconds(timeoutMs)}`);
      reject(error);
      controller.abort(error);
    }, timeoutMs);
    onAbort = () => {
      reject(new Error('the request was aborted'));
      controller.abort(options.signal?.reason);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => {});
  const fail = (reason: string, cause?: unknown) => ({
    problem: new FlexError(
      'config-fetch-failed',
      `The configuration at config-url "${url}" could not be loaded (${reason}); using the defaults and appConfig.`,
      true,
      cause === undefined ? undefined : { cause },
    ),
  });
  try {
    let response: Response;
    try {
      response = await Promise.race([doFetch(url, { signal: controller.signal }), stopped]);
    } catch (cause) {
      if (cause instanceof Timeout || controller.signal.aborted) throw cause;
      throw new Error(`the request failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    const text = await Promise.race([response.text(), stopped]);
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new Error('the response is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        problem: new FlexError(
          'config-fetch-failed',
          `The configuration at config-url "${url}" must be a JSON object, got ${describe(value)}; using the defaults and appConfig.`,
        ),
      };
    }
    return { value };
  } catch (cause) {
    return fail(cause instanceof Error ? cause.message : String(cause), cause);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 1 ? 3 : 1).replace(/\.?0+$/, '')} s`;
}
