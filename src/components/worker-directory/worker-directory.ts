import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Activity, Queue, Task, TransferMode, Worker } from '../../core/model.js';
import { isMessagingChannel } from '../../core/domain.js';
import { shallowEqual, type FlexState } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { FlexTransferRequestEvent } from '../../events.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './worker-directory.styles.js';

registerStrings({
  'workerDirectory.mode': 'Transfer type',
  'workerDirectory.warm': 'Warm transfer',
  'workerDirectory.cold': 'Cold transfer',
  'workerDirectory.coldOnly': 'Conversations are transferred cold: the agent or queue you choose takes over, with the whole history, and you leave the conversation.',
  'workerDirectory.search': 'Search directory',
  'workerDirectory.agents': 'Agents',
  'workerDirectory.queues': 'Queues',
  'workerDirectory.noTask': 'Select a task to transfer.',
  'workerDirectory.noResults': 'Nobody matches "{query}".',
  'workerDirectory.noTargets': 'No available agents or queues.',
  'workerDirectory.transferTo': 'Transfer to',
  'workerDirectory.queueDetail': 'Queue',
  'workerDirectory.note': 'Transfer note',
  'workerDirectory.noteHint': 'The receiving agent sees it when the task rings.',
});

interface DirectoryView {
  readonly task: Task | undefined;
  readonly me: string | undefined;
  readonly workers: FlexState['workers'];
  readonly activities: FlexState['activities'];
  readonly queues: FlexState['queues'];
}

interface Target {
  readonly sid: string;
  readonly kind: 'worker' | 'queue';
  readonly name: string;
  readonly detail: string;
}

let ids = 0;

/**
 * A searchable list of transfer targets: available agents (name and activity) and queues. Arrow
 * keys move through the list, Enter chooses. Choosing fires a cancelable `flex-transfer-request`
 * and, unless it is canceled, invokes `TransferTask {taskSid, to, mode, note}`. A messaging task (chat,
 * SMS, WhatsApp…) is transferred cold only, as in Flex: the warm/cold choice gives way to a note
 * saying so, and `mode` is ignored for it.
 * The "Transfer note" reaches the receiving agent (the task's `transferNote` attribute); a
 * before-listener on `TransferTask` can require one (`if (!payload.note) abort('Write a transfer note')`).
 *
 * @summary Transfer targets: agents and queues, with warm or cold mode.
 *
 * @tagname flex-worker-directory
 *
 * @event {FlexTransferRequestEvent} flex-transfer-request - A target was chosen; cancelable. Detail: `{taskSid, to, toKind, mode}`.
 * @event {FlexErrorEvent} flex-error - The transfer failed; also shown inline.
 *
 * @csspart base - The root wrapper.
 * @csspart mode - The warm/cold radio group (for a messaging task, the note that it is transferred cold).
 * @csspart note - The "Transfer note" box: what the receiving agent reads on the ringing card and the Info tab.
 * @csspart search - The search box.
 * @csspart results - The scrolling list of targets.
 * @csspart target - Each target button.
 * @csspart error - The inline error.
 *
 * @cssprop [--flex-worker-directory-padding=var(--flex-space-s)] - Padding.
 * @cssprop [--flex-worker-directory-max-height=18rem] - Height of the list before it scrolls.
 */
