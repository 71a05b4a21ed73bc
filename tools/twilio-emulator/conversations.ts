/**
 * The Conversations service's state in the emulator: conversations, their participants (members),
 * messages and read horizons, and typing. Every change is an event for `subscribe()`rs; the wire
 * (twilsock/conversations-service.ts) serves it to the real @twilio/conversations Client and
 * mirrors it into Sync.
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

export class ConversationsEmulator {
  readonly conversations = new Map<string, EmulatedConversation>();
  readonly counters = { connections: 0, sends: 0, duplicates: 0, refused: 0 };
  /** Observers of every change (the twilsock wire). */
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

  /** Watches every change; returns the unsubscribe function. */
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

  close(): void {
    this.observers.clear();
  }

  private broadcast(frame: Record<string, any>): void {
    for (const observer of this.observers) observer(frame);
  }
}
