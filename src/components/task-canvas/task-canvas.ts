import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { MESSAGING_CHANNELS, selectSelectedTask } from '../../controllers/agent-state.js';
import type { Task } from '../../core/model.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { channelIcon, channelLabel } from '../task-list/channel-icon.js';
import '../wrapup/wrapup.js';
import { styles } from './task-canvas.styles.js';

registerStrings({
  'taskCanvas.tabs': 'Task',
  'taskCanvas.conversation': 'Conversation',
  'taskCanvas.call': 'Call',
  'taskCanvas.info': 'Info',
  'taskCanvas.wrapup': 'Wrap-up',
  'taskCanvas.empty': 'No task selected. Pick one from your tasks, or accept an incoming one.',
  'taskCanvas.customer': 'Customer',
  'taskCanvas.attributes': 'Task attributes',
  'taskCanvas.name': 'Name',
  'taskCanvas.phone': 'Phone',
  'taskCanvas.email': 'Email',
  'taskCanvas.crmId': 'CRM id',
  'taskCanvas.queue': 'Queue',
  'taskCanvas.status.reserved': 'Ringing',
  'taskCanvas.status.assigned': 'Active',
  'taskCanvas.status.wrapping': 'Wrap-up',
  'taskCanvas.status.completed': 'Completed',
  'taskCanvas.status.canceled': 'Canceled',
  'taskCanvas.status.pending': 'Waiting',
  'taskCanvas.showAll': 'Show all ({count} characters)',
  'taskCanvas.noMedia': 'Nothing to show for the {channel} channel.',
});

type TabId = 'media' | 'info' | 'wrapup';
const TABS: readonly TabId[] = ['media', 'info', 'wrapup'];
/** Values longer than this are cut, with a button to show them whole. */
const LONG_VALUE = 2000;

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The selected task, with tabs: the conversation (`<flex-chat>`) for messaging channels or the
 * call (`<flex-call-controls>`) for voice; Info (customer and task attributes, always as text);
 * and Wrap-up (`<flex-wrapup>`), which opens by itself when the task enters wrap-up. Tabs follow
 * the ARIA tabs pattern (arrow keys, Home, End).
 *
 * @summary The selected task's conversation or call, info and wrap-up.
 *
 * @tagname flex-task-canvas
 *
 * @csspart base - The wrapper.
 * @csspart header - Customer name, channel and status.
 * @csspart tablist - The tabs.
 * @csspart tab - One tab.
 * @csspart panel - The visible tab panel.
 * @csspart info - The info list.
 * @csspart empty - The empty state.
 *
 * @cssprop [--flex-task-canvas-tab-indicator=var(--flex-color-primary)] - The selected tab's underline.
 */
