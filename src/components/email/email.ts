import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Attachment, Message, Task } from '../../core/model.js';
import { shallowEqual, type FlexState } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { sanitizeEmail, sanitizeOutgoing, type SanitizedEmail } from './sanitize.js';
import { styles } from './email.styles.js';

registerStrings({
  'email.noTask': 'Select an email task.',
  'email.loading': 'Loading the thread…',
  'email.thread': 'Email thread: {subject}',
  'email.noSubject': '(no subject)',
  'email.from': 'From {name}',
  'email.reply': 'Reply',
  'email.replyAll': 'Reply all',
  'email.forward': 'Forward',
  'email.send': 'Send',
  'email.discard': 'Discard',
  'email.to': 'To',
  'email.body': 'Message',
  'email.bold': 'Bold',
  'email.italic': 'Italic',
  'email.list': 'Bulleted list',
  'email.formatting': 'Formatting',
  'email.composing.reply': 'Reply to {name}',
  'email.composing.replyAll': 'Reply to all',
  'email.composing.forward': 'Forward',
  'email.showImages': 'Show images',
  'email.imagesBlocked': '{count} remote images are hidden to protect your privacy.',
  'email.quoted': 'Show quoted text',
  'email.attachments': 'Attachments',
  'email.attachment': '{name} ({size} KB)',
  'email.empty': 'Write a message before sending.',
  'email.badAddress': 'Enter the address to forward to, like name@example.com.',
  'email.readOnly': 'You can reply once the task is accepted.',
  'email.forwardedTo': 'Forwarded to {to}',
});

type Mode = 'reply' | 'replyAll' | 'forward';

interface EmailView {
  readonly task: Task | undefined;
  readonly messages: readonly Message[] | undefined;
}

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The thread of an email task, newest first: each message's sanitized HTML (DOMPurify: no script,
 * no handlers, no forms or frames, no styles; links open in a new tab), quoted text collapsed,
 * attachments, and remote images held back until "Show images". "Reply", "Reply all" and "Forward"
 * open a rich-text composer (bold, italic, bulleted list) whose "Send" invokes `SendMessage` with
 * the reply's HTML; a forward asks for the address first. Loaded on demand, with DOMPurify, as its
 * own chunk.
 *
 * @summary An email thread with Reply, Reply all and Forward.
 *
 * @tagname flex-email
 *
 * @event {FlexErrorEvent} flex-error - Sending failed; also shown inline.
 *
 * @csspart base - The wrapper.
 * @csspart actions - Reply, Reply all, Forward.
 * @csspart thread - The list of messages.
 * @csspart message - One message.
 * @csspart body - A message's sanitized HTML.
 * @csspart show-images - "Show images" for a message with remote images.
 * @csspart attachments - A message's attachments.
 * @csspart composer - The reply form.
 * @csspart editor - The rich-text box.
 * @csspart send-button - "Send".
 * @csspart error - An inline error.
 *
 * @cssprop [--flex-email-padding=var(--flex-space-m)] - Padding.
 */
