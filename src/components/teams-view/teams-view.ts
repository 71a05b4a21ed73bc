import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { AgentRowsController, emptyAgentFilter, type AgentFilter, type AgentRow, type AgentSortKey } from '../../controllers/agent-rows.js';
import { readJson, writeJson } from '../../core/local-storage.js';
import { StableItems } from '../../controllers/stable-items.js';
import { supervisorFormat, type SupervisorFormat } from '../../controllers/supervisor-format.js';
import { ariaSort, nextSort, type SortState } from '../../controllers/table-sort.js';
import { ListNavigationController } from '../../controllers/list-navigation.js';
import { TickerController } from '../../controllers/ticker.js';
import { FlexError } from '../../core/errors.js';
import type { Call, Message, SupervisionMode, Task } from '../../core/model.js';
import { isSupervisorRole } from '../../core/roles.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles, fieldStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { styles } from './teams-view.styles.js';

registerStrings({
  'teamsView.table': 'Agents',
  'teamsView.rows': 'Agent rows',
  'teamsView.search': 'Search agents',
  'teamsView.filters': 'Filters',
  'teamsView.filter.activity': 'Activity',
  'teamsView.filter.team': 'Team',
  'teamsView.filter.skill': 'Skill',
  'teamsView.filter.queue': 'Queue',
  'teamsView.filter.clear': 'Clear filters',
  'teamsView.presets': 'Saved filters',
  'teamsView.preset.name': 'Preset name',
  'teamsView.preset.save': 'Save preset',
  'teamsView.preset.apply': 'Apply preset {name}',
  'teamsView.preset.delete': 'Delete preset {name}',
  'teamsView.preset.none': 'No saved filters yet.',
  'teamsView.preset.needName': 'Give the preset a name.',
  'teamsView.column.name': 'Agent',
  'teamsView.column.activity': 'Activity',
  'teamsView.column.time': 'Time',
  'teamsView.column.tasks': 'Tasks',
  'teamsView.column.skills': 'Skills',
  'teamsView.column.team': 'Team',
  'teamsView.column.queues': 'Queues',
  'teamsView.shown': '{shown} of {total} agents',
  'teamsView.none': 'No agents match these filters.',
  'teamsView.noTasks': 'No tasks',
  'teamsView.taskChip': '{channel} {age}',
  'teamsView.detail.empty': 'Select an agent to see their tasks.',
  'teamsView.detail.title': '{name}',
  'teamsView.detail.activity': 'Activity',
  'teamsView.detail.tasks': 'Tasks',
  'teamsView.detail.noTasks': '{name} has no tasks right now.',
  'teamsView.detail.close': 'Close',
  'teamsView.task.heading': '{channel} with {customer}',
  'teamsView.task.meta': '{status} · {age}',
  'teamsView.chat.log': 'Conversation with {customer}',
  'teamsView.chat.readOnly': 'Read only',
  'teamsView.chat.empty': 'No messages yet.',
  'teamsView.chat.loading': 'Loading the conversation…',
  'teamsView.chat.unavailable': 'The conversation history could not be loaded: {message}',
  'teamsView.chat.retry': 'Try again',
  'teamsView.chat.older': 'Load earlier messages',
  'teamsView.call.supervise': 'Supervise the call',
  'teamsView.call.monitor': 'Monitor',
  'teamsView.call.coach': 'Coach',
  'teamsView.call.barge': 'Barge',
  'teamsView.call.stop': 'Stop',
  'teamsView.call.unavailable.server-required': 'Coach and Barge need the companion server: set server-url on <flex-provider>.',
  'teamsView.call.state.monitor': 'You are listening.',
  'teamsView.call.state.coach': 'You are coaching: only the agent hears you.',
  'teamsView.call.state.barge': 'You have joined the call.',
  'teamsView.call.state.none': 'Not supervised.',
  'teamsView.call.state.other': 'Supervised by {name} ({mode}).',
  'teamsView.call.participants': 'Participants',
  'teamsView.call.participant': '{name} ({kind}, {status})',
  'teamsView.call.noCall': 'No call on this task yet.',
  'teamsView.log': 'Activity changes',
  'teamsView.log.empty': 'No changes yet.',
  'teamsView.log.entry': '{when}: {by} changed {agent} from {from} to {to}',
});

