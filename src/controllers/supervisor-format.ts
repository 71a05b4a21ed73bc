/** Locale-aware number, percentage and duration formatting for the supervisor views. */
export interface SupervisorFormat {
  number(value: number | undefined): string;
  percent(value: number | undefined): string;
  /** Seconds as h:mm:ss or m:ss. */
  duration(seconds: number | undefined): string;
}

const cache = new Map<string, SupervisorFormat>();

export function supervisorFormat(locale: string): SupervisorFormat {
  const cached = cache.get(locale);
  if (cached) return cached;
  let resolved: string | undefined;
  try {
    resolved = Intl.NumberFormat.supportedLocalesOf(locale).length ? locale : undefined;
  } catch {
    resolved = undefined;
  }
  const integer = new Intl.NumberFormat(resolved, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(resolved, { style: 'percent', maximumFractionDigits: 1 });
  const two = new Intl.NumberFormat(resolved, { minimumIntegerDigits: 2, useGrouping: false });
  const plain = new Intl.NumberFormat(resolved, { useGrouping: false });
  const format: SupervisorFormat = {
    number: (value) => (value === undefined || !Number.isFinite(value) ? '–' : integer.format(value)),
    percent: (value) => (value === undefined || !Number.isFinite(value) ? '–' : percent.format(value / 100)),
    duration: (seconds) => {
      if (seconds === undefined || !Number.isFinite(seconds)) return '–';
      const total = Math.max(0, Math.floor(seconds));
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      return h > 0 ? `${plain.format(h)}:${two.format(m)}:${two.format(s)}` : `${plain.format(m)}:${two.format(s)}`;
    },
  };
  cache.set(locale, format);
  return format;
}