export class FlexEmail extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /** The level (1–6) of the element's heading; h3 when unset. */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /** The email task; the selected task when absent. */
  @property({ attribute: 'task-sid', reflect: true }) taskSid?: string;

  @state() private mode: Mode | undefined;
  @state() private images = new Set<string>();
  @state() private problem = '';

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #view = this.select<EmailView>(
    (s) => this.#select(s),
    { task: undefined, messages: undefined },
    shallowEqual,
    () => [this.taskSid],
  );
  readonly #me = this.select((s) => s.session.workerSid, undefined);
  /** Sanitized bodies by message sid and whether images are allowed: each is sanitized once. */
  readonly #bodies = new Map<string, SanitizedEmail & { node: Node }>();

  #select(s: FlexState): EmailView {
    const sid = this.taskSid ?? s.ui.selectedTaskSid;
    const task = sid ? s.tasks[sid] : undefined;
    return { task, messages: task?.conversationSid ? s.messages[task.conversationSid] : undefined };
  }

  #body(message: Message): SanitizedEmail & { node: Node } {
    const allow = this.images.has(message.sid);
    const key = `${message.sid}:${allow ? 1 : 0}:${message.body.length}`;
    let body = this.#bodies.get(key);
    if (!body) {
      const sanitized = sanitizeEmail(message.body, { allowImages: allow, quoteLabel: this.t('email.quoted') });
      body = { ...sanitized, node: sanitized.fragment };
      this.#bodies.set(key, body);
    }
    return body;
  }

  async #open(mode: Mode): Promise<void> {
    this.mode = mode;
    this.problem = '';
    await this.updateComplete;
    const target = mode === 'forward' ? this.renderRoot.querySelector<HTMLElement>('#to') : this.#editor();
    target?.focus();
  }

  #editor(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part="editor"]');
  }

  #format(command: 'bold' | 'italic' | 'insertUnorderedList'): void {
    this.#editor()?.focus();
    // execCommand is what contenteditable offers for this; the HTML is sanitized before it is sent.
    document.execCommand(command);
  }

  async #send(event: Event, task: Task, last: Message | undefined): Promise<void> {
    event.preventDefault();
    const editor = this.#editor();
    const html = sanitizeOutgoing(editor?.innerHTML ?? '');
    const text = editor?.textContent?.trim() ?? '';
    if (!text) {
      this.problem = this.t('email.empty');
      return;
    }
    let body = html;
    if (this.mode === 'forward') {
      const to = this.renderRoot.querySelector<HTMLInputElement>('#to')?.value.trim() ?? '';
      if (!EMAIL.test(to)) {
        this.problem = this.t('email.badAddress');
        return;
      }
      const original = last ? sanitizeOutgoing(last.body) : '';
      body = `<p>${escapeHtml(this.t('email.forwardedTo', { to }))}</p>${html}<blockquote>${original}</blockquote>`;
    }
    this.problem = '';
    await this.invoke('SendMessage', { taskSid: task.sid, body });
    if (!this.actionError) {
      this.mode = undefined;
      if (editor) editor.innerHTML = '';
    }
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const { task, messages } = this.#view.value;
    if (!task) return html`<p class="hint" role="status">${this.t('email.noTask')}</p>`;
    if (!messages) return html`<p class="hint" role="status">${this.t('email.loading')}</p>`;
    const subject = typeof task.attributes['subject'] === 'string' && task.attributes['subject'].trim() ? task.attributes['subject'] : this.t('email.noSubject');
    const thread = [...messages].filter((m) => m.authorRole !== 'system').reverse();
    const last = thread.find((m) => m.authorRole === 'customer') ?? thread[0];
    const canReply = task.status === 'assigned' && task.workerSid === this.#me.value;
    return html`<section class="base" part="base" aria-labelledby="subject">
      <h3 id="subject" aria-level=${ariaLevel(this.headingLevel)} dir="auto">${subject}</h3>
      <div class="actions" part="actions">
        ${(['reply', 'replyAll', 'forward'] as const).map(
          (mode) => html`<button
            type="button"
            class="button"
            aria-pressed=${this.mode === mode ? 'true' : 'false'}
            ?disabled=${!canReply}
            aria-describedby=${canReply ? nothing : 'read-only'}
            @click=${() => void this.#open(mode)}
          >
            ${this.t(`email.${mode}`)}
          </button>`,
        )}
        ${canReply ? nothing : html`<p class="hint" id="read-only">${this.t('email.readOnly')}</p>`}
      </div>
      ${this.mode && canReply ? this.#renderComposer(task, last) : nothing} ${this.renderActionError()}
      <ol class="thread" part="thread" aria-label=${this.t('email.thread', { subject })}>
        ${repeat(
          thread,
          (m) => m.sid,
          (m) => this.#renderMessage(m),
        )}
      </ol>
    </section>`;
  }

  #renderMessage(message: Message) {
    const body = this.#body(message);
    const time = new Date(message.timestamp);
    return html`<li class="message ${message.authorRole}" part="message">
      <div class="meta">
        <bdi class="author">${this.t('email.from', { name: message.authorName })}</bdi>
        <time datetime=${time.toISOString()}>${time.toLocaleString(this.cc?.strings.locale)}</time>
      </div>
      ${body.blockedImages > 0
        ? html`<div class="images" role="status">
            <span>${this.t('email.imagesBlocked', { count: body.blockedImages })}</span>
            <button type="button" class="button quiet" part="show-images" @click=${() => (this.images = new Set([...this.images, message.sid]))}>
              ${this.t('email.showImages')}
            </button>
          </div>`
        : nothing}
      <div class="body" part="body" dir="auto">${body.node}</div>
      ${message.attachments?.length ? this.#renderAttachments(message.attachments) : nothing}
    </li>`;
  }

  #renderAttachments(attachments: readonly Attachment[]) {
    return html`<ul class="attachments" part="attachments" aria-label=${this.t('email.attachments')}>
      ${attachments.map((a) => {
        const label = this.t('email.attachment', { name: a.name, size: Math.max(1, Math.round(a.size / 1024)) });
        const href = a.url ? safeUrl(a.url) : undefined;
        return html`<li dir="auto">${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer" download>${label}</a>` : label}</li>`;
      })}
    </ul>`;
  }

  #renderComposer(task: Task, last: Message | undefined) {
    const mode = this.mode!;
    const title =
      mode === 'reply'
        ? this.t('email.composing.reply', { name: last?.authorName ?? task.customer.name })
        : mode === 'replyAll'
          ? this.t('email.composing.replyAll')
          : this.t('email.composing.forward');
    return html`<form class="composer" part="composer" novalidate aria-label=${title} @submit=${(e: Event) => void this.#send(e, task, last)}>
      <p class="title">${title}</p>
      ${mode === 'forward'
        ? html`<div class="field">
            <label for="to">${this.t('email.to')}</label>
            <input id="to" type="email" autocomplete="email" required dir="ltr" />
          </div>`
        : nothing}
      <div class="toolbar" role="toolbar" aria-label=${this.t('email.formatting')}>
        <button type="button" class="button quiet" @click=${() => this.#format('bold')}><b>${this.t('email.bold')}</b></button>
        <button type="button" class="button quiet" @click=${() => this.#format('italic')}><i>${this.t('email.italic')}</i></button>
        <button type="button" class="button quiet" @click=${() => this.#format('insertUnorderedList')}>${this.t('email.list')}</button>
      </div>
      <div
        class="editor"
        part="editor"
        contenteditable="true"
        role="textbox"
        aria-multiline="true"
        aria-label=${this.t('email.body')}
        aria-describedby=${this.problem ? 'problem' : nothing}
        aria-invalid=${this.problem ? 'true' : 'false'}
        dir="auto"
      ></div>
      ${this.problem ? html`<p class="problem" id="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="button primary" part="send-button">${this.t('email.send')}</button>
        <button type="button" class="button quiet" @click=${() => (this.mode = undefined)}>${this.t('email.discard')}</button>
      </div>
    </form>`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

defineElement('flex-email', FlexEmail);

declare global {
  interface HTMLElementTagNameMap {
    'flex-email': FlexEmail;
  }
}
