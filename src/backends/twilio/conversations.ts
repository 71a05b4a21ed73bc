/**
 * What the Twilio backend needs from Conversations, as a small port with two adapters:
 * `sdkConversations` over @twilio/conversations' `Client` (production), and
 * `loopbackConversations` over the local emulator's JSON websocket (tools/twilio-emulator).
 */
import { LoopbackRequests } from './loopback-requests.js';

export interface PortMessage {
  readonly sid: string;
  readonly conversationSid: string;
  readonly index: number;
  readonly author: string;
  readonly body: string;
  /** Epoch ms. */
  readonly dateCreated: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly media?: readonly { readonly filename: string; readonly contentType: string; readonly size: number; readonly url?: string }[];
}

export type PortConnectionState = 'connecting' | 'connected' | 'disconnected' | 'denied';

export interface PortEvents {
  connection: (state: PortConnectionState) => void;
  message: (message: PortMessage) => void;
  typing: (conversationSid: string, identity: string, typing: boolean) => void;
  read: (conversationSid: string, identity: string, index: number) => void;
  tokenAboutToExpire: () => void;
  tokenExpired: () => void;
}

export interface ConversationsPort {
  readonly state: PortConnectionState;
  on<E extends keyof PortEvents>(event: E, listener: PortEvents[E]): void;
  updateToken(token: string): Promise<void>;
  /** Messages before `before` (an index; default the newest), at most pageSize. */
  page(
    conversationSid: string,
    options: { before?: number; pageSize: number },
  ): Promise<{ items: PortMessage[]; hasOlder: boolean; count: number; read: Readonly<Record<string, number>> }>;
  send(
    conversationSid: string,
    message: { body: string; attributes: Record<string, unknown>; clientId: string; files?: readonly File[] },
  ): Promise<PortMessage>;
  typing(conversationSid: string): Promise<void>;
  read(conversationSid: string, index: number): Promise<void>;
  shutdown(): Promise<void>;
}

export type ConversationsFactory = (token: string, options: Readonly<Record<string, unknown>>) => Promise<ConversationsPort>;

class Emitter {
  readonly #listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  on(event: string, listener: (...args: never[]) => void): void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (...args: unknown[]) => void);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }
}

// ---------------------------------------------------------------------------- loopback

/** Talks to the emulator's `/v1/conversations` websocket; reconnects with backoff. */
export function loopbackConversations(token: string, options: Readonly<Record<string, unknown>>): Promise<ConversationsPort> {
  const url = options['conversationsUrl'];
  if (typeof url !== 'string') throw new Error('loopback conversations need the conversationsUrl option');
  const port = new LoopbackConversations(url, token);
  return port.open().then(() => port);
}