export class FlexWorkerDirectory extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h3 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  /** The task to transfer; the selected task when absent. */
  @property({ attribute: 'task-sid', reflect: true }) taskSid?: string;

  /** Warm (consult first, stay on the call) or cold (hand over and leave). Messaging tasks are always cold. */
  @property({ reflect: true }) mode: TransferMode = 'warm';

  /** The search text. */
  @state() private query = '';
  /** The "Transfer note" for the receiving agent (`TransferTask {note}`, the task's `transferNote`). */
  @state() private note = '';
  /** Index of the target that takes Tab focus (roving tabindex). */
  @state() private active = 0;

  private readonly connection = this.select(selectConnection, { status: 'idle' });
  private readonly view = this.select<DirectoryView>(
    (s) => this.#view(s),
    this.#view(undefined),
    shallowEqual,
    () => [this.taskSid],
  );
  readonly #id = `flex-worker-directory-${++ids}`;

  #view(s: FlexState | undefined): DirectoryView {
    const sid = this.taskSid ?? s?.ui.selectedTaskSid;
    return {
      task: sid ? s?.tasks[sid] : undefined,
      me: s?.session.workerSid,
      workers: s?.workers ?? {},
      activities: s?.activities ?? {},
      queues: s?.queues ?? {},
    };
  }

  /** Moves focus to the search box. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="search"]')?.focus(options);
  }

  #targets(): { workers: Target[]; queues: Target[] } {
    const { task, me, workers, activities, queues } = this.view.value;
    const q = this.query.trim().toLocaleLowerCase();
    const matches = (t: Target) => !q || t.name.toLocaleLowerCase().includes(q) || t.detail.toLocaleLowerCase().includes(q);
    const agentTargets = Object.values(workers)
      .filter((w: Worker) => w.sid !== me && w.sid !== task?.workerSid && (activities[w.activitySid] as Activity | undefined)?.available)
      .map((w): Target => ({ sid: w.sid, kind: 'worker', name: w.name, detail: activities[w.activitySid]?.name ?? '' }))
      .filter(matches)
      .sort((a, b) => a.name.localeCompare(b.name));
    const queueTargets = Object.values(queues)
      .filter((queue: Queue) => !task || queue.channels.length === 0 || queue.channels.includes(task.channel))
      .map((queue): Target => ({ sid: queue.sid, kind: 'queue', name: queue.name, detail: this.t('workerDirectory.queueDetail') }))
      .filter(matches)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { workers: agentTargets, queues: queueTargets };
  }

  async #choose(target: Target): Promise<void> {
    const task = this.view.value.task;
    if (!task) return;
    const mode: TransferMode = isMessagingChannel(task.channel) ? 'cold' : this.mode;
    const note = this.note.trim();
    const request = new FlexTransferRequestEvent({
      taskSid: task.sid,
      to: target.sid,
      toKind: target.kind,
      mode,
      ...(note ? { note } : {}),
    });
    if (!this.dispatchEvent(request)) return;
    await this.invoke('TransferTask', { taskSid: task.sid, to: target.sid, mode, ...(note ? { note } : {}) });
    if (!this.actionError) this.note = '';
  }

  #buttons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.target')];
  }

  #focusTarget(index: number): void {
    const buttons = this.#buttons();
    if (buttons.length === 0) return;
    this.active = Math.max(0, Math.min(buttons.length - 1, index));
    buttons[this.active]?.focus();
  }

  #onListKeydown = (event: KeyboardEvent): void => {
    const buttons = this.#buttons();
    const current = buttons.indexOf(event.composedPath()[0] as HTMLButtonElement);
    if (current < 0) return;
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: buttons.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      if (event.key === 'ArrowUp' && current === 0) {
        this.focus();
        return;
      }
      this.#focusTarget(moves[event.key]);
    }
  };

  #onSearchKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.#focusTarget(0);
    }
  };

  override render() {
    const waiting = this.renderConnectionState(this.connection.value);
    if (waiting) return html`<div part="base" class="base">${waiting}</div>`;
    if (!this.view.value.task) {
      return html`<div part="base" class="base"><p class="empty" role="status">${this.t('workerDirectory.noTask')}</p></div>`;
    }
    const { workers, queues } = this.#targets();
    const total = workers.length + queues.length;
    if (this.active >= total) this.active = 0;
    let index = 0;
    const list = (targets: Target[], heading: string, headingId: string) =>
      targets.length === 0
        ? nothing
        : html`<h3 aria-level=${ariaLevel(this.headingLevel)} id=${headingId}>${heading}</h3>
            <ul aria-labelledby=${headingId}>
              ${targets.map((target) => {
                const i = index++;
                return html`<li>
                  <button
                    type="button"
                    class="target"
                    part="target"
                    data-sid=${target.sid}
                    tabindex=${i === this.active ? '0' : '-1'}
                    @focus=${() => (this.active = i)}
                    @click=${() => void this.#choose(target)}
                  >
                    <span><span class="visually-hidden">${this.t('workerDirectory.transferTo')} </span
                      ><bdi class="name">${target.name}</bdi></span
                    >
                    <span class="detail">${target.detail}</span>
                  </button>
                </li>`;
              })}
            </ul>`;
    const modes = isMessagingChannel(this.view.value.task.channel)
      ? html`<p part="mode" class="cold-only">${this.t('workerDirectory.coldOnly')}</p>`
      : html`<fieldset part="mode" role="radiogroup">
          <legend>${this.t('workerDirectory.mode')}</legend>
          ${(['warm', 'cold'] as const).map(
            (mode) => html`<label
              ><input
                type="radio"
                name="${this.#id}-mode"
                value=${mode}
                .checked=${this.mode === mode}
                @change=${() => (this.mode = mode)}
              />
              ${this.t(`workerDirectory.${mode}`)}</label
            >`,
          )}
        </fieldset>`;
    return html`<div part="base" class="base">
      ${modes}
      <div class="note">
        <label for="${this.#id}-note">${this.t('workerDirectory.note')}</label>
        <textarea
          id="${this.#id}-note"
          part="note"
          rows="2"
          dir="auto"
          maxlength="2000"
          aria-describedby="${this.#id}-note-hint"
          .value=${this.note}
          @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <span id="${this.#id}-note-hint" class="hint">${this.t('workerDirectory.noteHint')}</span>
      </div>
      <input
        type="search"
        part="search"
        aria-label=${this.t('workerDirectory.search')}
        aria-controls="${this.#id}-results"
        .value=${this.query}
        @input=${(e: Event) => {
          this.query = (e.target as HTMLInputElement).value;
          this.active = 0;
        }}
        @keydown=${this.#onSearchKeydown}
      />
      <div class="results" part="results" id="${this.#id}-results" @keydown=${this.#onListKeydown}>
        ${list(workers, this.t('workerDirectory.agents'), `${this.#id}-agents`)}
        ${list(queues, this.t('workerDirectory.queues'), `${this.#id}-queues`)}
        ${total === 0
          ? html`<p class="empty" role="status">
              ${this.query.trim() ? this.t('workerDirectory.noResults', { query: this.query.trim() }) : this.t('workerDirectory.noTargets')}
            </p>`
          : nothing}
      </div>
      ${this.renderActionError()}
    </div>`;
  }
}

defineElement('flex-worker-directory', FlexWorkerDirectory);

declare global {
  interface HTMLElementTagNameMap {
    'flex-worker-directory': FlexWorkerDirectory;
  }
}
