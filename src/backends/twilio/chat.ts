import { FlexError } from '../../core/errors.js';
import type { Conversation, Message } from '../../core/model.js';
import { BackendError } from '../backend.js';
import type { Handlers } from './commands.js';
import {
  sdkConversations,
  type ConversationsFactory,
  type ConversationsPort,
  type PortMessage,
} from './conversations.js';
import type { TrReservation } from './sdk-types.js';
import type { TwilioSession } from './session.js';
import { attributesOf, conversationSidOf } from './tasks.js';
import { customerOf } from './workspace-feed.js';

interface Outgoing {
  clientId: string;
  conversationSid: string;
  /** The message as the store shows it while it waits ('sending'), at a provisional index. */
  pending: Message;
  body: string;
  attachments: readonly { name: string; size: number; contentType: string; file?: File }[];
  resolve: (result: { messageSid: string; index: number }) => void;
  reject: (error: unknown) => void;
}

/**
 * Chat tasks' conversations through the Conversations port: opening them when the reservation is
 * accepted, pages of messages, typing and read state, and the outbox of messages being sent.
 */
export class Chat {
  port: ConversationsPort | undefined;
  readonly conversations = new Map<string, Conversation>();
  readonly #messageCounts = new Map<string, number>();
  readonly #outbox: Outgoing[] = [];
  #flushing = false;
  #clientSeq = 0;

  constructor(private readonly s: TwilioSession) {}

  async start(token: string): Promise<void> {
    const s = this.s;
    const o = s.options;
    const factory: ConversationsFactory =
      o.conversationsFactory ?? sdkConversations;
    const chat = await factory(token, o as Record<string, unknown>);
    this.port = chat;
    s.statuses['chat'] = chat.state === 'connected' ? 'connected' : chat.state === 'denied' ? 'error' : 'reconnecting';
    s.updateStatus();
    // A chat accepted while Conversations was still starting opens now.
    for (const r of s.reservations.values()) if (r.status === 'accepted' || r.status === 'wrapping') void this.open(r);
    let lost = false;
    chat.on('connection', (state) => {
      s.statuses['chat'] = state === 'connected' ? 'connected' : state === 'denied' ? 'error' : 'reconnecting';
      s.updateStatus();
      if (state !== 'connected') {
        lost = true;
        return;
      }
      void this.#flushOutbox();
      if (lost) {
        lost = false;
        // What arrived while the connection was down (the customer's messages, read state).
        for (const sid of this.conversations.keys()) void this.loadPage(sid, undefined, 30).catch(() => {});
      }
    });
    chat.on('message', (m) => this.#onMessage(m));
    chat.on('typing', (sid, identity, typing) => {
      const c = this.conversations.get(sid);
      if (!c || identity === s.identity) return;
      this.#set({ ...c, customerTyping: typing });
    });
    chat.on('read', (sid, identity, index) => {
      const c = this.conversations.get(sid);
      if (!c) return;
      if (identity === s.identity) this.#set({ ...c, agentReadIndex: Math.max(c.agentReadIndex, index) });
      else this.#set({ ...c, customerReadIndex: Math.max(c.customerReadIndex, index) });
    });
    chat.on('tokenAboutToExpire', () => void s.keeper?.refresh());
    chat.on('tokenExpired', () => void s.keeper?.refresh());
  }

  async stop(): Promise<void> {
    await this.port?.shutdown().catch(() => {});
  }

  /** Messages still waiting when the session closes fail, none silently lost. */
  rejectOutbox(): void {
    for (const o of this.#outbox.splice(0))
      o.reject(new BackendError('disconnected', 'The session was closed before the message was sent'));
  }

  /** Opens the conversation of an accepted chat reservation (once). */
  async open(r: TrReservation): Promise<void> {
    const sid = conversationSidOf(r);
    if (sid) await this.openConversation(sid, r.task.sid);
  }

  /** Opens a conversation by sid (once): a supervisor's read-along has no reservation of its own. */
  async openConversation(sid: string, taskSid: string): Promise<void> {
    if (!this.port || this.conversations.has(sid)) return;
    this.#set({
      sid,
      taskSid,
      customerTyping: false,
      agentTyping: false,
      agentReadIndex: -1,
      customerReadIndex: -1,
      messageCount: 0,
      hasOlder: false,
    });
    try {
      await this.loadPage(sid, undefined, 30);
    } catch (error) {
      this.s.notify(`chat-${sid}`, 'error', `Could not load the conversation: ${FlexError.from(error).message}`, 0);
    }
  }

