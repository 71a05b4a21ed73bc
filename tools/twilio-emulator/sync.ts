import type { Worker } from '../../src/core/model.js';
import type { WebSocket } from 'ws';
import type { ContactCenterEngine } from '../../src/engine/engine.js';
import { serveJson, type Fail, type Frame, type Reply } from './json-socket.js';
import { verifyToken } from './tokens.js';

/**
 * A loopback stand-in for Twilio Sync's live query indexes `tr-worker`, `tr-task` and
 * `tr-reservation`, the supervisor's view of the workspace in real Flex, computed from the engine.
 * Twilio's own wire (twilsock with Sync inside) is not emulated, for the reason given for
 * Conversations in the README; the backend reads it through `loopbackSync`
 * (src/backends/twilio/workspace-feed.ts), which speaks this JSON protocol:
 *
 * client → `{id, op: 'auth', token}` | `{id, op: 'query', index, expression}` | `{id, op: 'close', queryId}`
 * server → `{id, ok: true, result}` | `{id, ok: false, error, code}` |
 *   `{event: 'itemUpdated', queryId, key, value}` | `{event: 'itemRemoved', queryId, key}`
 *
 * Expressions: empty (everything), or clauses `data.<field> == "x"` / `data.<field> IN ["x", …]`
 * joined by `AND`, as Sync's query language writes them. A token needs a Sync grant and a
 * supervisor or admin TaskRouter role.
 */

type Item = Record<string, unknown>;
type Predicate = (value: Item) => boolean;

const iso = (ms: number) => new Date(ms).toISOString();

/** Parses the subset of Sync's query language the emulator serves; throws on anything else. */
export function parseExpression(expression: string): Predicate {
  const text = expression.trim();
  if (!text) return () => true;
  const clauses = text.split(/\s+AND\s+/i).map((clause) => {
    const eq = /^data\.([\w.]+)\s*==\s*"([^"]*)"$/.exec(clause.trim());
    if (eq) return (v: Item) => String(field(v, eq[1])) === eq[2];
    const inList = /^data\.([\w.]+)\s+IN\s+\[(.*)\]$/i.exec(clause.trim());
    if (inList) {
      const values = new Set([...inList[2].matchAll(/"([^"]*)"/g)].map((m) => m[1]));
      return (v: Item) => values.has(String(field(v, inList[1])));
    }
    throw Object.assign(new Error(`Unsupported query expression: ${clause}`), { code: 54507 });
  });
  return (value) => clauses.every((c) => c(value));
}

function field(value: Item, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) current = current && typeof current === 'object' ? (current as Item)[part] : undefined;
  return current;
}

interface Query {
  readonly id: string;
  readonly index: string;
  readonly predicate: Predicate;
  /** What the client has, as JSON text by key. */
  readonly sent: Map<string, string>;
}

interface Client {
  readonly ws: WebSocket;
  authorized: boolean;
  identity?: string;
  readonly queries: Map<string, Query>;
}

export class SyncEmulator {
  readonly counters = { connections: 0, queries: 0, refused: 0 };
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: () => void;
  private scheduled = false;
  private seq = 0;
  /** A worker's attributes as TaskRouter holds them (the emulator sets it to the TaskRouter half's). */
  attributesOf: ((w: Worker) => Record<string, unknown>) | undefined;

