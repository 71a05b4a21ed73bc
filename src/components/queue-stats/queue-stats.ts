import { html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { ListNavigationController } from '../../controllers/list-navigation.js';
import { isStringArray, readJson, writeJson } from '../../core/local-storage.js';
import { StableItems } from '../../controllers/stable-items.js';
import { supervisorFormat, type SupervisorFormat } from '../../controllers/supervisor-format.js';
import { TableSorter, ariaSort, nextSort, type SortState } from '../../controllers/table-sort.js';
import { QueueAlertsController } from '../../controllers/queue-alerts.js';
import type { ThresholdLevel } from '../../controllers/threshold-alerts.js';
import type { Queue, QueueStatistics } from '../../core/model.js';
import { isSupervisorRole } from '../../core/roles.js';
import { shallowEqual, type FlexState } from '../../core/store.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles, fieldStyles, tileStyles } from '../../styles/shared.js';
import { styleProps } from '../../directives/style-props.js';
import { defineElement } from '../define.js';
import { ariaLevel } from '../heading-level.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import {
  DEFAULT_QUEUE_COLUMNS,
  QUEUE_COLUMNS,
  QUEUE_COLUMN_KEYS,
  THRESHOLD_METRICS,
  queueColumnStrings,
  type QueueColumn,
} from './queue-columns.js';
import { styles } from './queue-stats.styles.js';

registerStrings({
  ...queueColumnStrings,
  'queueStats.title': 'Real-time queues',
  'queueStats.overview': 'Overview',
  'queueStats.tile.active': 'Active tasks',
  'queueStats.tile.waiting': 'Waiting tasks',
  'queueStats.tile.longestWait': 'Longest wait',
  'queueStats.tile.available': 'Agents available',
  'queueStats.tile.unavailable': 'Agents unavailable',
  'queueStats.tile.offline': 'Agents offline',
  'queueStats.channels': 'Channels',
  'queueStats.channel.tile': '{active} active · {waiting} waiting',
  'queueStats.channel.longest': 'Longest wait {duration}',
  'queueStats.chart.title': 'Agents by activity',
  'queueStats.chart.summary': 'Agents by activity: {summary}',
  'queueStats.chart.activity': 'Activity',
  'queueStats.chart.agents': 'Agents',
  'queueStats.search': 'Search queues',
  'queueStats.channelFilter': 'Channel',
  'queueStats.channelFilter.all': 'All channels',
  'queueStats.alertsOnly': 'Only queues with alerts',
  'queueStats.columns': 'Columns',
  'queueStats.columns.legend': 'Show columns',
  'queueStats.columns.reset': 'Reset columns',
  'queueStats.table': 'Queues',
  'queueStats.rows': 'Queue rows',
  'queueStats.column.name': 'Queue',
  'queueStats.sortBy': 'Sort by {column}',
  'queueStats.shown': '{shown} of {total} queues',
  'queueStats.none': 'No queues match.',
  'queueStats.level.warning': 'Warning',
  'queueStats.level.critical': 'Critical',
  'queueStats.breach.warning': '{queue}: {metric} is {value} (warning threshold {threshold}).',
  'queueStats.breach.critical': '{queue}: {metric} is {value} (critical threshold {threshold}).',
  'queueStats.badThresholds': 'Queue alerts are off: {problems}.',
});

const COLUMNS_KEY = 'flex-elements.queue-stats.columns';
/** How many characters of an activity name fit the chart's label column. */
const CHART_LABEL_CHARS = 14;
const COLUMNS_BY_KEY = new Map(QUEUE_COLUMNS.map((c) => [c.key, c]));

interface QueueRow {
  readonly sid: string;
  readonly name: string;
  readonly queue: Queue | undefined;
  readonly stats: QueueStatistics;
}

