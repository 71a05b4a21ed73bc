import { createHash } from 'node:crypto';
import type {
  ConversationsEmulator,
  EmulatedConversation,
  EmulatedMessage,
  EmulatedParticipant,
  ParticipantRole,
} from '../conversations.js';
import type { TwilsockServer, UpstreamReply, UpstreamRequest } from './server.js';
import type { SyncAccess, SyncObject, SyncStore } from './sync-store.js';

/**
 * The Conversations service on its real wire: the REST resources @twilio/conversations 3.0.1
 * requests through twilsock (host `aim.us1.twilio.com`) and the Sync objects it reads (the
 * emulator's `ConversationsEmulator` state, mirrored into the `SyncStore` as it changes), plus the
 * typing notifications. Backed by the emulator's conversation state; membership is enforced:
 * someone who is not a participant gets Twilio's 50430 (403) from REST and 54007 (403) from Sync.
 *
 * REST (under `/Client/v2`): `GET Configuration`; `GET Me/Conversations`; `GET Conversations/{CH}`;
 * `POST Conversations/{CH}/Messages` {body, attributes, media_sids} (a repeated
 * `X-Twilio-Mutation-Id` is stored once); `POST Me/Conversations/{CH}` {last_read_message_index};
 * `POST Services/typing` (`ChannelSid=CH…`); `GET Users/{identity}`; `GET Conversations/{CH}/Participants`.
 *
 * Sync objects (unique names): `{CH}.channel` (document), `{CH}.messages` (list, index = message
 * index), `{CH}.roster` (map by participant sid), `my_conversations.{US}` and `user_info.{US}` (maps)
 * per user. Notifications: `twilio.ipmsg.typing_indicator` {channel_sid, identity, typing_timeout}.
 */

const HOST = 'aim.us1.twilio.com';
const BASE = `https://${HOST}/Client/v2`;
const TYPING = 'twilio.ipmsg.typing_indicator';
const iso = (ms: number) => new Date(ms).toISOString();
const fail = (status: number, code: number, message: string): UpstreamReply => ({
  status,
  body: { status, code, message },
});
/** The Conversations service roles the emulator gives participants (RL…), by role. */
const ROLE_SIDS: Record<ParticipantRole, string> = {
  customer: 'RL' + '0'.repeat(31) + '1',
  agent: 'RL' + '0'.repeat(31) + '2',
  supervisor: 'RL' + '0'.repeat(31) + '3',
};
const notMember = (sid: string) => fail(403, 50430, `Participant is not a member of conversation ${sid}`);

export interface ConversationsServiceOptions {
  /** Seconds a participant's typing lasts without a new signal (Twilio's default is 5). */
  typingTimeout?: number;
  /** The media service's base URL (`{mcsUrl}/v1/Services/{IS}/Media`). */
  mcsUrl: string;
  serviceSid: string;
}

