import type { TwilsockConnection, TwilsockServer, UpstreamReply, UpstreamRequest } from './server.js';

/**
 * Twilio Sync as its clients see it through twilsock (host `cds.us1.twilio.com`): documents, lists
 * and maps with revisions and a per-object event log, subscriptions with replay since a client's
 * `last_event_id` (what makes a reconnect catch up without losing or doubling anything), and live
 * queries over indexes computed by the emulator (Flex's `tr-worker`, `tr-reservation`).
 *
 * REST: `GET /v3/{Documents|Lists|Maps}/{sid or unique name}` (`Include=items` for maps),
 * `GET …/Items` (`From`, `PageSize`, `Order`, `Key`/`Index`, `PageToken`) → `{items, meta}`,
 * `GET …/Items/{key or index}`, `POST /v4/Subscriptions` {action: establish|cancel, correlation_id,
 * requests: [{object_sid, object_type, last_event_id, index_name, query_string}]},
 * `POST /v3/Insights/{index}/Items` {query_string} → `{query_id, items, last_event_id}`.
 * Notifications: live events as `com.twilio.rtd.cds.{document|list|map}` `{event_type, event}`;
 * replays, `subscription_established|failed|canceled` and live-query events as `twilio.sync.event`.
 *
 * Objects are written by the emulator (the Conversations service mirrors its state into them);
 * clients only read. Who may read an object is the object's `access` rule.
 */

export type SyncKind = 'document' | 'list' | 'map';

export interface SyncItem {
  key: string;
  index?: number;
  data: unknown;
  revision: number;
  lastEventId: number;
  dateUpdated: number;
}

export interface SyncEvent {
  id: number;
  type: string;
  /** The event's own fields (without `id`). */
  fields: Record<string, unknown>;
}

/** Why an identity may not read an object: an HTTP status and Twilio's error code, or undefined if it may. */
export type SyncAccess = (identity: string) => { status: number; code: number; message: string } | undefined;

export interface SyncObject {
  readonly kind: SyncKind;
  readonly sid: string;
  readonly uniqueName: string;
  revision: number;
  lastEventId: number;
  dateUpdated: number;
  /** A document's data. */
  data: unknown;
  /** A list's or map's items, by key (a list's key is its index as a string). */
  readonly items: Map<string, SyncItem>;
  nextIndex: number;
  readonly events: SyncEvent[];
  access: SyncAccess;
}

export interface LiveIndex {
  /** Every item of the index now, by key. */
  items(): Map<string, Record<string, unknown>>;
  /** Who may query it (undefined = allowed). */
  access(connection: TwilsockConnection): { status: number; code: number; message: string } | undefined;
}

type Predicate = (value: Record<string, unknown>) => boolean;

interface LiveQuery {
  readonly id: string;
  readonly index: string;
  readonly predicate: Predicate;
  readonly identity: string;
  /** Revision by key of what the query's clients have. */
  readonly sent: Map<string, number>;
  lastEventId: number;
}

const HOST = 'https://cds.us1.twilio.com';
const PATHS: Record<SyncKind, string> = { document: 'Documents', list: 'Lists', map: 'Maps' };
const PREFIX: Record<SyncKind, string> = { document: 'ET', list: 'ES', map: 'MP' };
const NOTIFICATION: Record<SyncKind, string> = {
  document: 'com.twilio.rtd.cds.document',
  list: 'com.twilio.rtd.cds.list',
  map: 'com.twilio.rtd.cds.map',
};
const ORDERED = 'twilio.sync.event';
const iso = (ms: number) => new Date(ms).toISOString();
const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');
const fail = (status: number, code: number, message: string): UpstreamReply => ({
  status,
  body: { status, code, message },
});

/** Parses the subset of Sync's live query language the emulator serves; throws (code 54507) on anything else. */
export function parseQuery(expression: string): Predicate {
  const text = expression.trim();
  if (!text) return () => true;
  const clauses = text.split(/\s+(?:AND|&&)\s+/i).map((raw) => {
    const clause = raw
      .trim()
      .replace(/^\((.*)\)$/, '$1')
      .trim();
    const eq = /^data\.([\w.]+)\s*(==|!=)\s*"([^"]*)"$/.exec(clause);
    if (eq) return (v: Record<string, unknown>) => (String(field(v, eq[1])) === eq[3]) === (eq[2] === '==');
    const inList = /^data\.([\w.]+)\s+(NOT IN|IN)\s+\[(.*)\]$/i.exec(clause);
    if (inList) {
      const values = new Set([...inList[3].matchAll(/"([^"]*)"/g)].map((m) => m[1]));
      const negate = inList[2].toUpperCase() === 'NOT IN';
      return (v: Record<string, unknown>) => values.has(String(field(v, inList[1]))) !== negate;
    }
    throw Object.assign(new Error(`Unsupported query expression: ${clause}`), { code: 54507 });
  });
  return (value) => clauses.every((c) => c(value));
}

