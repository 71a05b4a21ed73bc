import { analyzeNumber, loadPhoneNumberLibrary, type PhoneNumberLibrary } from '../../controllers/phone-number.js';
import type { OutboundMessageChannel } from '../action-payloads.js';

/** A practical e-mail check: one @, a dot in the domain, no spaces, at most 254 characters. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

export type AddressProblem = 'empty' | 'email' | 'too-short' | 'too-long' | 'invalid' | 'symbols' | 'international-only';

export type AddressCheck = { ok: true; address: string } | { ok: false; problem: AddressProblem };

/**
 * Checks where a message goes: an e-mail address for `email`, a phone number for `sms` and
 * `whatsapp` (libphonenumber-js for `country`, normalized to E.164; `whatsapp:` and `tel:`
 * prefixes are dropped). Without the library (`lib` undefined) only E.164 passes.
 */
export function checkAddress(
  lib: PhoneNumberLibrary | undefined,
  channel: OutboundMessageChannel,
  to: string,
  country: string,
): AddressCheck {
  const value = to.trim();
  if (!value) return { ok: false, problem: 'empty' };
  if (channel === 'email') {
    return value.length <= 254 && EMAIL.test(value) ? { ok: true, address: value.toLowerCase() } : { ok: false, problem: 'email' };
  }
  const bare = value.replace(/^(whatsapp|sms|tel):/i, '').replace(/[\s().\-/\u00a0]/g, '');
  if (!/^\+?[0-9*#]+$/.test(bare)) return { ok: false, problem: 'invalid' };
  const analysis = analyzeNumber(lib, bare, country);
  if (analysis.valid && analysis.e164) return { ok: true, address: analysis.e164 };
  return { ok: false, problem: analysis.problem ?? 'invalid' };
}

/** As checkAddress, loading libphonenumber-js first (E.164 only if it cannot be loaded). */
export async function checkAddressLoaded(channel: OutboundMessageChannel, to: string, country: string): Promise<AddressCheck> {
  let lib: PhoneNumberLibrary | undefined;
  if (channel !== 'email') {
    try {
      lib = await loadPhoneNumberLibrary();
    } catch {
      lib = undefined;
    }
  }
  return checkAddress(lib, channel, to, country);
}

/** English messages for address problems (the action's errors; elements show keyed strings). */
export const ADDRESS_MESSAGES: Readonly<Record<AddressProblem, string>> = {
  empty: 'needs an address to send to ("to")',
  email: 'is not an e-mail address',
  'too-short': 'is too short for a phone number',
  'too-long': 'is too long for a phone number',
  invalid: 'is not a valid phone number',
  symbols: 'is not a phone number (* and # cannot be messaged)',
  'international-only': 'is not a number in international format (+14155550100)',
};
