/**
 * User-visible text. Every string is a key with an English default; a page overrides any key per
 * locale through config (`strings: {'es-MX': {...}}`). Templates use `{name}` placeholders and the
 * result is always plain text: elements render it through Lit, which escapes it.
 */
interface StringTables {
  readonly defaults: Map<string, string>;
  readonly locales: Map<string, Record<string, string>>;
}
// Shared by every copy of the library on the page (a global symbol): an element of a second copy
// renders with the first copy's provider, whose Strings must know that element's keys too.
const TABLES = Symbol.for('flex-elements.strings');
const tables = ((globalThis as typeof globalThis & { [TABLES]?: StringTables })[TABLES] ??= {
  defaults: new Map<string, string>(),
  locales: new Map<string, Record<string, string>>(),
});
const { defaults, locales } = tables;

/** Adds English defaults; each element module registers its own at import. */
export function registerStrings(entries: Record<string, string>): void {
  for (const [key, value] of Object.entries(entries)) defaults.set(key, value);
}

/** Adds a shipped translation (a whole locale, or part of one). */
export function registerLocale(locale: string, entries: Record<string, string>): void {
  locales.set(locale, { ...locales.get(locale), ...entries });
}

const localeLoaders = new Map<string, () => Promise<unknown>>();

/**
 * Registers a translation that is loaded on demand (the CDN build ships es-MX as its own chunk):
 * `language` is a BCP 47 language ("es") or a full locale ("es-MX").
 */
export function registerLocaleLoader(language: string, loader: () => Promise<unknown>): void {
  localeLoaders.set(language, loader);
}

/** Loads the on-demand translation for a locale, if there is one; never rejects. */
export async function loadLocale(locale: string): Promise<void> {
  const loader = localeLoaders.get(locale) ?? localeLoaders.get(locale.split('-')[0]);
  if (!loader) return;
  try {
    await loader();
  } catch {
    // English defaults stay in place; the page still works.
  }
}

export function registeredStringKeys(): string[] {
  return [...defaults.keys()];
}

export class Strings {
  readonly locale: string;
  readonly #chain: Record<string, string>[];

  constructor(locale: string, overrides: Record<string, Record<string, string>> = {}) {
    this.locale = locale || (typeof navigator !== 'undefined' ? navigator.language : 'en-US');
    const language = this.locale.split('-')[0];
    // Most specific first: page overrides for the locale, for the language, shipped locale, language.
    this.#chain = [
      overrides[this.locale],
      overrides[language],
      overrides['default'],
      locales.get(this.locale),
      locales.get(language),
    ].filter((entries): entries is Record<string, string> => entries !== undefined);
  }

  /** The text for a key, with `{name}` placeholders filled; the key itself when unknown. */
  t(key: string, values?: Record<string, string | number>): string {
    let template: string | undefined;
    for (const entries of this.#chain) {
      template = entries[key];
      if (template !== undefined) break;
    }
    const text: string = template ?? defaults.get(key) ?? key;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(this.#format(values[name])) : match,
    );
  }

  #numbers: Intl.NumberFormat | undefined;

  #format(value: string | number): string {
    if (typeof value !== 'number') return value;
    // One formatter per Strings: constructing Intl formatters is costly, and t() runs per render.
    this.#numbers ??= new Intl.NumberFormat(this.locale);
    return this.#numbers.format(value);
  }
}