  async loadPage(
    sid: string,
    before: number | undefined,
    pageSize: number,
  ): Promise<{ loaded: number; hasOlder: boolean }> {
    const page = await this.port!.page(sid, { ...(before === undefined ? {} : { before }), pageSize });
    const c = this.conversations.get(sid)!;
    this.#messageCounts.set(sid, Math.max(this.#messageCounts.get(sid) ?? 0, page.count));
    this.s.emit([{ type: 'messages', conversationSid: sid, messages: page.items.map((m) => this.#message(m)) }]);
    let agentRead = c.agentReadIndex;
    let customerRead = c.customerReadIndex;
    for (const [identity, index] of Object.entries(page.read)) {
      if (identity === this.s.identity) agentRead = Math.max(agentRead, index);
      else customerRead = Math.max(customerRead, index);
    }
    this.#set({
      ...c,
      messageCount: this.#messageCounts.get(sid)!,
      hasOlder: before === undefined || before <= (page.items[0]?.index ?? 0) ? page.hasOlder : c.hasOlder,
      agentReadIndex: agentRead,
      customerReadIndex: customerRead,
    });
    return { loaded: page.items.length, hasOlder: page.hasOlder };
  }

  #message(m: PortMessage): Message {
    const s = this.s;
    const mine = m.author === s.identity;
    const role = mine
      ? 'agent'
      : m.author === 'system'
        ? 'system'
        : m.attributes['role'] === 'agent'
          ? 'agent'
          : 'customer';
    const authorName = m.attributes['authorName'];
    return {
      sid: m.sid,
      conversationSid: m.conversationSid,
      index: m.index,
      author: m.author,
      authorName: mine
        ? s.worker
          ? s.tasks.workerRecord().name
          : m.author
        : typeof authorName === 'string'
          ? authorName
          : role === 'customer'
            ? (this.#customerName(m.conversationSid) ?? m.author)
            : m.author,
      authorRole: role,
      body: m.body,
      timestamp: m.dateCreated,
      ...(m.media?.length
        ? {
            attachments: m.media.map((x) => ({
              name: x.filename,
              size: x.size,
              contentType: x.contentType,
              ...(x.url ? { url: x.url } : {}),
            })),
          }
        : {}),
      ...(mine ? { delivery: 'sent' as const } : {}),
    };
  }

  #customerName(conversationSid: string): string | undefined {
    for (const r of this.s.reservations.values())
      if (conversationSidOf(r) === conversationSid) return customerOf(attributesOf(r.task)).name;
    return undefined;
  }

  #onMessage(m: PortMessage): void {
    const c = this.conversations.get(m.conversationSid);
    if (!c) return;
    const count = Math.max(this.#messageCounts.get(m.conversationSid) ?? 0, m.index + 1);
    this.#messageCounts.set(m.conversationSid, count);
    this.s.emit([{ type: 'messages', conversationSid: m.conversationSid, messages: [this.#message(m)] }]);
    const mine = m.author === this.s.identity;
    this.#set({
      ...c,
      messageCount: count,
      ...(mine
        ? { agentReadIndex: Math.max(c.agentReadIndex, m.index), agentTyping: false }
        : { customerTyping: false }),
    });
  }

  #set(c: Conversation): void {
    this.conversations.set(c.sid, c);
    this.s.emit([{ type: 'conversation', conversation: c }]);
  }

  /** Marks a conversation read up to an index. */
  async markRead(conversationSid: string, index: number): Promise<void> {
    await this.port?.read(conversationSid, index);
    const c = this.conversations.get(conversationSid);
    if (c && index > c.agentReadIndex) this.#set({ ...c, agentReadIndex: index });
  }

  /**
   * Queues a message: it shows at once as 'sending', at the index it will most likely get (after
   * what is known and what is already queued), until confirmed. Nothing typed is invisible.
   */
  send(
    conversationSid: string,
    body: string,
    attachments: Outgoing['attachments'],
    clientId: string | undefined,
  ): Promise<{ messageSid: string; index: number }> {
    const s = this.s;
    const id = clientId ?? `${s.identity}-${Date.now().toString(36)}-${++this.#clientSeq}`;
    let index = this.#messageCounts.get(conversationSid) ?? 0;
    for (const o of this.#outbox)
      if (o.conversationSid === conversationSid) index = Math.max(index, o.pending.index + 1);
    const pending: Message = {
      sid: `pending-${id}`,
      conversationSid,
      index,
      author: s.identity,
      authorName: s.tasks.workerRecord().name,
      authorRole: 'agent',
      body,
      timestamp: Date.now(),
      ...(attachments.length
        ? { attachments: attachments.map(({ name, size, contentType }) => ({ name, size, contentType })) }
        : {}),
      delivery: 'sending',
    };
    s.emit([{ type: 'messages', conversationSid, messages: [pending] }]);
    return new Promise((resolve, reject) => {
      this.#outbox.push({ clientId: id, conversationSid, pending, body, attachments, resolve, reject });
      void this.#flushOutbox();
    });
  }

  /** Sends queued messages once each, in order; stops at the first failure and retries on reconnect. */
  async #flushOutbox(): Promise<void> {
    const chat = this.port;
    if (this.#flushing || !chat) return;
    this.#flushing = true;
    try {
      while (this.#outbox.length > 0 && chat.state === 'connected' && !this.s.closed) {
        const next = this.#outbox[0];
        let sent: PortMessage;
        try {
          sent = await chat.send(next.conversationSid, {
            body: next.body,
            attributes: next.attachments.length
              ? { attachments: next.attachments.map(({ name, size, contentType }) => ({ name, size, contentType })) }
              : {},
            clientId: next.clientId,
            files: next.attachments.flatMap((a) => (a.file ? [a.file] : [])),
          });
        } catch (error) {
          // Lost connection: keep it queued (the port finds a message stored before the reply was
          // lost by its clientId). Refused: drop it with the error.
          const transient = (error as { transient?: unknown } | undefined)?.transient === true;
          if (chat.state === 'connected' && !transient) {
            this.#outbox.shift();
            this.s.emit([
              {
                type: 'messages',
                conversationSid: next.conversationSid,
                messages: [{ ...next.pending, delivery: 'failed' }],
              },
            ]);
            next.reject(new BackendError('send-failed', `The message was not sent: ${FlexError.from(error).message}`));
            continue;
          }
          // The connection failed under the request but may still look connected: try again soon
          // (a reconnect flushes too).
          if (transient && chat.state === 'connected') setTimeout(() => void this.#flushOutbox(), 1000);
          break;
        }
        this.#outbox.shift();
        // The confirmed message takes its real index ('sent'); a provisional index another message
        // took meanwhile is overwritten by that message (indexes are dense).
        this.s.emit([{ type: 'messages', conversationSid: sent.conversationSid, messages: [this.#message(sent)] }]);
        next.resolve({ messageSid: sent.sid, index: sent.index });
      }
    } finally {
      this.#flushing = false;
    }
  }
}

// ------------------------------------------------------------------ commands

/** Messages, typing, read state and older pages of a chat task's conversation. */
export const chatHandlers = {
  async sendMessage(s, p) {
    const body = String(p.body ?? '');
    const attachments = (p.attachments ?? []) as Outgoing['attachments'];
    if (!body.trim() && attachments.length === 0)
      throw new BackendError('invalid-argument', 'sendMessage needs a body or an attachment');
    if (!s.chat.port) throw new BackendError('no-chat', 'Conversations is not available: the token has no Chat grant');
    if (!s.chat.conversations.has(p.conversationSid))
      throw new BackendError('not-found', `No conversation ${JSON.stringify(p.conversationSid)}`);
    return s.chat.send(
      String(p.conversationSid),
      body,
      attachments,
      p.clientId === undefined ? undefined : String(p.clientId),
    );
  },
  async sendTyping(s, p) {
    await s.chat.port?.typing(p.conversationSid);
  },
  async markRead(s, p) {
    await s.chat.markRead(p.conversationSid, p.index);
  },
  async loadMessages(s, p) {
    // A supervisor reads another agent's chat by joining it as a read-along participant
    // (Interactions), as Flex does: a non-participant may not read a conversation.
    const readAlong = s.role !== 'agent' && s.chat.port && !s.chat.conversations.has(p.conversationSid)
      ? s.supervision.feed?.taskSidOfConversation(p.conversationSid)
      : undefined;
    if (readAlong) await s.supervision.supervise(readAlong, 'monitor');
    if (!s.chat.port || !s.chat.conversations.has(p.conversationSid))
      throw new BackendError('not-found', `No conversation ${JSON.stringify(p.conversationSid)}`);
    return s.chat.loadPage(p.conversationSid, p.before, p.pageSize ?? 30);
  },
} satisfies Partial<Handlers>;