const selectQueueStats = (s: FlexState) => s.queueStats;
const selectQueues = (s: FlexState) => s.queues;
const selectWorkspaceStats = (s: FlexState) => s.workspaceStats;
/** Names of the workers the queues report as longest available (not every worker: they change often). */
const selectLongestAvailable = (s: FlexState): Record<string, string> => {
  const names: Record<string, string> = {};
  for (const sid in s.queueStats) {
    const worker = s.queueStats[sid].realtime.longestAvailableWorkerSid;
    if (worker) names[worker] = s.workers[worker]?.name ?? worker;
  }
  return names;
};

/**
 * Real-time queue statistics for supervisors, after Flex's Real-time Queues View, but pushed: a
 * change in the backend is on screen in the next frame. Tiles for the whole workspace, an
 * agents-by-activity chart, per-channel tiles, and a table with one row per queue whose columns
 * the user chooses (remembered in localStorage). Cells past a warning or critical threshold
 * (config `queueStats.thresholds`) are highlighted with a text cue and raise one notification per
 * breach. People in the agent role see a short explanation and no figures.
 *
 * @summary Live queue statistics with thresholds, for supervisors and admins.
 *
 * @tagname flex-queue-stats
 *
 * @event {FlexErrorEvent} flex-error - The thresholds config is unusable, or an action failed.
 *
 * @csspart base - The root wrapper.
 * @csspart tiles - The workspace tiles.
 * @csspart tile - One tile.
 * @csspart chart - The agents-by-activity chart (figure).
 * @csspart channel-tile - One per-channel tile.
 * @csspart toolbar - Search, channel filter and the column chooser.
 * @csspart search - The "Search queues" searchbox.
 * @csspart column-chooser - The column chooser disclosure.
 * @csspart table - The queues table (role="table").
 * @csspart header-row - The table's header row.
 * @csspart queue-row - One queue's row; carries `data-sid`.
 * @csspart cell - A metric cell; carries `data-metric` and `data-level` (ok, warning, critical).
 * @csspart error - An inline error.
 *
 * @cssprop [--flex-queue-stats-gap=var(--flex-space-l)] - Space between sections.
 * @cssprop [--flex-queue-stats-tile-width=7.5rem] - Minimum tile width.
 * @cssprop [--flex-queue-stats-channel-tile-width=11rem] - Minimum per-channel tile width.
 * @cssprop [--flex-queue-stats-tile-background=var(--flex-color-surface-raised)] - Tile background.
 * @cssprop [--flex-queue-stats-bar-color=var(--flex-color-primary)] - Chart bars.
 * @cssprop [--flex-queue-stats-table-height=24rem] - Height of the scrolling queue rows.
 */
export class FlexQueueStats extends FlexElement {
  static override styles = [baseStyles, buttonStyles, fieldStyles, tileStyles, styles];

  /**
   * The level (1–6) of this element's top headings, so they follow the host page's outline: a page
   * whose section heading is an h1 sets 2. Headings below them take the next levels. Unset: the
   * element's own levels (h3 at the top).
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel?: number;

  readonly #connection = this.select(selectConnection, { status: 'idle' });
  readonly #role = this.select((s) => s.session.role, undefined);
  readonly #stats = this.select(selectQueueStats, {});
  readonly #queues = this.select(selectQueues, {});
  readonly #workspace = this.select(selectWorkspaceStats, undefined);
  readonly #agentNames = this.select(selectLongestAvailable, {}, shallowEqual);

  @state() private search = '';
  @state() private channel = '';
  @state() private alertsOnly = false;
  @state() private columns: readonly string[] = readJson(
    COLUMNS_KEY,
    DEFAULT_QUEUE_COLUMNS as string[],
    (v): v is string[] => isStringArray(v) && v.every((k) => QUEUE_COLUMN_KEYS.includes(k)),
  );
  @state() private sort: SortState = { key: 'name', direction: 'ascending' };
  @state() private configProblems: string[] = [];
  /** The queue row that takes part in the tab order (roving tabindex); the first row when unset. */
  @state() private activeSid: string | undefined;
  /** Indexes of the rows the virtualizer has rendered. */
  #range = { first: 0, last: -1 };
  /** The index of the row in the tab order, worked out once per render. */
  #tabStop = 0;

