/**
 * What the Twilio backend needs from Conversations, as a small port: `sdkConversations` runs
 * @twilio/conversations' `Client` on its own wire (twilsock), against Twilio or the local emulator
 * (tools/twilio-emulator serves twilsock with Conversations and Sync behind it).
 */

export interface PortMessage {
  readonly sid: string;
  readonly conversationSid: string;
  readonly index: number;
  readonly author: string;
  readonly body: string;
  /** Epoch ms. */
  readonly dateCreated: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly media?: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly size: number;
    readonly url?: string;
  }[];
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

export type ConversationsFactory = (
  token: string,
  options: Readonly<Record<string, unknown>>,
) => Promise<ConversationsPort>;

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
            return {
              filename: x.filename ?? 'file',
              contentType: x.contentType,
              size: x.size,
              ...(url ? { url } : {}),
            };
          }),
        }
      : {}),
  };
}

/**
 * The adapter: @twilio/conversations 3.0.1's `Client`, loaded on demand. Options: `twilsockUri`
 * (Twilsock.uri), `region`, and `conversationsClientOptions` passed through to the Client.
 */
export async function sdkConversations(
  token: string,
  options: Readonly<Record<string, unknown>>,
): Promise<ConversationsPort> {
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
  await port.ready();
  return port;
}

/**
 * The media service's refusal as a readable error: the McsClient rejects with a TransportError
 * whose `code` is the HTTP status and `body` the service's JSON, and whose message embeds both.
 */