class LoopbackConversations extends Emitter implements ConversationsPort {
  state: PortConnectionState = 'connecting';
  #ws: WebSocket | undefined;
  readonly #requests = new LoopbackRequests();
  #closed = false;
  #retry = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private token: string,
  ) {
    super();
  }

  #setState(state: PortConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('connection', state);
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.#ws = ws;
      this.#setState('connecting');
      ws.onopen = () => {
        this.#call('auth', { token: this.token })
          .then(() => {
            this.#retry = 0;
            this.#setState('connected');
            resolve();
          })
          .catch((error: Error & { code?: number }) => {
            this.#setState('denied');
            this.#closed = true;
            ws.close();
            reject(Object.assign(new Error(error.message), { code: error.code }));
          });
      };
      ws.onmessage = (event) => this.#onFrame(String(event.data));
      ws.onclose = () => {
        this.#requests.rejectAll('The conversations connection was lost');
        if (this.#closed) return;
        if (this.state === 'connecting' && this.#retry === 0) reject(new Error(`Could not connect to ${this.url}`));
        this.#setState('disconnected');
        const delay = Math.min(8000, 250 * 2 ** this.#retry++);
        this.#timer = setTimeout(() => void this.open().catch(() => {}), delay);
      };
    });
  }

  #onFrame(text: string): void {
    const frame = JSON.parse(text) as Record<string, unknown>;
    if (this.#requests.settle(frame)) return;
    if (frame['event'] === 'messageAdded') this.emit('message', frame['message']);
    else if (frame['event'] === 'typing') this.emit('typing', frame['sid'], frame['identity'], frame['typing']);
    else if (frame['event'] === 'read') this.emit('read', frame['sid'], frame['identity'], frame['index']);
  }

  #call(op: string, payload: Record<string, unknown>): Promise<unknown> {
    return this.#requests.call(this.#ws, op, payload, 'conversations');
  }


  async updateToken(token: string): Promise<void> {
    this.token = token;
    if (this.state === 'connected') await this.#call('auth', { token });
  }

  page(conversationSid: string, options: { before?: number; pageSize: number }) {
    return this.#call('page', { sid: conversationSid, ...options }) as ReturnType<ConversationsPort['page']>;
  }

  send(conversationSid: string, message: { body: string; attributes: Record<string, unknown>; clientId: string; files?: readonly File[] }) {
    return this.#call('send', {
      sid: conversationSid,
      body: message.body,
      attributes: message.attributes,
      clientId: message.clientId,
      ...(message.files?.length
        ? { media: message.files.map((f) => ({ filename: f.name, contentType: f.type, size: f.size })) }
        : {}),
    }) as Promise<PortMessage>;
  }

  async typing(conversationSid: string): Promise<void> {
    await this.#call('typing', { sid: conversationSid });
  }

  async read(conversationSid: string, index: number): Promise<void> {
    await this.#call('read', { sid: conversationSid, index });
  }

  async shutdown(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.close();
  }
}

// ---------------------------------------------------------------------------- @twilio/conversations

type SdkMessage = {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  dateCreated: Date | null;
  attributes: unknown;
  attachedMedia?: { sid: string; filename: string | null; contentType: string; size: number }[] | null;
  getTemporaryContentUrlsForAttachedMedia?(): Promise<Map<string, string>>;
  conversation: { sid: string };
};

/**
 * A message as the port gives it; attachments carry a temporary content URL from the media
 * service (one request for all of a message's media). If the URLs cannot be had, the attachments
 * still show, by name and size, without a link.
 */
async function fromSdk(m: SdkMessage): Promise<PortMessage> {
  let urls: Map<string, string> | undefined;
  if (m.attachedMedia?.length && m.getTemporaryContentUrlsForAttachedMedia) {
    urls = await m.getTemporaryContentUrlsForAttachedMedia().catch(() => undefined);
  }
  return {
    sid: m.sid,
    conversationSid: m.conversation.sid,
    index: m.index,
    author: m.author ?? '',
    body: m.body ?? '',
    dateCreated: m.dateCreated?.getTime() ?? Date.now(),
    attributes: (m.attributes && typeof m.attributes === 'object' ? m.attributes : {}) as Record<string, unknown>,
    ...(m.attachedMedia?.length
      ? {
          media: m.attachedMedia.map((x) => {
            const url = urls?.get(x.sid);
            return { filename: x.filename ?? 'file', contentType: x.contentType, size: x.size, ...(url ? { url } : {}) };
          }),
        }
      : {}),
  };
}

/**
 * The production adapter: @twilio/conversations 3.0.1's `Client`, loaded on demand. Options:
 * `twilsockUri` (Twilsock.uri), `region`, and `conversationsClientOptions` passed through (the
 * SDK's injectable `transport`, `twilsockClient`, `syncClient`, `notificationsClient`).
 */
