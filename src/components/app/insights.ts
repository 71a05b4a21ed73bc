import { html } from 'lit';
import type { CumulativeStatistics, QueueStatistics } from '../../core/model.js';

/** Seconds as a short localized duration ("2 min, 5 sec"), through Intl. */
export function formatDuration(seconds: number, locale: string): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  const unit = (value: number, name: 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  return minutes ? `${unit(minutes, 'minute')} ${unit(rest, 'second')}` : unit(rest, 'second');
}

type Row = readonly [key: string, value: (s: CumulativeStatistics) => string];

/**
 * The minimal historical view: today's (and, with the `insights-history` feature, the last 30
 * minutes') cumulative workspace figures straight from the store. Nothing is invented: no
 * statistics yet means an explanation, not zeros.
 */
export function renderInsights(
  stats: QueueStatistics | undefined,
  t: (key: string, values?: Record<string, string | number>) => string,
  locale: string,
  withThirtyMinutes: boolean,
) {
  if (!stats) return html`<p class="status" role="status">${t('app.insights.none')}</p>`;
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const percent = (n: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
  const duration = (n: number) => formatDuration(n, locale);
  const rows: Row[] = [
    ['app.insights.entered', (s) => number(s.tasksEntered)],
    ['app.insights.handled', (s) => number(s.tasksHandled)],
    ['app.insights.completed', (s) => number(s.tasksCompleted)],
    ['app.insights.abandoned', (s) => `${number(s.abandoned)} (${percent(s.abandonedPct)})`],
    ['app.insights.serviceLevel', (s) => percent(s.serviceLevelPct)],
    ['app.insights.avgWait', (s) => duration(s.avgWaitTime)],
    ['app.insights.avgHandle', (s) => duration(s.avgHandleTime)],
    ['app.insights.avgWrapup', (s) => duration(s.avgWrapupTime)],
    ['app.insights.transferred', (s) => number(s.transferredOut)],
  ];
  return html`<table part="insights-table">
      <caption class="visually-hidden">${t('app.insights.caption', { name: stats.name })}</caption>
      <thead>
        <tr>
          <th scope="col">${t('app.insights.metric')}</th>
          <th scope="col" class="number">${t('app.insights.today')}</th>
          ${withThirtyMinutes ? html`<th scope="col" class="number">${t('app.insights.thirtyMinutes')}</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([key, value]) =>
            html`<tr>
              <th scope="row">${t(key)}</th>
              <td class="number">${value(stats.today)}</td>
              ${withThirtyMinutes ? html`<td class="number">${value(stats.thirtyMinutes)}</td>` : ''}
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="status">${t('app.insights.updated', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(stats.updatedAt) })}</p>`;
}
