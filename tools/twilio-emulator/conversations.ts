import type { WebSocket } from 'ws';
import { serveJson, type Fail, type Frame, type Reply } from './json-socket.js';
import { verifyToken } from './tokens.js';

/**
 * A loopback stand-in for the Conversations service. The real SDK's wire (twilsock V3 with Sync
 * inside) is not emulated (see the README: several times the TaskRouter work); instead the Twilio
 * backend's `conversationsClient` option takes a factory, and tests pass one (see
 * src/backends/twilio/loopback-conversations.ts) that speaks this small JSON protocol:
 *
 * client → server: {id, op: 'auth', token} | {id, op: 'send', sid, body, attributes, clientId, media?}
 *   | {id, op: 'page', sid, before?, pageSize} | {id, op: 'read', sid, index} | {id, op: 'typing', sid}
 *   | {id, op: 'conversation', sid} (the whole conversation: {sid, messages, read})
 * server → client: {id, ok, result} | {id, ok: false, error} |
 *   {event: 'messageAdded', message} | {event: 'typing', sid, identity, typing}
 *   | {event: 'read', sid, identity, index} | {event: 'conversationAdded', sid}
 *
 * A sent message's `media` items are either metadata ({filename, contentType, size}) or a
 * reference ({sid}) to a file uploaded to the media service (mcs.ts), resolved through
 * `resolveMedia`.
 */

export interface EmulatedMessage {
  sid: string;
  conversationSid: string;
  index: number;
  author: string;
  body: string;
  dateCreated: number;
  attributes: Record<string, unknown>;
  media?: EmulatedMedia[];
}

export interface EmulatedMedia {
  /** The media service's sid (ME…) when the file was uploaded there. */
  sid?: string;
  filename: string;
  contentType: string;
  size: number;
}

/** A media item as a sender gives it: metadata, or only the sid of an upload to the media service. */
export type MediaInput = EmulatedMedia | { sid: string };

/** A participant's role in a conversation: who joined and why (Flex's customer, agent, supervisor). */
export type ParticipantRole = 'customer' | 'agent' | 'supervisor';

/** A member of a conversation (Conversations' Participant resource, MB…). */
export interface EmulatedParticipant {
  sid: string;
  conversationSid: string;
  identity: string;
  role: ParticipantRole;
  dateCreated: number;
}

/** Twilio's error for a user who is not (or no longer) a participant: 403, code 50430. */
export class ConversationsError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface EmulatedConversation {
  sid: string;
  /**
   * Conversations' state: `closed` when the Interactions channel closes (wrap-up or complete);
   * a closed conversation takes no new messages or participants.
   */
  state: 'active' | 'inactive' | 'closed';
  /** The current members, by identity. Whoever is not here may not read, send, type or mark read. */
  participants: Map<string, EmulatedParticipant>;
  messages: EmulatedMessage[];
  /** Highest read index per identity. */
  read: Record<string, number>;
  /** clientId → message, so a retried send is stored once. */
  byClientId: Map<string, EmulatedMessage>;
}

interface Client {
  ws: WebSocket;
  identity?: string;
}

export class ConversationsEmulator {
  readonly conversations = new Map<string, EmulatedConversation>();
  readonly counters = { connections: 0, sends: 0, duplicates: 0, refused: 0 };
  private readonly clients = new Set<Client>();
  /** In-process observers (the Conversations SDK fakes in conversations-sdk.ts). */
  private readonly observers = new Set<(event: Record<string, any>) => void>();
  private seq = 0;
  private convSeq = 0;
  private memberSeq = 0;
  /** The media service's record of an uploaded file (set by the emulator to its mcs store). */
  resolveMedia: ((sid: string) => EmulatedMedia | undefined) | undefined;

  constructor(private readonly now: () => number) {}

