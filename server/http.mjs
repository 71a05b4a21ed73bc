// HTTP plumbing shared by every route: the error shape, JSON bodies, CORS.
// Nothing here knows about Twilio.

/** The error codes the browser sees (`{code, message}`), with their HTTP status. */
export const STATUS = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'upstream-error': 502,
  'not-configured': 503,
  internal: 500,
};

/** Throw one of these from a route: it becomes `status` with `{code, message}`. */
export class HttpError extends Error {
  /**
   * @param {keyof typeof STATUS} code
   * @param {string} message shown to the user as is: say what was wrong and, if you can, what to do.
   * @param {Record<string, unknown>} [details] extra fields for the JSON body (never secrets).
   */
  constructor(code, message, details) {
    super(message);
    this.code = code;
    this.status = STATUS[code] ?? 500;
    this.details = details;
  }
}

/** `invalid-input` for a body field. */
export const invalid = (field, why) => new HttpError('invalid-input', `${field}: ${why}`, { field });

const MAX_BODY = 64 * 1024;

/** Reads a JSON object body (empty body → `{}`); anything else is a 4xx. */
export async function readJson(request) {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return {};
  const type = String(request.headers['content-type'] ?? '');
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError('payload-too-large', `The body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  if (!/^application\/json\b/i.test(type)) throw new HttpError('unsupported-media-type', 'Send the body as application/json');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError('invalid-input', 'The body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError('invalid-input', 'The body must be a JSON object');
  return body;
}

/**
 * CORS headers for one request: only the configured origins (a page elsewhere calling with
 * `Authorization: Bearer …`); requests from other origins get none, so the browser refuses them.
 * @param {string[]} allowed origins, e.g. ['https://crm.example.com']; '*' allows any (development only).
 */
export function corsHeaders(request, allowed) {
  const origin = request.headers.origin;
  if (!origin || !(allowed.includes(origin) || allowed.includes('*'))) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    // The page's token-url request carries its cookies (your sign-in session).
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

export function sendJson(response, status, body, headers = {}) {
  const payload = status === 204 ? '' : JSON.stringify(body ?? null);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(payload);
}

/** The JSON body of an error: `{code, message}` plus the HttpError's details. */
export function errorBody(error) {
  return { code: error.code, message: error.message, ...(error.details ?? {}) };
}
