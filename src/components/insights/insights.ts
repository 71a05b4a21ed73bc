import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ariaSort, compareValues, nextSort, type SortState } from '../../controllers/table-sort.js';
import { FlexError } from '../../core/errors.js';
import { INTERACTION_COLUMNS, interactionCsvLine, toCsv, csvLine } from '../../core/insights/csv.js';
import { formatDay, PERIODS, periodRange, type InsightsPeriod } from '../../core/insights/period.js';
import { questionnaireOf } from '../../core/insights/actions.js';
import { scoreAnswers } from '../../core/insights/questionnaire.js';
import type {
  AgentFigures,
  ConversationPage,
  ConversationRow,
  Dashboard,
  Evaluation,
  InsightsBucket,
  InsightsDirectory,
  InsightsFigures,
  InteractionDetail,
  Question,
  QueueFigures,
  TimelineStep,
} from '../../core/insights/types.js';
import { isSupervisorRole } from '../../core/roles.js';
import { registerStrings } from '../../core/strings.js';
import { baseStyles, buttonStyles, fieldStyles, tileStyles } from '../../styles/shared.js';
import { defineElement } from '../define.js';
import { FlexElement, selectConnection } from '../flex-element.js';
import { ariaLevel } from '../heading-level.js';
import { channelLabel } from '../task-list/channel-icon.js';
import { barChart, lineChart } from './charts.js';
import { insightsStrings } from './insights-strings.js';
import { styles } from './insights.styles.js';

registerStrings(insightsStrings);

/** Detail of `flex-evaluation-saved`. */
export interface FlexEvaluationSavedDetail {
  readonly interactionId: string;
  /** The evaluator's identity. */
  readonly evaluator: string;
  /** The evaluated agent's worker sid. */
  readonly agent: string;
  /** Weighted total, 0–100. */
  readonly score: number;
}

/** Fired by `<flex-insights>` when an evaluation was saved. */
export class FlexEvaluationSavedEvent extends Event {
  constructor(readonly detail: FlexEvaluationSavedDetail) {
    super('flex-evaluation-saved', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'flex-evaluation-saved': FlexEvaluationSavedEvent;
  }
  interface HTMLElementTagNameMap {
    'flex-insights': FlexInsights;
  }
}

type Tab = 'dashboards' | 'conversations' | 'mine';
type Answers = Record<string, string | number>;

interface Column<R> {
  readonly key: string;
  readonly label: string;
  readonly value: (row: R) => string | number | undefined;
  readonly format: (row: R) => string;
  readonly numeric?: boolean;
}

const PAGE = 50;
const EXPORT_PAGE = 5000;

/**
 * Historical dashboards and conversation review, after Flex Insights. Supervisors and admins get
 * two tabs: **Dashboards** (a period and Queue / Channel / Agent filters; totals; volume by hour
 * and by day, service level and handle time by day as small SVG charts, each with a table; sortable
 * "Queues" and "Agents" tables with "Export CSV"; the period's raw interactions as CSV, streamed)
 * and **Conversations** (a searchable list of finished interactions with "Review": the transcript
 * or the call's timeline, the questionnaire from config `insights.questionnaire`, a comment, and
 * "Save evaluation"). An agent gets **My evaluations**: their own figures and the evaluations of
 * their interactions, never another agent's — the actions enforce that, not only this view.
 *
 * Data comes through the actions `LoadInsightsDirectory`, `LoadInsightsDashboard`,
 * `LoadConversations`, `LoadInteraction`, `ExportInteractions`, `LoadEvaluations` and
 * `SaveEvaluation`: on the simulator its generated past (`sim-history-days`) and live log; on
 * Twilio the companion server's database.
 *
 * @summary Historical dashboards, exports and quality-management reviews.
 *
 * @tagname flex-insights
 *
 * @event {FlexEvaluationSavedEvent} flex-evaluation-saved - An evaluation was saved: `{interactionId, evaluator, agent, score}`.
 * @event {FlexErrorEvent} flex-error - Loading, exporting or saving failed (codes from the actions: `forbidden`, `invalid-payload`, …).
 *
 * @csspart base - The root wrapper.
 * @csspart tablist - The tabs.
 * @csspart tab - One tab.
 * @csspart filters - The period and filter controls.
 * @csspart tiles - The summary figures.
 * @csspart tile - One summary figure; carries `data-metric`.
 * @csspart chart - One chart (figure).
 * @csspart table - A data table (Queues, Agents, Conversations, Evaluations).
 * @csspart review - The conversation review.
 * @csspart questionnaire - The review's questionnaire.
 * @csspart error - An inline error.
 *
 * @cssprop [--flex-insights-gap=var(--flex-space-l)] - Space between sections.
 * @cssprop [--flex-insights-chart-height=8rem] - Height of each chart.
 */
export class FlexInsights extends FlexElement {
  static override styles = [baseStyles, buttonStyles, fieldStyles, tileStyles, styles];