  readonly #items = new StableItems<QueueRow>();

  /** Threshold levels, queue health and breach notifications, evaluated on store changes. */
  readonly #alerts = new QueueAlertsController(this, this.center, {
    metrics: THRESHOLD_METRICS,
    value: (metric, stats, queue) => COLUMNS_BY_KEY.get(metric)?.value(stats, queue),
    allowed: (s) => {
      const role = s.session.role ?? this.currentRole;
      return isSupervisorRole(role);
    },
    message: (breach, stats, limit) => {
      const column = COLUMNS_BY_KEY.get(breach.metric)!;
      return this.t(`queueStats.breach.${breach.level}`, {
        queue: stats?.name ?? breach.subject,
        metric: this.#columnLabel(column),
        value: this.#formatValue(column, breach.value),
        threshold: limit === undefined ? '' : this.#formatValue(column, limit),
      });
    },
    invalid: (problems) => {
      this.configProblems = [...problems];
    },
  });

  get #allowed(): boolean {
    const role = this.#role.value ?? this.currentRole;
    return isSupervisorRole(role);
  }

  get #format(): SupervisorFormat {
    return supervisorFormat(this.cc?.strings.locale ?? 'en-US');
  }

  #agentName(column: QueueColumn, stats: QueueStatistics): string {
    const sid = column.worker?.(stats);
    return sid ? (this.#agentNames.value[sid] ?? sid) : '';
  }

  #columnLabel(column: QueueColumn): string {
    const label = this.t(column.labelKey);
    return column.windowKey ? this.t(column.windowKey, { label }) : label;
  }

  #formatValue(column: QueueColumn, value: number | undefined): string {
    const f = this.#format;
    return column.kind === 'percent' ? f.percent(value) : column.kind === 'duration' ? f.duration(value) : f.number(value);
  }

  #rows(): QueueRow[] {
    const queues = this.#queues.value;
    const needle = this.search.trim().toLowerCase();
    const rows: QueueRow[] = [];
    for (const stats of Object.values(this.#stats.value)) {
      const queue = queues[stats.sid];
      const name = queue?.name ?? stats.name;
      if (needle && !name.toLowerCase().includes(needle)) continue;
      if (this.channel && !(queue?.channels ?? []).includes(this.channel)) continue;
      if (this.alertsOnly && this.#alerts.health(stats.sid) === 'ok') continue;
      rows.push({ sid: stats.sid, name, queue, stats });
    }
    return this.#sorter.sort(rows, this.sort);
  }

  readonly #sorter = new TableSorter<QueueRow>(
    (row, key) => {
      if (key === 'name') return row.name;
      const column = COLUMNS_BY_KEY.get(key);
      if (column?.kind === 'health') return this.#alerts.watching ? this.#alerts.healthRank(row.sid) : undefined;
      if (column?.kind === 'agent') return this.#agentName(column, row.stats) || undefined;
      return column?.value(row.stats, row.queue);
    },
    (row) => row.name,
    (row) => row.sid,
  );

  override render() {
    const pending = this.renderConnectionState(this.#connection.value);
    if (pending) return html`<div part="base" class="base">${pending}</div>`;
    if (!this.#allowed) {
      return html`<div part="base" class="base"><p class="status" role="status">${this.t('common.forbidden')}</p></div>`;
    }
    return html`<div part="base" class="base">
      ${this.renderActionError()} ${this.#renderConfigProblems()}
      <section class="overview" aria-label=${this.t('queueStats.overview')}>
        <div>${this.#renderTiles()} ${this.#renderChannels()}</div>
        ${this.#renderChart()}
      </section>
      ${this.#renderToolbar()} ${this.#renderTable()}
    </div>`;
  }

  #renderConfigProblems() {
    if (!this.configProblems.length) return nothing;
    return html`<div class="action-error config-error" role="alert" part="error">
      ${this.t('queueStats.badThresholds', { problems: this.configProblems.join('; ') })}
    </div>`;
  }

  #renderTiles() {
    const r = this.#workspace.value?.realtime;
    const f = this.#format;
    const tile = (key: string, value: string) =>
      html`<div class="tile" part="tile" data-tile=${key}>
        <dt>${this.t(`queueStats.tile.${key}`)}</dt>
        <dd>${value}</dd>
      </div>`;
    return html`<dl class="tiles" part="tiles">
      ${tile('active', f.number(r?.activeTasks))} ${tile('waiting', f.number(r?.waitingTasks))}
      ${tile('longestWait', f.duration(r?.longestWaitingAge))} ${tile('available', f.number(r?.availableAgents))}
      ${tile('unavailable', f.number(r?.unavailableAgents))} ${tile('offline', f.number(r?.offlineAgents))}
    </dl>`;
  }

  #renderChannels() {
    const byChannel = this.#workspace.value?.realtime.byChannel ?? {};
    const f = this.#format;
    const channels = Object.keys(byChannel).sort();
    if (!channels.length) return nothing;
    return html`<h3 aria-level=${ariaLevel(this.headingLevel)} id="channels-title">${this.t('queueStats.channels')}</h3>
      <dl class="tiles channels" aria-labelledby="channels-title">
        ${channels.map((channel) => {
          const c = byChannel[channel];
          return html`<div class="tile" part="channel-tile" data-channel=${channel}>
            <dt>${channel}</dt>
            <dd class="small">${this.t('queueStats.channel.tile', { active: f.number(c.active), waiting: f.number(c.waiting) })}</dd>
            <dd class="small">${this.t('queueStats.channel.longest', { duration: f.duration(c.longestWaitingAge) })}</dd>
          </div>`;
        })}
      </dl>`;
  }

  #renderChart() {
    const byActivity = this.#workspace.value?.realtime.agentsByActivity ?? {};
    const entries = Object.entries(byActivity).sort(([a], [b]) => a.localeCompare(b));
    const f = this.#format;
    const max = Math.max(1, ...entries.map(([, n]) => n));
    const barHeight = 18;
    const gap = 6;
    const labelWidth = 90;
    const width = 300;
    const height = Math.max(1, entries.length) * (barHeight + gap);
    const summary = entries.map(([name, n]) => `${name} ${f.number(n)}`).join(', ');
    return html`<figure part="chart">
      <figcaption id="chart-title">${this.t('queueStats.chart.title')}</figcaption>
      <svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label=${this.t('queueStats.chart.summary', { summary })}>
        ${entries.map(([name, n], i) => {
          const y = i * (barHeight + gap);
          const w = ((width - labelWidth - 40) * n) / max;
          const cls = name.toLowerCase() === 'available' ? 'bar available' : name.toLowerCase() === 'offline' ? 'bar offline' : 'bar';
          // A label longer than its column is cut with an ellipsis; the full name is its title, and
          // in the table below the chart.
          const shown = name.length > CHART_LABEL_CHARS ? `${name.slice(0, CHART_LABEL_CHARS - 1)}\u2026` : name;
          return svg`<text x="0" y=${y + 13}><title>${name}</title>${shown}</text>
            <rect class=${cls} x=${labelWidth} y=${y} width=${Math.max(w, 1)} height=${barHeight} rx="2"></rect>
            <text x=${labelWidth + Math.max(w, 1) + 4} y=${y + 13}>${f.number(n)}</text>`;
        })}
      </svg>
      <table class="legend" aria-labelledby="chart-title">
        <thead>
          <tr>
            <th scope="col">${this.t('queueStats.chart.activity')}</th>
            <th scope="col">${this.t('queueStats.chart.agents')}</th>
          </tr>
        </thead>
        <tbody>
          ${entries.map(([name, n]) => html`<tr><th scope="row">${name}</th><td>${f.number(n)}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }

  #renderToolbar() {
    const channels = [...new Set(Object.values(this.#queues.value).flatMap((q) => q.channels))].sort();
    return html`<div class="toolbar" part="toolbar">
      <label>
        <span>${this.t('queueStats.search')}</span>
        <input
          type="search"
          part="search"
          aria-label=${this.t('queueStats.search')}
          .value=${this.search}
          @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        <span>${this.t('queueStats.channelFilter')}</span>
        <select @change=${(e: Event) => (this.channel = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${this.channel === ''}>${this.t('queueStats.channelFilter.all')}</option>
          ${channels.map((c) => html`<option value=${c} ?selected=${this.channel === c}>${c}</option>`)}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          .checked=${this.alertsOnly}
          @change=${(e: Event) => (this.alertsOnly = (e.target as HTMLInputElement).checked)}
        />
        ${this.t('queueStats.alertsOnly')}
      </label>
      <details class="columns" part="column-chooser">
        <summary class="button">${this.t('queueStats.columns')}</summary>
        <fieldset>
          <legend>${this.t('queueStats.columns.legend')}</legend>
          ${QUEUE_COLUMNS.map(
            (column) => html`<label>
              <input
                type="checkbox"
                name="column"
                value=${column.key}
                .checked=${this.columns.includes(column.key)}
                @change=${(e: Event) => this.#toggleColumn(column.key, (e.target as HTMLInputElement).checked)}
              />
              ${this.#columnLabel(column)}
            </label>`,
          )}
          <button type="button" class="button quiet" @click=${() => this.#setColumns(DEFAULT_QUEUE_COLUMNS)}>
            ${this.t('queueStats.columns.reset')}
          </button>
        </fieldset>
      </details>
    </div>`;
  }

  #toggleColumn(key: string, on: boolean): void {
    const set = new Set(this.columns);
    if (on) set.add(key);
    else set.delete(key);
    // Keep Flex's order whatever the click order.
    this.#setColumns(QUEUE_COLUMN_KEYS.filter((k) => set.has(k)));
  }

  #setColumns(columns: readonly string[]): void {
    this.columns = columns;
    writeJson(COLUMNS_KEY, columns);
  }

  #renderTable() {
    const rows = this.#rows();
    const items = this.#items.update(rows);
    this.#tabStop = this.#tabbableIndex();
    const visible = QUEUE_COLUMNS.filter((c) => this.columns.includes(c.key));
    const total = Object.keys(this.#stats.value).length;
    // Fixed metric widths keep the header and the virtualized rows aligned; the name takes the rest.
    const template = `minmax(11rem, 1fr) repeat(${visible.length}, 7.5rem)`;
    const minWidth = `calc(11rem + ${visible.length} * 7.5rem)`;
    const header = (key: string, label: string) =>
      html`<div role="columnheader" class="cell ${key === 'name' ? 'name' : ''}" aria-sort=${ariaSort(this.sort, key)}>
        <button
          type="button"
          class="sort"
          data-sort=${key}
          @click=${() => (this.sort = nextSort(this.sort, key))}
        >
          ${label}<span aria-hidden="true">${this.sort.key === key ? (this.sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </div>`;
    return html`<p class="status" role="status">${this.t('queueStats.shown', { shown: this.#format.number(rows.length), total: this.#format.number(total) })}</p>
      <div
        class="table"
        part="table"
        role="table"
        aria-label=${this.t('queueStats.table')}
        aria-rowcount=${rows.length + 1}
        ${styleProps({ '--columns': template, '--table-min-width': minWidth })}
      >
        <div role="rowgroup">
          <div class="row head" role="row" part="header-row" aria-rowindex="1">
            ${header('name', this.t('queueStats.column.name'))} ${visible.map((c) => header(c.key, this.#columnLabel(c)))}
          </div>
        </div>
        ${rows.length
          ? html`<div
              class="body"
              role="rowgroup"
              aria-label=${this.t('queueStats.rows')}
              @keydown=${this.#rowNavigation.onKeydown}
              @focusin=${this.#onRowFocus}
              @rangeChanged=${this.#onRange}
            >
              ${virtualize({
                items,
                scroller: true,
                // The virtualizer may ask for a stale index for one frame after the list shrinks.
                keyFunction: (row: QueueRow | undefined, index: number) => row?.sid ?? index,
                renderItem: (row: QueueRow | undefined, index: number) => (row ? this.#renderRow(row, index, visible) : html``),
              })}
            </div>`
          : html`<p class="empty">${this.t('queueStats.none')}</p>`}
      </div>`;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    this.#rowNavigation.syncTabStop(this.renderRoot.querySelector<HTMLElement>('.table > .body'));
  }

  /**
   * The index of the one row in the tab order: the active row when it is rendered, otherwise the
   * first rendered row (a virtualized row that is not in the DOM cannot take focus).
   */
  #tabbableIndex(): number {
    const rows = this.#items.current;
    const active = this.activeSid === undefined ? 0 : rows.findIndex((r) => r.sid === this.activeSid);
    const { first, last } = this.#range;
    return active >= first && active <= last ? active : first;
  }

  #onRange = (event: RangeChangedEvent) => {
    this.#range = { first: event.first, last: event.last };
    // The row in the tab order scrolled out of the DOM (or back in): move the tab stop.
    if (this.#tabbableIndex() !== this.#tabStop) this.requestUpdate();
    requestAnimationFrame(() => this.#rowNavigation.syncTabStop(this.renderRoot.querySelector<HTMLElement>('.table > .body')));
  };

  /** A row focused by Tab or a click becomes the active row. */
  #onRowFocus = (event: FocusEvent) => {
    const row = (event.composedPath()[0] as HTMLElement).closest?.<HTMLElement>('[part~="queue-row"]');
    const sid = row?.dataset['sid'];
    if (sid && sid !== this.activeSid) this.activeSid = sid;
  };

  /** Up and down arrows, Page Up/Down, Home and End move between queue rows, scrolling as needed. */
  readonly #rowNavigation = new ListNavigationController({
    item: '[part~="queue-row"]',
    count: () => this.#items.current.length,
    pageSize: () => this.#range.last - this.#range.first - 1,
    moved: (index) => {
      const row = this.#items.current[index];
      if (!row) return false;
      this.activeSid = row.sid;
    },
    beforeFocus: () => this.updateComplete,
    attempts: 10,
  });

  /** The visual cue of a breached cell, and (unless the text says it already) its level in words. */
  #cue(level: Exclude<ThresholdLevel, 'ok'>, spoken: boolean) {
    return html`<span class="cue" aria-hidden="true"><span>${level === 'critical' ? '!!' : '!'}</span></span
      >${spoken ? html`<span class="visually-hidden">${this.t(`queueStats.level.${level}`)}: </span>` : nothing}`;
  }

  #renderRow(row: QueueRow, index: number, visible: readonly QueueColumn[]) {
    return html`<div
      class="row"
      role="row"
      part="queue-row"
      data-sid=${row.sid}
      data-index=${index}
      aria-rowindex=${index + 2}
      tabindex=${index === this.#tabStop ? '0' : '-1'}
    >
      <div role="rowheader" class="cell name" title=${row.name}>${row.name}</div>
      ${visible.map((column) => {
        if (column.kind === 'agent') {
          return html`<div role="cell" class="cell agent" part="cell" data-metric=${column.key} data-level="ok">
            ${this.#agentName(column, row.stats) || '–'}
          </div>`;
        }
        const health = column.kind === 'health';
        const level = health ? this.#alerts.health(row.sid) : this.#alerts.level(row.sid, column.key);
        const text = health
          ? this.#alerts.watching
            ? this.t(`queueStats.health.${level}`)
            : '–'
          : this.#formatValue(column, column.value(row.stats, row.queue));
        return html`<div role="cell" class="cell ${level}" part="cell" data-metric=${column.key} data-level=${level}>
          ${level === 'ok' ? nothing : this.#cue(level, !health)}${text}
        </div>`;
      })}
    </div>`;
  }
}

defineElement('flex-queue-stats', FlexQueueStats);

declare global {
  interface HTMLElementTagNameMap {
    'flex-queue-stats': FlexQueueStats;
  }
}