export async function sdkConversations(token: string, options: Readonly<Record<string, unknown>>): Promise<ConversationsPort> {
  const sdk = await import('@twilio/conversations');
  // A CommonJS build bundled as an ES module may expose its exports only as `default`.
  const Client = sdk.Client ?? (sdk as unknown as { default: typeof sdk }).default.Client;
  const clientOptions: Record<string, unknown> = {
    ...((options['conversationsClientOptions'] as Record<string, unknown> | undefined) ?? {}),
  };
  if (typeof options['twilsockUri'] === 'string') clientOptions['Twilsock'] = { uri: options['twilsockUri'] };
  if (typeof options['region'] === 'string') clientOptions['region'] = options['region'];
  const client = new Client(token, clientOptions);
  const port = new SdkConversations(client);
  const ready = port.ready();
  // The Client starts only a twilsock it created itself; an injected one is started by its owner.
  const injected = clientOptions['twilsockClient'] as { connect?: () => void } | undefined;
  injected?.connect?.();
  await ready;
  return port;
}

/**
 * The media service's refusal as a readable error: the McsClient rejects with a TransportError
 * whose `code` is the HTTP status and `body` the service's JSON, and whose message embeds both.
 */
function uploadError(error: unknown): Error {
  const e = error as { code?: unknown; body?: { message?: unknown } } | undefined;
  if (typeof e?.code === 'number' && typeof e.body?.message === 'string') {
    return Object.assign(new Error(`The attachment upload was refused (${e.code}): ${e.body.message}`), { status: e.code });
  }
  return error instanceof Error ? error : new Error(String(error));
}

interface SdkMessageBuilder {
  setBody(text: string): SdkMessageBuilder;
  setAttributes(attributes: unknown): SdkMessageBuilder;
  addMedia(media: { contentType: string; filename?: string; media: Blob }): SdkMessageBuilder;
  build(): { send(): Promise<number | null> };
}

interface SdkConversation {
  sid: string;
  sendMessage(body: string | FormData, attributes?: unknown): Promise<number>;
  prepareMessage(): SdkMessageBuilder;
  getMessages(pageSize?: number, anchor?: number, direction?: string): Promise<{ items: SdkMessage[]; hasPrevPage: boolean }>;
  typing(): Promise<void>;
  advanceLastReadMessageIndex(index: number): Promise<number>;
  lastMessage?: { index?: number } | null;
  getParticipants(): Promise<{ identity: string | null; lastReadMessageIndex: number | null }[]>;
}

interface SdkClient {
  connectionState: string;
  on(event: string, listener: (...args: never[]) => void): void;
  once(event: string, listener: (...args: never[]) => void): void;
  updateToken(token: string): Promise<unknown>;
  getConversationBySid(sid: string): Promise<SdkConversation>;
  shutdown(): Promise<void>;
}

class SdkConversations extends Emitter implements ConversationsPort {
  readonly #client: SdkClient;
  readonly #conversations = new Map<string, Promise<SdkConversation>>();

  constructor(client: SdkClient) {
    super();
    this.#client = client;
    client.on('connectionStateChanged', (state: string) =>
      this.emit('connection', state === 'disconnecting' ? 'disconnected' : (state)),
    );
    // In order, even when a message with media waits for its content URLs.
    let queue = Promise.resolve();
    client.on('messageAdded', (m: SdkMessage) => {
      const ready = fromSdk(m);
      queue = queue.then(async () => this.emit('message', await ready));
    });
    client.on('typingStarted', (p: { conversation: { sid: string }; identity: string }) => this.emit('typing', p.conversation.sid, p.identity, true));
    client.on('typingEnded', (p: { conversation: { sid: string }; identity: string }) => this.emit('typing', p.conversation.sid, p.identity, false));
    client.on('participantUpdated', (e: { participant: { conversation: { sid: string }; identity: string; lastReadMessageIndex: number | null } }) => {
      const p = e.participant;
      if (p.lastReadMessageIndex !== null) this.emit('read', p.conversation.sid, p.identity, p.lastReadMessageIndex);
    });
    // A participant's first read may come as it joins the roster.
    client.on('participantJoined', (p: { conversation: { sid: string }; identity: string | null; lastReadMessageIndex: number | null }) => {
      if (p.identity && p.lastReadMessageIndex !== null) this.emit('read', p.conversation.sid, p.identity, p.lastReadMessageIndex);
    });
    client.on('tokenAboutToExpire', () => this.emit('tokenAboutToExpire'));
    client.on('tokenExpired', () => this.emit('tokenExpired'));
    // Left or removed (a cold transfer, the channel closed): the SDK drops the conversation, so
    // the next request asks the service again, which refuses a non-participant.
    for (const event of ['conversationLeft', 'conversationRemoved'])
      client.on(event, (c: { sid?: string }) => {
        if (typeof c?.sid === 'string') {
          this.#conversations.delete(c.sid);
          this.#left.add(c.sid);
        }
      });
  }

