import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatedMedia } from './conversations.js';
import { TEST_ACCOUNT, verifyToken } from './tokens.js';

/**
 * The media service (MCS) that @twilio/conversations' McsClient (@twilio/mcs-client 1.0.1)
 * uploads attachments to and reads them from, on loopback. Its base URL is the `links.media_service`
 * / `links.media_set_service` of the Conversations Configuration resource (the SDK fakes put
 * `{emulator}/mcs/v1/Services/{IS}/Media` there). Routes, as the McsClient calls them:
 *
 * - `POST …/Media?Category=media&Filename=name` with the raw bytes and their Content-Type
 *   (`McsClient.post`), or a `multipart/form-data` body whose first file part is the media
 *   (`McsClient.postFormData`) → the media record;
 * - `GET …/Media/{ME}` → the media record (`McsClient.get`, `Media.getContentUrl`);
 * - `POST …/MediaSet` with `{command: 'get', list: [{media_sid}]}` → `[{code, media_record}]`
 *   (`mediaSetGet`, `mediaSetGetContentUrls`);
 * - `GET …/Media/{ME}/Content?Expires=…&Signature=…` → the bytes: the record's
 *   `links.content_direct_temporary`, signed and valid for 5 minutes, no token needed (as Twilio's).
 *
 * Every other request needs the access token in `X-Twilio-Token` (verified like the other
 * protocols: signature, expiry, Chat grant). A body larger than the limit (`maxBytes`, or one
 * set per identity by the control API) is refused with 413 and nothing is stored.
 */

export interface StoredMedia extends EmulatedMedia {
  sid: string;
  author: string;
  dateCreated: number;
  bytes: Buffer;
}

class McsError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Links stay valid this long (ms). */
const TEMPORARY_MS = 5 * 60_000;
/** Largest body read at all, whatever the limits (bytes). */
const HARD_LIMIT = 64 * 1024 * 1024;

export class McsEmulator {
  readonly media = new Map<string, StoredMedia>();
  readonly counters = { uploads: 0, refused: 0, downloads: 0 };
  /** Upload size limit in bytes per identity (tests), else `maxBytes`. */
  readonly limits = new Map<string, number>();
  #seq = 0;

  constructor(
    private readonly now: () => number,
    /** Largest upload accepted, bytes (Twilio's is 16 MB by default for Conversations). */
    public maxBytes = 16 * 1024 * 1024,
    private readonly secret = TEST_ACCOUNT.apiKeySecret,
  ) {}

  /** The metadata of an uploaded file (ConversationsEmulator.resolveMedia). */
  lookup(sid: string): EmulatedMedia | undefined {
    const m = this.media.get(sid);
    return m ? { sid: m.sid, filename: m.filename, contentType: m.contentType, size: m.size } : undefined;
  }

