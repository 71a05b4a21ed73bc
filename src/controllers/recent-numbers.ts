import { readItem, writeJson } from '../core/local-storage.js';

/** How many dialled numbers are remembered per agent. */
export const RECENT_NUMBERS_LIMIT = 20;

const PREFIX = 'flex-elements.dialpad.recent.';
const E164 = /^\+[1-9][0-9]{6,14}$/;


/** The storage key of an agent's recent numbers. */
export function recentNumbersKey(identity: string): string {
  return PREFIX + identity;
}

/** The agent's recently dialled numbers (E.164), newest first; anything unreadable is ignored. */
export function readRecentNumbers(identity: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readItem(recentNumbersKey(identity)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((n): n is string => typeof n === 'string' && E164.test(n)).slice(0, RECENT_NUMBERS_LIMIT);
  } catch {
    return [];
  }
}

/** Puts a number first in the agent's list (once), keeps the newest 20, and returns the list. */
export function rememberNumber(identity: string, e164: string): string[] {
  const list = [e164, ...readRecentNumbers(identity).filter((n) => n !== e164)].slice(0, RECENT_NUMBERS_LIMIT);
  // Storage full or blocked: the list lives for this page only.
  writeJson(recentNumbersKey(identity), list);
  return list;
}
