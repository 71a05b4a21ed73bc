import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './wrapup.styles.js';

registerStrings({
  'wrapup.wrapUp': 'Wrap up',
  'wrapup.complete': 'Complete',
  'wrapup.disposition': 'Disposition',
  'wrapup.chooseDisposition': 'Choose a disposition…',
  'wrapup.notes': 'Notes',
  'wrapup.dispositionRequired': 'Choose a disposition before completing the task.',
  'wrapup.assignedHint': 'When the conversation is over, wrap up to record the outcome.',
  'wrapup.noTask': 'No task to wrap up.',
  'wrapup.notActive': 'This task is {status}.',
  'wrapup.crmLog': 'CRM log',
  'wrapup.crmPending': '{name}: waiting to log to the CRM…',
  'wrapup.crmLogging': '{name}: logging to the CRM…',
  'wrapup.crmLogged': '{name}: Logged to CRM',
  'wrapup.crmFailed': '{name}: not logged to the CRM: {message}',
  'wrapup.crmRetrying': 'Trying again in {seconds} s.',
  'wrapup.retry': 'Retry',
});

interface Draft {
  disposition: string;
  notes: string;
}

/**
 * Wrap-up for one task: "Wrap up" (`WrapupTask`) while it is assigned; once wrapping, a
 * disposition (config `wrapup.dispositions`), notes, and "Complete" (`CompleteTask` with
 * `{taskSid, disposition, notes}`). With config `wrapup.requireDisposition`, the action refuses
 * (`disposition-required`, whoever invokes it) and the field shows why until a disposition is chosen. The draft survives switching between tasks.
 * With `provider.crm.logInteraction`, it lists the interactions just completed and their CRM log:
 * "Logged to CRM", or the error with "Retry" (`RetryInteractionLog {taskSid}`).
 *
 * @summary Disposition, notes and Complete for a task.
 *
 * @tagname flex-wrapup
 *
 * @event {FlexTaskWrapupEvent} flex-task-wrapup - Sent by the provider when the task enters wrap-up.
 * @event {FlexTaskCompletedEvent} flex-task-completed - Sent by the provider when the task completes, with disposition, notes and durations.
 * @event {FlexErrorEvent} flex-error - Completing failed, or was refused for want of a disposition (code `disposition-required`); logging to the CRM failed (code `crm-log-failed`, sent by the provider).
 *
 * @csspart base - The wrapper.
 * @csspart wrapup-button - "Wrap up".
 * @csspart disposition - The disposition `<select>`.
 * @csspart notes - The notes `<textarea>`.
 * @csspart complete-button - "Complete".
 * @csspart error - An inline error.
 * @csspart crm-log - The CRM log of completed interactions ("Logged to CRM", or the error with "Retry").
 * @csspart crm-retry-button - "Retry" on a failed CRM log.
 *
 * @cssprop [--flex-wrapup-notes-height=6rem] - Initial height of the notes box.
 */
export class FlexWrapup extends FlexElement {
  static override styles = [baseStyles, buttonStyles, styles];

  /** The task to wrap up; the selected task when empty. */
  @property({ attribute: 'task-sid', reflect: true }) taskSid = '';

  @state() private invalid = false;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #tasks = this.select((s) => s.tasks, {});
  readonly #selectedSid = this.select((s) => s.ui.selectedTaskSid, undefined);
  readonly #drafts = new Map<string, Draft>();
  readonly #logs = this.select((s) => s.crm.logs, {});

