import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { verifyToken, type TokenClaims } from '../tokens.js';
import { decodeFrame, encodeFrame, type TwilsockHeader } from './frame.js';

/**
 * The server side of twilsock, the websocket both @twilio/conversations and twilio-sync speak
 * (`wss://tsock.{region}.twilio.com/v3/wsconnect`; here `ws://127.0.0.1:{port}/v3/wsconnect`).
 *
 * - `init` {token, registrations, capabilities}: the token is verified (signature, expiry) and must
 *   carry the grant of the product the client starts with (`ip_messaging` → Chat, `data_sync` and
 *   `flex_insights` → Sync); refused with 401 (`errorCode` 20101/20104/20107), which the client
 *   takes as terminal (`denied`). The registrations' message types are what this connection is
 *   sent as notifications.
 * - `update` {token}: a new token for the open connection (same identity required).
 * - `message` {active_grant, http_request: {host, path, method, params, headers}} + body: an
 *   upstream REST call, answered by the service registered for that host with `http_status`,
 *   `http_headers` and the JSON body (errors as an upstream 4xx in a 200 reply, as Twilio does).
 * - `put_notification_ctx` / `delete_notification_ctx`, `telemetry.v1`: acknowledged.
 * - server → client `notification` {message_type} + payload; every packet the client receives is
 *   acknowledged with a `reply` carrying its id.
 * - `client_update` {client_update_type: 'token_about_to_expire'} some seconds before the token
 *   expires; at expiry `close` {status: 410} (the client emits `tokenExpired`).
 */

export interface TwilsockIdentity {
  readonly identity: string;
  readonly claims: TokenClaims;
  /** The product the client started with (its `active_grant`). */
  readonly product: string;
}

export interface UpstreamRequest {
  readonly connection: TwilsockConnection;
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The request's JSON body, parsed; text when it is not JSON; undefined when empty. */
  readonly body: unknown;
  readonly grant: string;
}

export interface UpstreamReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type UpstreamHandler = (request: UpstreamRequest) => UpstreamReply | Promise<UpstreamReply>;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'UNAUTHORIZED',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** The grant a token needs for each product a client may start twilsock with. */
const PRODUCT_GRANT: Record<string, keyof TokenClaims['grants']> = {
  ip_messaging: 'chat',
  data_sync: 'data_sync',
  flex_insights: 'data_sync',
};

export interface TwilsockServerOptions {
  now: () => number;
  /** Seconds before expiry the `token_about_to_expire` update is sent (default 30, capped at half the lifetime left). */
  aboutToExpireSeconds?: number;
  log?: (...args: unknown[]) => void;
}

export class TwilsockConnection {
  identity: TwilsockIdentity | undefined;
  /** Notification message types this connection registered for. */
  readonly messageTypes = new Set<string>();
  readonly id = 'TC' + randomUUID().replace(/-/g, '');
  #timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    readonly ws: WebSocket,
    private readonly server: TwilsockServer,
  ) {}

  get open(): boolean {
    return this.ws.readyState === 1 && !!this.identity;
  }

  send(header: { method: string; id?: string; [field: string]: unknown }, payload?: unknown): void {
    if (this.ws.readyState !== 1) return;
    const full: TwilsockHeader = {
      ...header,
      method: header.method,
      id: header.id ?? 'TM' + randomUUID().replace(/-/g, ''),
    };
    this.ws.send(encodeFrame(full, payload));
  }

  /** A notification of one registered message type; false if this connection does not take it. */
  notify(messageType: string, payload: unknown): boolean {
    if (!this.open || !this.messageTypes.has(messageType)) return false;
    this.send({ method: 'notification', message_type: messageType, payload_type: 'application/json' }, payload);
    this.server.counters.notifications++;
    return true;
  }

  /** Schedules the about-to-expire update and the expiry close for the current token. */
  scheduleExpiry(exp: number): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    const left = exp * 1000 - this.server.now();
    const warn = Math.max(0, left - Math.min(this.server.aboutToExpireMs, left / 2));
    this.#timers.push(
      setTimeout(() => this.send({ method: 'client_update', client_update_type: 'token_about_to_expire' }), warn),
      setTimeout(
        () => {
          this.send({ method: 'close', status: { code: 410, status: 'TOKEN_EXPIRED', description: 'Token expired' } });
          this.server.counters.expired++;
          setTimeout(() => this.ws.terminate(), 100);
        },
        Math.max(0, left),
      ),
    );
  }

  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }
}