function field(value: Record<string, unknown>, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.'))
    current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  return current;
}

export class SyncStore {
  readonly counters = { objects: 0, events: 0, subscriptions: 0, replayed: 0, queries: 0, refused: 0 };
  readonly #bySid = new Map<string, SyncObject>();
  readonly #byName = new Map<string, SyncObject>();
  /** Established subscriptions: connection → object sids (or live query ids). */
  readonly #subscribed = new Map<TwilsockConnection, Set<string>>();
  readonly #indexes = new Map<string, LiveIndex>();
  /** Per index: the last item JSON and its revision by key, so unchanged items keep theirs. */
  readonly #indexState = new Map<
    string,
    Map<string, { json: string; revision: number; data: Record<string, unknown> }>
  >();
  readonly #queries = new Map<string, LiveQuery>();
  #seq = 0;
  #revision = 0;
  #refreshScheduled = false;

  constructor(
    private readonly now: () => number,
    server: TwilsockServer,
  ) {
    server.route('cds.us1.twilio.com', (r) => this.handle(r));
    server.onDisconnect((c) => this.#subscribed.delete(c));
  }

  // ------------------------------------------------------------------ writing (the emulator)

  /** The object with this unique name, created (empty) if it does not exist. */
  ensure(kind: SyncKind, uniqueName: string, access: SyncAccess, data: unknown = {}): SyncObject {
    const existing = this.#byName.get(uniqueName);
    if (existing) return existing;
    const object: SyncObject = {
      kind,
      sid: PREFIX[kind] + hex(++this.#seq),
      uniqueName,
      revision: 0,
      lastEventId: 0,
      dateUpdated: this.now(),
      data: kind === 'document' ? data : undefined,
      items: new Map(),
      nextIndex: 0,
      events: [],
      access,
    };
    this.#bySid.set(object.sid, object);
    this.#byName.set(uniqueName, object);
    this.counters.objects++;
    return object;
  }

  get(uniqueNameOrSid: string): SyncObject | undefined {
    return this.#bySid.get(uniqueNameOrSid) ?? this.#byName.get(uniqueNameOrSid);
  }

  setDocument(object: SyncObject, data: unknown): void {
    object.data = data;
    object.revision++;
    this.#emit(object, 'document_updated', { document_data: data, document_revision: String(object.revision) });
  }

  /** Appends to a list; returns the new item's index. */
  push(object: SyncObject, data: unknown): number {
    const index = object.nextIndex++;
    this.#setItem(object, String(index), data, index);
    return index;
  }

  /** Sets a list item (by index) or a map item (by key): added or updated. */
  setItem(object: SyncObject, key: string, data: unknown): void {
    this.#setItem(object, key, data, object.kind === 'list' ? Number(key) : undefined);
  }

  removeItem(object: SyncObject, key: string): void {
    const item = object.items.get(key);
    if (!item) return;
    object.items.delete(key);
    object.revision++;
    const kind = object.kind as 'list' | 'map';
    this.#emit(object, `${kind}_item_removed`, {
      ...(kind === 'list' ? { item_index: item.index } : { item_key: key }),
      item_data: item.data,
      [`${kind}_revision`]: String(object.revision),
    });
  }

