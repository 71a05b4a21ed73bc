import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { callbackOf, formatCallbackTime, selectMissedCallbacks } from '../../core/callbacks.js';
import { formatDuration } from '../../core/domain.js';
import type { Task } from '../../core/model.js';
import { shallowEqual } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { ClockController } from '../../controllers/clock.js';
import { baseStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './missed-callbacks.styles.js';

registerStrings({
  'missedCallbacks.title': 'Missed callbacks',
  'missedCallbacks.count': '{count} missed',
  'missedCallbacks.none': 'No missed callbacks: every scheduled callback was taken in time.',
  'missedCallbacks.customer': 'Customer',
  'missedCallbacks.number': 'Number',
  'missedCallbacks.requested': 'Requested for',
  'missedCallbacks.queue': 'Queue',
  'missedCallbacks.overdue': 'Overdue by',
  'missedCallbacks.notes': 'Notes',
});

/**
 * Scheduled callbacks whose requested time has passed while they still wait for an agent (the
 * supervisor's list; an agent's session holds no other agents' tasks), most overdue first, with how
 * long each is overdue. Updates every second while there is one.
 *
 * @summary Missed scheduled callbacks, for supervisors.
 *
 * @tagname flex-missed-callbacks
 *
 * @csspart base - The wrapper.
 * @csspart table - The table of missed callbacks.
 * @csspart row - One missed callback.
 * @csspart empty - The empty state.
 */
export class FlexMissedCallbacks extends FlexElement {
  static override styles = [baseStyles, styles];

  /** The level (1–6) of the element's heading; h2 when unset. */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #clock = new ClockController(this, this.center, { active: () => this.#waiting.value.length > 0 });
  /** Scheduled callbacks still waiting; which of them are missed depends on the clock. */
  readonly #waiting = this.select<readonly Task[]>(
    (s) => Object.values(s.tasks).filter((t) => callbackOf(t)?.scheduledFor !== undefined && (t.status === 'pending' || t.status === 'reserved')),
    [],
    shallowEqual,
  );

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const now = this.#clock.now();
    const state = this.cc?.store.getState();
    const missed = state ? selectMissedCallbacks(state, now) : [];
    return html`<section class="base" part="base" aria-labelledby="title">
      <h2 id="title" aria-level=${ariaLevel(this.headingLevel)}>
        ${this.t('missedCallbacks.title')}
        ${missed.length ? html`<span class="count">${this.t('missedCallbacks.count', { count: missed.length })}</span>` : nothing}
      </h2>
      ${missed.length === 0
        ? html`<p class="empty" part="empty" role="status">${this.t('missedCallbacks.none')}</p>`
        : html`<table part="table" aria-labelledby="title">
            <thead>
              <tr>
                <th scope="col">${this.t('missedCallbacks.customer')}</th>
                <th scope="col">${this.t('missedCallbacks.number')}</th>
                <th scope="col">${this.t('missedCallbacks.requested')}</th>
                <th scope="col">${this.t('missedCallbacks.overdue')}</th>
                <th scope="col">${this.t('missedCallbacks.queue')}</th>
                <th scope="col">${this.t('missedCallbacks.notes')}</th>
              </tr>
            </thead>
            <tbody>
              ${missed.map((task) => {
                const callback = callbackOf(task)!;
                return html`<tr part="row">
                  <th scope="row"><bdi>${task.customer.name}</bdi></th>
                  <td dir="ltr">${callback.number}</td>
                  <td>${formatCallbackTime(callback.scheduledFor!, this.cc?.strings.locale)}</td>
                  <td class="overdue">${formatDuration((now - callback.scheduledFor!) / 1000)}</td>
                  <td><bdi>${task.queueName}</bdi></td>
                  <td dir="auto">${callback.notes ?? ''}</td>
                </tr>`;
              })}
            </tbody>
          </table>`}
    </section>`;
  }
}

defineElement('flex-missed-callbacks', FlexMissedCallbacks);

declare global {
  interface HTMLElementTagNameMap {
    'flex-missed-callbacks': FlexMissedCallbacks;
  }
}