export class TwilsockServer {
  readonly counters = {
    connections: 0,
    inits: 0,
    refused: 0,
    upstream: 0,
    notifications: 0,
    updates: 0,
    expired: 0,
    drops: 0,
  };
  readonly connections = new Set<TwilsockConnection>();
  readonly #hosts = new Map<string, UpstreamHandler>();
  readonly #onDisconnect = new Set<(c: TwilsockConnection) => void>();
  readonly now: () => number;
  readonly aboutToExpireMs: number;
  readonly #log: (...args: unknown[]) => void;
  /** Every upstream call, `METHOD host/path` (tests read what the clients asked for). */
  readonly requests: string[] = [];
  /** Differs per server, so that a page's session storage never mixes two emulators' objects. */
  readonly instance = randomUUID().slice(0, 8);

  constructor(options: TwilsockServerOptions) {
    this.now = options.now;
    this.aboutToExpireMs = (options.aboutToExpireSeconds ?? 30) * 1000;
    this.#log = options.log ?? (() => {});
  }

  /** Serves upstream requests to one host (e.g. `aim.us1.twilio.com`, `cds.us1.twilio.com`). */
  route(host: string, handler: UpstreamHandler): void {
    this.#hosts.set(host, handler);
  }

  onDisconnect(listener: (c: TwilsockConnection) => void): void {
    this.#onDisconnect.add(listener);
  }

  /** The open connections of one identity (all if none given). */
  of(identity?: string): TwilsockConnection[] {
    return [...this.connections].filter((c) => c.open && (!identity || c.identity?.identity === identity));
  }

