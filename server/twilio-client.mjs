// The official `twilio` REST client for the server's API key.
//
// In tests and in `npm run start:twilio-local` the client talks to the loopback emulator instead
// of Twilio: `apiBaseUrl` is given to a RequestClient (the package's own HTTP client, passed
// through its public `httpClient` option) that rewrites each request's
// `https://{product}.twilio.com/{path}` to `{apiBaseUrl}/{product}/{path}`. The rest of the
// package (resources, serialization, paging, errors) runs unchanged.
import twilio from 'twilio';
import { HttpError } from './http.mjs';

export class RedirectingRequestClient extends twilio.RequestClient {
  /** @param {string} baseUrl e.g. http://127.0.0.1:4010/twilio */
  constructor(baseUrl, options) {
    super(options);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  request(opts) {
    const url = new URL(opts.uri);
    const match = /^([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.twilio\.com$/i.exec(url.hostname);
    if (!match) throw new Error(`Not a Twilio URL: ${opts.uri}`);
    return super.request({ ...opts, uri: `${this.baseUrl}/${match[1]}${url.pathname}${url.search}` });
  }
}

/** @param {ReturnType<import('./settings.mjs').readSettings>} settings */
export function createTwilioClient(settings) {
  return twilio(settings.apiKeySid, settings.apiKeySecret, {
    accountSid: settings.accountSid,
    ...(settings.apiBaseUrl ? { httpClient: new RedirectingRequestClient(settings.apiBaseUrl) } : {}),
  });
}

/**
 * Runs a Twilio REST call; a failure becomes an HttpError the browser can show: Twilio's 404 →
 * `not-found`, 401/403 (the server's own credentials) → `upstream-error`, its other 4xx → `invalid-input` (with Twilio's message and code), anything else →
 * `upstream-error`.
 */
export async function callTwilio(what, run) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const status = typeof error?.status === 'number' ? error.status : 0;
    const twilioCode = typeof error?.code === 'number' ? error.code : undefined;
    const detail = error?.message ? `: ${error.message}` : '';
    if (status === 401 || status === 403) throw new HttpError('upstream-error', `${what} failed: Twilio refused the server's credentials${detail}`, { twilioCode });
    if (status === 404) throw new HttpError('not-found', `${what} failed${detail}`, { twilioCode });
    if (status >= 400 && status < 500) throw new HttpError('invalid-input', `${what} was refused by Twilio${detail}`, { twilioCode });
    throw new HttpError('upstream-error', `${what} failed${detail}`, { ...(twilioCode ? { twilioCode } : {}) });
  }
}
