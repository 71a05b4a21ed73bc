import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The libphonenumber-js API the dialpad uses (its `min` metadata build). */
export type PhoneNumberLibrary = typeof import('libphonenumber-js/min');

type Loader = () => Promise<PhoneNumberLibrary>;

const defaultLoader: Loader = () => import('libphonenumber-js/min');
let loader: Loader = defaultLoader;
let loading: Promise<PhoneNumberLibrary> | undefined;

/**
 * Loads libphonenumber-js (min metadata) once per page, on first use: it is a separate chunk, so
 * the CDN entry stays small. A failed load is not cached, so a later element may try again.
 */
export function loadPhoneNumberLibrary(): Promise<PhoneNumberLibrary> {
  loading ??= loader().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Replaces how the library is loaded (tests simulate a failed chunk); no argument restores it. */
export function setPhoneNumberLibraryLoader(next?: Loader): void {
  loader = next ?? defaultLoader;
  loading = undefined;
}

/** Why typed or pasted text was refused. */
export type DialInputProblem = 'characters' | 'plus' | 'too-long';

/** Why a dial string is not (yet) a number that can be called. */
export type NumberProblem = 'too-short' | 'too-long' | 'invalid' | 'symbols' | 'international-only';

/** E.164 allows 15 digits; the field holds a few more characters for formatting. */
export const MAX_DIGITS = 15;
const MAX_LENGTH = 40;
const FORMATTING = /[\s().\-/\u00a0]/g;
const ALLOWED = /^[0-9+*#]*$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * Turns typed or pasted text into a dial string (digits, a leading +, * and #), or says why it
 * is refused: letters, emoji and other symbols, a + anywhere but first, or too many digits.
 * Formatting characters (spaces, dashes, dots, brackets, slashes) are dropped, as is a `tel:` prefix.
 */
export function sanitizeDialInput(text: string): { ok: true; value: string } | { ok: false; problem: DialInputProblem } {
  const raw = String(text ?? '');
  if (raw.length > MAX_LENGTH * 2) return { ok: false, problem: 'too-long' };
  const value = raw.replace(/^\s*tel:/i, '').replace(FORMATTING, '');
  if (!ALLOWED.test(value)) return { ok: false, problem: 'characters' };
  if (value.lastIndexOf('+') > 0) return { ok: false, problem: 'plus' };
  if (value.replace(/[^0-9]/g, '').length > MAX_DIGITS || value.length > MAX_DIGITS + 4) {
    return { ok: false, problem: 'too-long' };
  }
  return { ok: true, value };
}

const DIAL_CHAR = /[0-9+*#]/;

/** How many dial characters (digits, +, *, #) `text` holds: a caret's place, independent of formatting. */
export function countDialChars(text: string): number {
  let n = 0;
  for (const ch of text) if (DIAL_CHAR.test(ch)) n++;
  return n;
}

/** The caret position in formatted `display` just after its `count`th dial character (0: the start). */
export function caretAfterDialChars(display: string, count: number): number {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < display.length; i++) {
    if (DIAL_CHAR.test(display[i]) && ++seen === count) return i + 1;
  }
  return display.length;
}

export interface NumberAnalysis {
  /** The dial string formatted as you type (as typed while the library is unavailable). */
  readonly display: string;
  /** Whether it can be called. */
  readonly valid: boolean;
  /** The number in E.164, when valid. */
  readonly e164?: string;
  readonly problem?: NumberProblem;
  /** The country the number belongs to, when it says so (+44 …). */
  readonly country?: string;
}

/**
 * Formats and validates a dial string for a default country. Without the library (still
 * loading, or it failed) only E.164 input (+ and 7 to 15 digits) is accepted.
 */
export function analyzeNumber(lib: PhoneNumberLibrary | undefined, value: string, country: string): NumberAnalysis {
  if (!value) return { display: '', valid: false };
  if (/[*#]/.test(value)) return { display: value, valid: false, problem: 'symbols' };
  if (!lib) {
    return E164.test(value) ? { display: value, valid: true, e164: value } : { display: value, valid: false, problem: 'international-only' };
  }
  const code = lib.isSupportedCountry(country) ? country : undefined;
  const formatter = new lib.AsYouType(code);
  const display = formatter.input(value);
  const detected = formatter.getCountry();
  let parsed: ReturnType<PhoneNumberLibrary['parsePhoneNumberFromString']>;
  try {
    parsed = lib.parsePhoneNumberFromString(value, code);
  } catch {
    parsed = undefined;
  }
  if (parsed?.isValid()) return { display, valid: true, e164: parsed.number, country: detected ?? parsed.country };
  let length: string | undefined;
  try {
    length = lib.validatePhoneNumberLength(value, code);
  } catch {
    length = undefined;
  }
  const problem: NumberProblem = length === 'TOO_SHORT' ? 'too-short' : length === 'TOO_LONG' ? 'too-long' : 'invalid';
  return { display, valid: false, problem, country: detected };
}

/** Formats an E.164 number for reading (international format); the input when it cannot. */
export function formatInternational(lib: PhoneNumberLibrary | undefined, e164: string): string {
  if (!lib) return e164;
  try {
    return lib.parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  } catch {
    return e164;
  }
}

export interface CountryOption {
  readonly code: string;
  readonly name: string;
  readonly callingCode: string;
}

/** Every country the metadata knows, named in `locale` (Intl.DisplayNames), sorted by name. */
export function countryOptions(lib: PhoneNumberLibrary, locale: string): CountryOption[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([locale || 'en'], { type: 'region' });
  } catch {
    names = undefined;
  }
  const collator = new Intl.Collator(locale || undefined);
  return lib
    .getCountries()
    .map((code) => ({ code, name: names?.of(code) ?? code, callingCode: lib.getCountryCallingCode(code) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** A country's name in `locale`, or its code. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale || 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Loads the phone-number library for its host and re-renders the host once it is there (or
 * failed): `status` is `loading`, `ready` or `failed`, `lib` the library once ready.
 */
export class PhoneNumberController implements ReactiveController {
  status: 'loading' | 'ready' | 'failed' = 'loading';
  lib: PhoneNumberLibrary | undefined;
  #started = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#started) return;
    this.#started = true;
    loadPhoneNumberLibrary().then(
      (lib) => {
        this.lib = lib;
        this.status = 'ready';
        this.host.requestUpdate();
      },
      () => {
        this.status = 'failed';
        this.host.requestUpdate();
      },
    );
  }
}