  get #sid(): string | undefined {
    return this.taskSid || this.#selectedSid.value;
  }

  #draft(sid: string): Draft {
    let draft = this.#drafts.get(sid);
    if (!draft) this.#drafts.set(sid, (draft = { disposition: '', notes: '' }));
    return draft;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('taskSid')) this.invalid = false;
    // Forget drafts of tasks that are gone or done.
    for (const sid of this.#drafts.keys()) {
      const status = this.#tasks.value[sid]?.status;
      if (status !== 'assigned' && status !== 'wrapping') this.#drafts.delete(sid);
    }
  }

  #wrapUp(sid: string) {
    void this.invoke('WrapupTask', { taskSid: sid });
  }

  async #complete(sid: string) {
    const draft = this.#draft(sid);
    // The CompleteTask action enforces wrapup.requireDisposition (for a CRM or plugin too): its
    // `disposition-required` error becomes the field's own hint instead of a second message.
    await this.invoke('CompleteTask', { taskSid: sid, disposition: draft.disposition || undefined, notes: draft.notes });
    this.invalid = this.actionError?.code === 'disposition-required';
    if (!this.invalid) return;
    this.actionError = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector('select')?.focus();
  }

  #renderLogs() {
    const logs = Object.entries(this.#logs.value).sort(([, a], [, b]) => b.completedAt - a.completedAt);
    if (logs.length === 0) return nothing;
    return html`<section class="crm-log" part="crm-log" aria-label=${this.t('wrapup.crmLog')}>
      <div role="status"><ul>
        ${logs.map(([taskSid, log]) => {
          const name = log.name;
          if (log.status === 'logged') return html`<li class="logged" dir="auto">${this.t('wrapup.crmLogged', { name })}</li>`;
          if (log.status === 'failed') {
            const seconds = log.retryAt !== undefined ? Math.max(0, Math.ceil((log.retryAt - Date.now()) / 1000)) : undefined;
            return html`<li class="failed">
              <span dir="auto">${this.t('wrapup.crmFailed', { name, message: log.error ?? '' })}</span>
              ${seconds !== undefined ? html`<span>${this.t('wrapup.crmRetrying', { seconds })}</span>` : nothing}
              <button
                type="button"
                class="button quiet"
                part="crm-retry-button"
                @click=${() => void this.invoke('RetryInteractionLog', { taskSid })}
              >
                ${this.t('wrapup.retry')}
              </button>
            </li>`;
          }
          return html`<li dir="auto">${this.t(log.status === 'logging' ? 'wrapup.crmLogging' : 'wrapup.crmPending', { name })}</li>`;
        })}
      </ul></div>
    </section>`;
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return pending;
    return html`${this.#renderTask()}${this.#renderLogs()}`;
  }

  #renderTask() {
    const sid = this.#sid;
    const task = sid ? this.#tasks.value[sid] : undefined;
    if (!sid || !task) {
      return Object.keys(this.#logs.value).length > 0 ? nothing : html`<p class="hint">${this.t('wrapup.noTask')}</p>`;
    }
    if (task.status === 'assigned') {
      return html`<div class="base" part="base">
        <p class="hint">${this.t('wrapup.assignedHint')}</p>
        <div class="actions">
          <button type="button" class="button primary" part="wrapup-button" @click=${() => this.#wrapUp(sid)}>
            ${this.t('wrapup.wrapUp')}
          </button>
        </div>
        ${this.renderActionError()}
      </div>`;
    }
    if (task.status !== 'wrapping') {
      return html`<p class="hint">${this.t('wrapup.notActive', { status: task.status })}</p>`;
    }
    const draft = this.#draft(sid);
    const dispositions = this.cc?.config.wrapup.dispositions ?? [];
    const required = this.cc?.config.wrapup.requireDisposition === true;
    return html`<div class="base" part="base">
      <div class="field">
        <label for="disposition">${this.t('wrapup.disposition')}</label>
        <select
          id="disposition"
          part="disposition"
          ?required=${required}
          aria-invalid=${this.invalid ? 'true' : 'false'}
          aria-describedby=${this.invalid ? 'invalid' : nothing}
          .value=${draft.disposition}
          @change=${(e: Event) => {
            draft.disposition = (e.target as HTMLSelectElement).value;
            if (draft.disposition) this.invalid = false;
          }}
        >
          <option value="" ?selected=${draft.disposition === ''}>${this.t('wrapup.chooseDisposition')}</option>
          ${dispositions.map((d) => html`<option value=${d} ?selected=${draft.disposition === d}>${d}</option>`)}
        </select>
        ${this.invalid
          ? html`<p class="invalid" id="invalid" role="alert">${this.t('wrapup.dispositionRequired')}</p>`
          : nothing}
      </div>
      <div class="field">
        <label for="notes">${this.t('wrapup.notes')}</label>
        <textarea
          id="notes"
          part="notes"
          .value=${draft.notes}
          @input=${(e: Event) => (draft.notes = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </div>
      <div class="actions">
        <button type="button" class="button primary" part="complete-button" @click=${() => this.#complete(sid)}>
          ${this.t('wrapup.complete')}
        </button>
      </div>
      ${this.renderActionError()}
    </div>`;
  }
}

defineElement('flex-wrapup', FlexWrapup);

declare global {
  interface HTMLElementTagNameMap {
    'flex-wrapup': FlexWrapup;
  }
}
