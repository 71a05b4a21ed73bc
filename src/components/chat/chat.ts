import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { admitAttachments, type AttachmentLimits } from '../../core/attachments.js';
import { defaultConfig } from '../../core/config.js';
import { FlexError } from '../../core/errors.js';
import { readItem, writeItem } from '../../core/local-storage.js';
import type { Attachment, Conversation, Message, Task } from '../../core/model.js';
import { shallowEqual, type FlexState, type Session } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { CannedResponsesController, cannedResponseStyles } from './canned-responses.js';
import { styles } from './chat.styles.js';
import { tokenize } from './linkify.js';
import { whatsappWindowLeft } from '../../core/callbacks.js';
import { ClockController } from '../../controllers/clock.js';

registerStrings({
  'chat.noTask': 'Select a chat task to see the conversation.',
  'chat.noConversation': 'This task has no conversation.',
  'chat.park': 'Park',
  'chat.parkHint': 'Park the conversation while you wait for the customer: it frees your capacity and comes back when they write.',
  'chat.windowOpen': 'WhatsApp window open: {time} left to reply freely',
  'chat.windowClosed': 'The WhatsApp 24-hour window has closed: the customer must write first (or send an approved template).',
  'chat.loading': 'Loading messages…',
  'chat.empty': 'No messages yet.',
  'chat.log': 'Conversation with {name}',
  'chat.loadEarlier': 'Load earlier messages',
  'chat.loadingEarlier': 'Loading earlier messages…',
  'chat.newMessages': 'New messages',
  'chat.typing': '{name} is typing…',
  'chat.message': 'Message',
  'chat.send': 'Send',
  'chat.sending': 'Sending…',
  'chat.failed': 'Not delivered',
  'chat.read': 'Read',
  'chat.showMore': 'Show more',
  'chat.showLess': 'Show less',
  'chat.attachment': '{name} ({size})',
  'chat.readOnly': 'You can send messages once the task is accepted.',
  'chat.closed': 'The conversation has ended.',
  'chat.hint': 'Enter sends, Shift+Enter adds a line.',
  'chat.attach': 'Attach file',
  'chat.attachments': 'Files to send',
  'chat.removeAttachment': 'Remove {name}',
  'chat.attachTooMany': 'A message can have at most {max} files.',
  'chat.attachTooLarge': '{name} is too large: a file can be at most {max}.',
});

interface ChatView {
  readonly taskSid: string | undefined;
  readonly task: Task | undefined;
  readonly conversation: Conversation | undefined;
  readonly messages: readonly Message[] | undefined;
  readonly session: Session;
}

const NO_MESSAGES: readonly Message[] = [];
/** How close to the bottom (px) still counts as "at the bottom". */
const STICKY_PX = 32;

let composerIds = 0;

/**
 * The conversation of a chat, SMS, WhatsApp or email task: history with paging, typing
 * indicators, read receipts, safe links, attachments, and a composer with a per-task draft that
 * survives a page reload. Hostile text (markup, `javascript:` links, huge messages, bidi
 * overrides, zero-width characters) renders as inert text and never breaks the layout.
 *
 * @summary A task's conversation and the message composer.
 *
 * @tagname flex-chat
 *
 * @event {FlexErrorEvent} flex-error - An action failed (send, load, mark read), or a chosen file broke the
 *   `chat.attachments` limits; the error is also shown inline.
 *
 * @csspart base - The root wrapper.
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Each message; also `message-agent`, `message-customer`, `message-system`, `message-supervisor`.
 * @csspart author - A message's author name.
 * @csspart timestamp - A message's time.
 * @csspart body - A message's text.
 * @csspart attachment - An attachment (name and size).
 * @csspart load-earlier - The "Load earlier messages" button.
 * @csspart new-messages - The "New messages" button shown while scrolled up.
 * @csspart typing - The typing indicator (a polite live region).
 * @csspart composer - The composer row.
 * @csspart textarea - The message box.
 * @csspart canned-responses - The "Canned responses" listbox that `/` at the start of the message opens.
 * @csspart send-button - The Send button.
 * @csspart attach-button - The "Attach file" button (opens the file chooser).
 * @csspart attachments - The list of files chosen for the next message.
 * @csspart attachment-chip - A chosen file, with its "Remove {name}" button (`remove-attachment`).
 * @csspart attach-error - Why a chosen file was not added (too large, too many).
 * @csspart error - The inline error of a failed action.
 *
 * @cssprop [--flex-chat-padding=var(--flex-space-s)] - Padding around the chat.
 * @cssprop [--flex-chat-background=var(--flex-color-surface)] - Background.
 * @cssprop [--flex-chat-log-min-height=8rem] - Minimum height of the message list.
 * @cssprop [--flex-chat-log-max-height=32rem] - Maximum height of the message list before it scrolls (`none` to fill a sized container).
 * @cssprop [--flex-chat-agent-background=var(--flex-color-info-surface)] - Agent message bubbles.
 * @cssprop [--flex-chat-customer-background=var(--flex-color-surface-raised)] - Customer message bubbles.
 * @cssprop [--flex-chat-supervisor-background=var(--flex-color-warning-surface)] - Supervisor message bubbles.
 */