  create(): EmulatedConversation {
    const sid = 'CH' + (++this.convSeq).toString(16).padStart(32, '0');
    const c: EmulatedConversation = { sid, state: 'active', participants: new Map(), messages: [], read: {}, byClientId: new Map() };
    this.conversations.set(sid, c);
    this.broadcast({ event: 'conversationAdded', sid });
    return c;
  }

  private require(sid: string): EmulatedConversation {
    const c = this.conversations.get(sid);
    if (!c) throw new ConversationsError(404, 50350, `Conversation ${sid} not found`);
    return c;
  }

  /** The member with this identity, if it is one now. */
  participant(sid: string, identity: string): EmulatedParticipant | undefined {
    return this.conversations.get(sid)?.participants.get(identity);
  }

  /** Adds a member (Twilio refuses a second one with the same identity, 409 50433, and a closed conversation). */
  addParticipant(sid: string, identity: string, role: ParticipantRole): EmulatedParticipant {
    const c = this.require(sid);
    if (c.state === 'closed') throw new ConversationsError(409, 45376, `Conversation ${sid} is closed: no participant can be added`);
    if (c.participants.has(identity)) throw new ConversationsError(409, 50433, `Participant ${identity} already exists in conversation ${sid}`);
    const participant: EmulatedParticipant = {
      sid: 'MB' + (++this.memberSeq).toString(16).padStart(32, '0'),
      conversationSid: sid,
      identity,
      role,
      dateCreated: this.now(),
    };
    c.participants.set(identity, participant);
    this.broadcast({ event: 'participantJoined', sid, participant });
    return participant;
  }

  /** Removes a member: from now on they may not read or send (50430). Returns whether they were one. */
  removeParticipant(sid: string, identity: string): boolean {
    const c = this.require(sid);
    const participant = c.participants.get(identity);
    if (!participant) return false;
    c.participants.delete(identity);
    this.broadcast({ event: 'participantLeft', sid, participant });
    return true;
  }

  /** Conversations' state (the Interactions channel sets it). */
  setState(sid: string, state: EmulatedConversation['state']): void {
    const c = this.require(sid);
    if (c.state === state) return;
    c.state = state;
    this.broadcast({ event: 'conversationUpdated', sid, state });
  }

  /**
   * Throws Twilio's error unless `identity` is a member now: 403 with code 50430 (Participant is not
   * a member of conversation). The wire layers call it before every read, send, typing or read horizon.
   */
  requireParticipant(sid: string, identity: string): EmulatedParticipant {
    const c = this.require(sid);
    const participant = c.participants.get(identity);
    if (!participant) {
      this.counters.refused++;
      throw new ConversationsError(403, 50430, `${identity} is not a participant of conversation ${sid}`);
    }
    return participant;
  }

  /** Conversations the identity is a member of now (the SDK's "my conversations"). */
  conversationsOf(identity: string): EmulatedConversation[] {
    return [...this.conversations.values()].filter((c) => c.participants.has(identity));
  }

  add(sid: string, author: string, body: string, extra: Partial<EmulatedMessage> = {}): EmulatedMessage {
    const c = this.conversations.get(sid);
    if (!c) throw new Error(`No conversation ${sid}`);
    const message: EmulatedMessage = {
      sid: 'IM' + (++this.seq).toString(16).padStart(32, '0'),
      conversationSid: sid,
      index: c.messages.length,
      author,
      body,
      dateCreated: this.now(),
      attributes: {},
      ...extra,
    };
    c.messages.push(message);
    this.broadcast({ event: 'messageAdded', message });
    return message;
  }

