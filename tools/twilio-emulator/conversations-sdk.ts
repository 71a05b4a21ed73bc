import type { EmulatedMessage, MediaInput } from './conversations.js';

/**
 * Fakes of @twilio/conversations 3.0.1's injectable internals — `twilsockClient`, `transport`,
 * `syncClient`, `notificationsClient` (options of `new Client(token, options)`) — driven by the
 * emulator's conversation state, so the real SDK `Client` (its configuration, conversations list,
 * Conversation/Message/Participant objects, paginator, typing indicator and read horizon code)
 * runs in-process without Twilio's twilsock wire. What is faked is the layer under the SDK:
 *
 * - transport / twilsock: the Conversations REST resources the SDK requests (`Client/v2/Configuration`,
 *   `Me/Conversations`, `Conversations/{CH}/Messages` POST, `Me/Conversations/{CH}` POST
 *   (read horizon), `Typing` POST), answered from the emulator's state;
 * - syncClient: the Sync objects the SDK opens (my-conversations map, user document, each
 *   conversation's document, messages list with paging, participants map), with `itemAdded` /
 *   `itemUpdated` events when the emulator's state changes;
 * - notificationsClient: `message` events of type `twilio.ipmsg.typing_indicator`.
 *
 * The state is a `ConversationsState`: the in-process `ConversationsEmulator` (Node tests) or,
 * in a browser, `RemoteConversations` (conversations-remote.ts), a mirror of the emulator's state
 * over its `/v1/conversations` websocket. This module imports nothing from Node, so that
 * web-test-runner can bundle it for the page. Media attachments are not faked: the SDK uploads
 * them with its own McsClient over HTTP to the `media_service` link of the Configuration
 * resource, which points at `mcsUrl` (the emulator's media service, mcs.ts, when given).
 */

/** What the fakes read and write: satisfied by `ConversationsEmulator` and `RemoteConversations`. */
export interface ConversationsState {
  readonly conversations: ReadonlyMap<string, { readonly messages: readonly EmulatedMessage[]; readonly read: Readonly<Record<string, number>> }>;
  /** Every state event (`messageAdded`, `read`, `typing`, `conversationAdded`); returns the unsubscribe function. */
  subscribe(observer: (event: Record<string, any>) => void): () => void;
  post(
    sid: string,
    identity: string,
    body: string,
    attributes?: Record<string, unknown>,
    clientId?: string,
    media?: readonly MediaInput[],
  ): EmulatedMessage | Promise<EmulatedMessage>;
  markRead(sid: string, identity: string, index: number): void | Promise<void>;
  typing(sid: string, identity: string, typing: boolean): void | Promise<void>;
  /** Makes sure a conversation created elsewhere is known (a remote mirror fetches it); false if none. */
  load?(sid: string): Promise<boolean>;
}

export interface ConversationsSdkFakesOptions {
  /** Seconds a remote participant's typing lasts without a new signal (Twilio's default is 5). */
  typingTimeout?: number;
  /**
   * Base URL of the media service (`links.media_service` is `{mcsUrl}/v1/Services/{IS}/Media`);
   * Twilio's by default. The emulator serves one at `{emulator}/mcs`.
   */
  mcsUrl?: string;
  /** The Conversations service sid in the media links. */
  serviceSid?: string;
}

type Listener = (...args: any[]) => void;