const PRESETS_KEY = 'flex-elements.teams-view.presets';
const COLUMNS: readonly AgentSortKey[] = ['name', 'activity', 'time', 'tasks', 'skills', 'team', 'queues'];
const SUPERVISION: readonly { mode: SupervisionMode; action: string }[] = [
  { mode: 'monitor', action: 'MonitorCall' },
  { mode: 'coach', action: 'CoachCall' },
  { mode: 'barge', action: 'BargeCall' },
];

/** A saved set of filters (localStorage). */
export interface TeamsViewPreset {
  readonly name: string;
  readonly filter: AgentFilter;
  readonly sort: SortState<AgentSortKey>;
}

/** One logged activity change. */
export interface ActivityChange {
  readonly workerSid: string;
  readonly agent: string;
  readonly from: string;
  readonly to: string;
  readonly by: string;
  readonly at: number;
}

function isPresetList(value: unknown): value is TeamsViewPreset[] {
  type Loose = { name?: unknown; filter?: Record<string, unknown>; sort?: { key?: unknown; direction?: unknown } } | null;
  return (
    Array.isArray(value) &&
    (value as unknown[]).every((item) => {
      const p = item as Loose;
      return (
        !!p &&
        typeof p === 'object' &&
        typeof p.name === 'string' &&
        !!p.filter &&
        ['activities', 'teams', 'skills', 'queues'].every((k) => Array.isArray(p.filter?.[k])) &&
        typeof p.filter['search'] === 'string' &&
        !!p.sort &&
        COLUMNS.includes(p.sort.key as AgentSortKey) &&
        (p.sort.direction === 'ascending' || p.sort.direction === 'descending')
      );
    })
  );
}

const sortedByName = new WeakMap<object, readonly { name: string }[]>();

/** The values of a store record sorted by name, computed once per record identity. */
function byName<T extends { name: string }>(record: Readonly<Record<string, T>>): readonly T[] {
  let list = sortedByName.get(record);
  if (!list) sortedByName.set(record, (list = Object.values(record).sort((a, b) => a.name.localeCompare(b.name))));
  return list as readonly T[];
}

const timeFormats = new Map<string | undefined, Intl.DateTimeFormat>();

function timeFormat(locale: string | undefined): Intl.DateTimeFormat {
  let format = timeFormats.get(locale);
  if (!format) timeFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })));
  return format;
}

type ChatLoad = { status: 'loading' } | { status: 'failed'; message: string };

/**
 * The Teams View for supervisors: a row per agent with their activity and time in it, tasks by
 * channel with their age, skills, team and queues; filters (activity, team, skill, queue), free
 * text search, sorting on every column and saved presets. The list is virtualized: 10,000 agents
 * keep the DOM at a few dozen rows, and filtering and sorting run once per store change in a
 * memoized controller. Selecting an agent shows their tasks: a chat is readable live, a call can
 * be monitored, coached or barged into. A supervisor can change an agent's activity; every change
 * is logged in the view. People in the agent role see a short explanation and no data.
 *
 * @summary Every agent, live, with filters, supervision and activity changes.
 *
 * @tagname flex-teams-view
 *
 * @event {FlexErrorEvent} flex-error - An action (monitor, coach, barge, stop, set activity, load messages) failed.
 *
 * @csspart base - The root wrapper.
 * @csspart filters - The filter bar.
 * @csspart search - The "Search agents" searchbox.
 * @csspart presets - Saved filter presets.
 * @csspart table - The agents table (role="table").
 * @csspart header-row - The table's header row.
 * @csspart row - One agent's row; carries `data-sid` (the worker sid).
 * @csspart cell - A cell; carries `data-column`.
 * @csspart agent-button - The agent's name, a button that selects the agent.
 * @csspart detail - The selected agent's panel.
 * @csspart transcript - A chat task's read-only conversation.
 * @csspart supervise - The Monitor, Coach, Barge and Stop buttons of a call.
 * @csspart change-log - The list of activity changes.
 * @csspart error - An inline error.
 *
 * @cssprop [--flex-teams-view-gap=var(--flex-space-m)] - Space between sections.
 * @cssprop [--flex-teams-view-list-height=28rem] - Height of the scrolling agent list.
 * @cssprop [--flex-teams-view-detail-width=22rem] - Width of the selected agent's panel.
 * @cssprop [--flex-teams-view-detail-background=var(--flex-color-surface)] - Its background.
 * @cssprop [--flex-teams-view-selected-background=var(--flex-color-info-surface)] - The selected row.
 * @cssprop [--flex-teams-view-transcript-height=16rem] - Height of a chat transcript.
 */
