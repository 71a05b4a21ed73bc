/**
 * Twilsock V3 framing, server side: a binary websocket message is
 * `TWILSOCK V3.0 <header byte length>\r\n<header JSON>\r\n<payload>`, the header carrying
 * `method`, `id`, `payload_size` (bytes) and `payload_type` (JSON unless it says otherwise).
 */

export interface TwilsockHeader {
  method: string;
  id: string;
  payload_size?: number;
  payload_type?: string;
  [field: string]: unknown;
}

export interface TwilsockPacket {
  header: TwilsockHeader;
  /** The payload: parsed JSON, text, or undefined when there is none. */
  payload: unknown;
}

const MAGIC = 'TWILSOCK V3.0 ';

/** Parses one frame; throws a readable error on anything that is not a V3.0 frame. */
export function decodeFrame(data: Buffer): TwilsockPacket {
  const eol = data.indexOf('\r\n');
  if (eol < 0) throw new Error('No twilsock preamble');
  const preamble = data.subarray(0, eol).toString('latin1');
  if (!preamble.startsWith(MAGIC)) throw new Error(`Unsupported protocol: ${preamble.slice(0, 20)}`);
  const headerSize = Number(preamble.slice(MAGIC.length));
  if (!Number.isInteger(headerSize) || headerSize <= 0) throw new Error('Bad header size');
  const headerStart = eol + 2;
  const header = JSON.parse(data.subarray(headerStart, headerStart + headerSize).toString('utf8')) as TwilsockHeader;
  if (typeof header.method !== 'string') throw new Error('Header without method');
  const size = Number(header.payload_size ?? 0);
  let payload: unknown;
  if (size > 0) {
    const start = headerStart + headerSize + 2;
    const text = data.subarray(start, start + size).toString('utf8');
    const type = header.payload_type ?? 'application/json';
    payload = type.startsWith('application/json') ? JSON.parse(text) : text;
  }
  return { header, payload };
}

/** Builds one frame; a payload object is sent as JSON. */
export function encodeFrame(header: TwilsockHeader, payload?: unknown): Buffer {
  const body = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
  const bodyBytes = Buffer.from(body, 'utf8');
  const headerBytes = Buffer.from(JSON.stringify({ ...header, payload_size: bodyBytes.length }), 'utf8');
  return Buffer.concat([
    Buffer.from(`${MAGIC}${headerBytes.length}\r\n`, 'latin1'),
    headerBytes,
    Buffer.from('\r\n', 'latin1'),
    bodyBytes,
  ]);
}