  constructor(
    private readonly engine: ContactCenterEngine,
    private readonly now: () => number,
  ) {
    this.unsubscribe = engine.onEntry(() => {
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.publish();
      });
    });
  }

  /** Every item of an index, by key. */
  items(index: string): Map<string, Item> {
    const e = this.engine;
    const out = new Map<string, Item>();
    if (index === 'tr-worker') {
      for (const w of e.listWorkers()) {
        const activity = e.activity(w.activitySid);
        out.set(w.sid, {
          worker_sid: w.sid,
          friendly_name: w.identity,
          activity_sid: w.activitySid,
          activity_name: activity?.name ?? '',
          date_activity_changed: iso(w.activitySince),
          workspace_sid: e.workspaceSid,
          attributes: this.attributesOf?.(w) ?? {
            ...w.attributes,
            full_name: w.name,
            skills: w.skills,
            languages: w.languages,
            ...(w.team ? { team_name: w.team } : {}),
            ...(w.email ? { email: w.email } : {}),
          },
        });
      }
    } else if (index === 'tr-task') {
      for (const t of e.listTasks()) {
        out.set(t.sid, {
          task_sid: t.sid,
          status: t.status,
          attributes: t.attributes,
          queue_sid: t.queueSid,
          queue_name: t.queueName,
          task_channel_unique_name: t.channel,
          priority: t.priority,
          age: Math.max(0, Math.floor((this.now() - t.createdAt) / 1000)),
          date_created: iso(t.createdAt),
        });
      }
    } else if (index === 'tr-reservation') {
      for (const r of e.listReservations()) {
        out.set(r.sid, {
          reservation_sid: r.sid,
          task_sid: r.taskSid,
          worker_sid: r.workerSid,
          status: r.status,
          reservation_timeout: Math.max(0, Math.round((r.timeoutAt - r.createdAt) / 1000)),
          date_created: iso(r.createdAt),
          date_updated: iso(r.updatedAt),
        });
      }
    } else {
      throw Object.assign(new Error(`No live query index ${index}`), { code: 54100 });
    }
    return out;
  }

  /** Sends each query's difference since what its client has. */
  private publish(): void {
    const cache = new Map<string, Map<string, Item>>();
    for (const client of this.clients) {
      if (client.ws.readyState !== 1) continue;
      for (const q of client.queries.values()) {
        let items = cache.get(q.index);
        if (!items) cache.set(q.index, (items = this.items(q.index)));
        const seen = new Set<string>();
        for (const [key, value] of items) {
          if (!q.predicate(value)) continue;
          seen.add(key);
          const text = JSON.stringify(value);
          if (q.sent.get(key) === text) continue;
          q.sent.set(key, text);
          client.ws.send(JSON.stringify({ event: 'itemUpdated', queryId: q.id, key, value }));
        }
        for (const key of [...q.sent.keys()]) {
          if (seen.has(key)) continue;
          q.sent.delete(key);
          client.ws.send(JSON.stringify({ event: 'itemRemoved', queryId: q.id, key }));
        }
      }
    }
  }

  accept(ws: WebSocket): void {
    this.counters.connections++;
    const client: Client = { ws, authorized: false, queries: new Map() };
    this.clients.add(client);
    serveJson(ws, (frame, reply, fail) => this.onFrame(client, frame, reply, fail), () => this.clients.delete(client));
  }


  private onFrame(client: Client, frame: Frame, reply: Reply, fail: Fail): void {
    if (frame['op'] === 'auth') {
      const check = verifyToken(frame['token'], this.now());
      const role = check.ok ? check.claims.grants.task_router?.role : undefined;
      if (!check.ok || !check.claims.grants.data_sync || (role !== 'supervisor' && role !== 'admin')) {
        this.counters.refused++;
        client.authorized = false;
        fail(check.ok ? 'Live queries need a Sync grant and a supervisor or admin role' : check.reason, check.ok ? 20103 : check.code);
        return;
      }
      client.authorized = true;
      client.identity = check.claims.grants.identity;
      reply(null);
      return;
    }
    if (!client.authorized) return fail('Not authenticated', 20101);
    if (frame['op'] === 'query') {
      const index = String(frame['index']);
      const predicate = parseExpression(String(frame['expression'] ?? ''));
      const query: Query = { id: `QY${(++this.seq).toString(16).padStart(32, '0')}`, index, predicate, sent: new Map() };
      const items: Record<string, Item> = {};
      for (const [key, value] of this.items(index)) {
        if (!predicate(value)) continue;
        items[key] = value;
        query.sent.set(key, JSON.stringify(value));
      }
      client.queries.set(query.id, query);
      this.counters.queries++;
      reply({ queryId: query.id, items });
      return;
    }
    if (frame['op'] === 'close') {
      client.queries.delete(String(frame['queryId']));
      reply(null);
      return;
    }
    fail(`Unknown op ${String(frame['op'])}`);
  }

  /** Cuts every client's socket, or only those signed in as one identity. */
  drop(identity?: string): void {
    for (const c of [...this.clients]) {
      if (identity && c.identity !== identity) continue;
      c.ws.terminate();
      this.clients.delete(c);
    }
  }

  close(): void {
    this.unsubscribe();
    this.drop();
  }
}
