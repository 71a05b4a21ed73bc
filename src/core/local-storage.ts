/**
 * The one way flex elements use localStorage (drafts, preferences, recent numbers, audio devices,
 * disabled plugins). Nothing here throws: storage may be absent (a worker, Node), or throw on
 * access or on write (Safari private mode, a sandboxed iframe, a full quota).
 */

/** `globalThis.localStorage`, or undefined where it is missing or access to it throws. */
export function localStore(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The stored string, or null when there is none or storage cannot be read. */
export function readItem(key: string): string | null {
  try {
    return localStore()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores `value` (null removes the key); false when storage refused it or there is none. */
export function writeItem(key: string, value: string | null): boolean {
  const store = localStore();
  if (!store) return false;
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** A stored JSON value that passes `valid`; anything missing, unreadable or unexpected gives `fallback`. */
export function readJson<T>(key: string, fallback: T, valid: (value: unknown) => value is T): T {
  const raw = readItem(key);
  if (raw === null) return fallback;
  try {
    const parsed: unknown = JSON.parse(raw);
    return valid(parsed) ? parsed : fallback;
  } catch {
    return fallback;
  }
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Stores `value` as JSON; false when storage refused it (private mode, quota) or there is none. */
export function writeJson(key: string, value: unknown): boolean {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return false;
  }
  return writeItem(key, text);
}