  #signature(sid: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${sid}:${expires}`).digest('base64url');
  }

  #record(base: string, m: StoredMedia): Record<string, unknown> {
    const expires = this.now() + TEMPORARY_MS;
    const url = `${base}/Media/${m.sid}`;
    return {
      sid: m.sid,
      service_sid: TEST_ACCOUNT.conversationsServiceSid,
      account_sid: TEST_ACCOUNT.accountSid,
      channel_sid: null,
      message_sid: null,
      date_created: new Date(m.dateCreated).toISOString(),
      date_upload_updated: new Date(m.dateCreated).toISOString(),
      date_updated: new Date(m.dateCreated).toISOString(),
      size: m.size,
      content_type: m.contentType,
      filename: m.filename,
      author: m.author,
      category: 'media',
      is_multipart_upstream: false,
      url,
      links: {
        content: `${url}/Content`,
        content_direct_temporary: `${url}/Content?Expires=${expires}&Signature=${this.#signature(m.sid, expires)}`,
      },
    };
  }

  #identity(req: IncomingMessage): string {
    const check = verifyToken(req.headers['x-twilio-token'], this.now());
    if (!check.ok) throw new McsError(401, check.code, check.reason);
    if (!check.claims.grants.chat) throw new McsError(403, 20103, 'The token has no Chat grant');
    return check.claims.grants.identity ?? check.claims.sub;
  }

  /**
   * Answers a request under `/mcs/v1/Services/{IS}/…`; returns false when the path is not the
   * media service's. `headers` are added to every answer (the emulator's CORS headers).
   */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, headers: Record<string, string>): Promise<boolean> {
    const match = /^\/mcs\/v1\/Services\/(IS\w+)\/(Media|MediaSet)(?:\/(ME\w+))?(\/Content)?$/.exec(url.pathname);
    if (!match) return false;
    const [, service, resource, sid, content] = match;
    const base = `http://${req.headers.host ?? url.host}/mcs/v1/Services/${service}`;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (content && sid && req.method === 'GET') {
        const m = this.media.get(sid);
        if (!m) throw new McsError(404, 20404, `No media ${sid}`);
        const expires = Number(url.searchParams.get('Expires'));
        if (!(expires > this.now()) || url.searchParams.get('Signature') !== this.#signature(sid, expires)) {
          throw new McsError(403, 20151, 'The temporary content URL is invalid or has expired');
        }
        this.counters.downloads++;
        res.writeHead(200, {
          ...headers,
          'Content-Type': m.contentType || 'application/octet-stream',
          'Content-Length': String(m.size),
          'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(m.filename)}`,
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(m.bytes);
        return true;
      }
      const identity = this.#identity(req);
      if (resource === 'Media' && !sid && req.method === 'POST') {
        const limit = this.limits.get(identity) ?? this.maxBytes;
        const body = await readBuffer(req, HARD_LIMIT);
        const contentType = String(req.headers['content-type'] ?? '');
        let file: { filename: string; contentType: string; bytes: Buffer };
        if (contentType.startsWith('multipart/form-data')) {
          const part = firstFilePart(body, contentType);
          if (!part) throw new McsError(400, 20001, 'The form has no file part');
          file = part;
        } else {
          if (!contentType) throw new McsError(400, 20001, 'A Content-Type is required');
          file = { filename: url.searchParams.get('Filename') ?? 'file', contentType, bytes: body };
        }
        if (file.bytes.length > limit) {
          this.counters.refused++;
          throw new McsError(413, 20413, `The media is ${file.bytes.length} bytes, more than the limit of ${limit}`);
        }
        const m: StoredMedia = {
          sid: 'ME' + (++this.#seq).toString(16).padStart(32, '0'),
          filename: file.filename,
          contentType: file.contentType,
          size: file.bytes.length,
          author: identity,
          dateCreated: this.now(),
          bytes: file.bytes,
        };
        this.media.set(m.sid, m);
        this.counters.uploads++;
        json(201, this.#record(base, m));
        return true;
      }
      if (resource === 'Media' && sid && req.method === 'GET') {
        const m = this.media.get(sid);
        if (!m) throw new McsError(404, 20404, `No media ${sid}`);
        json(200, this.#record(base, m));
        return true;
      }
      if (resource === 'MediaSet' && !sid && req.method === 'POST') {
        const query = JSON.parse((await readBuffer(req, 1024 * 1024)).toString('utf8') || '{}') as { command?: string; list?: { media_sid?: string }[] };
        if (query.command !== 'get' || !Array.isArray(query.list)) throw new McsError(400, 20001, 'Expected {command: "get", list: [{media_sid}]}');
        json(
          200,
          query.list.map(({ media_sid }) => {
            const m = this.media.get(String(media_sid));
            return m ? { code: 200, media_record: this.#record(base, m) } : { code: 404, media_record: { sid: media_sid } };
          }),
        );
        return true;
      }
      throw new McsError(405, 20004, `${req.method} is not allowed on ${url.pathname}`);
    } catch (error) {
      const status = error instanceof McsError ? error.status : 500;
      const code = error instanceof McsError ? error.code : 0;
      json(status, { status, code, message: error instanceof Error ? error.message : String(error) });
      return true;
    }
  }

  /** What the control API shows: the records, with the bytes as base64 when small (≤ 64 KB). */
  list(identity?: string): Record<string, unknown>[] {
    return [...this.media.values()]
      .filter((m) => !identity || m.author === identity)
      .map(({ bytes, ...m }) => ({ ...m, ...(bytes.length <= 65_536 ? { base64: bytes.toString('base64') } : {}) }));
  }
}

function readBuffer(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => (size > max ? reject(new McsError(413, 20413, `The body is larger than ${max} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** The first part of a multipart/form-data body that has a filename. */
function firstFilePart(body: Buffer, contentType: string): { filename: string; contentType: string; bytes: Buffer } | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // past CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      if (filename !== undefined) {
        return {
          filename: filename || 'file',
          contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream',
          bytes: Buffer.from(part.subarray(split + 4)),
        };
      }
    }
    start = next;
  }
  return undefined;
}
