import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ClockController } from '../../controllers/clock.js';
import {
  formatDuration,
  recordEqual,
  selectMyActiveTasks,
  selectMyActivity,
  selectUnreadCounts,
  shallowEqual,
} from '../../controllers/agent-state.js';
import type { Task } from '../../core/model.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { channelIcon, channelLabel } from './channel-icon.js';
import { styles } from './task-list.styles.js';

registerStrings({
  'taskList.label': 'Tasks',
  'taskList.empty': 'No tasks. Go Available to receive tasks.',
  'taskList.emptyAvailable': 'No tasks right now. New tasks ring here.',
  'taskList.unread': '{count} unread',
  'taskList.age': 'Age {time}',
  'taskList.status.reserved': 'Ringing',
  'taskList.status.assigned': 'Active',
  'taskList.status.wrapping': 'Wrap-up',
});

/**
 * The person's active tasks (ringing, assigned, wrapping) with channel, customer, queue, age,
 * state and unread message count. It is a listbox: arrow keys, Home and End move between tasks,
 * Enter, Space or a click selects one (`SelectTask`).
 *
 * @summary The agent's active tasks.
 *
 * @tagname flex-task-list
 *
 * @event {FlexTaskSelectedEvent} flex-task-selected - Sent by the provider when a task is selected. Detail: the task's customer, channel, queue and attributes.
 *
 * @csspart base - The listbox.
 * @csspart task - One task (an option).
 * @csspart channel-icon - A channel's icon.
 * @csspart unread - The unread-message badge.
 * @csspart empty - The empty state.
 *
 * @cssprop [--flex-task-list-accent=var(--flex-color-border)] - Left border of an unselected task.
 */
export class FlexTaskList extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #tasks = this.select(selectMyActiveTasks, [], shallowEqual);
  readonly #selected = this.select((s) => s.ui.selectedTaskSid, undefined);
  readonly #unread = this.select(selectUnreadCounts, {}, recordEqual);
  readonly #available = this.select((s) => selectMyActivity(s)?.available === true, false);
  readonly #clock = new ClockController(this, this.center, { active: () => this.#tasks.value.length > 0 });

  /** The task that holds the roving tab stop. */
  @state() private focusedSid: string | undefined;

  #select(task: Task) {
    this.focusedSid = task.sid;
    void this.invoke('SelectTask', { taskSid: task.sid });
  }

  #onKeyDown(event: KeyboardEvent) {
    const tasks = this.#tasks.value;
    if (tasks.length === 0) return;
    const current = Math.max(
      0,
      tasks.findIndex((t) => t.sid === this.#tabStop(tasks)),
    );
    let next = current;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        next = Math.min(tasks.length - 1, current + 1);
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tasks.length - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.#select(tasks[current]);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.focusedSid = tasks[next].sid;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>(`[data-sid="${CSS.escape(this.focusedSid ?? '')}"]`)?.focus();
    });
  }

  #tabStop(tasks: readonly Task[]): string | undefined {
    const has = (sid: string | undefined) => sid !== undefined && tasks.some((t) => t.sid === sid);
    if (has(this.focusedSid)) return this.focusedSid;
    if (has(this.#selected.value)) return this.#selected.value;
    return tasks[0]?.sid;
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const tasks = this.#tasks.value;
    if (tasks.length === 0) {
      return html`<p class="empty" part="empty">
        ${this.t(this.#available.value ? 'taskList.emptyAvailable' : 'taskList.empty')}
      </p>`;
    }
    const stop = this.#tabStop(tasks);
    const now = this.#clock.now();
    const t = (key: string) => this.t(key);
    return html`${this.renderActionError()}
      <ul class="base" part="base" role="listbox" aria-label=${this.t('taskList.label')}>
        ${repeat(
          tasks,
          (task) => task.sid,
          (task) => {
            const unread = this.#unread.value[task.sid] ?? 0;
            const selected = task.sid === this.#selected.value;
            return html`<li
              class="task ${task.status}"
              part="task"
              role="option"
              data-sid=${task.sid}
              aria-selected=${selected ? 'true' : 'false'}
              tabindex=${task.sid === stop ? 0 : -1}
              @click=${() => this.#select(task)}
              @keydown=${this.#onKeyDown}
            >
              <span class="channel">${channelIcon(task.channel)}<span>${channelLabel(t, task.channel)}</span></span>
              <span class="name" dir="auto" title=${task.customer.name}>${task.customer.name}</span>
              ${unread > 0
                ? html`<span class="unread" part="unread">${this.t('taskList.unread', { count: unread })}</span>`
                : html`<span></span>`}
              <span class="meta">
                <span class="queue" dir="auto">${task.queueName}</span>
                <span class="age">${this.t('taskList.age', { time: formatDuration((now - task.createdAt) / 1000) })}</span>
                <span class="state">${this.t(`taskList.status.${task.status}`)}</span>
              </span>
            </li>`;
          },
        )}
      </ul>
      ${nothing}`;
  }
}

defineElement('flex-task-list', FlexTaskList);

declare global {
  interface HTMLElementTagNameMap {
    'flex-task-list': FlexTaskList;
  }
}