export class FlexTeamsView extends FlexElement {
  static override styles = [baseStyles, buttonStyles, fieldStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h3 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #role = this.select((s) => s.session.role, undefined);
  readonly #workers = this.select((s) => s.workers, {});
  readonly #activities = this.select((s) => s.activities, {});
  readonly #queues = this.select((s) => s.queues, {});
  readonly #tasks = this.select((s) => s.tasks, {});
  readonly #calls = this.select((s) => s.calls, {});
  readonly #conversations = this.select((s) => s.conversations, {});
  readonly #messages = this.select((s) => s.messages, {});

  /** Filtering and sorting, memoized on the store's identities. */
  readonly #rows = new AgentRowsController(this);
  readonly #items = new StableItems<AgentRow>();

  @state() private selectedSid: string | undefined;
  @state() private presets: readonly TeamsViewPreset[] = readJson(PRESETS_KEY, [], isPresetList);
  @state() private presetName = '';
  @state() private presetError = '';
  @state() private changes: readonly ActivityChange[] = [];
  @state() private chatLoads: ReadonlyMap<string, ChatLoad> = new Map();

  constructor() {
    super();
    new TickerController(this, 1000);
  }

  get #allowed(): boolean {
    const role = this.#role.value ?? this.currentRole;
    return isSupervisorRole(role);
  }