  #setItem(object: SyncObject, key: string, data: unknown, index: number | undefined): void {
    const kind = object.kind as 'list' | 'map';
    const existing = object.items.get(key);
    object.revision++;
    const item: SyncItem = {
      key,
      ...(index !== undefined ? { index } : {}),
      data,
      revision: ++this.#revision,
      lastEventId: object.lastEventId + 1,
      dateUpdated: this.now(),
    };
    object.items.set(key, item);
    this.#emit(object, `${kind}_item_${existing ? 'updated' : 'added'}`, {
      ...(kind === 'list' ? { item_index: index } : { item_key: key }),
      item_data: data,
      item_revision: String(item.revision),
      item_url: this.#itemUrl(object, key),
      [`${kind}_revision`]: String(object.revision),
    });
  }

  #emit(object: SyncObject, type: string, fields: Record<string, unknown>): void {
    const id = ++object.lastEventId;
    object.dateUpdated = this.now();
    const event: SyncEvent = {
      id,
      type,
      fields: { ...fields, [`${object.kind}_sid`]: object.sid, date_created: iso(object.dateUpdated) },
    };
    object.events.push(event);
    this.counters.events++;
    for (const [connection, sids] of this.#subscribed) {
      if (!sids.has(object.sid)) continue;
      connection.notify(NOTIFICATION[object.kind], { event_type: type, event: { ...event.fields, id } });
    }
  }

  // ------------------------------------------------------------------ live query indexes

  defineIndex(name: string, index: LiveIndex): void {
    this.#indexes.set(name, index);
    this.#indexState.set(name, new Map());
  }

  /** Recomputes the indexes (soon, once per burst of changes) and sends each live query its difference. */
  refresh(): void {
    if (this.#refreshScheduled) return;
    this.#refreshScheduled = true;
    queueMicrotask(() => {
      this.#refreshScheduled = false;
      this.#refreshNow();
    });
  }

  #current(index: string): Map<string, { json: string; revision: number; data: Record<string, unknown> }> {
    const state = this.#indexState.get(index)!;
    const items = this.#indexes.get(index)!.items();
    for (const [key, data] of items) {
      const json = JSON.stringify(data);
      const old = state.get(key);
      if (old?.json !== json) state.set(key, { json, revision: ++this.#revision, data });
    }
    for (const key of [...state.keys()]) if (!items.has(key)) state.delete(key);
    return state;
  }

  #refreshNow(): void {
    const byIndex = new Map<string, Map<string, { json: string; revision: number; data: Record<string, unknown> }>>();
    for (const q of this.#queries.values()) {
      let state = byIndex.get(q.index);
      if (!state) byIndex.set(q.index, (state = this.#current(q.index)));
      const seen = new Set<string>();
      for (const [key, item] of state) {
        if (!q.predicate(item.data)) continue;
        seen.add(key);
        if (q.sent.get(key) === item.revision) continue;
        q.sent.set(key, item.revision);
        this.#queryEvent(q, 'live_query_item_updated', {
          item_key: key,
          item_data: item.data,
          item_revision: item.revision,
        });
      }
      for (const key of [...q.sent.keys()]) {
        if (seen.has(key)) continue;
        q.sent.delete(key);
        this.#queryEvent(q, 'live_query_item_removed', { item_key: key, item_revision: ++this.#revision });
      }
    }
  }

  #queryEvent(q: LiveQuery, type: string, fields: Record<string, unknown>): void {
    q.lastEventId++;
    for (const [connection, sids] of this.#subscribed) {
      if (!sids.has(q.id)) continue;
      connection.notify(ORDERED, {
        event_type: type,
        strictly_ordered: true,
        event: { ...fields, query_id: q.id, last_event_id: q.lastEventId },
      });
    }
  }

  // ------------------------------------------------------------------ REST

  #url(object: SyncObject): string {
    return `${HOST}/v3/${PATHS[object.kind]}/${object.sid}`;
  }

  #itemUrl(object: SyncObject, key: string): string {
    return `${this.#url(object)}/Items/${encodeURIComponent(key)}`;
  }

  #descriptor(object: SyncObject, withItems = false): Record<string, unknown> {
    return {
      sid: object.sid,
      unique_name: object.uniqueName,
      url: this.#url(object),
      revision: String(object.revision),
      last_event_id: object.lastEventId,
      date_updated: iso(object.dateUpdated),
      date_expires: null,
      ...(object.kind === 'document' ? { data: object.data } : { links: { items: `${this.#url(object)}/Items` } }),
      ...(withItems && object.kind === 'map'
        ? { items: [...object.items.values()].map((i) => this.#itemJson(object, i)) }
        : {}),
    };
  }

  #itemJson(object: SyncObject, item: SyncItem): Record<string, unknown> {
    return {
      ...(object.kind === 'list' ? { index: item.index } : { key: item.key }),
      url: this.#itemUrl(object, item.key),
      revision: String(item.revision),
      last_event_id: item.lastEventId,
      data: item.data,
      date_updated: iso(item.dateUpdated),
      date_expires: null,
    };
  }

  async handle(r: UpstreamRequest): Promise<UpstreamReply> {
    const identity = r.connection.identity!.identity;
    const parts = r.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (r.method === 'POST' && parts[0] === 'v4' && parts[1] === 'Subscriptions') return this.#subscriptions(r);
    if (r.method === 'POST' && parts[0] === 'v3' && parts[1] === 'Insights' && parts[3] === 'Items')
      return this.#liveQuery(r, parts[2]);
    const kind = (Object.keys(PATHS) as SyncKind[]).find((k) => PATHS[k] === parts[1]);
    if (parts[0] !== 'v3' || !kind || !parts[2]) return fail(404, 20404, `Not found: ${r.path}`);
    if (r.method !== 'GET') {
      // The emulator's objects are the services' own (Conversations writes them); clients read.
      this.counters.refused++;
      return fail(403, 54007, 'Access forbidden for identity');
    }
    const object = this.get(parts[2]);
    if (!object || object.kind !== kind)
      return fail(404, 54100 + (kind === 'document' ? 0 : kind === 'list' ? 50 : 100), `${kind} not found`);
    const denied = object.access(identity);
    if (denied) {
      this.counters.refused++;
      return fail(denied.status, denied.code, denied.message);
    }
    if (!parts[3]) return { status: 200, body: this.#descriptor(object, r.params['Include'] === 'items') };
    if (parts[3] !== 'Items' || kind === 'document') return fail(404, 20404, `Not found: ${r.path}`);
    if (parts[4] !== undefined) {
      const item = object.items.get(parts[4]);
      return item
        ? { status: 200, body: this.#itemJson(object, item) }
        : fail(404, kind === 'list' ? 54151 : 54201, 'Item not found');
    }
    return { status: 200, body: this.#page(object, r.params) };
  }

  #page(object: SyncObject, params: Readonly<Record<string, string | string[]>>): Record<string, unknown> {
    const one = (name: string) =>
      Array.isArray(params[name]) ? params[name][0] : (params[name] as string | undefined);
    const all = [...object.items.values()].sort((a, b) =>
      object.kind === 'list' ? a.index! - b.index! : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    const single = one(object.kind === 'list' ? 'Index' : 'Key');
    if (single !== undefined) {
      const item = object.items.get(single);
      return { items: item ? [this.#itemJson(object, item)] : [], meta: { previous_token: null, next_token: null } };
    }
    let from = one('From');
    let order: 'asc' | 'desc' = one('Order') === 'desc' ? 'desc' : 'asc';
    let pageSize = Math.max(1, Math.min(1000, Number(one('PageSize')) || 50));
    const token = one('PageToken');
    if (token) {
      const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        from: string;
        order: 'asc' | 'desc';
        pageSize: number;
      };
      ({ from, order, pageSize } = t);
    }
    const sorted = order === 'asc' ? all : [...all].reverse();
    const position = (item: SyncItem) => (object.kind === 'list' ? item.index! : item.key);
    let start = 0;
    if (from !== undefined) {
      const f = object.kind === 'list' ? Number(from) : from;
      start = sorted.findIndex((x) => (order === 'asc' ? position(x) >= f : position(x) <= f));
      if (start < 0) start = sorted.length;
    }
    const page = sorted.slice(start, start + pageSize);
    const tokenFor = (item: SyncItem | undefined, dir: 'asc' | 'desc') =>
      item
        ? Buffer.from(JSON.stringify({ from: String(position(item)), order: dir, pageSize })).toString('base64url')
        : null;
    return {
      items: page.map((i) => this.#itemJson(object, i)),
      meta: {
        next_token: tokenFor(sorted[start + pageSize], order),
        previous_token: start > 0 ? tokenFor(sorted[start - 1], order === 'asc' ? 'desc' : 'asc') : null,
      },
    };
  }

  #liveQuery(r: UpstreamRequest, index: string | undefined): UpstreamReply {
    const definition = index ? this.#indexes.get(index) : undefined;
    if (!index || !definition) return fail(404, 54100, `No live query index ${index}`);
    const denied = definition.access(r.connection);
    if (denied) {
      this.counters.refused++;
      return fail(denied.status, denied.code, denied.message);
    }
    const body = (r.body ?? {}) as { query_string?: unknown; type?: unknown };
    let predicate: Predicate;
    try {
      predicate = parseQuery(typeof body.query_string === 'string' ? body.query_string : '');
    } catch (error) {
      return fail(400, 54507, error instanceof Error ? error.message : String(error));
    }
    const items: Record<string, unknown>[] = [];
    const state = this.#current(index);
    const sent = new Map<string, number>();
    for (const [key, item] of state) {
      if (!predicate(item.data)) continue;
      items.push({ key, data: item.data, revision: item.revision });
      sent.set(key, item.revision);
    }
    this.counters.queries++;
    if (body.type !== 'live_query') return { status: 200, body: { items } };
    const q: LiveQuery = {
      id: 'QY' + hex(++this.#seq),
      index,
      predicate,
      identity: r.connection.identity!.identity,
      sent,
      lastEventId: 0,
    };
    this.#queries.set(q.id, q);
    return { status: 200, body: { query_id: q.id, items, last_event_id: q.lastEventId } };
  }

  #subscriptions(r: UpstreamRequest): UpstreamReply {
    const body = (r.body ?? {}) as {
      action?: string;
      correlation_id?: number;
      requests?: { object_sid?: string; object_type?: string; last_event_id?: number | null }[];
    };
    const action = body.action;
    if (action !== 'establish' && action !== 'cancel') return fail(400, 54000, 'Invalid subscription action');
    const identity = r.connection.identity!.identity;
    const c = r.connection;
    const requests = body.requests ?? [];
    // The reply goes first; the subscription events follow it.
    setImmediate(() => {
      let set = this.#subscribed.get(c);
      if (!set && c.open) this.#subscribed.set(c, (set = new Set()));
      if (!set) return;
      for (const req of requests) {
        const sid = String(req.object_sid ?? '');
        const base = { object_sid: sid, object_type: req.object_type };
        if (action === 'cancel') {
          set.delete(sid);
          c.notify(ORDERED, { event_type: 'subscription_canceled', correlation_id: body.correlation_id, event: base });
          continue;
        }
        if (req.object_type === 'live_query') {
          const q = this.#queries.get(sid);
          if (!q || q.identity !== identity) {
            c.notify(ORDERED, {
              event_type: 'subscription_failed',
              correlation_id: body.correlation_id,
              event: { ...base, error: { status: 404, code: 54100, message: 'Live query not found' } },
            });
            continue;
          }
          set.add(sid);
          this.counters.subscriptions++;
          // Catch up: the query's whole current result, reconciled by the client (changed items updated, missing ones removed).
          const state = this.#current(q.index);
          const items: Record<string, unknown>[] = [];
          q.sent.clear();
          for (const [key, item] of state) {
            if (!q.predicate(item.data)) continue;
            items.push({ key, data: item.data, revision: item.revision });
            q.sent.set(key, item.revision);
          }
          q.lastEventId++;
          c.notify(ORDERED, {
            event_type: 'live_query_updated',
            correlation_id: body.correlation_id,
            strictly_ordered: true,
            event: { query_id: q.id, items, last_event_id: q.lastEventId },
          });
          c.notify(ORDERED, {
            event_type: 'subscription_established',
            correlation_id: body.correlation_id,
            event: { ...base, replay_status: 'completed', last_event_id: q.lastEventId },
          });
          continue;
        }
        const object = this.get(sid);
        const denied = object ? object.access(identity) : { status: 404, code: 54100, message: 'Object not found' };
        if (!object || denied) {
          this.counters.refused++;
          c.notify(ORDERED, {
            event_type: 'subscription_failed',
            correlation_id: body.correlation_id,
            event: { ...base, error: denied },
          });
          continue;
        }
        set.add(sid);
        this.counters.subscriptions++;
        const since = typeof req.last_event_id === 'number' ? req.last_event_id : object.lastEventId;
        for (const event of object.events) {
          if (event.id <= since) continue;
          this.counters.replayed++;
          c.notify(ORDERED, {
            event_type: event.type,
            correlation_id: body.correlation_id,
            event: { ...event.fields, id: event.id },
          });
        }
        c.notify(ORDERED, {
          event_type: 'subscription_established',
          correlation_id: body.correlation_id,
          event: { ...base, replay_status: 'completed', last_event_id: object.lastEventId },
        });
      }
    });
    return { status: 200, body: { max_batch_size: 100 } };
  }

  /** Whether a connection of this identity has an established subscription to the object (tests wait on it). */
  isSubscribed(identity: string, uniqueNameOrSid: string): boolean {
    const object = this.get(uniqueNameOrSid);
    if (!object) return false;
    return [...this.#subscribed].some(([c, sids]) => c.identity?.identity === identity && sids.has(object.sid));
  }

  /** The live queries an identity has open. */
  queriesOf(identity: string): number {
    return [...this.#queries.values()].filter((q) => q.identity === identity).length;
  }
}