  /** Heading level of the element's title (2 by default); sections use the next level. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel?: number;

  @state() private tab: Tab = 'dashboards';
  @state() private period: InsightsPeriod = 'last7';
  @state() private customFrom = '';
  @state() private customTo = '';
  @state() private queueSid = '';
  @state() private channel = '';
  @state() private workerSid = '';
  @state() private directory: InsightsDirectory | undefined;
  @state() private dashboard: Dashboard | undefined;
  @state() private loadError: FlexError | undefined;
  @state() private loading = false;
  @state() private queueSort: SortState = { key: 'name', direction: 'ascending' };
  @state() private agentSort: SortState = { key: 'name', direction: 'ascending' };
  @state() private search = '';
  @state() private page: ConversationPage | undefined;
  @state() private evaluations: readonly Evaluation[] = [];
  @state() private review: InteractionDetail | undefined;
  @state() private answers: Answers = {};
  @state() private comment = '';
  @state() private notice = '';
  @state() private saving = false;

  readonly #connection = this.select(selectConnection, { status: 'idle' } as const);
  readonly #session = this.select((s) => s.session, {});
  #generation = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #loadedFor: unknown;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  get #supervisor(): boolean {
    return isSupervisorRole(this.currentRole);
  }

  get #locale(): string | undefined {
    return this.cc?.config.language || undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const connected = this.#connection.value.status === 'connected' && this.cc;
    const key = connected ? `${this.cc.role}:${this.#session.value.workerSid ?? ''}` : undefined;
    if (key && key !== this.#loadedFor) {
      this.#loadedFor = key;
      if (!this.#supervisor) this.tab = 'mine';
      else if (this.tab === 'mine') this.tab = 'dashboards';
      void this.#loadDirectory();
    }
  }

  // ------------------------------------------------------------------ loading

  #range(): { from: number; to: number } | undefined {
    return periodRange(this.period, this.directory?.now ?? this.cc?.now() ?? Date.now(), this.customFrom, this.customTo);
  }

  #query() {
    const range = this.#range();
    if (!range) return undefined;
    return {
      ...range,
      ...(this.queueSid ? { queueSid: this.queueSid } : {}),
      ...(this.channel ? { channel: this.channel } : {}),
      ...(this.workerSid && this.#supervisor ? { workerSid: this.workerSid } : {}),
    };
  }

  async #loadDirectory(): Promise<void> {
    this.loading = true;
    const directory = await this.#load<InsightsDirectory>('LoadInsightsDirectory', {});
    if (!directory) return;
    this.directory = directory;
    const today = formatDay(directory.now);
    this.customFrom ||= today;
    this.customTo ||= today;
    await this.#reload();
  }

  /** Invokes a loading action; a failure is shown in place of the figures, and as flex-error. */
  async #load<R>(name: string, payload: unknown): Promise<R | undefined> {
    const cc = this.cc;
    if (!cc) return undefined;
    try {
      const result = await cc.actions.invokeUnreported<R>(name, payload);
      this.loadError = undefined;
      return result;
    } catch (error) {
      this.loadError = cc.reportError(error, this);
      this.loading = false;
      return undefined;
    }
  }