  accept(ws: WebSocket): void {
    this.counters.connections++;
    const connection = new TwilsockConnection(ws, this);
    this.connections.add(connection);
    const gone = () => {
      if (!this.connections.delete(connection)) return;
      connection.dispose();
      for (const l of this.#onDisconnect) l(connection);
    };
    ws.on('close', gone);
    ws.on('error', gone);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      let packet;
      try {
        packet = decodeFrame(isBinary ? data : Buffer.from(data));
      } catch (error) {
        this.#log('twilsock: unparseable frame', error);
        connection.send({
          method: 'close',
          status: { code: 406, status: 'NOT_ACCEPTABLE', description: 'Unparseable frame' },
        });
        ws.close();
        return;
      }
      void this.#onPacket(connection, packet.header, packet.payload).catch((error: unknown) => {
        this.#log('twilsock: handler failed', error);
        connection.send({
          method: 'reply',
          id: packet.header.id,
          status: { code: 500, status: 'Internal Server Error', description: String(error) },
        });
      });
    });
  }

  /** Cuts the sockets of one identity (all when none given), of one product if given, as a network drop would. */
  drop(identity?: string, product?: string): number {
    let n = 0;
    for (const c of [...this.connections]) {
      if (identity && c.identity?.identity !== identity) continue;
      if (product && c.identity?.product !== product) continue;
      c.ws.terminate();
      n++;
    }
    this.counters.drops += n;
    return n;
  }

  close(): void {
    for (const c of [...this.connections]) {
      c.dispose();
      c.ws.terminate();
    }
    this.connections.clear();
  }

  #check(
    token: unknown,
    product: string,
  ): { ok: true; claims: TokenClaims } | { ok: false; code: number; errorCode: number; description: string } {
    const check = verifyToken(token, this.now());
    if (!check.ok) return { ok: false, code: 401, errorCode: check.code, description: check.reason };
    const grant = PRODUCT_GRANT[product];
    if (!grant) return { ok: false, code: 403, errorCode: 20103, description: `Unknown product ${product}` };
    if (!check.claims.grants[grant])
      return { ok: false, code: 403, errorCode: 20103, description: `The token has no grant for ${product}` };
    if (!check.claims.grants.identity)
      return { ok: false, code: 401, errorCode: 20101, description: 'The token has no identity' };
    return { ok: true, claims: check.claims };
  }

  async #onPacket(c: TwilsockConnection, header: TwilsockHeader, payload: unknown): Promise<void> {
    const reply = (status: number, extra: Record<string, unknown> = {}, body?: unknown, description?: string) =>
      c.send(
        {
          method: 'reply',
          id: header.id,
          status: {
            code: status,
            status: STATUS_TEXT[status] ?? String(status),
            ...(description ? { description } : {}),
            ...extra,
          },
          ...(body !== undefined ? { payload_type: 'application/json' } : {}),
        },
        body,
      );
    switch (header.method) {
      case 'reply':
        return; // the client's acknowledgement of a packet we sent
      case 'close':
        c.ws.close();
        return;
      case 'init': {
        this.counters.inits++;
        const registrations = (Array.isArray(header['registrations']) ? header['registrations'] : []) as {
          product?: string;
          message_types?: string[];
        }[];
        const product = registrations[0]?.product ?? '';
        const check = this.#check(header['token'], product);
        if (!check.ok) {
          this.counters.refused++;
          reply(check.code, { errorCode: check.errorCode }, undefined, check.description);
          return;
        }
        c.identity = { identity: String(check.claims.grants.identity), claims: check.claims, product };
        for (const r of registrations) for (const t of r.message_types ?? []) c.messageTypes.add(t);
        c.scheduleExpiry(check.claims.exp);
        c.send({
          method: 'reply',
          id: header.id,
          status: { code: 200, status: 'OK' },
          continuation_token: 'CT' + randomUUID().replace(/-/g, ''),
          continuation_token_status: { reissued: true },
          capabilities: ['client_update', 'offline_storage', 'telemetry.v1'],
          // Sync keeps its objects' descriptors in session storage under this id.
          offline_storage: { [product]: { storage_id: `${this.instance}.${c.identity.identity}` } },
          init_registrations: registrations.map((r) => ({ ...r, status: 'ok' })),
        });
        return;
      }
      case 'update': {
        this.counters.updates++;
        if (!c.identity) return reply(401, { errorCode: 20101 }, undefined, 'Not initialized');
        const check = this.#check(header['token'], c.identity.product);
        if (!check.ok) return reply(check.code, { errorCode: check.errorCode }, undefined, check.description);
        if (check.claims.grants.identity !== c.identity.identity)
          return reply(401, { errorCode: 20101 }, undefined, 'The new token is for another identity');
        c.identity = { ...c.identity, claims: check.claims };
        c.scheduleExpiry(check.claims.exp);
        return reply(200);
      }
      case 'put_notification_ctx': {
        const types = (payload as { message_types?: unknown } | undefined)?.message_types;
        if (Array.isArray(types)) for (const t of types) if (typeof t === 'string') c.messageTypes.add(t);
        return reply(200);
      }
      case 'message': {
        if (!c.identity) return reply(401, { errorCode: 20101 }, undefined, 'Not initialized');
        const request = (header['http_request'] ?? {}) as {
          host?: string;
          path?: string;
          method?: string;
          params?: Record<string, string | string[]>;
          headers?: Record<string, string>;
        };
        const host = String(request.host ?? '');
        const path = String(request.path ?? '/');
        const method = String(request.method ?? 'GET').toUpperCase();
        this.counters.upstream++;
        this.requests.push(`${method} ${host}${path}`);
        const handler = this.#hosts.get(host);
        let result: UpstreamReply;
        if (!handler) {
          result = { status: 404, body: { status: 404, code: 20404, message: `No service at ${host}` } };
        } else {
          let body: unknown = payload;
          if (typeof body === 'string' && body) {
            try {
              body = JSON.parse(body);
            } catch {
              // form-encoded or text bodies stay text
            }
          }
          const params: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(request.params ?? {}))
            params[decodeURIComponent(k)] = Array.isArray(v)
              ? v.map((x) => decodeURIComponent(x))
              : decodeURIComponent(String(v));
          result = await handler({
            connection: c,
            method,
            host,
            path,
            params,
            headers: request.headers ?? {},
            body,
            grant: typeof header['active_grant'] === 'string' ? header['active_grant'] : c.identity.product,
          });
        }
        c.send(
          {
            method: 'reply',
            id: header.id,
            status: { code: 200, status: 'OK' },
            http_status: { code: result.status, status: STATUS_TEXT[result.status] ?? String(result.status) },
            http_headers: { 'Content-Type': 'application/json', ...(result.headers ?? {}) },
            payload_type: 'application/json',
          },
          result.body ?? {},
        );
        return;
      }
      default:
        // delete_notification_ctx, telemetry.v1 and anything newer: acknowledged.
        return reply(200);
    }
  }
}