/** A stable user sid for an identity (Twilio gives each identity a US… user). */
export function userSid(identity: string): string {
  return 'US' + createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

export class ConversationsService {
  readonly counters = { sends: 0, refused: 0, typing: 0 };
  /** Typing signals clients sent (`POST Services/typing`), in order. */
  readonly typingLog: { sid: string; identity: string }[] = [];
  readonly #unsubscribe: () => void;
  readonly #typingTimeout: number;
  /** Stored messages by mutation id, so a repeated mutation is stored once. */
  readonly #mutations = new Map<string, EmulatedMessage>();

  constructor(
    private readonly conversations: ConversationsEmulator,
    private readonly server: TwilsockServer,
    private readonly store: SyncStore,
    private readonly options: ConversationsServiceOptions,
  ) {
    this.#typingTimeout = options.typingTimeout ?? 5;
    server.route(HOST, (r) => this.handle(r));
    for (const c of conversations.conversations.values()) this.#mirror(c);
    this.#unsubscribe = conversations.subscribe((event) => this.#onEvent(event));
  }

  close(): void {
    this.#unsubscribe();
  }

  // ------------------------------------------------------------------ Sync mirror

  #memberAccess(sid: string): SyncAccess {
    return (identity) =>
      this.conversations.participant(sid, identity)
        ? undefined
        : { status: 403, code: 54007, message: 'Access forbidden for identity' };
  }

  #ownerAccess(owner: string): SyncAccess {
    return (identity) =>
      identity === owner ? undefined : { status: 403, code: 54007, message: 'Access forbidden for identity' };
  }

  #objects(sid: string): { channel: SyncObject; messages: SyncObject; roster: SyncObject } {
    return {
      channel: this.store.ensure('document', `${sid}.channel`, this.#memberAccess(sid)),
      messages: this.store.ensure('list', `${sid}.messages`, this.#memberAccess(sid)),
      roster: this.store.ensure('map', `${sid}.roster`, this.#memberAccess(sid)),
    };
  }

  #myConversations(identity: string): SyncObject {
    return this.store.ensure('map', `my_conversations.${userSid(identity)}`, this.#ownerAccess(identity));
  }

  #userInfo(identity: string): SyncObject {
    const existing = this.store.get(`user_info.${userSid(identity)}`);
    if (existing) return existing;
    // Anyone may read a user's public info (friendly name, attributes), as Twilio's users map allows.
    const map = this.store.ensure('map', `user_info.${userSid(identity)}`, () => undefined);
    this.store.setItem(map, 'friendlyName', { value: identity });
    this.store.setItem(map, 'attributes', { value: {} });
    return map;
  }

  #mirror(c: EmulatedConversation): void {
    const o = this.#objects(c.sid);
    this.store.setDocument(o.channel, this.#channelDocument(c));
    for (const m of c.messages) if (!o.messages.items.has(String(m.index))) this.#pushMessage(o.messages, m);
    for (const p of c.participants.values()) {
      this.store.setItem(o.roster, p.sid, this.#participantData(c, p));
      this.store.setItem(this.#myConversations(p.identity), c.sid, this.#myConversationsItem(c, p.identity));
    }
  }

  #pushMessage(list: SyncObject, m: EmulatedMessage): void {
    // The list's index is the message's index (both count from 0 in order).
    list.nextIndex = m.index;
    this.store.push(list, this.#messageData(m));
  }

  #onEvent(event: Record<string, any>): void {
    const c = this.conversations.conversations.get(String(event['sid'] ?? event['message']?.conversationSid ?? ''));
    switch (event['event']) {
      case 'conversationAdded':
        if (c) this.#mirror(c);
        return;
      case 'messageAdded': {
        const m = event['message'] as EmulatedMessage;
        const conversation = this.conversations.conversations.get(m.conversationSid);
        if (!conversation) return;
        const o = this.#objects(m.conversationSid);
        this.#pushMessage(o.messages, m);
        this.store.setDocument(o.channel, this.#channelDocument(conversation));
        for (const p of conversation.participants.values()) {
          this.store.setItem(
            this.#myConversations(p.identity),
            conversation.sid,
            this.#myConversationsItem(conversation, p.identity),
          );
        }
        return;
      }
      case 'read': {
        if (!c) return;
        const who = String(event['identity']);
        const p = c.participants.get(who);
        if (!p) return;
        this.store.setItem(this.#objects(c.sid).roster, p.sid, this.#participantData(c, p));
        this.store.setItem(this.#myConversations(who), c.sid, this.#myConversationsItem(c, who));
        return;
      }
      case 'participantJoined': {
        if (!c) return;
        const p = event['participant'] as EmulatedParticipant;
        this.store.setItem(this.#objects(c.sid).roster, p.sid, this.#participantData(c, p));
        this.store.setItem(this.#myConversations(p.identity), c.sid, this.#myConversationsItem(c, p.identity));
        return;
      }
      case 'participantLeft': {
        if (!c) return;
        const p = event['participant'] as EmulatedParticipant;
        this.store.removeItem(this.#objects(c.sid).roster, p.sid);
        this.store.removeItem(this.#myConversations(p.identity), c.sid);
        return;
      }
      case 'typing': {
        if (!c || event['typing'] === false) return;
        const who = String(event['identity']);
        for (const p of c.participants.values()) {
          if (p.identity === who) continue;
          for (const connection of this.server.of(p.identity)) {
            if (connection.notify(TYPING, { channel_sid: c.sid, identity: who, typing_timeout: this.#typingTimeout }))
              this.counters.typing++;
          }
        }
        return;
      }
    }
  }

  #messageData(m: EmulatedMessage): Record<string, unknown> {
    return {
      sid: m.sid,
      author: m.author,
      text: m.body,
      timestamp: iso(m.dateCreated),
      dateUpdated: iso(m.dateCreated),
      attributes: JSON.stringify(m.attributes ?? {}),
      type: m.media?.length ? 'media' : 'text',
      ...(m.media?.length
        ? {
            medias: m.media.map((x, i) => ({
              sid: x.sid ?? `ME${m.sid.slice(2, 32)}${i}`,
              filename: x.filename,
              contentType: x.contentType,
              size: x.size,
              category: 'media',
            })),
          }
        : {}),
    };
  }

  #participantData(c: EmulatedConversation, p: EmulatedParticipant): Record<string, unknown> {
    const read = c.read[p.identity];
    return {
      identity: p.identity,
      sid: p.sid,
      type: 'chat',
      roleSid: ROLE_SIDS[p.role],
      attributes: JSON.stringify({ role: p.role }),
      dateCreated: iso(p.dateCreated),
      dateUpdated: iso(p.dateCreated),
      lastConsumedMessageIndex: read ?? null,
      ...(read !== undefined ? { lastConsumptionTimestamp: iso(Date.now()) } : {}),
    };
  }

  #channelDocument(c: EmulatedConversation): Record<string, unknown> {
    const last = c.messages.at(-1);
    return {
      messages: `${c.sid}.messages`,
      roster: `${c.sid}.roster`,
      attributes: {},
      friendlyName: null,
      uniqueName: null,
      createdBy: 'system',
      dateCreated: iso(0),
      dateUpdated: iso(last?.dateCreated ?? 0),
      status: 'joined',
      ...(last ? { lastMessage: { index: last.index, timestamp: iso(last.dateCreated) } } : {}),
    };
  }

  #myConversationsItem(c: EmulatedConversation, identity: string): Record<string, unknown> {
    const last = c.messages.at(-1);
    return {
      channel_sid: c.sid,
      status: 'joined',
      channel: `${c.sid}.channel`,
      messages: `${c.sid}.messages`,
      roster: `${c.sid}.roster`,
      lastConsumedMessageIndex: c.read[identity] ?? null,
      notificationLevel: 'default',
      ...(last ? { lastMessage: { index: last.index, timestamp: iso(last.dateCreated) } } : {}),
    };
  }

  #descriptor(c: EmulatedConversation, identity: string): Record<string, unknown> {
    const last = c.messages.at(-1);
    return {
      conversation_sid: c.sid,
      sid: c.sid,
      status: 'joined',
      last_read_message_index: c.read[identity] ?? null,
      notification_level: 'default',
      attributes: '{}',
      friendly_name: null,
      unique_name: null,
      created_by: 'system',
      sync_objects: {
        conversation: `${c.sid}.channel`,
        messages: `${c.sid}.messages`,
        participants: `${c.sid}.roster`,
      },
      ...(last ? { last_message: { index: last.index, timestamp: iso(last.dateCreated) } } : {}),
    };
  }

  // ------------------------------------------------------------------ REST

  async handle(r: UpstreamRequest): Promise<UpstreamReply> {
    const identity = r.connection.identity!.identity;
    const path = r.path.replace(/^\/Client\/v2\/?/, '');
    if (path === r.path) return fail(404, 20404, `Not found: ${r.path}`);
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const mediaService = `${this.options.mcsUrl}/v1/Services/${this.options.serviceSid}`;
    if (r.method === 'GET' && path === 'Configuration') {
      const me = userSid(identity);
      this.#userInfo(identity);
      this.#myConversations(identity);
      return {
        status: 200,
        body: {
          identity,
          links: {
            my_conversations: `${BASE}/Me/Conversations`,
            conversations: `${BASE}/Conversations`,
            users: `${BASE}/Users`,
            current_user: `${BASE}/Users/${me}`,
            typing: `${BASE}/Services/typing`,
            media_service: `${mediaService}/Media`,
            media_set_service: `${mediaService}/MediaSet`,
            messages_receipts: `${BASE}/Conversations/%s/Messages/%s/Receipts`,
          },
          options: {
            consumption_report_interval: 'PT1S',
            reachability_enabled: false,
            media_attachments_count_limit: 10,
            media_attachment_size_limit_in_mb: 16,
            media_attachments_total_size_limit_in_mb: 16,
            email_histories_allowed_mime_types: ['text/plain', 'text/html'],
            email_bodies_allowed_mime_types: ['text/plain', 'text/html'],
            user_infos_to_subscribe: 100,
            http_cache_interval: 'PT1S',
          },
          sync_objects: { my_user_info: `user_info.${me}`, my_conversations: `my_conversations.${me}` },
        },
      };
    }
    if (r.method === 'GET' && path === 'Me/Conversations') {
      const mine = this.conversations.conversationsOf(identity);
      return {
        status: 200,
        body: { conversations: mine.map((c) => this.#descriptor(c, identity)), meta: { next_token: null } },
      };
    }
    if (r.method === 'GET' && parts[0] === 'Users' && parts[1]) {
      const who = parts[1].startsWith('US') ? identity : parts[1];
      this.#userInfo(who);
      return {
        status: 200,
        body: { identity: who, sid: userSid(who), sync_objects: { user_info_map: `user_info.${userSid(who)}` } },
      };
    }
    if (parts[0] === 'Services' && parts[1] === 'typing' && r.method === 'POST') {
      const sid = /ChannelSid=(CH\w+)/.exec(typeof r.body === 'string' ? r.body : '')?.[1] ?? '';
      if (!this.conversations.conversations.has(sid)) return fail(404, 50350, `Conversation ${sid} not found`);
      if (!this.conversations.participant(sid, identity)) return this.#refuse(sid);
      this.typingLog.push({ sid, identity });
      this.conversations.typing(sid, identity, true);
      return { status: 200, body: { typing_timeout: this.#typingTimeout } };
    }
    const mine = parts[0] === 'Me' && parts[1] === 'Conversations';
    const sid = mine ? parts[2] : parts[0] === 'Conversations' ? parts[1] : undefined;
    if (!sid) return fail(404, 20404, `Not found: ${r.path}`);
    const c = this.conversations.conversations.get(sid);
    if (!c) return fail(404, 50350, `Conversation ${sid} not found`);
    if (!c.participants.has(identity)) return this.#refuse(sid);
    const rest = mine ? parts.slice(3) : parts.slice(2);
    if (mine && rest.length === 0 && r.method === 'POST') {
      const fields = (r.body ?? {}) as { last_read_message_index?: number | null };
      if (typeof fields.last_read_message_index === 'number')
        this.conversations.markRead(sid, identity, fields.last_read_message_index);
      return {
        status: 200,
        body: {
          conversation_sid: sid,
          last_read_message_index: c.read[identity] ?? null,
          unread_messages_count: Math.max(0, c.messages.length - 1 - (c.read[identity] ?? -1)),
        },
      };
    }
    if (!mine && rest.length === 0 && r.method === 'GET') return { status: 200, body: this.#descriptor(c, identity) };
    if (!mine && rest[0] === 'Participants' && rest.length === 1 && r.method === 'GET') {
      return {
        status: 200,
        body: {
          participants: [...c.participants.values()].map((p) => ({
            sid: p.sid,
            identity: p.identity,
            role_sid: ROLE_SIDS[p.role],
            attributes: JSON.stringify({ role: p.role }),
            conversation_sid: sid,
          })),
          meta: { next_token: null },
        },
      };
    }
    if (!mine && rest[0] === 'Messages' && rest.length === 1 && r.method === 'POST') {
      const fields = (r.body ?? {}) as { body?: string; attributes?: string; media_sids?: string[] };
      const mutation = r.headers['X-Twilio-Mutation-Id'];
      const repeated = mutation ? this.#mutations.get(mutation) : undefined;
      if (repeated) return { status: 200, body: this.#messageJson(repeated) };
      let attributes: Record<string, unknown> = {};
      if (fields.attributes) {
        try {
          attributes = JSON.parse(fields.attributes) as Record<string, unknown>;
        } catch {
          return fail(400, 50505, 'Invalid attributes: not JSON');
        }
      }
      const media = fields.media_sids?.length ? fields.media_sids.map((s) => ({ sid: s })) : undefined;
      let message: EmulatedMessage;
      try {
        message = this.conversations.post(sid, identity, fields.body ?? '', attributes, undefined, media);
      } catch (error) {
        return fail(400, 50511, error instanceof Error ? error.message : String(error));
      }
      if (mutation) this.#mutations.set(mutation, message);
      this.counters.sends++;
      return { status: 200, body: this.#messageJson(message) };
    }
    return fail(404, 20404, `Not emulated: ${r.method} ${r.path}`);
  }

  #refuse(sid: string): UpstreamReply {
    this.counters.refused++;
    return notMember(sid);
  }

  #messageJson(m: EmulatedMessage): Record<string, unknown> {
    return {
      sid: m.sid,
      index: m.index,
      conversation_sid: m.conversationSid,
      author: m.author,
      body: m.body,
      attributes: JSON.stringify(m.attributes),
      date_created: iso(m.dateCreated),
    };
  }
}