  async #reload(): Promise<void> {
    const generation = ++this.#generation;
    const query = this.#query();
    if (!query) {
      this.loading = false;
      return;
    }
    this.loading = true;
    if (this.tab === 'conversations') {
      const page = await this.#load<ConversationPage>('LoadConversations', { ...query, limit: PAGE, ...(this.search ? { search: this.search } : {}) });
      const evaluations = await this.#load<readonly Evaluation[]>('LoadEvaluations', { from: query.from, to: query.to, ...(query.workerSid ? { workerSid: query.workerSid } : {}) });
      if (generation !== this.#generation) return;
      if (page) this.page = page;
      if (evaluations) this.evaluations = evaluations;
    } else {
      const dashboard = await this.#load<Dashboard>('LoadInsightsDashboard', query);
      const evaluations = this.tab === 'mine' ? await this.#load<readonly Evaluation[]>('LoadEvaluations', {}) : undefined;
      if (generation !== this.#generation) return;
      if (dashboard) this.dashboard = dashboard;
      if (evaluations) this.evaluations = evaluations;
    }
    this.loading = false;
  }

  async #more(): Promise<void> {
    const query = this.#query();
    if (!query || !this.page) return;
    const next = await this.#load<ConversationPage>('LoadConversations', {
      ...query,
      limit: PAGE,
      offset: this.page.rows.length,
      ...(this.search ? { search: this.search } : {}),
    });
    if (next) this.page = { rows: [...this.page.rows, ...next.rows], total: next.total };
  }

  #setFilter(change: () => void): void {
    change();
    void this.#reload();
  }

  #selectTab(tab: Tab): void {
    if (this.tab === tab) return;
    this.tab = tab;
    this.review = undefined;
    void this.#reload();
  }

  #onTabKey(event: KeyboardEvent, tabs: readonly Tab[]): void {
    const index = tabs.indexOf(this.tab);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    this.#selectTab(tabs[next]);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tabs[next]}`)?.focus());
  }

  // ------------------------------------------------------------------ formatting

  #number(n: number): string {
    return new Intl.NumberFormat(this.#locale).format(n);
  }

  #percent(n: number): string {
    return new Intl.NumberFormat(this.#locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
  }

  #duration(seconds: number): string {
    const total = Math.max(0, Math.round(seconds));
    const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
      new Intl.NumberFormat(this.#locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h) return `${unit(h, 'hour')} ${unit(m, 'minute')}`;
    return m ? `${unit(m, 'minute')} ${unit(s, 'second')}` : unit(s, 'second');
  }

  #date(time: number, withTime = true): string {
    return new Intl.DateTimeFormat(this.#locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { month: 'short', day: 'numeric' }).format(time);
  }

  #score(score: number | undefined): string {
    return score === undefined ? '—' : new Intl.NumberFormat(this.#locale, { maximumFractionDigits: 1 }).format(score);
  }

  // ------------------------------------------------------------------ exports

  #download(name: string, parts: BlobPart[]): void {
    const blob = new Blob(parts, { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  #fileName(what: string): string {
    const range = this.#range();
    const span = range ? `${formatDay(range.from)}_${formatDay(range.to - 1)}` : 'period';
    return `insights-${what}-${span}.csv`;
  }

  #exportTable<R>(what: string, columns: readonly Column<R>[], rows: readonly R[]): void {
    const csv = toCsv(
      columns.map((c) => c.label),
      rows.map((row) => columns.map((c) => (c.numeric ? (c.value(row) ?? '') : c.format(row)))),
    );
    this.#download(this.#fileName(what), [csv]);
  }

  /** The period's interactions, fetched and written page by page (a month of a large floor is many rows). */
  async #exportInteractions(): Promise<void> {
    const query = this.#query();
    if (!query) return;
    const pages = await this.invoke<AsyncIterable<readonly ConversationRow[]>>('ExportInteractions', { ...query, pageSize: EXPORT_PAGE });
    if (!pages) return;
    const parts: BlobPart[] = [csvLine(INTERACTION_COLUMNS)];
    let count = 0;
    try {
      for await (const rows of pages) {
        let chunk = '';
        for (const row of rows) chunk += interactionCsvLine(row);
        parts.push(chunk);
        count += rows.length;
        this.notice = this.t('insights.exporting', { count: this.#number(count) });
      }
    } catch (error) {
      this.actionError = this.cc?.reportError(error, this);
      return;
    }
    this.#download(this.#fileName('interactions'), parts);
    this.notice = this.t('insights.exported', { count: this.#number(count) });
  }

  // ------------------------------------------------------------------ review

  async #openReview(row: ConversationRow): Promise<void> {
    const detail = await this.invoke<InteractionDetail>('LoadInteraction', { interactionId: row.id });
    if (!detail) return;
    const mine = detail.evaluations.find((e) => e.evaluator === this.#session.value.identity);
    this.review = detail;
    this.answers = mine ? ({ ...mine.answers } as Answers) : {};
    this.comment = mine?.comment ?? '';
    this.notice = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#review-title')?.focus();
  }

  #questions(): readonly Question[] {
    try {
      return this.cc ? questionnaireOf(this.cc.config) : [];
    } catch {
      return [];
    }
  }

  #liveScore(questions: readonly Question[]): number | undefined {
    try {
      return scoreAnswers(questions, this.answers);
    } catch {
      return undefined;
    }
  }

  async #save(): Promise<void> {
    const review = this.review;
    if (!review || this.saving) return;
    this.saving = true;
    const answers: Answers = {};
    for (const [id, value] of Object.entries(this.answers)) if (value !== '') answers[id] = value;
    const saved = await this.invoke<Evaluation>('SaveEvaluation', { interactionId: review.row.id, answers, comment: this.comment });
    this.saving = false;
    if (!saved) return;
    this.notice = this.t('insights.saved', { score: this.#score(saved.score) });
    this.review = {
      ...review,
      row: { ...review.row, score: saved.score },
      evaluations: [...review.evaluations.filter((e) => e.evaluator !== saved.evaluator), saved],
    };
    if (this.page) this.page = { ...this.page, rows: this.page.rows.map((r) => (r.id === saved.interactionId ? { ...r, score: saved.score } : r)) };
    this.evaluations = [saved, ...this.evaluations.filter((e) => !(e.interactionId === saved.interactionId && e.evaluator === saved.evaluator))];
    this.dispatchEvent(
      new FlexEvaluationSavedEvent({ interactionId: saved.interactionId, evaluator: saved.evaluator, agent: saved.agent, score: saved.score }),
    );
  }

  // ------------------------------------------------------------------ render

  override render() {
    const connection = this.renderConnectionState(this.#connection.value);
    if (connection) return connection;
    const level = ariaLevel(this.headingLevel);
    const tabs: Tab[] = this.#supervisor ? ['dashboards', 'conversations'] : ['mine'];
    const labels: Record<Tab, string> = {
      dashboards: this.t('insights.tab.dashboards'),
      conversations: this.t('insights.tab.conversations'),
      mine: this.t('insights.tab.mine'),
    };
    return html`<section part="base" class="base" aria-labelledby="title">
      <h2 id="title" aria-level=${level}>${this.t('insights.title')}</h2>
      <div role="tablist" part="tablist" class="tablist" aria-label=${this.t('insights.tabs')} @keydown=${(e: KeyboardEvent) => this.#onTabKey(e, tabs)}>
        ${tabs.map(
          (tab) => html`<button
            type="button"
            role="tab"
            part="tab"
            class="tab"
            id="tab-${tab}"
            aria-selected=${this.tab === tab ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => this.#selectTab(tab)}
          >
            ${labels[tab]}
          </button>`,
        )}
      </div>
      <div role="tabpanel" id="panel" class="panel" aria-labelledby="tab-${this.tab}">
        ${this.#renderFilters()} ${this.renderActionError()}
        ${this.loadError
          ? html`<p class="status error" role="alert" part="error">${this.t('insights.unavailable', { message: this.loadError.message })}</p>`
          : nothing}
        <p class="status" role="status">${this.loading ? this.t('insights.loading') : this.notice}</p>
        ${this.tab === 'dashboards' ? this.#renderDashboards() : this.tab === 'conversations' ? this.#renderConversations() : this.#renderMine()}
      </div>
    </section>`;
  }

  #select(id: string, label: string, value: string, options: readonly { value: string; label: string }[], onChange: (value: string) => void) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} .value=${value} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
      </select>
    </div>`;
  }

  #renderFilters() {
    const directory = this.directory;
    const all = { value: '', label: this.t('insights.all') };
    const range = this.#range();
    return html`<div class="filters" part="filters" role="group" aria-label=${this.t('insights.filters')}>
      ${this.#select(
        'period',
        this.t('insights.period'),
        this.period,
        PERIODS.map((p) => ({ value: p, label: this.t(`insights.period.${p}`) })),
        (v) => this.#setFilter(() => (this.period = v as InsightsPeriod)),
      )}
      ${this.period === 'custom'
        ? html`<div class="field">
              <label for="from">${this.t('insights.from')}</label>
              <input id="from" type="date" .value=${this.customFrom} @change=${(e: Event) => this.#setFilter(() => (this.customFrom = (e.target as HTMLInputElement).value))} />
            </div>
            <div class="field">
              <label for="to">${this.t('insights.to')}</label>
              <input id="to" type="date" .value=${this.customTo} @change=${(e: Event) => this.#setFilter(() => (this.customTo = (e.target as HTMLInputElement).value))} />
            </div>
            ${range ? nothing : html`<p class="error" role="alert">${this.t('insights.badRange')}</p>`}`
        : nothing}
      ${this.tab === 'mine'
        ? nothing
        : html`${this.#select(
            'queue',
            this.t('insights.queue'),
            this.queueSid,
            [all, ...(directory?.queues ?? []).map((q) => ({ value: q.sid, label: q.name }))],
            (v) => this.#setFilter(() => (this.queueSid = v)),
          )}
          ${this.#select(
            'channel',
            this.t('insights.channel'),
            this.channel,
            [all, ...(directory?.channels ?? []).map((c) => ({ value: c, label: this.#channelLabel(c) }))],
            (v) => this.#setFilter(() => (this.channel = v)),
          )}
          ${this.#select(
            'agent',
            this.t('insights.agent'),
            this.workerSid,
            [all, ...[...(directory?.agents ?? [])].sort((a, b) => compareValues(a.name, b.name)).map((a) => ({ value: a.sid, label: a.name }))],
            (v) => this.#setFilter(() => (this.workerSid = v)),
          )}`}
    </div>`;
  }

  #channelLabel(channel: string): string {
    return channelLabel((key) => this.t(key), channel);
  }

  #renderTiles(f: InsightsFigures) {
    const tile = (metric: string, label: string, value: string, detail?: string) =>
      html`<div class="tile" part="tile" data-metric=${metric}>
        <dt>${label}</dt>
        <dd><span class="value">${value}</span>${detail ? html`<span class="detail">${detail}</span>` : nothing}</dd>
      </div>`;
    return html`<dl class="tiles" part="tiles" aria-label=${this.t('insights.summary')}>
      ${tile('entered', this.t('insights.metric.entered'), this.#number(f.entered))}
      ${tile('handled', this.t('insights.metric.handled'), this.#number(f.handled))}
      ${tile('serviceLevel', this.t('insights.metric.serviceLevel'), this.#percent(f.serviceLevelPct))}
      ${tile('asa', this.t('insights.metric.asa'), this.#duration(f.asa))}
      ${tile(
        'aht',
        this.t('insights.metric.aht'),
        this.#duration(f.aht),
        this.t('insights.tile.ahtParts', { talk: this.#duration(f.avgTalk), hold: this.#duration(f.avgHold), wrap: this.#duration(f.avgWrap) }),
      )}
      ${tile(
        'abandoned',
        this.t('insights.metric.abandoned'),
        this.#number(f.abandoned),
        this.t('insights.tile.abandonedParts', { pct: this.#percent(f.abandonedPct), short: this.#number(f.shortAbandoned) }),
      )}
      ${tile('transfers', this.t('insights.metric.transfers'), this.#number(f.transferred), this.#percent(f.transferPct))}
      ${tile('fcr', this.t('insights.metric.fcr'), this.#percent(f.fcrPct))}
    </dl>`;
  }

  /** A chart: the SVG as an image with a summary, and the same figures as a table. */
  #chart(id: string, title: string, summary: string, drawing: TemplateResult | ReturnType<typeof barChart>, header: readonly string[], rows: readonly (readonly string[])[]) {
    return html`<figure class="chart" part="chart" aria-labelledby="${id}-title">
      <figcaption id="${id}-title">${title}</figcaption>
      <div class="drawing" role="img" aria-label=${summary}>${drawing}</div>
      <details>
        <summary>${this.t('insights.chart.showTable')}</summary>
        <table class="data" aria-label=${this.t('insights.chart.tableName', { chart: title })}>
          <thead>
            <tr>
              ${header.map((h, i) => html`<th scope="col" class=${i ? 'number' : ''}>${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr>
                ${row.map((cell, i) => (i ? html`<td class="number">${cell}</td>` : html`<th scope="row">${cell}</th>`))}
              </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }

  #renderCharts(d: Dashboard) {
    const hourLabel = (b: InsightsBucket) => String(b.start).padStart(2, '0');
    const dayLabel = (b: InsightsBucket) => this.#date(b.start, false);
    const volumeSummary = (title: string, buckets: readonly InsightsBucket[], label: (b: InsightsBucket) => string) => {
      if (d.totals.entered === 0) return this.t('insights.chart.noData', { chart: title });
      const peak = buckets.reduce((a, b) => (b.figures.entered > a.figures.entered ? b : a), buckets[0]);
      return this.t('insights.chart.summaryVolume', {
        chart: title,
        handled: this.#number(d.totals.handled),
        abandoned: this.#number(d.totals.abandoned),
        peak: label(peak),
        peakCount: this.#number(peak.figures.entered),
      });
    };
    const withData = d.byDay.filter((b) => b.figures.entered > 0);
    const range = (values: number[], format: (n: number) => string) =>
      values.length ? { min: format(Math.min(...values)), max: format(Math.max(...values)) } : { min: '—', max: '—' };
    const volumeHeader = [this.t('insights.metric.handled'), this.t('insights.metric.abandoned'), this.t('insights.metric.entered')];
    const byHour = this.t('insights.chart.byHour');
    const byDay = this.t('insights.chart.byDay');
    const sl = this.t('insights.chart.serviceLevel');
    const aht = this.t('insights.chart.aht');
    return html`<div class="charts">
      ${this.#chart(
        'by-hour',
        byHour,
        volumeSummary(byHour, d.byHour, hourLabel),
        barChart(d.byHour.map((b) => ({ label: hourLabel(b), parts: [b.figures.handled, b.figures.abandoned] }))),
        [this.t('insights.chart.hour'), ...volumeHeader],
        d.byHour.map((b) => [`${hourLabel(b)}:00`, this.#number(b.figures.handled), this.#number(b.figures.abandoned), this.#number(b.figures.entered)]),
      )}
      ${this.#chart(
        'by-day',
        byDay,
        volumeSummary(byDay, d.byDay, dayLabel),
        barChart(d.byDay.map((b) => ({ label: dayLabel(b), parts: [b.figures.handled, b.figures.abandoned] }))),
        [this.t('insights.chart.day'), ...volumeHeader],
        d.byDay.map((b) => [dayLabel(b), this.#number(b.figures.handled), this.#number(b.figures.abandoned), this.#number(b.figures.entered)]),
      )}
      ${this.#chart(
        'service-level',
        sl,
        withData.length
          ? this.t('insights.chart.summarySl', { chart: sl, ...range(withData.map((b) => b.figures.serviceLevelPct), (n) => this.#percent(n)), overall: this.#percent(d.totals.serviceLevelPct) })
          : this.t('insights.chart.noData', { chart: sl }),
        lineChart(d.byDay.map((b) => ({ label: dayLabel(b), value: b.figures.entered ? b.figures.serviceLevelPct : undefined })), 100),
        [this.t('insights.chart.day'), this.t('insights.metric.serviceLevel')],
        d.byDay.map((b) => [dayLabel(b), b.figures.entered ? this.#percent(b.figures.serviceLevelPct) : '—']),
      )}
      ${this.#chart(
        'aht',
        aht,
        withData.length
          ? this.t('insights.chart.summaryAht', { chart: aht, ...range(withData.map((b) => b.figures.aht), (n) => this.#duration(n)), overall: this.#duration(d.totals.aht) })
          : this.t('insights.chart.noData', { chart: aht }),
        barChart(d.byDay.map((b) => ({ label: dayLabel(b), parts: [b.figures.avgTalk, b.figures.avgHold, b.figures.avgWrap] }))),
        [this.t('insights.chart.day'), this.t('insights.metric.talk'), this.t('insights.metric.hold'), this.t('insights.metric.wrap'), this.t('insights.metric.aht')],
        d.byDay.map((b) => [dayLabel(b), this.#duration(b.figures.avgTalk), this.#duration(b.figures.avgHold), this.#duration(b.figures.avgWrap), this.#duration(b.figures.aht)]),
      )}
    </div>`;
  }

  #figureColumns<R>(figures: (row: R) => InsightsFigures): Column<R>[] {
    const n = (key: string, label: string, value: (f: InsightsFigures) => number, format: (n: number) => string): Column<R> => ({
      key,
      label,
      numeric: true,
      value: (row) => value(figures(row)),
      format: (row) => format(value(figures(row))),
    });
    const count = (v: number) => this.#number(v);
    const pct = (v: number) => this.#percent(v);
    const dur = (v: number) => this.#duration(v);
    return [
      n('entered', this.t('insights.metric.entered'), (f) => f.entered, count),
      n('handled', this.t('insights.metric.handled'), (f) => f.handled, count),
      n('abandoned', this.t('insights.metric.abandoned'), (f) => f.abandoned, count),
      n('shortAbandoned', this.t('insights.metric.shortAbandoned'), (f) => f.shortAbandoned, count),
      n('serviceLevel', this.t('insights.metric.serviceLevel'), (f) => f.serviceLevelPct, pct),
      n('asa', this.t('insights.metric.asa'), (f) => f.asa, dur),
      n('aht', this.t('insights.metric.aht'), (f) => f.aht, dur),
      n('talk', this.t('insights.metric.talk'), (f) => f.avgTalk, dur),
      n('hold', this.t('insights.metric.hold'), (f) => f.avgHold, dur),
      n('wrap', this.t('insights.metric.wrap'), (f) => f.avgWrap, dur),
      n('transfers', this.t('insights.metric.transfers'), (f) => f.transferred, count),
      n('fcr', this.t('insights.metric.fcr'), (f) => f.fcrPct, pct),
    ];
  }

  #queueColumns(): Column<QueueFigures>[] {
    return [
      { key: 'name', label: this.t('insights.column.queue'), value: (r) => r.name, format: (r) => r.name },
      ...this.#figureColumns<QueueFigures>((r) => r.figures),
    ];
  }

  #agentColumns(): Column<AgentFigures>[] {
    const pct = (v: number) => this.#percent(v);
    return [
      { key: 'name', label: this.t('insights.column.agent'), value: (r) => r.name, format: (r) => r.name },
      ...this.#figureColumns<AgentFigures>((r) => r.figures).filter((c) => !['abandoned', 'shortAbandoned', 'serviceLevel'].includes(c.key)),
      { key: 'occupancy', label: this.t('insights.metric.occupancy'), numeric: true, value: (r) => r.occupancyPct, format: (r) => pct(r.occupancyPct) },
      { key: 'utilisation', label: this.t('insights.metric.utilisation'), numeric: true, value: (r) => r.utilisationPct, format: (r) => pct(r.utilisationPct) },
      { key: 'evaluations', label: this.t('insights.metric.evaluations'), numeric: true, value: (r) => r.evaluations, format: (r) => this.#number(r.evaluations) },
      { key: 'score', label: this.t('insights.metric.score'), numeric: true, value: (r) => r.averageScore, format: (r) => this.#score(r.averageScore) },
    ];
  }

  /** A sortable data table with its "Export CSV" button. */
  #table<R>(id: string, name: string, columns: readonly Column<R>[], rows: readonly R[], sort: SortState, onSort: (s: SortState) => void, rowKey: (r: R) => string) {
    const column = columns.find((c) => c.key === sort.key) ?? columns[0];
    const sorted = [...rows].sort((a, b) => {
      const order = compareValues(column.value(a), column.value(b));
      return sort.direction === 'ascending' ? order : -order;
    });
    return html`<div class="table-section">
      <div class="table-head">
        <h3 id="${id}-title" aria-level=${ariaLevel(this.headingLevel, 1)}>${name}</h3>
        <button type="button" class="button" @click=${() => this.#exportTable(id, columns, sorted)}>${this.t('insights.exportCsv')}</button>
      </div>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="${id}-title">
        <table class="data" part="table" id=${id} aria-labelledby="${id}-title">
          <thead>
            <tr>
              ${columns.map(
                (c) => html`<th scope="col" class=${c.numeric ? 'number' : ''} aria-sort=${ariaSort(sort, c.key)}>
                  <button type="button" class="sort" aria-label=${this.t('insights.sortBy', { column: c.label })} @click=${() => onSort(nextSort(sort, c.key))}>
                    ${c.label}
                  </button>
                </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${sorted.map(
              (row) => html`<tr data-key=${rowKey(row)}>
                ${columns.map((c, i) =>
                  i === 0
                    ? html`<th scope="row">${c.format(row)}</th>`
                    : html`<td class=${c.numeric ? 'number' : ''} data-column=${c.key}>${c.format(row)}</td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  #renderDashboards() {
    const d = this.dashboard;
    if (!d) return nothing;
    return html`${this.#renderTiles(d.totals)}
      ${d.totals.entered === 0 ? html`<p class="status">${this.t('insights.empty')}</p>` : nothing} ${this.#renderCharts(d)}
      ${this.#table('queues', this.t('insights.queues'), this.#queueColumns(), d.queues, this.queueSort, (s) => (this.queueSort = s), (r) => r.queueSid)}
      ${this.#table('agents', this.t('insights.agents'), this.#agentColumns(), d.agents, this.agentSort, (s) => (this.agentSort = s), (r) => r.workerSid)}
      <p><button type="button" class="button" @click=${() => void this.#exportInteractions()}>${this.t('insights.exportInteractions')}</button></p>`;
  }

  #conversationColumns(): Column<ConversationRow>[] {
    return [
      { key: 'date', label: this.t('insights.column.date'), value: (r) => r.createdAt, format: (r) => this.#date(r.createdAt) },
      { key: 'agent', label: this.t('insights.column.agent'), value: (r) => r.agentName, format: (r) => r.agentName || this.t('insights.abandonedRow') },
      { key: 'customer', label: this.t('insights.column.customer'), value: (r) => r.customer, format: (r) => r.customer },
      { key: 'queue', label: this.t('insights.column.queue'), value: (r) => r.queueName, format: (r) => r.queueName },
      { key: 'channel', label: this.t('insights.channel'), value: (r) => r.channel, format: (r) => this.#channelLabel(r.channel) },
      { key: 'disposition', label: this.t('insights.column.disposition'), value: (r) => r.disposition, format: (r) => r.disposition },
      {
        key: 'duration',
        label: this.t('insights.column.duration'),
        numeric: true,
        value: (r) => (r.talkMs + r.holdMs + r.wrapMs) / 1000,
        format: (r) => this.#duration((r.talkMs + r.holdMs + r.wrapMs) / 1000),
      },
      { key: 'score', label: this.t('insights.column.score'), numeric: true, value: (r) => r.score, format: (r) => this.#score(r.score) },
    ];
  }

  #renderConversations() {
    const page = this.page;
    const columns = this.#conversationColumns();
    return html`<div class="field search">
        <label for="search">${this.t('insights.search')}</label>
        <input
          id="search"
          type="search"
          .value=${this.search}
          @input=${(e: Event) => {
            this.search = (e.target as HTMLInputElement).value;
            clearTimeout(this.#searchTimer);
            this.#searchTimer = setTimeout(() => void this.#reload(), 250);
          }}
        />
      </div>
      ${this.review ? this.#renderReview(this.review, true) : nothing}
      ${page
        ? html`<div class="table-section">
            <div class="table-head">
              <h3 id="conversations-title" aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('insights.conversations')}</h3>
              <span class="count">${this.t('insights.shown', { shown: this.#number(page.rows.length), total: this.#number(page.total) })}</span>
              <button type="button" class="button" @click=${() => void this.#exportInteractions()}>${this.t('insights.exportCsv')}</button>
            </div>
            <div class="scroll" tabindex="0" role="region" aria-labelledby="conversations-title">
              <table class="data" part="table" id="conversations" aria-labelledby="conversations-title">
                <thead>
                  <tr>
                    ${columns.map((c) => html`<th scope="col" class=${c.numeric ? 'number' : ''}>${c.label}</th>`)}
                    <th scope="col">${this.t('insights.column.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${page.rows.map(
                    (row) => html`<tr data-key=${row.id}>
                      ${columns.map((c, i) =>
                        i === 0 ? html`<th scope="row">${c.format(row)}</th>` : html`<td class=${c.numeric ? 'number' : ''} data-column=${c.key}>${c.format(row)}</td>`,
                      )}
                      <td><button type="button" class="button quiet" @click=${() => void this.#openReview(row)}>${this.t('insights.review')}</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            ${page.rows.length < page.total
              ? html`<button type="button" class="button" @click=${() => void this.#more()}>${this.t('insights.more')}</button>`
              : nothing}
          </div>`
        : nothing}
      ${this.#renderEvaluations(this.t('insights.evaluations'), 'evaluations')}`;
  }

  #renderEvaluations(title: string, id: string) {
    const list = this.evaluations;
    const rows = list.map((e) => [
      this.#date(e.updatedAt),
      e.agentName,
      e.evaluator,
      this.#score(e.score),
      e.comment,
      e.interactionId,
    ]);
    const header = [
      this.t('insights.column.date'),
      this.t('insights.column.agent'),
      this.t('insights.column.evaluator'),
      this.t('insights.column.score'),
      this.t('insights.column.comment'),
      this.t('insights.column.interaction'),
    ];
    const average = list.length ? list.reduce((n, e) => n + e.score, 0) / list.length : undefined;
    return html`<div class="table-section">
      <div class="table-head">
        <h3 id="${id}-title" aria-level=${ariaLevel(this.headingLevel, 1)}>${title}</h3>
        ${average === undefined ? nothing : html`<span class="count">${this.t('insights.average', { score: this.#score(average), count: this.#number(list.length) })}</span>`}
        <button
          type="button"
          class="button"
          @click=${() => this.#download(this.#fileName(id), [toCsv(header, list.map((e) => [new Date(e.updatedAt).toISOString(), e.agentName, e.evaluator, e.score, e.comment, e.interactionId]))])}
        >
          ${this.t('insights.exportCsv')}
        </button>
      </div>
      ${list.length === 0
        ? html`<p class="status">${this.t('insights.noEvaluations')}</p>`
        : html`<div class="scroll" tabindex="0" role="region" aria-labelledby="${id}-title">
            <table class="data" part="table" id=${id} aria-labelledby="${id}-title">
              <thead>
                <tr>
                  ${header.map((h) => html`<th scope="col">${h}</th>`)}
                  ${this.tab === 'mine' ? html`<th scope="col">${this.t('insights.column.actions')}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (row, k) => html`<tr>
                    ${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}
                    ${this.tab === 'mine'
                      ? html`<td>
                          <button type="button" class="button quiet" @click=${() => void this.#openReview({ id: list[k].interactionId } as ConversationRow)}>
                            ${this.t('insights.view')}
                          </button>
                        </td>`
                      : nothing}
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    </div>`;
  }

  #renderMine() {
    const d = this.dashboard;
    return html`${d
        ? html`<section aria-labelledby="mine-title">
            <h3 id="mine-title" aria-level=${ariaLevel(this.headingLevel, 1)}>${this.t('insights.myFigures')}</h3>
            ${this.#renderTiles(d.totals)}
          </section>`
        : nothing}
      ${this.review ? this.#renderReview(this.review, false) : nothing} ${this.#renderEvaluations(this.t('insights.myEvaluations'), 'my-evaluations')}`;
  }

  #step(step: TimelineStep): string {
    if (step.kind === 'completed' && step.text) return this.t('insights.step.completedWith', { text: step.text });
    return this.t(`insights.step.${step.kind}`, { text: step.text ?? '' });
  }

  #renderReview(detail: InteractionDetail, editable: boolean) {
    const row = detail.row;
    const questions = this.#questions();
    const canEvaluate = editable && this.#supervisor && row.handled;
    const score = this.#liveScore(questions);
    const shown = editable ? undefined : detail.evaluations[0];
    const answers = shown ? (shown.answers as Answers) : this.answers;
    const set = (id: string, value: string | number) => (this.answers = { ...this.answers, [id]: value });
    return html`<section class="review" part="review" aria-labelledby="review-title">
      <div class="table-head">
        <h3 id="review-title" tabindex="-1" aria-level=${ariaLevel(this.headingLevel, 1)}>
          ${this.t('insights.reviewTitle', { customer: row.customer || row.id, date: this.#date(row.createdAt) })}
        </h3>
        <button type="button" class="button quiet" @click=${() => (this.review = undefined)}>${this.t('insights.closeReview')}</button>
      </div>
      <dl class="facts" aria-label=${this.t('insights.details')}>
        <div><dt>${this.t('insights.column.agent')}</dt><dd>${row.agentName || this.t('insights.abandonedRow')}</dd></div>
        <div><dt>${this.t('insights.column.queue')}</dt><dd>${row.queueName}</dd></div>
        <div><dt>${this.t('insights.channel')}</dt><dd>${this.#channelLabel(row.channel)}</dd></div>
        <div><dt>${this.t('insights.column.disposition')}</dt><dd>${row.disposition || '—'}</dd></div>
        <div><dt>${this.t('insights.column.duration')}</dt><dd>${this.#duration((row.talkMs + row.holdMs + row.wrapMs) / 1000)}</dd></div>
      </dl>
      ${row.channel === 'voice'
        ? html`<h4 aria-level=${ariaLevel(this.headingLevel, 2)}>${this.t('insights.timeline')}</h4>
            <ol class="timeline">
              ${detail.timeline.map((s) => html`<li><time>${this.#date(s.at)}</time> ${this.#step(s)}</li>`)}
            </ol>`
        : html`<h4 aria-level=${ariaLevel(this.headingLevel, 2)}>${this.t('insights.transcript')}</h4>
            ${detail.transcript.length
              ? html`<ol class="transcript">
                  ${detail.transcript.map(
                    (line) => html`<li class=${line.author}>
                      <span class="author">${this.t(`insights.author.${line.author}`)}</span>
                      <time>${this.#date(line.at)}</time>
                      <p>${line.body}</p>
                    </li>`,
                  )}
                </ol>`
              : html`<p class="status">${this.t('insights.noTranscript')}</p>`}
            <ol class="timeline">
              ${detail.timeline.map((s) => html`<li><time>${this.#date(s.at)}</time> ${this.#step(s)}</li>`)}
            </ol>`}
      ${canEvaluate || shown
        ? html`<form class="questionnaire" part="questionnaire" aria-label=${this.t('insights.questionnaire')} @submit=${(e: Event) => {
            e.preventDefault();
            void this.#save();
          }}>
            ${questions.map((q) => this.#renderQuestion(q, answers[q.id], !canEvaluate, set))}
            ${canEvaluate ? html`<p class="total">${this.t('insights.total', { score: this.#score(score) })}</p>` : html`<p class="total">${this.t('insights.total', { score: this.#score(shown?.score) })}</p>`}
            <div class="field">
              <label for="comment">${this.t('insights.comment')}</label>
              <textarea id="comment" rows="3" ?readonly=${!canEvaluate} .value=${shown ? shown.comment : this.comment} @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
            </div>
            ${canEvaluate ? html`<button type="submit" class="button primary" ?disabled=${this.saving}>${this.t('insights.save')}</button>` : nothing}
          </form>`
        : editable && this.#supervisor
          ? html`<p class="status">${this.t('insights.notEvaluable')}</p>`
          : nothing}
      ${detail.evaluations.length && editable
        ? html`<ul class="evaluations">
            ${detail.evaluations.map((e) => html`<li>${this.t('insights.byEvaluator', { score: this.#score(e.score), evaluator: e.evaluator, date: this.#date(e.updatedAt) })}${e.comment ? html` &mdash; ${e.comment}` : nothing}</li>`)}
          </ul>`
        : nothing}
    </section>`;
  }

  #renderQuestion(q: Question, answer: string | number | boolean | undefined, readonly: boolean, set: (id: string, v: string | number) => void) {
    const name = `q-${q.id}`;
    const legend = html`<legend>${q.label}${q.weight > 0 ? html` <span class="weight">(${this.t('insights.weight', { weight: q.weight })})</span>` : nothing}</legend>`;
    const radios = (options: readonly { value: string | number; label: string }[]) =>
      html`<fieldset class="question" role="radiogroup">
        ${legend}
        <div class="options">
          ${options.map(
            (o, i) => html`<label
              ><input
                type="radio"
                name=${name}
                id="${name}-${i}"
                .checked=${answer === o.value}
                ?disabled=${readonly}
                @change=${() => set(q.id, o.value)}
              />
              ${o.label}</label
            >`,
          )}
        </div>
      </fieldset>`;
    switch (q.type) {
      case 'scale':
        return radios([1, 2, 3, 4, 5].map((n) => ({ value: n, label: this.#number(n) })));
      case 'yes-no':
        return radios([
          { value: 'yes', label: this.t('insights.yes') },
          { value: 'no', label: this.t('insights.no') },
        ]);
      case 'choice':
        return radios((q.options ?? []).map((o) => ({ value: o, label: o })));
      case 'text':
        return html`<div class="field question">
          <label for=${name}>${q.label}</label>
          <textarea id=${name} rows="2" ?readonly=${readonly} .value=${String(answer ?? '')} @input=${(e: Event) => set(q.id, (e.target as HTMLTextAreaElement).value)}></textarea>
        </div>`;
    }
  }
}

defineElement('flex-insights', FlexInsights);