export class FlexChat extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles, cannedResponseStyles];

  /** The task whose conversation to show; the selected task when absent. */
  @property({ attribute: 'task-sid', reflect: true }) taskSid?: string;

  @state() private draft = '';
  /** Files chosen for the next message (per task, like the draft; kept when a send fails). */
  @state() private files: readonly File[] = [];
  @state() private attachError: FlexError | undefined;
  @state() private sending = false;
  @state() private loadingOlder = false;
  @state() private unseen = false;
  @state() private expanded: ReadonlySet<string> = new Set();

  @query('.log') private log?: HTMLElement;
  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('input[type=file]') private fileInput?: HTMLInputElement;
  @query('.attach') private attachButton?: HTMLButtonElement;

  private readonly connection = this.select(selectConnection, { status: 'idle' });
  /** WhatsApp's window counts down: re-render every 30 seconds while a WhatsApp task is shown. */
  readonly #windowClock = new ClockController(this, this.center, {
    active: () => this.view.value.task?.channel === 'whatsapp',
    intervalMs: 30_000,
  });

  private readonly view = this.select<ChatView>(
    (s) => this.#view(s),
    this.#view(undefined),
    shallowEqual,
    () => [this.taskSid],
  );

  readonly #composerId = `flex-chat-composer-${++composerIds}`;
  #draftKey: string | undefined;
  /** Chosen files of the tasks not on screen, by draft key (in memory only: files are not stored). */
  readonly #filesByKey = new Map<string, readonly File[]>();
  #stickToBottom = true;
  #lastIndex: number | undefined;
  #firstIndex: number | undefined;
  /** Distance from the bottom to keep while older messages are prepended. */
  #anchorFromBottom: number | undefined;
  #lastTypingAt = -Infinity;
  #markedIndex = -1;
  readonly #canned = new CannedResponsesController(this, {
    center: () => this.cc,
    t: (key, values) => this.t(key, values),
    insert: (text) => {
      this.draft = text;
      if (this.#draftKey) writeDraft(this.#draftKey, this.draft);
      void this.updateComplete.then(() => {
        const box = this.textarea;
        if (!box) return;
        box.focus();
        box.setSelectionRange(text.length, text.length);
      });
    },
  });

  #agentName(): string {
    const state = this.cc?.store.getState();
    const me = state?.session.workerSid;
    return (me && state?.workers[me]?.name) || state?.session.identity || '';
  }

  #view(s: FlexState | undefined): ChatView {
    const taskSid = this.taskSid ?? s?.ui.selectedTaskSid;
    const task = taskSid ? s?.tasks[taskSid] : undefined;
    const conversation = task?.conversationSid ? s?.conversations[task.conversationSid] : undefined;
    const messages = task?.conversationSid ? s?.messages[task.conversationSid] : undefined;
    return { taskSid, task, conversation, messages, session: s?.session ?? {} };
  }

  protected override willUpdate(): void {
    const { taskSid, session } = this.view.value;
    const key = taskSid && session.identity ? `flex-elements.chat-draft:${session.identity}:${taskSid}` : undefined;
    if (key !== this.#draftKey) {
      if (this.#draftKey) {
        if (this.files.length) this.#filesByKey.set(this.#draftKey, this.files);
        else this.#filesByKey.delete(this.#draftKey);
      }
      this.#draftKey = key;
      this.draft = key ? readDraft(key) : '';
      this.files = (key && this.#filesByKey.get(key)) || [];
      this.attachError = undefined;
      this.#stickToBottom = true;
      this.#lastIndex = undefined;
      this.#firstIndex = undefined;
      this.#markedIndex = -1;
      this.unseen = false;
      this.expanded = new Set();
    }
    // Someone else wrote while the agent reads further up: offer a jump instead of moving the view.
    const latest = this.view.value.messages?.at(-1);
    if (
      latest &&
      this.#lastIndex !== undefined &&
      latest.index !== this.#lastIndex &&
      !this.#stickToBottom &&
      latest.authorRole !== 'agent'
    ) {
      this.unseen = true;
    }
  }

  protected override updated(): void {
    const log = this.log;
    const messages = this.view.value.messages ?? NO_MESSAGES;
    const first = messages[0]?.index;
    const last = messages.at(-1)?.index;
    if (log) {
      if (this.#anchorFromBottom !== undefined && first !== this.#firstIndex) {
        // Older messages arrived above: keep what the agent was looking at in place.
        log.scrollTop = log.scrollHeight - this.#anchorFromBottom;
        this.#anchorFromBottom = undefined;
      } else if (last !== undefined && last !== this.#lastIndex) {
        if (this.#stickToBottom || this.#lastIndex === undefined) {
          log.scrollTop = log.scrollHeight;
          this.#stickToBottom = true;
        } else if (messages.at(-1)?.authorRole === 'agent') {
          log.scrollTop = log.scrollHeight;
        }
      }
    }
    this.#firstIndex = first;
    this.#lastIndex = last;
    this.#markRead();
  }

  /** Marks messages read when the newest one is on screen and the page is visible. */
  #markRead(): void {
    const { task, conversation, messages } = this.view.value;
    // Our own unconfirmed or failed messages are not the service's to mark.
    const last = messages && findLast(messages, (m) => m.delivery !== 'sending' && m.delivery !== 'failed');
    if (!task || !conversation || !last || !this.log) return;
    if (task.status !== 'assigned' && task.status !== 'wrapping') return;
    if (task.workerSid !== this.view.value.session.workerSid) return;
    if (!this.#stickToBottom || document.visibilityState === 'hidden') return;
    if (last.index <= conversation.agentReadIndex || last.index <= this.#markedIndex) return;
    this.#markedIndex = last.index;
    // In the background: a failure shows, but success does not clear the error of a failed send.
    void this.invoke('MarkMessagesRead', { taskSid: task.sid, index: last.index }, { background: true });
  }

  #onScroll = (): void => {
    const log = this.log;
    if (!log) return;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight <= STICKY_PX;
    this.#stickToBottom = atBottom;
    if (atBottom) {
      this.unseen = false;
      this.#markRead();
    }
    if (log.scrollTop <= 4 && log.scrollHeight > log.clientHeight && this.view.value.conversation?.hasOlder) {
      void this.loadEarlier();
    }
  };

  /** Loads the page of messages before the first loaded one, keeping the scroll position. */
  async loadEarlier(): Promise<void> {
    const { task, messages } = this.view.value;
    if (!task || this.loadingOlder) return;
    const log = this.log;
    if (log) this.#anchorFromBottom = log.scrollHeight - log.scrollTop;
    this.loadingOlder = true;
    try {
      await this.invoke('LoadMessages', {
        taskSid: task.sid,
        before: messages?.[0]?.index,
        pageSize: this.cc?.config.chat?.pageSize ?? 30,
      });
    } finally {
      this.loadingOlder = false;
    }
  }

  #jumpToNew = (): void => {
    const log = this.log;
    if (log) log.scrollTop = log.scrollHeight;
    this.#stickToBottom = true;
    this.unseen = false;
    this.#markRead();
  };

  #onInput = (event: Event): void => {
    this.draft = (event.target as HTMLTextAreaElement).value;
    if (this.#draftKey) writeDraft(this.#draftKey, this.draft);
    this.#canned.onInput(this.draft);
    const { task } = this.view.value;
    if (!task || task.status !== 'assigned' || this.draft.trim() === '') return;
    const now = Date.now();
    const throttle = this.cc?.config.chat?.typingThrottleMs ?? 3000;
    if (now - this.#lastTypingAt < throttle) return;
    this.#lastTypingAt = now;
    void this.invoke('SendTyping', { taskSid: task.sid });
  };

  #onKeydown = (event: KeyboardEvent): void => {
    const { task } = this.view.value;
    if (task && this.#canned.onKeydown(event, task, this.#agentName())) return;
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    void this.send();
  };

  /**
   * Sends the composer's text and chosen files. On failure the text and the files stay in the
   * composer and the error shows.
   */
  async send(): Promise<void> {
    const { task } = this.view.value;
    const body = this.draft;
    const files = this.files;
    if (!task || this.sending || (body.trim() === '' && files.length === 0)) return;
    const key = this.#draftKey;
    this.sending = true;
    try {
      const attachments = files.map((file) => ({ name: file.name, size: file.size, contentType: file.type || 'application/octet-stream', file }));
      const result = await this.invoke('SendMessage', { taskSid: task.sid, body, ...(attachments.length ? { attachments } : {}) });
      if (result !== undefined && !this.actionError) {
        // Only drop the files that were sent: files chosen while sending stay.
        if (this.#draftKey === key) this.files = this.files.filter((f) => !files.includes(f));
        else if (key) this.#filesByKey.delete(key);
        // Only clear what was sent: text typed while sending stays.
        if (this.#draftKey === key) {
          this.draft = this.draft === body ? '' : this.draft;
          if (key) writeDraft(key, this.draft);
        } else if (key) {
          writeDraft(key, '');
        }
        this.#stickToBottom = true;
        this.#lastTypingAt = -Infinity;
      }
    } finally {
      this.sending = false;
    }
    await this.updateComplete;
    this.textarea?.focus();
  }

  #openFileChooser = (): void => {
    this.fileInput?.click();
  };

  /** Adds chosen files within the `chat.attachments` limits; what does not fit is named in an error. */
  #onFilesChosen = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    input.value = ''; // choosing the same file again is a new change
    if (chosen.length === 0) return;
    const limits = this.#attachmentLimits;
    const { files, refused } = admitAttachments(this.files, chosen, limits);
    this.files = files;
    if (!refused) {
      this.attachError = undefined;
      return;
    }
    const error = new FlexError(
      'invalid-attachment',
      refused.reason === 'too-large'
        ? this.t('chat.attachTooLarge', { name: refused.file.name, max: this.#formatSize(limits.maxFileSize) })
        : this.t('chat.attachTooMany', { max: limits.maxFiles }),
    );
    this.attachError = this.cc ? this.cc.reportError(error, this) : error;
  };

  /** The configuration's `chat.attachments` (already merged over the defaults). */
  get #attachmentLimits(): AttachmentLimits {
    return this.cc?.config.chat.attachments ?? defaultConfig.chat.attachments;
  }

  async #removeFile(file: File): Promise<void> {
    this.files = this.files.filter((f) => f !== file);
    this.attachError = undefined;
    await this.updateComplete;
    this.attachButton?.focus();
  }

  #toggle(sid: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(sid)) next.add(sid);
    this.expanded = next;
  }

  override render() {
    const waiting = this.renderConnectionState(this.connection.value);
    if (waiting) return html`<div part="base" class="base">${waiting}</div>`;
    const { task, conversation, messages } = this.view.value;
    if (!task) return html`<div part="base" class="base"><p class="status" role="status">${this.t('chat.noTask')}</p></div>`;
    if (!task.conversationSid) {
      return html`<div part="base" class="base"><p class="status" role="status">${this.t('chat.noConversation')}</p></div>`;
    }
    return html`<div part="base" class="base">
      ${this.#renderLog(task, conversation, messages)} ${this.#renderTyping(task, conversation)}
      ${this.renderActionError()} ${this.#renderFiles()} ${this.#renderComposer(task)}
      ${this.#renderToolbar(task, messages)}
    </div>`;
  }

  /** "Park" for an active conversation of the person's, and WhatsApp's 24-hour window. */
  #renderToolbar(task: Task, messages: readonly Message[] | undefined) {
    const mine = task.status === 'assigned' && task.workerSid === this.cc?.store.getState().session.workerSid;
    const left = task.channel === 'whatsapp' ? whatsappWindowLeft(messages, this.#windowClock.now()) : undefined;
    if (!mine && left === undefined) return nothing;
    return html`<div class="toolbar" part="toolbar">
      ${left === undefined
        ? nothing
        : html`<p class="window ${left === 0 ? 'closed' : ''}" part="whatsapp-window" role="status">
            ${left === 0 ? this.t('chat.windowClosed') : this.t('chat.windowOpen', { time: `${Math.floor(left / 3_600_000)} h ${Math.floor(left / 60_000) % 60} min` })}
          </p>`}
      ${mine
        ? html`<button type="button" class="button" part="park-button" title=${this.t('chat.parkHint')} @click=${() => void this.invoke('ParkConversation', { taskSid: task.sid })}>
            ${this.t('chat.park')}
          </button>`
        : nothing}
    </div>`;
  }

  #renderLog(task: Task, conversation: Conversation | undefined, messages: readonly Message[] | undefined) {
    if (!conversation || !messages) {
      return html`<p class="status" role="status">${this.t('chat.loading')}</p>`;
    }
    const lastAgent = findLast(messages, (m) => m.authorRole === 'agent' && m.delivery !== 'failed');
    return html`<div class="log-wrap">
      <div
        class="log"
        part="log"
        role="log"
        aria-label=${this.t('chat.log', { name: task.customer.name })}
        tabindex="0"
        @scroll=${this.#onScroll}
      >
        ${conversation.hasOlder
          ? html`<button
              type="button"
              class="button quiet older"
              part="load-earlier"
              ?disabled=${this.loadingOlder}
              @click=${() => void this.loadEarlier()}
            >
              ${this.loadingOlder ? this.t('chat.loadingEarlier') : this.t('chat.loadEarlier')}
            </button>`
          : nothing}
        ${messages.length === 0 ? html`<p class="status">${this.t('chat.empty')}</p>` : nothing}
        <ol class="messages">
          ${repeat(
            messages,
            (m) => m.sid,
            (m) => this.#renderMessage(m, m === lastAgent && conversation.customerReadIndex >= m.index),
          )}
        </ol>
      </div>
      ${this.unseen
        ? html`<button type="button" class="button primary new-messages" part="new-messages" @click=${this.#jumpToNew}>
            ${this.t('chat.newMessages')}
          </button>`
        : nothing}
    </div>`;
  }

  #renderMessage(message: Message, read: boolean) {
    const limit = this.cc?.config.chat?.collapseAt ?? 1200;
    const long = message.body.length > limit;
    const open = this.expanded.has(message.sid);
    const text = long && !open ? `${message.body.slice(0, limit)}…` : message.body;
    const role = message.authorRole;
    return html`<li class="message ${role} ${long ? 'long' : ''}" part="message message-${role}">
      <div class="meta">
        <bdi class="author" part="author">${message.authorName}</bdi>
        <time part="timestamp" datetime=${new Date(message.timestamp).toISOString()}>${this.#formatTime(message.timestamp)}</time>
      </div>
      <p class="body" part="body" dir="auto">${text.length <= CHUNK
          ? this.#renderText(text)
          : chunks(text).map((chunk) => html`<span class="chunk">${this.#renderText(chunk)}</span>`)}</p>
      ${long
        ? html`<button type="button" class="button quiet more" aria-expanded=${open ? 'true' : 'false'} @click=${() => this.#toggle(message.sid)}>
            ${open ? this.t('chat.showLess') : this.t('chat.showMore')}
          </button>`
        : nothing}
      ${message.attachments?.length
        ? html`<ul class="attachments">
            ${message.attachments.map((a) => this.#renderAttachment(a))}
          </ul>`
        : nothing}
      ${message.delivery === 'sending' ? html`<div class="receipt">${this.t('chat.sending')}</div>` : nothing}
      ${message.delivery === 'failed' ? html`<div class="receipt failed">${this.t('chat.failed')}</div>` : nothing}
      ${read ? html`<div class="receipt" part="receipt">${this.t('chat.read')}</div>` : nothing}
    </li>`;
  }

  #renderText(text: string) {
    return tokenize(text).map((token) =>
      token.kind === 'link'
        ? html`<a href=${token.href} target="_blank" rel="noopener noreferrer">${token.text}</a>`
        : token.text,
    );
  }

  #renderAttachment(attachment: Attachment) {
    const label = this.t('chat.attachment', { name: attachment.name, size: this.#formatSize(attachment.size) });
    const href = attachment.url ? safeAttachmentUrl(attachment.url) : undefined;
    return html`<li class="attachment" part="attachment" dir="auto">
      ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${label}</a>` : label}
    </li>`;
  }

  #renderTyping(task: Task, conversation: Conversation | undefined) {
    return html`<p class="typing" part="typing" role="status" aria-live="polite">
      ${conversation?.customerTyping ? html`<bdi>${this.t('chat.typing', { name: task.customer.name })}</bdi>` : nothing}
    </p>`;
  }

  #renderFiles() {
    return html`${this.files.length
        ? html`<ul class="files" part="attachments" aria-label=${this.t('chat.attachments')}>
            ${this.files.map(
              (file) => html`<li class="chip" part="attachment-chip">
                <bdi class="chip-name">${this.t('chat.attachment', { name: file.name, size: this.#formatSize(file.size) })}</bdi>
                <button
                  type="button"
                  class="button quiet remove"
                  part="remove-attachment"
                  aria-label=${this.t('chat.removeAttachment', { name: file.name })}
                  @click=${() => void this.#removeFile(file)}
                >
                  <span aria-hidden="true">&times;</span>
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.attachError
        ? html`<div class="action-error" role="alert" part="attach-error">
            <span>${this.attachError.message}</span>
            <button type="button" class="button quiet" @click=${() => (this.attachError = undefined)}>${this.t('common.dismiss')}</button>
          </div>`
        : nothing}`;
  }

  #renderComposer(task: Task) {
    const canSend = task.status === 'assigned' || task.status === 'wrapping';
    const hintId = `${this.#composerId}-hint`;
    const attachments = this.#attachmentLimits;
    return html`<form class="composer" part="composer" @submit=${(e: Event) => (e.preventDefault(), void this.send())}>
      <div class="field">
        <label for=${this.#composerId}>${this.t('chat.message')}</label>
        ${canSend ? this.#canned.render(task, this.#agentName()) : nothing}
        <textarea
          id=${this.#composerId}
          part="textarea"
          aria-controls=${this.#canned.open ? this.#canned.id : nothing}
          aria-activedescendant=${(canSend && this.#canned.activeId()) || nothing}
          @blur=${() => this.#canned.close()}
          rows="2"
          dir="auto"
          aria-describedby=${hintId}
          .value=${live(this.draft)}
          ?disabled=${!canSend}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
        ></textarea>
        <span id=${hintId} class="visually-hidden">
          ${canSend ? `${this.t('chat.hint')}${this.#canned.all().length ? ` ${this.t('chat.cannedHint')}` : ''}` : task.status === 'reserved' || task.status === 'pending' ? this.t('chat.readOnly') : this.t('chat.closed')}
        </span>
      </div>
      ${attachments.enabled
        ? html`<input
              type="file"
              multiple
              class="visually-hidden"
              tabindex="-1"
              aria-hidden="true"
              accept=${attachments.accept || nothing}
              @change=${this.#onFilesChosen}
            />
            <button
              type="button"
              class="button attach"
              part="attach-button"
              aria-label=${this.t('chat.attach')}
              title=${this.t('chat.attach')}
              ?disabled=${!canSend || this.sending}
              @click=${this.#openFileChooser}
            >
              <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                <path
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                  d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9"
                />
              </svg>
            </button>`
        : nothing}
      <button
        type="submit"
        class="button primary"
        part="send-button"
        ?disabled=${!canSend || this.sending || (this.draft.trim() === '' && this.files.length === 0)}
      >
        ${this.t('chat.send')}
      </button>
    </form>`;
  }

  #formatTime(timestamp: number): string {
    const locale = this.cc?.strings.locale;
    const date = new Date(timestamp);
    const sameDay = new Date().toDateString() === date.toDateString();
    try {
      return new Intl.DateTimeFormat(locale || undefined, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    } catch {
      return date.toISOString();
    }
  }

  #formatSize(bytes: number): string {
    const locale = this.cc?.strings.locale || undefined;
    if (!Number.isFinite(bytes) || bytes < 0) return '?';
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  }
}

/**
 * Characters per block when a long message is expanded. Laying out one 100 KB run of text with
 * overflow-wrap:anywhere took Chromium ~32 s here; as 500-character blocks ~1 s, and with
 * `content-visibility: auto` on the blocks ~35 ms. Blocks are cut at whitespace when they can.
 */
const CHUNK = 500;

function chunks(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      const newline = text.lastIndexOf('\n', end);
      const cut = Math.max(space, newline);
      if (cut > start + CHUNK * 0.75) end = cut + 1;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

function findLast<T>(items: readonly T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return items[i];
  return undefined;
}

function safeAttachmentUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function readDraft(key: string): string {
  return readItem(key) ?? '';
}

function writeDraft(key: string, value: string): void {
  // Storage full or blocked (private mode): the draft lives only in the composer then.
  writeItem(key, value === '' ? null : value);
}

defineElement('flex-chat', FlexChat);

declare global {
  interface HTMLElementTagNameMap {
    'flex-chat': FlexChat;
  }
}