  /** Watches every event the websocket clients get; returns the unsubscribe function. */
  subscribe(observer: (event: Record<string, any>) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** A participant sends: stored once per clientId (a retried send returns the first message). */
  post(sid: string, identity: string, body: string, attributes: Record<string, unknown> = {}, clientId?: string, input?: readonly MediaInput[]): EmulatedMessage {
    const c = this.conversations.get(sid);
    if (!c) throw new Error(`No conversation ${sid}`);
    const existing = clientId ? c.byClientId.get(clientId) : undefined;
    if (existing) {
      this.counters.duplicates++;
      return existing;
    }
    const media = input?.map((m): EmulatedMedia => {
      if ('filename' in m) return m;
      const found = this.resolveMedia?.(m.sid);
      if (!found) throw new Error(`No media ${m.sid}`);
      return { ...found, sid: m.sid };
    });
    this.counters.sends++;
    const message = this.add(sid, identity, body, { attributes, ...(media ? { media } : {}) });
    if (clientId) c.byClientId.set(clientId, message);
    return message;
  }

  /** A participant's read horizon moves forward (never back). */
  markRead(sid: string, identity: string, index: number): void {
    const c = this.conversations.get(sid);
    if (!c) throw new Error(`No conversation ${sid}`);
    c.read[identity] = Math.max(c.read[identity] ?? -1, index);
    this.broadcast({ event: 'read', sid, identity, index: c.read[identity] });
  }

  typing(sid: string, identity: string, typing: boolean): void {
    this.broadcast({ event: 'typing', sid, identity, typing });
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
    this.drop();
  }

  private broadcast(frame: Record<string, any>): void {
    for (const observer of this.observers) observer(frame);
    const text = JSON.stringify(frame);
    // Events go to every signed-in client of this loopback stand-in (its requests check membership;
    // the real wire, twilsock/, sends a conversation's events to its members only).
    for (const c of this.clients) if (c.identity && c.ws.readyState === 1) c.ws.send(text);
  }

  accept(ws: WebSocket): void {
    this.counters.connections++;
    const client: Client = { ws };
    this.clients.add(client);
    serveJson(ws, (frame, reply, fail) => this.onFrame(client, frame, reply, fail), () => this.clients.delete(client));
  }


  private onFrame(client: Client, frame: Frame, reply: Reply, fail: Fail): void {
    if (frame['op'] === 'auth') {
      const check = verifyToken(frame['token'], this.now());
      if (!check.ok || !check.claims.grants.chat) {
        this.counters.refused++;
        fail(check.ok ? 'The token has no Chat grant' : check.reason, check.ok ? 20103 : check.code);
        return;
      }
      client.identity = check.claims.grants.identity;
      reply({ identity: client.identity });
      return;
    }
    if (!client.identity) return fail('Not authenticated', 20101);
    const c = this.conversations.get(String(frame['sid']));
    if (!c) return fail(`No conversation ${String(frame['sid'])}`, 50350);
    // Only a participant reads, sends, types or moves a read horizon, as on Twilio.
    try {
      this.requireParticipant(c.sid, client.identity);
    } catch (error) {
      const e = error as ConversationsError;
      return fail(e.message, e.code);
    }
    switch (frame['op']) {
      case 'send': {
        const clientId = typeof frame['clientId'] === 'string' ? frame['clientId'] : undefined;
        const media = Array.isArray(frame['media']) ? (frame['media'] as MediaInput[]) : undefined;
        return reply(this.post(c.sid, client.identity, String(frame['body'] ?? ''), (frame['attributes'] as Record<string, unknown>) ?? {}, clientId, media));
      }
      case 'page': {
        const pageSize = Math.max(1, Math.min(100, Number(frame['pageSize']) || 30));
        const before = typeof frame['before'] === 'number' ? frame['before'] : c.messages.length;
        const from = Math.max(0, before - pageSize);
        return reply({ items: c.messages.slice(from, before), hasOlder: from > 0, count: c.messages.length, read: c.read });
      }
      case 'read':
        this.markRead(c.sid, client.identity, Number(frame['index']));
        return reply(null);
      case 'typing':
        this.typing(c.sid, client.identity, true);
        return reply(null);
      case 'conversation':
        return reply({ sid: c.sid, messages: c.messages, read: c.read });
      default:
        return fail(`Unknown op ${String(frame['op'])}`);
    }
  }
}