function uploadError(error: unknown): Error {
  const e = error as { code?: unknown; body?: { message?: unknown } } | undefined;
  if (typeof e?.code === 'number' && typeof e.body?.message === 'string') {
    return Object.assign(new Error(`The attachment upload was refused (${e.code}): ${e.body.message}`), {
      status: e.code,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Whether a failed request failed on the connection (twilsock dropped, timed out, unavailable)
 * rather than being refused by the service (an HTTP 4xx in the reply).
 */
function isTransient(error: unknown): boolean {
  if ((error as { transient?: unknown } | undefined)?.transient === true) return true;
  const status = (error as { status?: unknown } | undefined)?.status;
  return !(typeof status === 'number' && status >= 400 && status < 500);
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
  getMessages(
    pageSize?: number,
    anchor?: number,
    direction?: string,
  ): Promise<{ items: SdkMessage[]; hasPrevPage: boolean }>;
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
  /** clientIds of sends that failed on the connection: they may or may not have been stored. */
  readonly #uncertain = new Set<string>();
  /** Message indexes already given to the backend, per conversation: each message once. */
  readonly #delivered = new Map<string, Set<number>>();
  /** In order, even when a message with media waits for its content URLs. */
  #queue = Promise.resolve();
  /** Messages seen (added, replayed or paged) by the clientId in their attributes. */
  readonly #byClientId = new Map<string, SdkMessage>();

  constructor(client: SdkClient) {
    super();
    this.#client = client;
    client.on('connectionStateChanged', (state: string) =>
      this.emit('connection', state === 'disconnecting' ? 'disconnected' : state),
    );
    client.on('messageAdded', (m: SdkMessage) => this.#deliver(m));
    client.on('typingStarted', (p: { conversation: { sid: string }; identity: string }) =>
      this.emit('typing', p.conversation.sid, p.identity, true),
    );
    client.on('typingEnded', (p: { conversation: { sid: string }; identity: string }) =>
      this.emit('typing', p.conversation.sid, p.identity, false),
    );
    client.on(
      'participantUpdated',
      (e: {
        participant: { conversation: { sid: string }; identity: string; lastReadMessageIndex: number | null };
      }) => {
        const p = e.participant;
        if (p.lastReadMessageIndex !== null) this.emit('read', p.conversation.sid, p.identity, p.lastReadMessageIndex);
      },
    );
    // A participant's first read may come as it joins the roster.
    client.on(
      'participantJoined',
      (p: { conversation: { sid: string }; identity: string | null; lastReadMessageIndex: number | null }) => {
        if (p.identity && p.lastReadMessageIndex !== null)
          this.emit('read', p.conversation.sid, p.identity, p.lastReadMessageIndex);
      },
    );
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

  /** Gives a message to the backend once (a replayed or re-fetched one is not given again). */
  #deliver(m: SdkMessage): void {
    this.#noteClientId(m);
    const sid = m.conversation.sid;
    let seen = this.#delivered.get(sid);
    if (!seen) this.#delivered.set(sid, (seen = new Set()));
    if (seen.has(m.index)) return;
    seen.add(m.index);
    const ready = fromSdk(m);
    this.#queue = this.#queue.then(async () => this.emit('message', await ready));
  }

  #noteClientId(m: SdkMessage): void {
    const id = (m.attributes as { clientId?: unknown } | null)?.clientId;
    if (typeof id === 'string' && this.#uncertain.has(id)) this.#byClientId.set(id, m);
  }

  /**
   * Whether a send whose reply was lost was stored after all: the resubscription replays what the
   * service stored while the connection was down, so this waits a little for it (up to 3 s) and
   * looks at the newest page too.
   */
  async #storedEarlier(c: SdkConversation, clientId: string): Promise<SdkMessage | undefined> {
    for (let attempt = 0; attempt < 15; attempt++) {
      const seen = this.#byClientId.get(clientId);
      if (seen) return seen;
      if (attempt % 5 === 0) {
        const recent = await c.getMessages(50);
        for (const m of recent.items) this.#noteClientId(m);
        const found = this.#byClientId.get(clientId);
        if (found) return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return undefined;
  }

  /**
   * What the SDK learned without a messageAdded: after a reconnect its Sync list may fetch newer
   * items with a page (and then ignore their replayed events as known). Everything up to `index`
   * that the backend has not been given is delivered now.
   */
  async #catchUp(c: SdkConversation, index: number): Promise<SdkMessage | undefined> {
    const page = await c.getMessages(Math.min(50, index + 1), index, 'backwards');
    const seen = this.#delivered.get(c.sid);
    for (const m of page.items)
      if (m.index !== index && seen && !seen.has(m.index) && m.index > Math.min(...seen)) this.#deliver(m);
    return page.items.find((m) => m.index === index);
  }

  async page(sid: string, options: { before?: number; pageSize: number }) {
    const c = await this.#conversation(sid);
    const page = await c.getMessages(
      options.pageSize,
      options.before === undefined ? undefined : options.before - 1,
      'backwards',
    );
    let seen = this.#delivered.get(sid);
    if (!seen) this.#delivered.set(sid, (seen = new Set()));
    for (const m of page.items) seen.add(m.index);
    const read: Record<string, number> = {};
    for (const p of await c.getParticipants())
      if (p.identity && p.lastReadMessageIndex !== null) read[p.identity] = p.lastReadMessageIndex;
    return {
      items: await Promise.all(page.items.map(fromSdk)),
      hasOlder: page.hasPrevPage,
      // The conversation document's last message may not be known yet: the page itself counts too.
      count: Math.max(c.lastMessage?.index ?? -1, ...page.items.map((m) => m.index)) + 1,
      read,
    };
  }

  async send(
    sid: string,
    message: { body: string; attributes: Record<string, unknown>; clientId: string; files?: readonly File[] },
  ): Promise<PortMessage> {
    try {
      return await this.#send(sid, message);
    } catch (error) {
      if (!isTransient(error)) throw error;
      // Failed on the connection (before, during or after the request): it may have been stored.
      this.#uncertain.add(message.clientId);
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { transient: true });
    }
  }

  async #send(
    sid: string,
    message: { body: string; attributes: Record<string, unknown>; clientId: string; files?: readonly File[] },
  ): Promise<PortMessage> {
    const c = await this.#conversation(sid);
    // A send whose connection dropped may have been stored before the reply was lost: Twilio does
    // not deduplicate, so a retry first looks for the message by its clientId among the newest.
    if (this.#uncertain.has(message.clientId)) {
      const stored = await this.#storedEarlier(c, message.clientId);
      if (stored) {
        this.#uncertain.delete(message.clientId);
        this.#byClientId.delete(message.clientId);
        this.#deliver(stored);
        return fromSdk(stored);
      }
    }
    const attributes = { ...message.attributes, clientId: message.clientId };
    let index: number;
    {
      if (message.files?.length) {
        // One message with the text and every file; each file is uploaded to the media service by
        // the SDK's McsClient first, and a refused upload rejects the send (nothing is posted).
        let builder = c.prepareMessage().setBody(message.body).setAttributes(attributes);
        for (const file of message.files) {
          builder = builder.addMedia({
            contentType: file.type || 'application/octet-stream',
            filename: file.name,
            media: file,
          });
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
    }
    this.#uncertain.delete(message.clientId);
    this.#byClientId.delete(message.clientId);
    const sent = await this.#catchUp(c, index);
    if (!sent) throw Object.assign(new Error(`The sent message ${index} could not be read back`), { transient: true });
    this.#delivered.get(sid)?.add(index);
    return fromSdk(sent);
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
