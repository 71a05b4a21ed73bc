/** The Period combobox's choices. */
export type InsightsPeriod = 'today' | 'yesterday' | 'last7' | 'last30' | 'custom';

export const PERIODS: readonly InsightsPeriod[] = ['today', 'yesterday', 'last7', 'last30', 'custom'];

const startOfDay = (time: number, offsetDays = 0): number => {
  const day = new Date(time);
  day.setHours(0, 0, 0, 0);
  day.setDate(day.getDate() + offsetDays);
  return day.getTime();
};

/**
 * A period's [from, to) in epoch ms around `now` (local days): today; yesterday; the last 7 or 30
 * days including today; or a custom range of whole days from `customFrom` to `customTo` (both
 * `YYYY-MM-DD`, inclusive). Undefined for an unusable custom range.
 */
export function periodRange(
  period: InsightsPeriod,
  now: number,
  customFrom?: string,
  customTo?: string,
): { from: number; to: number } | undefined {
  const today = startOfDay(now);
  switch (period) {
    case 'today':
      return { from: today, to: startOfDay(now, 1) };
    case 'yesterday':
      return { from: startOfDay(now, -1), to: today };
    case 'last7':
      return { from: startOfDay(now, -6), to: startOfDay(now, 1) };
    case 'last30':
      return { from: startOfDay(now, -29), to: startOfDay(now, 1) };
    case 'custom': {
      const from = parseDay(customFrom);
      const to = parseDay(customTo);
      if (from === undefined || to === undefined || to < from) return undefined;
      return { from, to: startOfDay(to, 1) };
    }
  }
}

/** `YYYY-MM-DD` → local midnight, epoch ms. */
export function parseDay(value: string | undefined): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.getMonth() === Number(match[2]) - 1 ? date.getTime() : undefined;
}

/** Local midnight's date as `YYYY-MM-DD`. */
export function formatDay(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
