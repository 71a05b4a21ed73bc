import type { EmulatedMessage, MediaInput } from './conversations.js';
import type { ConversationsState } from './conversations-sdk.js';

/**
 * A browser-side mirror of the emulator's conversation state, kept over its `/v1/conversations`
 * JSON websocket (the protocol in conversations.ts), so that the Conversations SDK fakes
 * (conversations-sdk.ts) can drive the real @twilio/conversations `Client` in a page:
 *
 * ```ts
 * const state = await RemoteConversations.connect(conversationsUrl, token);
 * const fakes = conversationsSdkFakes(state, identity, { mcsUrl });
 * new Client(token, { twilsockClient, transport, syncClient, notificationsClient });
 * ```
 *
 * Reads are answered from the mirror; writes (send, read horizon, typing) go to the emulator and
 * resolve once it answered, by which time its events (sent before the answer) are applied.
 * Conversations created after connecting arrive as `conversationAdded`; one the mirror has not
 * seen is fetched with `load(sid)`. No reconnect: a dropped socket rejects later writes.
 */
export class RemoteConversations implements ConversationsState {
  readonly conversations = new Map<string, { messages: EmulatedMessage[]; read: Record<string, number> }>();
  readonly #observers = new Set<(event: Record<string, any>) => void>();
  readonly #pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  #seq = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.onmessage = (event) => this.#onFrame(String(event.data));
    ws.onclose = () => {
      for (const p of this.#pending.values()) p.reject(new Error('The conversations mirror lost its connection'));
      this.#pending.clear();
    };
  }

  /** Opens the websocket and signs in with an access token that has a Chat grant. */
  static async connect(url: string, token: string): Promise<RemoteConversations> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`Could not connect to ${url}`));
    });
    const remote = new RemoteConversations(ws);
    await remote.#call('auth', { token });
    return remote;
  }

  #onFrame(text: string): void {
    const frame = JSON.parse(text) as Record<string, any>;
    if (typeof frame['id'] === 'number') {
      const p = this.#pending.get(frame['id']);
      this.#pending.delete(frame['id']);
      if (frame['ok']) p?.resolve(frame['result']);
      else p?.reject(Object.assign(new Error(String(frame['error'])), { code: frame['code'] }));
      return;
    }
    const event = frame['event'];
    if (event === 'conversationAdded') {
      const sid = String(frame['sid']);
      if (!this.conversations.has(sid)) this.conversations.set(sid, { messages: [], read: {} });
    } else if (event === 'messageAdded') {
      const m = frame['message'] as EmulatedMessage;
      const c = this.conversations.get(m.conversationSid);
      if (!c) return; // not mirrored: load() fetches it whole
      if (c.messages.some((x) => x.index === m.index)) return;
      c.messages.push(m);
      c.messages.sort((a, b) => a.index - b.index);
    } else if (event === 'read') {
      const c = this.conversations.get(String(frame['sid']));
      if (!c) return;
      c.read[String(frame['identity'])] = Number(frame['index']);
    }
    for (const observer of this.#observers) observer(frame);
  }

  #call(op: string, payload: Record<string, unknown>): Promise<any> {
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('The conversations mirror is not connected'));
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, op, ...payload }));
    });
  }

  subscribe(observer: (event: Record<string, any>) => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  async load(sid: string): Promise<boolean> {
    try {
      const c = (await this.#call('conversation', { sid })) as { messages: EmulatedMessage[]; read: Record<string, number> };
      this.conversations.set(sid, { messages: [...c.messages], read: { ...c.read } });
      return true;
    } catch {
      return false;
    }
  }

  post(
    sid: string,
    _identity: string,
    body: string,
    attributes: Record<string, unknown> = {},
    clientId?: string,
    media?: readonly MediaInput[],
  ): Promise<EmulatedMessage> {
    return this.#call('send', { sid, body, attributes, ...(clientId ? { clientId } : {}), ...(media ? { media } : {}) });
  }

  async markRead(sid: string, _identity: string, index: number): Promise<void> {
    await this.#call('read', { sid, index });
  }

  async typing(sid: string, _identity: string, typing: boolean): Promise<void> {
    if (typing) await this.#call('typing', { sid });
  }

  close(): void {
    this.ws.close();
  }
}
