import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MESSAGING_CHANNELS, selectSelectedTask } from '../../controllers/agent-state.js';
import type { Task } from '../../core/model.js';
import { CALLBACK_CHANNEL, VOICEMAIL_CHANNEL } from '../../core/callbacks.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { channelIcon, channelLabel } from '../task-list/channel-icon.js';
import { CenterSubscription } from '../slot/center-subscription.js';
import { PluginNotices } from '../slot/plugin-notices.js';
import { pluginNoticeStyles } from '../slot/plugin-notices.styles.js';
import '../slot/slot.js';
import '../wrapup/wrapup.js';
import { styles } from './task-canvas.styles.js';
import { contactMatchStyles, renderAssociations, renderContactMatch, type ContactMatchHost } from '../crm/contact-match.js';

registerStrings({
  'taskCanvas.tabs': 'Task',
  'taskCanvas.conversation': 'Conversation',
  'taskCanvas.call': 'Call',
  'taskCanvas.info': 'Info',
  'taskCanvas.wrapup': 'Wrap-up',
  'taskCanvas.empty': 'No task selected. Pick one from your tasks, or accept an incoming one.',
  'taskCanvas.customer': 'Customer',
  'taskCanvas.attributes': 'Task attributes',
  'taskCanvas.crm': 'CRM',
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

/** A built-in tab, or `plugin:<contribution id>` for a `task-canvas.tabs` contribution. */
type TabId = string;
const TABS: readonly TabId[] = ['media', 'info', 'wrapup'];
const PLUGIN_TAB = 'plugin:';
const TAB_SLOT = 'task-canvas.tabs';
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
 * the ARIA tabs pattern (arrow keys, Home, End). Plugin tabs (`task-canvas.tabs` contributions,
 * rendered with `{task}` as context) follow the built-in ones; a plugin that failed to load shows a
 * dismissible notice under the tab row.
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
 * @csspart plugin-notices - The notices of plugins that failed to load.
 * @csspart plugin-notice - One failed plugin's notice, with a Dismiss button.
 *
 * @cssprop [--flex-task-canvas-tab-indicator=var(--flex-color-primary)] - The selected tab's underline.
 */
export class FlexTaskCanvas extends FlexElement {
  static override styles = [baseStyles, buttonStyles, pluginNoticeStyles, styles, contactMatchStyles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h2 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #task = this.select(selectSelectedTask, undefined);
  readonly #crm = this.select((s) => s.crm, { searches: {}, associations: {}, logs: {} });
  readonly #crmHost: ContactMatchHost = {
    t: (key, values) => this.t(key, values),
    invoke: (name, payload) => this.invoke(name, payload),
    eventTarget: this,
  };

  readonly #notices = new PluginNotices(this, this.center, (key, values) => this.t(key, values));

  @state() private tab: TabId = 'media';
  @state() private expanded = new Set<string>();
  /** What plugin tabs render with: the same object while the task is the same, so they are not remounted. */
  #tabContext: { task: Task } | undefined;
  #shownSid: string | undefined;

  constructor() {
    super();
    // Plugin tabs come and go with their plugins.
    new CenterSubscription(this, this.center, (cc, notify) => cc.slots.subscribe(TAB_SLOT, notify));
  }
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

  /** The built-in tabs, then one per `task-canvas.tabs` contribution. */
  get #tabs(): TabId[] {
    const plugins = this.cc?.slots.get(TAB_SLOT) ?? [];
    return [...TABS, ...plugins.map((c) => PLUGIN_TAB + c.id)];
  }

  /** A DOM id for a tab (contribution ids may hold any character). */
  #domId(tab: TabId): string {
    if (!tab.startsWith(PLUGIN_TAB)) return tab;
    return `plugin-${this.#tabs.indexOf(tab)}`;
  }

  #contextFor(task: Task): { task: Task } {
    if (this.#tabContext?.task !== task) this.#tabContext = { task };
    return this.#tabContext;
  }

  #label(tab: TabId, task: Task): string {
    if (tab.startsWith(PLUGIN_TAB)) {
      const id = tab.slice(PLUGIN_TAB.length);
      return this.cc?.slots.get(TAB_SLOT).find((c) => c.id === id)?.label ?? id;
    }
    if (tab === 'media') {
      if (task.channel === CALLBACK_CHANNEL || task.channel === VOICEMAIL_CHANNEL) return channelLabel((key) => this.t(key), task.channel);
      return this.t(task.channel === 'voice' ? 'taskCanvas.call' : 'taskCanvas.conversation');
    }
    return this.t(tab === 'info' ? 'taskCanvas.info' : 'taskCanvas.wrapup');
  }

  #onTabKey(event: KeyboardEvent) {
    const tabs = this.#tabs;
    const index = tabs.indexOf(this.tab);
    let next: number;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    this.tab = tabs[next]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.#domId(this.tab)}`)?.focus());
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
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('taskCanvas.customer')}</h3>
      <dl>
        ${rows
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([label, v]) => html`<dt>${label}</dt>${this.#value(`customer:${label}`, v, label)}`)}
      </dl>
      ${this.#renderCrm(task)}
      <h3 aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('taskCanvas.attributes')}</h3>
      <dl>
        ${Object.entries(task.attributes).map(
          ([key, v]) => html`<dt dir="auto">${key}</dt>${this.#value(`attr:${key}`, v, key)}`,
        )}
      </dl>
    </div>`;
  }

  #renderCrm(task: Task) {
    const crm = this.#crm.value;
    const search = crm.searches[task.sid];
    const associations = crm.associations[task.sid] ?? [];
    const note = task.attributes['transferNote'];
    if (!search && associations.length === 0 && !note) return nothing;
    return html`<h3 aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('taskCanvas.crm')}</h3>
      ${renderContactMatch(this.#crmHost, task, search, associations, `info-${task.sid}`)}
      ${renderAssociations(this.#crmHost, task, associations)}`;
  }

  #renderMedia(task: Task) {
    if (task.channel === CALLBACK_CHANNEL || task.channel === VOICEMAIL_CHANNEL) {
      return html`<flex-callback task-sid=${task.sid} exportparts="base: callback-base, call-back-button"></flex-callback>`;
    }
    if (task.channel === 'email') {
      return html`<flex-email task-sid=${task.sid} exportparts="base: email-base, message: email-message"></flex-email>`;
    }
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
      // The CRM log of interactions just completed stays in view ("Logged to CRM", or "Retry").
      const logs = Object.keys(this.#crm.value.logs).length > 0;
      return html`<p class="empty" part="empty">${this.t('taskCanvas.empty')}</p>
        ${logs ? html`<flex-wrapup exportparts="crm-log, crm-retry-button"></flex-wrapup>` : nothing}`;
    }
    const t = (key: string) => this.t(key);
    const tabs = this.#tabs;
    // A plugin tab that went away (its plugin disabled) leaves its place to the first tab.
    if (!tabs.includes(this.tab)) this.tab = 'media';
    return html`<div class="base" part="base">
      <div class="header" part="header">
        <h2 aria-level=${ariaLevel(this.headingLevel)} dir="auto" title=${task.customer.name}>${task.customer.name}</h2>
        <span class="channel">${channelIcon(task.channel)}<span>${channelLabel(t, task.channel)}</span></span>
        <span class="status">${this.t(`taskCanvas.status.${task.status}`)}</span>
      </div>
      <div class="tablist" part="tablist" role="tablist" aria-label=${this.t('taskCanvas.tabs')} @keydown=${this.#onTabKey}>
        ${tabs.map(
          (tab) => html`<button
            type="button"
            role="tab"
            class="tab"
            part="tab"
            id="tab-${this.#domId(tab)}"
            aria-selected=${this.tab === tab ? 'true' : 'false'}
            aria-controls="panel-${this.#domId(tab)}"
            tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => (this.tab = tab)}
          >
            ${this.#label(tab, task)}
          </button>`,
        )}
      </div>
      ${this.#notices.render()}
      ${tabs.map(
        (tab) => html`<div
          class="panel"
          part=${this.tab === tab ? 'panel' : nothing}
          role="tabpanel"
          id="panel-${this.#domId(tab)}"
          aria-labelledby="tab-${this.#domId(tab)}"
          tabindex="0"
          ?hidden=${this.tab !== tab}
        >
          ${this.tab !== tab && tab !== 'media'
            ? nothing
            : tab.startsWith(PLUGIN_TAB)
              ? html`<flex-plugin-slot
                  name=${TAB_SLOT}
                  contribution=${tab.slice(PLUGIN_TAB.length)}
                  .context=${this.#contextFor(task)}
                ></flex-plugin-slot>`
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
