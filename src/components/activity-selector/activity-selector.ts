import { html, nothing } from 'lit';
import { ClockController } from '../../controllers/clock.js';
import {
  formatDuration,
  selectActivities,
  selectMe,
  setActivityPayload,
  shallowEqual,
} from '../../controllers/agent-state.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './activity-selector.styles.js';

registerStrings({
  'activitySelector.label': 'Activity',
  'activitySelector.timeIn': 'for {time}',
  'activitySelector.timeInLabel': 'Time in {activity}: {time}',
  'activitySelector.noWorker': 'No worker signed in.',
});

/**
 * The person's current activity (Available, Unavailable, Break, Offline, …) and the time spent in
 * it, with a menu to change it. Changing it invokes `SetActivity` with `{activityName}`; going to
 * an unavailable activity also rejects pending reservations when config
 * `activity.rejectPendingReservationsOnUnavailable` is true.
 *
 * @summary The worker's activity menu and time in activity.
 *
 * @tagname flex-activity-selector
 *
 * @event {FlexActivityChangedEvent} flex-activity-changed - Sent by the provider whenever the person's activity changes. Detail: `{workerSid, previous, current}`.
 * @event {FlexErrorEvent} flex-error - Changing the activity failed.
 *
 * @csspart base - The wrapper.
 * @csspart indicator - The coloured dot.
 * @csspart menu - The activity `<select>`.
 * @csspart timer - Time in the current activity.
 * @csspart error - The inline error of a failed change.
 *
 * @cssprop [--flex-activity-selector-dot-color=var(--flex-color-offline)] - Dot colour of activities that are neither available, unavailable nor break.
 */
export class FlexActivitySelector extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #me = this.select(selectMe, undefined);
  readonly #activities = this.select(selectActivities, [], shallowEqual);
  readonly #clock = new ClockController(this, this.center, { active: () => this.#me.value !== undefined });

  /** Moves keyboard focus to the activity menu (the "S" shortcut does this). */
  focusMenu(): void {
    this.renderRoot.querySelector('select')?.focus();
  }

  #onChange(event: Event) {
    const select = event.target as HTMLSelectElement;
    const activity = this.#activities.value.find((a) => a.sid === select.value);
    if (!activity) return;
    void this.invoke('SetActivity', setActivityPayload(this.cc, activity)).then(() => {
      // A refused change leaves the menu showing the activity the worker really is in.
      const me = this.#me.value;
      if (me && select.value !== me.activitySid) select.value = me.activitySid;
    });
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    const me = this.#me.value;
    if (!me) return html`<p class="status">${this.t('activitySelector.noWorker')}</p>`;
    const activities = this.#activities.value;
    const current = activities.find((a) => a.sid === me.activitySid);
    const kind = current?.available ? 'available' : (current?.name.toLowerCase() ?? 'offline');
    const time = formatDuration((this.#clock.now() - me.activitySince) / 1000);
    return html`<div class="base" part="base">
      <span class="dot ${kind}" part="indicator" aria-hidden="true"></span>
      <label class="visually-hidden" for="menu">${this.t('activitySelector.label')}</label>
      <select id="menu" part="menu" .value=${me.activitySid} @change=${this.#onChange}>
        ${activities.map(
          (a) => html`<option value=${a.sid} ?selected=${a.sid === me.activitySid}>${a.name}</option>`,
        )}
      </select>
      <span
        class="timer"
        part="timer"
        title=${this.t('activitySelector.timeInLabel', { activity: current?.name ?? '', time })}
        >${this.t('activitySelector.timeIn', { time })}</span
      >
      ${this.actionError ? this.renderActionError() : nothing}
    </div>`;
  }
}

defineElement('flex-activity-selector', FlexActivitySelector);

declare global {
  interface HTMLElementTagNameMap {
    'flex-activity-selector': FlexActivitySelector;
  }
}