class Emitter {
  readonly #listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener): this {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }
  addListener(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  once(event: string, listener: Listener): this {
    const wrapped = Object.assign((...args: unknown[]) => {
      this.off(event, wrapped);
      listener(...args);
    }, { listener });
    return this.on(event, wrapped);
  }
  /** Removes a listener, also one added with once() (as Node's EventEmitter does). */
  off(event: string, listener: Listener): this {
    const set = this.#listeners.get(event);
    for (const l of [...(set ?? [])]) if (l === listener || (l as { listener?: Listener }).listener === listener) set!.delete(l);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    return this.off(event, listener);
  }
  removeAllListeners(event?: string): this {
    if (event) this.#listeners.delete(event);
    else this.#listeners.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const set = this.#listeners.get(event);
    for (const listener of [...(set ?? [])]) listener(...args);
    return !!set?.size;
  }
}

const BASE = 'https://aim.us1.twilio.com';
const iso = (ms: number) => new Date(ms).toISOString();

interface Response {
  status: { code: number; status: string };
  headers: Record<string, string>;
  body: any;
}

const ok = (body: unknown): Response => ({ status: { code: 200, status: 'OK' }, headers: {}, body });

/** A Sync list/map item as the SDK reads it. */
interface Item {
  index?: number;
  key?: string;
  data: any;
  dateUpdated: Date;
}

class FakeSyncObject extends Emitter {
  constructor(
    readonly sid: string,
    readonly uniqueName: string,
    private readonly read: () => Item[],
  ) {
    super();
  }
  get data(): any {
    return this.read()[0]?.data;
  }
  get value(): any {
    return this.data;
  }
  async getItems(args: { from?: number | string; pageSize?: number; order?: 'asc' | 'desc'; key?: string } = {}): Promise<any> {
    return paginate(this.read(), args);
  }
  async get(key: string): Promise<Item> {
    const item = this.read().find((x) => x.key === key);
    if (!item) throw Object.assign(new Error(`No item ${key}`), { status: 404, code: 54201 });
    return item;
  }
  close(): void {
    this.removeAllListeners();
  }
}

function paginate(all: Item[], args: { from?: number | string; pageSize?: number; order?: 'asc' | 'desc' }): any {
  const pageSize = args.pageSize ?? 50;
  const order = args.order ?? 'asc';
  const sorted = order === 'asc' ? all : [...all].reverse();
  let start = 0;
  if (args.from !== undefined) {
    const i = sorted.findIndex((x) =>
      typeof args.from === 'number' ? (order === 'asc' ? (x.index ?? 0) >= args.from : (x.index ?? 0) <= args.from) : x.key === args.from,
    );
    start = i < 0 ? sorted.length : i;
  }
  const page = sorted.slice(start, start + pageSize);
  const hasNext = start + pageSize < sorted.length;
  return {
    items: page,
    hasNextPage: hasNext,
    hasPrevPage: start > 0,
    nextPage: async () => paginate(all, { ...args, from: sorted[start + pageSize]?.index ?? sorted[start + pageSize]?.key }),
    prevPage: async () => paginate(all, { ...args, from: sorted[Math.max(0, start - pageSize)]?.index ?? sorted[Math.max(0, start - pageSize)]?.key }),
  };
}

export interface ConversationsSdkFakes {
  twilsockClient: any;
  transport: any;
  syncClient: any;
  notificationsClient: any;
  /** What the SDK asked for: method and path, in order. */
  requests: string[];
  /** Ends the fakes' subscription to the emulator. */
  close(): void;
}

/**
 * The four injectable internals for one signed-in identity. Pass as
 * `new Client(token, { ...fakes })` or, through the Twilio backend,
 * `backendOptions.conversationsClientOptions`.
 */
export function conversationsSdkFakes(
  emulator: ConversationsState,
  identity: string,
  /** Seconds a remote participant's typing lasts without a new signal (Twilio's default is 5); or the options. */
  options: number | ConversationsSdkFakesOptions = {},
): ConversationsSdkFakes {
  const o: ConversationsSdkFakesOptions = typeof options === 'number' ? { typingTimeout: options } : options;
  const typingTimeout = o.typingTimeout ?? 5;
  const mediaService = `${o.mcsUrl ?? 'https://mcs.us1.twilio.com'}/v1/Services/${o.serviceSid ?? 'IS' + '0'.repeat(31) + '1'}`;
  const requests: string[] = [];
  const syncObjects = new Map<string, FakeSyncObject>();
  /** Identities each opened roster has told the SDK about. */
  const rosterSeen = new Map<string, Set<string>>();
  const userSid = 'US' + '0'.repeat(31) + '1';

  const messageItem = (m: EmulatedMessage): Item => ({
    index: m.index,
    data: {
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
    },
    dateUpdated: new Date(m.dateCreated),
  });

  const participants = (sid: string): string[] => {
    const c = emulator.conversations.get(sid)!;
    return [...new Set([identity, 'customer', ...c.messages.map((m) => m.author), ...Object.keys(c.read)])];
  };
  const participantItem = (sid: string, who: string): Item => {
    const c = emulator.conversations.get(sid)!;
    const read = c.read[who];
    return {
      key: `MB${who.replace(/[^a-zA-Z0-9]/g, '').padEnd(32, '0').slice(0, 32)}`,
      data: {
        identity: who,
        type: 'chat',
        roleSid: '',
        attributes: '{}',
        dateCreated: iso(0),
        dateUpdated: iso(0),
        lastConsumedMessageIndex: read ?? null,
        ...(read !== undefined ? { lastConsumptionTimestamp: iso(Date.now()) } : {}),
      },
      dateUpdated: new Date(),
    };
  };
  const conversationDescriptor = (sid: string) => {
    const c = emulator.conversations.get(sid)!;
    const last = c.messages.at(-1);
    return {
      conversation_sid: sid,
      status: 'joined',
      last_read_message_index: c.read[identity] ?? null,
      notification_level: 'default',
      sync_objects: { conversation: `${sid}.channel`, messages: `${sid}.messages`, participants: `${sid}.roster` },
      ...(last ? { last_message: { index: last.index, timestamp: iso(last.dateCreated) } } : {}),
    };
  };
  /** An item of the my-conversations Sync map, as Twilio writes it. */
  const myConversationsItem = (sid: string) => ({
    channel_sid: sid,
    status: 'joined',
    channel: `${sid}.channel`,
    messages: `${sid}.messages`,
    roster: `${sid}.roster`,
    lastConsumedMessageIndex: emulator.conversations.get(sid)?.read[identity] ?? null,
    notificationLevel: 'default',
  });
  const conversationDocument = (sid: string) => {
    const c = emulator.conversations.get(sid)!;
    const last = c.messages.at(-1);
    return {
      messages: `${sid}.messages`,
      roster: `${sid}.roster`,
      attributes: {},
      friendlyName: null,
      uniqueName: null,
      createdBy: 'system',
      dateCreated: iso(0),
      dateUpdated: iso(last?.dateCreated ?? 0),
      status: 'joined',
      ...(last ? { lastMessage: { index: last.index, timestamp: iso(last.dateCreated) } } : {}),
    };
  };

  /** The Sync object for an id the SDK opens. */
  function open(id: string): FakeSyncObject {
    const existing = syncObjects.get(id);
    if (existing) return existing;
    let read: () => Item[];
    let match: RegExpExecArray | null;
    if (id === 'my_conversations') {
      read = () => [...emulator.conversations.keys()].map((sid) => ({ key: sid, data: myConversationsItem(sid), dateUpdated: new Date() }));
    } else if (id === 'my_user_info') {
      // A user is a Sync map with one item per field.
      read = () => [
        { key: 'friendlyName', data: { value: identity }, dateUpdated: new Date() },
        { key: 'attributes', data: { value: {} }, dateUpdated: new Date() },
      ];
    } else if ((match = /^(CH\w+)\.channel$/.exec(id))) {
      const sid = match[1];
      read = () => [{ data: conversationDocument(sid), dateUpdated: new Date() }];
    } else if ((match = /^(CH\w+)\.messages$/.exec(id))) {
      const sid = match[1];
      read = () => emulator.conversations.get(sid)!.messages.map(messageItem);
    } else if ((match = /^(CH\w+)\.roster$/.exec(id))) {
      const sid = match[1];
      rosterSeen.set(sid, new Set(participants(sid)));
      read = () => participants(sid).map((who) => participantItem(sid, who));
    } else {
      throw Object.assign(new Error(`No Sync object ${id}`), { status: 404, code: 54100 });
    }
    const object = new FakeSyncObject(`${id.startsWith('CH') ? 'ES' : 'MP'}${id.replace(/\W/g, '').slice(0, 32)}`, id, read);
    syncObjects.set(id, object);
    return object;
  }

  const unsubscribe = emulator.subscribe((event) => {
    if (event.event === 'messageAdded') {
      const m = event.message as EmulatedMessage;
      syncObjects.get(`${m.conversationSid}.messages`)?.emit('itemAdded', { item: messageItem(m), isLocal: m.author === identity });
      syncObjects.get(`${m.conversationSid}.channel`)?.emit('updated', { data: conversationDocument(m.conversationSid), isLocal: false });
      syncObjects.get('my_conversations')?.emit('itemUpdated', {
        item: { key: m.conversationSid, data: myConversationsItem(m.conversationSid), dateUpdated: new Date() },
        isLocal: false,
      });
    } else if (event.event === 'read') {
      const sid = String(event.sid);
      const who = String(event.identity);
      const roster = syncObjects.get(`${sid}.roster`);
      if (!roster) return;
      // A participant the roster did not list yet (a first read) is added, else updated.
      const seen = rosterSeen.get(sid) ?? new Set<string>();
      rosterSeen.set(sid, seen);
      const added = !seen.has(who);
      seen.add(who);
      roster.emit(added ? 'itemAdded' : 'itemUpdated', { item: participantItem(sid, who), isLocal: who === identity });
    } else if (event.event === 'conversationAdded') {
      const sid = String(event.sid);
      if (!emulator.conversations.has(sid)) return;
      syncObjects.get('my_conversations')?.emit('itemAdded', {
        item: { key: sid, data: myConversationsItem(sid), dateUpdated: new Date() },
        isLocal: false,
      });
    } else if (event.event === 'typing' && event.identity !== identity && event.typing) {
      notificationsClient.emit('message', 'twilio.ipmsg.typing_indicator', { channel_sid: event.sid, identity: event.identity, typing_timeout: typingTimeout });
    }
  });

  async function request(method: string, url: string, body: string | undefined): Promise<Response> {
    const path = url.replace(BASE, '').replace(/^\//, '').split('?')[0];
    requests.push(`${method} ${path}`);
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === 'Client/v2/Configuration') {
      return ok({
        identity,
        links: {
          my_conversations: `${BASE}/Client/v2/Me/Conversations`,
          conversations: `${BASE}/Client/v2/Conversations`,
          users: `${BASE}/Client/v2/Users`,
          current_user: `${BASE}/Client/v2/Users/${userSid}`,
          typing: `${BASE}/Client/v2/Services/typing`,
          media_service: `${mediaService}/Media`,
          media_set_service: `${mediaService}/MediaSet`,
          messages_receipts: `${BASE}/Client/v2/Conversations/%s/Messages/%s/Receipts`,
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
        sync_objects: { my_user_info: 'my_user_info', my_conversations: 'my_conversations' },
      });
    }
    if (method === 'GET' && path === 'Client/v2/Me/Conversations') {
      return ok({ conversations: [...emulator.conversations.keys()].map(conversationDescriptor), meta: { next_token: null } });
    }
    if ((match = /^Client\/v2\/Conversations\/(CH\w+)$/.exec(path)) && method === 'GET') {
      const sid = match[1];
      if (!emulator.conversations.has(sid)) await emulator.load?.(sid);
      if (!emulator.conversations.has(sid)) return { status: { code: 404, status: 'Not Found' }, headers: {}, body: { status: 404, code: 50350 } };
      return ok({ ...conversationDescriptor(sid), sync_objects: { conversation: `${sid}.channel`, messages: `${sid}.messages`, participants: `${sid}.roster` } });
    }
    if ((match = /^Client\/v2\/Conversations\/(CH\w+)\/Messages$/.exec(path)) && method === 'POST') {
      const fields = JSON.parse(body ?? '{}') as { body?: string; attributes?: string; media_sids?: string[] };
      const attributes = fields.attributes ? (JSON.parse(fields.attributes) as Record<string, unknown>) : {};
      const media = fields.media_sids?.length ? fields.media_sids.map((sid) => ({ sid })) : undefined;
      let message: EmulatedMessage;
      try {
        message = await emulator.post(match[1], identity, fields.body ?? '', attributes, undefined, media);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        return { status: { code: 400, status: 'Bad Request' }, headers: {}, body: { status: 400, code: 50511, message: text } };
      }
      return ok({ sid: message.sid, index: message.index, conversation_sid: match[1], author: identity, body: message.body });
    }
    if ((match = /^Client\/v2\/Me\/Conversations\/(CH\w+)$/.exec(path)) && method === 'POST') {
      const fields = JSON.parse(body ?? '{}') as { last_read_message_index?: number | null };
      if (typeof fields.last_read_message_index === 'number') await emulator.markRead(match[1], identity, fields.last_read_message_index);
      return ok({ conversation_sid: match[1], last_read_message_index: emulator.conversations.get(match[1])?.read[identity] ?? null, unread_messages_count: 0 });
    }
    if (path === 'Client/v2/Services/typing' && method === 'POST') {
      const sid = /ChannelSid=(CH\w+)/.exec(body ?? '')?.[1];
      if (sid) await emulator.typing(sid, identity, true);
      return ok({ typing_timeout: typingTimeout });
    }
    return { status: { code: 404, status: 'Not Found' }, headers: {}, body: { status: 404, message: `Not emulated: ${method} ${path}` } };
  }

  const text = (body: unknown) => (body === undefined || typeof body === 'string' ? body : JSON.stringify(body));
  const transport = {
    get: (url: string) => request('GET', url, undefined),
    post: (url: string, _headers: unknown, body: unknown) => request('POST', url, text(body)),
    put: (url: string, _headers: unknown, body: unknown) => request('PUT', url, text(body)),
    delete: (url: string) => request('DELETE', url, undefined),
  };

  class FakeTwilsock extends Emitter {
    state = 'disconnected';
    isConnected = false;
    connect(): void {
      queueMicrotask(() => this.#set('connected'));
    }
    #set(state: string): void {
      this.state = state;
      this.isConnected = state === 'connected';
      this.emit('stateChanged', state);
      this.emit(state);
    }
    async disconnect(): Promise<void> {
      this.#set('disconnected');
    }
    /** The socket is lost (tests): the Client sees `disconnected` until connect() again. */
    drop(): void {
      this.#set('disconnected');
    }
    async updateToken(): Promise<void> {}
    addPartialTelemetryEvent(): void {}
    addTelemetryEvent(): void {}
    get = transport.get;
    post = transport.post;
    put = transport.put;
    delete = transport.delete;
  }
  const twilsockClient = new FakeTwilsock();

  class FakeNotifications extends Emitter {
    connectionState = 'connected';
    subscribe(): void {}
    unsubscribe(): void {}
    async commitChanges(): Promise<void> {}
    async updateToken(): Promise<void> {}
    setPushRegistrationId(): void {}
    async shutdown(): Promise<void> {}
  }
  const notificationsClient = new FakeNotifications();

  class FakeSync extends Emitter {
    connectionState = 'connected';
    async document(args: { id: string }) {
      return open(args.id);
    }
    async map(args: { id: string }) {
      return open(args.id);
    }
    async list(args: { id: string }) {
      return open(args.id);
    }
    async updateToken(): Promise<void> {}
    async shutdown(): Promise<void> {
      this.connectionState = 'disconnected';
    }
  }
  const syncClient = new FakeSync();

  return {
    twilsockClient,
    transport,
    syncClient,
    notificationsClient,
    requests,
    close: unsubscribe,
  };
}