  get #format(): SupervisorFormat {
    return supervisorFormat(this.cc?.strings.locale ?? 'en-US');
  }

  /** The contact center's clock (the simulator's virtual time, or the wall clock). */
  #now(): number {
    return this.cc?.now() ?? Date.now();
  }

  #age(since: number | undefined): string {
    if (since === undefined) return '–';
    return this.#format.duration((this.#now() - since) / 1000);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    this.#listNavigation.syncTabStop(this.renderRoot.querySelector<HTMLElement>('.table > .body'));
  }

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return html`<div part="base" class="base">${pending}</div>`;
    if (!this.#allowed) {
      return html`<div part="base" class="base"><p class="status" role="status">${this.t('common.forbidden')}</p></div>`;
    }
    const rows = this.#rows.rows({
      workers: this.#workers.value,
      activities: this.#activities.value,
      queues: this.#queues.value,
      tasks: this.#tasks.value,
    });
    return html`<div part="base" class="base">
      ${this.renderActionError()} ${this.#renderFilters()} ${this.#renderPresets()}
      <div class="layout">
        <div>${this.#renderTable(rows)}</div>
        <div class="side">${this.#renderDetail()} ${this.#renderLog()}</div>
      </div>
    </div>`;
  }

  // ── Filters and presets ──────────────────────────────────────────────

  #setFilter(patch: Partial<AgentFilter>): void {
    this.#rows.filter = { ...this.#rows.filter, ...patch };
  }

  #toggle(key: 'activities' | 'teams', value: string, on: boolean): void {
    const list = this.#rows.filter[key].filter((v) => v !== value);
    this.#setFilter({ [key]: on ? [...list, value] : list });
  }

  #renderFilters() {
    const filter = this.#rows.filter;
    const activities = byName(this.#activities.value);
    const { teams, skills } = this.#rows.options();
    const queues = byName(this.#queues.value);
    const multi = (key: 'skills' | 'queues', label: string, options: { value: string; label: string }[]) =>
      html`<label class="field">
        <span>${label}</span>
        <select
          multiple
          size="4"
          data-filter=${key}
          @change=${(e: Event) =>
            this.#setFilter({ [key]: [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value) })}
        >
          ${options.map((o) => html`<option value=${o.value} ?selected=${filter[key].includes(o.value)}>${o.label}</option>`)}
        </select>
      </label>`;
    return html`<div class="filters" part="filters" role="search" aria-label=${this.t('teamsView.filters')}>
      <label class="field">
        <span>${this.t('teamsView.search')}</span>
        <input
          type="search"
          part="search"
          aria-label=${this.t('teamsView.search')}
          .value=${filter.search}
          @input=${(e: Event) => this.#setFilter({ search: (e.target as HTMLInputElement).value })}
        />
      </label>
      <fieldset data-filter="activities">
        <legend>${this.t('teamsView.filter.activity')}</legend>
        ${activities.map(
          (a) => html`<label class="check">
            <input
              type="checkbox"
              value=${a.sid}
              .checked=${filter.activities.includes(a.sid)}
              @change=${(e: Event) => this.#toggle('activities', a.sid, (e.target as HTMLInputElement).checked)}
            />${a.name}
          </label>`,
        )}
      </fieldset>
      <fieldset data-filter="teams">
        <legend>${this.t('teamsView.filter.team')}</legend>
        ${teams.map(
          (team) => html`<label class="check">
            <input
              type="checkbox"
              value=${team}
              .checked=${filter.teams.includes(team)}
              @change=${(e: Event) => this.#toggle('teams', team, (e.target as HTMLInputElement).checked)}
            />${team}
          </label>`,
        )}
      </fieldset>
      ${multi('skills', this.t('teamsView.filter.skill'), skills.map((s) => ({ value: s, label: s })))}
      ${multi('queues', this.t('teamsView.filter.queue'), queues.map((q) => ({ value: q.sid, label: q.name })))}
      <button type="button" class="button" @click=${() => (this.#rows.filter = emptyAgentFilter)}>
        ${this.t('teamsView.filter.clear')}
      </button>
    </div>`;
  }

  #renderPresets() {
    return html`<section class="presets" part="presets" aria-labelledby="presets-title">
      <h3 aria-level=${ariaLevel(this.headingLevel)} id="presets-title" class="visually-hidden">${this.t('teamsView.presets')}</h3>
      <label class="field">
        <span>${this.t('teamsView.preset.name')}</span>
        <input
          type="text"
          .value=${this.presetName}
          aria-invalid=${this.presetError ? 'true' : 'false'}
          aria-describedby="preset-error"
          @input=${(e: Event) => (this.presetName = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.#savePreset()}
        />
      </label>
      <button type="button" class="button" @click=${() => this.#savePreset()}>${this.t('teamsView.preset.save')}</button>
      <span id="preset-error" class="muted" role="status">${this.presetError}</span>
      ${this.presets.length
        ? html`<ul aria-label=${this.t('teamsView.presets')}>
            ${this.presets.map(
              (p) => html`<li>
                <button
                  type="button"
                  class="button quiet"
                  aria-label=${this.t('teamsView.preset.apply', { name: p.name })}
                  @click=${() => this.#applyPreset(p)}
                >
                  ${p.name}
                </button>
                <button
                  type="button"
                  class="button quiet"
                  aria-label=${this.t('teamsView.preset.delete', { name: p.name })}
                  @click=${() => this.#deletePreset(p)}
                >
                  <span aria-hidden="true">&times;</span>
                </button>
              </li>`,
            )}
          </ul>`
        : html`<span class="muted">${this.t('teamsView.preset.none')}</span>`}
    </section>`;
  }

  #savePreset(): void {
    const name = this.presetName.trim();
    if (!name) {
      this.presetError = this.t('teamsView.preset.needName');
      return;
    }
    this.presetError = '';
    const preset: TeamsViewPreset = { name, filter: this.#rows.filter, sort: this.#rows.sort };
    this.#storePresets([...this.presets.filter((p) => p.name !== name), preset]);
    this.presetName = '';
  }

  #applyPreset(preset: TeamsViewPreset): void {
    this.#rows.filter = { ...emptyAgentFilter, ...preset.filter };
    this.#rows.sort = preset.sort;
  }

  #deletePreset(preset: TeamsViewPreset): void {
    this.#storePresets(this.presets.filter((p) => p.name !== preset.name));
  }

  #storePresets(presets: readonly TeamsViewPreset[]): void {
    this.presets = presets;
    writeJson(PRESETS_KEY, presets);
  }

  // ── The table ────────────────────────────────────────────────────────

  #renderTable(rows: AgentRow[]) {
    const sort = this.#rows.sort;
    const total = this.#rows.total;
    // A row re-renders only when its row object, its selection, its index, the clock's second
    // (ages) or the locale changed: a frame in which a few agents changed re-renders only theirs.
    const second = Math.floor(this.#now() / 1000);
    const format = this.#format;
    const selectedSid = this.selectedSid;
    return html`<p class="status" role="status">${this.t('teamsView.shown', { shown: format.number(rows.length), total: format.number(total) })}</p>
      <div class="table" part="table" role="table" aria-label=${this.t('teamsView.table')} aria-rowcount=${rows.length + 1}>
        <div role="rowgroup">
          <div class="row head" role="row" part="header-row" aria-rowindex="1">
            ${COLUMNS.map(
              (key) => html`<div role="columnheader" class="cell" aria-sort=${ariaSort(sort, key)}>
                <button type="button" class="sort" data-sort=${key} @click=${() => (this.#rows.sort = nextSort(sort, key))}>
                  ${this.t(`teamsView.column.${key}`)}<span aria-hidden="true"
                    >${sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span
                  >
                </button>
              </div>`,
            )}
          </div>
        </div>
        ${rows.length
          ? html`<div
              class="body"
              role="rowgroup"
              aria-label=${this.t('teamsView.rows')}
              @keydown=${this.#listNavigation.onKeydown}
              @rangeChanged=${(event: Event) => {
                const body = event.currentTarget as HTMLElement;
                requestAnimationFrame(() => this.#listNavigation.syncTabStop(body));
              }}
            >
              ${virtualize({
                items: this.#items.update(rows),
                scroller: true,
                // The virtualizer may ask for a stale index for one frame after the list shrinks.
                keyFunction: (row: AgentRow | undefined, index: number) => row?.sid ?? index,
                renderItem: (row: AgentRow | undefined, index: number) =>
                  row
                    ? html`${guard([row, index, row.sid === selectedSid, second, format], () => this.#renderRow(row, index))}`
                    : html``,
              })}
            </div>`
          : html`<p class="empty">${this.t('teamsView.none')}</p>`}
      </div>`;
  }

  #renderRow(row: AgentRow, index: number) {
    const activity = row.activity;
    const lower = activity?.name.toLowerCase();
    const dot = !activity ? '' : activity.available ? 'available' : lower === 'offline' || lower === 'break' ? lower : '';
    const selected = row.sid === this.selectedSid;
    return html`<div
      class="row ${selected ? 'selected' : ''}"
      role="row"
      part="row"
      data-sid=${row.sid}
      aria-rowindex=${index + 2}
      aria-selected=${selected ? 'true' : 'false'}
    >
      <div role="rowheader" class="cell" part="cell" data-column="name">
        <button
          type="button"
          class="agent"
          part="agent-button"
          data-index=${index}
          @click=${() => this.#selectAgent(row.sid)}
        >
          ${row.name}
        </button>
      </div>
      <div role="cell" class="cell" part="cell" data-column="activity"><span class="dot ${dot}"></span>${row.activityName}</div>
      <div role="cell" class="cell" part="cell" data-column="time">${this.#age(row.worker.activitySince)}</div>
      <div role="cell" class="cell" part="cell" data-column="tasks">
        ${row.tasks.length
          ? row.tasks.map(
              (task) =>
                html`<span class="task-chip">${this.t('teamsView.taskChip', { channel: task.channel, age: this.#age(task.assignedAt ?? task.createdAt) })}</span>`,
            )
          : html`<span class="muted">${this.t('teamsView.noTasks')}</span>`}
      </div>
      <div role="cell" class="cell" part="cell" data-column="skills" title=${row.skills.join(', ')}>${row.skills.join(', ')}</div>
      <div role="cell" class="cell" part="cell" data-column="team">${row.team}</div>
      <div role="cell" class="cell" part="cell" data-column="queues" title=${row.queueNames.join(', ')}>
        ${row.queueNames.join(', ')}
      </div>
    </div>`;
  }

  /** Arrows, Page Up/Down, Home and End move between agents, scrolling the virtual list as needed. */
  readonly #listNavigation = new ListNavigationController({
    item: 'button.agent',
    count: () => Number(this.renderRoot.querySelector('[role="table"]')?.getAttribute('aria-rowcount') ?? 1) - 1,
  });

  // ── The selected agent ───────────────────────────────────────────────

  #selectAgent(sid: string): void {
    this.selectedSid = sid;
    void this.#loadConversations(sid);
  }

  /**
   * Loads the history of the agent's chat conversations that the store does not hold in full: a
   * supervisor is not a participant, so older messages (and, on some backends, every message) come
   * only through LoadMessages.
   */
  async #loadConversations(workerSid: string): Promise<void> {
    const cc = this.cc;
    if (!cc) return;
    const state = cc.store.getState();
    const tasks = this.#rows.tasksByWorker(state.tasks).get(workerSid) ?? [];
    await Promise.all(
      tasks.map((task) => {
        const sid = task.conversationSid;
        if (!sid || this.chatLoads.has(sid)) return Promise.resolve();
        const conversation = state.conversations[sid];
        const held = state.messages[sid]?.length ?? 0;
        const complete = conversation !== undefined && !conversation.hasOlder && held >= conversation.messageCount;
        return complete ? Promise.resolve() : this.#loadHistory(sid);
      }),
    );
  }

  /** Loads one page of older messages of a conversation; a failure is shown in the transcript. */
  async #loadHistory(conversationSid: string): Promise<void> {
    const cc = this.cc;
    if (!cc || this.chatLoads.get(conversationSid)?.status === 'loading') return;
    this.chatLoads = new Map(this.chatLoads).set(conversationSid, { status: 'loading' });
    try {
      await cc.actions.invokeUnreported('LoadMessages', { conversationSid });
      const next = new Map(this.chatLoads);
      next.delete(conversationSid);
      this.chatLoads = next;
    } catch (error) {
      const failure = cc.reportError(error, this);
      this.chatLoads = new Map(this.chatLoads).set(conversationSid, { status: 'failed', message: failure.message });
    }
  }

  #renderDetail() {
    const worker = this.selectedSid ? this.#workers.value[this.selectedSid] : undefined;
    if (!worker) {
      return html`<section class="detail" part="detail" aria-label=${this.t('teamsView.detail.tasks')}>
        <p class="muted">${this.t('teamsView.detail.empty')}</p>
      </section>`;
    }
    const tasks = this.#rows.tasksByWorker(this.#tasks.value).get(worker.sid) ?? [];
    const activities = Object.values(this.#activities.value);
    return html`<section class="detail" part="detail" aria-labelledby="detail-title">
      <h3 aria-level=${ariaLevel(this.headingLevel)} id="detail-title">${this.t('teamsView.detail.title', { name: worker.name })}</h3>
      <label class="field">
        <span>${this.t('teamsView.detail.activity')}</span>
        <select data-worker=${worker.sid} @change=${(e: Event) => this.#setActivity(worker.sid, (e.target as HTMLSelectElement).value)}>
          ${activities.map((a) => html`<option value=${a.sid} ?selected=${a.sid === worker.activitySid}>${a.name}</option>`)}
        </select>
      </label>
      <h4 aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('teamsView.detail.tasks')}</h4>
      ${tasks.length
        ? tasks.map((task) => this.#renderTask(task))
        : html`<p class="muted">${this.t('teamsView.detail.noTasks', { name: worker.name })}</p>`}
      <button type="button" class="button quiet" @click=${() => (this.selectedSid = undefined)}>
        ${this.t('teamsView.detail.close')}
      </button>
    </section>`;
  }

  #renderTask(task: Task) {
    const call = task.callSid ? this.#calls.value[task.callSid] : undefined;
    return html`<article class="task" data-task=${task.sid} aria-labelledby="task-${task.sid}">
      <h4 aria-level=${ariaLevel(this.headingLevel, 1)} id="task-${task.sid}">${this.t('teamsView.task.heading', { channel: task.channel, customer: task.customer.name })}</h4>
      <span class="muted">${this.t('teamsView.task.meta', { status: task.status, age: this.#age(task.assignedAt ?? task.createdAt) })}</span>
      ${task.channel === 'voice' ? this.#renderCall(task, call) : task.conversationSid ? this.#renderChat(task, task.conversationSid) : nothing}
    </article>`;
  }

  #renderChat(task: Task, conversationSid: string) {
    const messages: readonly Message[] = this.#messages.value[conversationSid] ?? [];
    const load = this.chatLoads.get(conversationSid);
    const conversation = this.#conversations.value[conversationSid];
    return html`<div part="transcript">
      ${load?.status === 'failed'
        ? html`<div class="status" role="alert" part="error">
            <p>${this.t('teamsView.chat.unavailable', { message: load.message })}</p>
            <button type="button" class="button" data-action="retry-history" @click=${() => this.#loadHistory(conversationSid)}>
              ${this.t('teamsView.chat.retry')}
            </button>
          </div>`
        : nothing}
      ${load?.status === 'loading' ? html`<p class="status" role="status">${this.t('teamsView.chat.loading')}</p>` : nothing}
      ${conversation?.hasOlder && !load
        ? html`<button type="button" class="button quiet" data-action="older" @click=${() => this.#loadHistory(conversationSid)}>
            ${this.t('teamsView.chat.older')}
          </button>`
        : nothing}
      <div
        class="chat-log"
        role="log"
        tabindex="0"
        aria-label=${`${this.t('teamsView.chat.log', { customer: task.customer.name })} (${this.t('teamsView.chat.readOnly')})`}
      >
        <ol class="messages">
          ${messages.map(
            (m) => html`<li class=${m.authorRole} data-index=${m.index}><span class="author">${m.authorName}</span>${m.body}</li>`,
          )}
        </ol>
      </div>
      ${messages.length === 0 && !load ? html`<p class="muted">${this.t('teamsView.chat.empty')}</p>` : nothing}
      ${conversation?.customerTyping ? html`<p class="muted">&hellip;</p>` : nothing}
    </div>`;
  }

  #renderCall(task: Task, call: Call | undefined) {
    if (!call) return html`<p class="muted">${this.t('teamsView.call.noCall')}</p>`;
    const me = this.cc?.store.getState().session.workerSid;
    const supervision = call.supervision;
    const mine = supervision && supervision.supervisorSid === me ? supervision.mode : undefined;
    const stateText = !supervision
      ? this.t('teamsView.call.state.none')
      : mine
        ? this.t(`teamsView.call.state.${mine}`)
        : this.t('teamsView.call.state.other', {
            name: this.#workers.value[supervision.supervisorSid]?.name ?? supervision.supervisorSid,
            mode: supervision.mode,
          });
    // What this session cannot do (e.g. coach and barge on Twilio without a companion server), and why.
    const unavailable = this.cc?.store.getState().session.unavailable ?? {};
    const reasons = [...new Set(SUPERVISION.flatMap(({ mode }) => (unavailable[mode] ? [unavailable[mode]] : [])))];
    const noteId = `supervise-unavailable-${task.sid}`;
    return html`<div class="supervise" part="supervise" role="group" aria-label=${this.t('teamsView.call.supervise')}>
        ${SUPERVISION.map(
          ({ mode, action }) => html`<button
            type="button"
            class="button"
            data-mode=${mode}
            aria-pressed=${mine === mode ? 'true' : 'false'}
            ?disabled=${!!unavailable[mode]}
            aria-describedby=${unavailable[mode] ? noteId : nothing}
            @click=${() => this.invoke(action, { taskSid: task.sid })}
          >
            ${this.t(`teamsView.call.${mode}`)}
          </button>`,
        )}
        <button
          type="button"
          class="button"
          data-mode="stop"
          ?disabled=${!supervision}
          @click=${() => this.invoke('StopMonitoringCall', { taskSid: task.sid })}
        >
          ${this.t('teamsView.call.stop')}
        </button>
      </div>
      ${reasons.length
        ? html`<p class="muted" id=${noteId} data-unavailable>${reasons.map((r) => this.t(`teamsView.call.unavailable.${r}`)).join(' ')}</p>`
        : nothing}
      <p class="muted" role="status">${stateText}</p>
      <h4 aria-level=${ariaLevel(this.headingLevel, 1)} class="visually-hidden">${this.t('teamsView.call.participants')}</h4>
      <ul class="participants" aria-label=${this.t('teamsView.call.participants')}>
        ${call.participants
          .filter((p) => p.status !== 'left')
          .map((p) => html`<li>${this.t('teamsView.call.participant', { name: p.name, kind: p.kind, status: p.status })}</li>`)}
      </ul>`;
  }

  async #setActivity(workerSid: string, activitySid: string): Promise<void> {
    const cc = this.cc;
    if (!cc) return;
    const state = cc.store.getState();
    const worker = state.workers[workerSid];
    const from = worker ? (state.activities[worker.activitySid]?.name ?? worker.activitySid) : '';
    const to = state.activities[activitySid]?.name ?? activitySid;
    try {
      await cc.actions.invokeUnreported('SetWorkerActivity', { workerSid, activitySid });
      this.actionError = undefined;
      const me = state.session.workerSid ? state.workers[state.session.workerSid] : undefined;
      this.changes = [
        { workerSid, agent: worker?.name ?? workerSid, from, to, by: me?.name ?? state.session.identity ?? '', at: Date.now() },
        ...this.changes,
      ].slice(0, 200);
    } catch (error) {
      this.actionError = cc.reportError(error instanceof FlexError ? error : FlexError.from(error), this);
      this.requestUpdate();
    }
  }

  #renderLog() {
    const time = timeFormat(this.cc?.strings.locale);
    return html`<section class="detail" aria-labelledby="log-title">
      <h3 aria-level=${ariaLevel(this.headingLevel)} id="log-title">${this.t('teamsView.log')}</h3>
      ${this.changes.length
        ? html`<ol class="log" part="change-log">
            ${this.changes.map(
              (c) => html`<li>
                ${this.t('teamsView.log.entry', { when: time.format(c.at), by: c.by, agent: c.agent, from: c.from, to: c.to })}
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${this.t('teamsView.log.empty')}</p>`}
    </section>`;
  }
}

defineElement('flex-teams-view', FlexTeamsView);

declare global {
  interface HTMLElementTagNameMap {
    'flex-teams-view': FlexTeamsView;
  }
}