  /** Conversations this client left (or was removed from) since it started. */
  readonly #left = new Set<string>();

  get state(): PortConnectionState {
    const s = this.#client.connectionState;
    return s === 'disconnecting' || s === 'unknown' ? 'disconnected' : (s as PortConnectionState);
  }

  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#client.once('initialized', () => resolve());
      this.#client.once('initFailed', ({ error }: { error?: { message?: string } }) =>
        reject(new Error(error?.message ?? 'Conversations failed to initialize')),
      );
    });
  }

  #conversation(sid: string): Promise<SdkConversation> {
    let c = this.#conversations.get(sid);
    if (!c) {
      // The service decides; after leaving, its refusal says why.
      c = this.#client.getConversationBySid(sid).catch((error: unknown) => {
        if (!this.#left.has(sid)) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw Object.assign(new Error(`You are not a participant of conversation ${sid} any more (${reason})`), { cause: error });
      });
      this.#conversations.set(sid, c);
      c.catch(() => this.#conversations.delete(sid));
    }
    return c;
  }

  async updateToken(token: string): Promise<void> {
    await this.#client.updateToken(token);
  }

  async page(sid: string, options: { before?: number; pageSize: number }) {
    const c = await this.#conversation(sid);
    const page = await c.getMessages(options.pageSize, options.before === undefined ? undefined : options.before - 1, 'backwards');
    const read: Record<string, number> = {};
    for (const p of await c.getParticipants()) if (p.identity && p.lastReadMessageIndex !== null) read[p.identity] = p.lastReadMessageIndex;
    return {
      items: await Promise.all(page.items.map(fromSdk)),
      hasOlder: page.hasPrevPage,
      count: (c.lastMessage?.index ?? -1) + 1,
      read,
    };
  }

  async send(sid: string, message: { body: string; attributes: Record<string, unknown>; clientId: string; files?: readonly File[] }) {
    const c = await this.#conversation(sid);
    const attributes = { ...message.attributes, clientId: message.clientId };
    let index: number;
    if (message.files?.length) {
      // One message with the text and every file; each file is uploaded to the media service by
      // the SDK's McsClient first, and a refused upload rejects the send (nothing is posted).
      let builder = c.prepareMessage().setBody(message.body).setAttributes(attributes);
      for (const file of message.files) {
        builder = builder.addMedia({ contentType: file.type || 'application/octet-stream', filename: file.name, media: file });
      }
      index = await builder
        .build()
        .send()
        .then((i) => i ?? -1)
        .catch((error: unknown) => {
          throw uploadError(error);
        });
    } else {
      index = await c.sendMessage(message.body, attributes);
    }
    const page = await c.getMessages(1, index, 'backwards');
    return fromSdk(page.items[0]);
  }

  async typing(sid: string): Promise<void> {
    await (await this.#conversation(sid)).typing();
  }

  async read(sid: string, index: number): Promise<void> {
    await (await this.#conversation(sid)).advanceLastReadMessageIndex(index);
  }

  shutdown(): Promise<void> {
    return this.#client.shutdown();
  }
}