export class FlexTaskCanvas extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #task = this.select(selectSelectedTask, undefined);

  @state() private tab: TabId = 'media';
  @state() private expanded = new Set<string>();
  #shownSid: string | undefined;
  #shownStatus: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const task = this.#task.value;
    if (task?.sid !== this.#shownSid) {
      this.tab = task?.status === 'wrapping' ? 'wrapup' : 'media';
      this.expanded = new Set();
    } else if (task && task.status === 'wrapping' && this.#shownStatus !== 'wrapping') {
      this.tab = 'wrapup';
    }
    this.#shownSid = task?.sid;
    this.#shownStatus = task?.status;
  }

  #label(tab: TabId, task: Task): string {
    if (tab === 'media') return this.t(task.channel === 'voice' ? 'taskCanvas.call' : 'taskCanvas.conversation');
    return this.t(tab === 'info' ? 'taskCanvas.info' : 'taskCanvas.wrapup');
  }

  #onTabKey(event: KeyboardEvent) {
    const index = TABS.indexOf(this.tab);
    let next: number;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    else return;
    event.preventDefault();
    this.tab = TABS[next]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  }

  #value(key: string, raw: unknown, label: string) {
    const text = display(raw);
    if (text.length <= LONG_VALUE) return html`<dd dir="auto">${text}</dd>`;
    if (this.expanded.has(key)) {
      // A read-only text box lays out and scrolls a 100 KB value cheaply, and it stays copyable.
      return html`<dd><textarea class="long" readonly rows="8" dir="auto" aria-label=${label} .value=${text}></textarea></dd>`;
    }
    return html`<dd dir="auto">
      ${text.slice(0, LONG_VALUE)}&hellip;<button
        type="button"
        class="button quiet more"
        @click=${() => (this.expanded = new Set([...this.expanded, key]))}
      >
        ${this.t('taskCanvas.showAll', { count: text.length })}
      </button>
    </dd>`;
  }

  #renderInfo(task: Task) {
    const c = task.customer;
    const rows: [string, unknown][] = [
      [this.t('taskCanvas.name'), c.name],
      [this.t('taskCanvas.phone'), c.phone],
      [this.t('taskCanvas.email'), c.email],
      [this.t('taskCanvas.crmId'), c.crmId],
      [this.t('taskCanvas.queue'), task.queueName],
    ];
    return html`<div part="info">
      <h3>${this.t('taskCanvas.customer')}</h3>
      <dl>
        ${rows
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([label, v]) => html`<dt>${label}</dt>${this.#value(`customer:${label}`, v, label)}`)}
      </dl>
      <h3>${this.t('taskCanvas.attributes')}</h3>
      <dl>
        ${Object.entries(task.attributes).map(
          ([key, v]) => html`<dt dir="auto">${key}</dt>${this.#value(`attr:${key}`, v, key)}`,
        )}
      </dl>
    </div>`;
  }

  #renderMedia(task: Task) {
    if (task.channel === 'voice') {
      return html`<flex-call-controls
        task-sid=${task.sid}
        exportparts="base: call-base, button: call-button"
      ></flex-call-controls>`;
    }
    if (MESSAGING_CHANNELS.has(task.channel) || task.conversationSid) {
      return html`<flex-chat task-sid=${task.sid} exportparts="base: chat-base, message: chat-message"></flex-chat>`;
    }
    return html`<p class="empty">${this.t('taskCanvas.noMedia', { channel: task.channel })}</p>`;
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const task = this.#task.value;
    // A finished task leaves the canvas, as it leaves the task list.
    if (!task || task.status === 'completed' || task.status === 'canceled') {
      return html`<p class="empty" part="empty">${this.t('taskCanvas.empty')}</p>`;
    }
    const t = (key: string) => this.t(key);
    return html`<div class="base" part="base">
      <div class="header" part="header">
        <h2 dir="auto">${task.customer.name}</h2>
        <span class="channel">${channelIcon(task.channel)}<span>${channelLabel(t, task.channel)}</span></span>
        <span class="status">${this.t(`taskCanvas.status.${task.status}`)}</span>
      </div>
      <div class="tablist" part="tablist" role="tablist" aria-label=${this.t('taskCanvas.tabs')} @keydown=${this.#onTabKey}>
        ${TABS.map(
          (tab) => html`<button
            type="button"
            role="tab"
            class="tab"
            part="tab"
            id="tab-${tab}"
            aria-selected=${this.tab === tab ? 'true' : 'false'}
            aria-controls="panel-${tab}"
            tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => (this.tab = tab)}
          >
            ${this.#label(tab, task)}
          </button>`,
        )}
      </div>
      ${TABS.map(
        (tab) => html`<div
          class="panel"
          part=${this.tab === tab ? 'panel' : nothing}
          role="tabpanel"
          id="panel-${tab}"
          aria-labelledby="tab-${tab}"
          tabindex="0"
          ?hidden=${this.tab !== tab}
        >
          ${this.tab !== tab && tab !== 'media'
            ? nothing
            : tab === 'media'
              ? this.#renderMedia(task)
              : tab === 'info'
                ? this.#renderInfo(task)
                : html`<flex-wrapup task-sid=${task.sid} exportparts="base: wrapup-base, disposition, notes, complete-button, wrapup-button"></flex-wrapup>`}
        </div>`,
      )}
    </div>`;
  }
}

defineElement('flex-task-canvas', FlexTaskCanvas);

declare global {
  interface HTMLElementTagNameMap {
    'flex-task-canvas': FlexTaskCanvas;
  }
}
