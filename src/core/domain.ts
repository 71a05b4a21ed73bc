import type { CallStatus, ChannelName, Customer } from './model.js';

/**
 * Domain rules every layer shares: the engine (no DOM), both backends and the elements read them
 * from here, so a customer, a call that is still going, a messaging channel and a duration mean
 * the same everywhere. Nothing here touches the DOM.
 */

/** Calls that are still going: connecting, ringing or in progress. */
export const ACTIVE_CALL_STATUSES: ReadonlySet<CallStatus> = new Set<CallStatus>(['connecting', 'ringing', 'in-progress']);

export function isActiveCallStatus(status: string | undefined): boolean {
  return status !== undefined && (ACTIVE_CALL_STATUSES as ReadonlySet<string>).has(status);
}

/** Channels whose tasks are a conversation (chat, SMS, WhatsApp, email, Messenger). */
export const MESSAGING_CHANNELS: ReadonlySet<ChannelName> = new Set(['chat', 'sms', 'whatsapp', 'email', 'messenger']);

export function isMessagingChannel(channel: ChannelName | undefined): boolean {
  return channel !== undefined && MESSAGING_CHANNELS.has(channel);
}

/**
 * Seconds as Flex shows them: `05:07` (mm:ss) under an hour, `1:05:07` (h:mm:ss) past it.
 * Negative, fractional and non-finite seconds count as the whole seconds they reach (0 at least).
 */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const hours = Math.floor(s / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  const mmss = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

const PHONE = /^\+?[0-9][0-9 ().-]{2,}$/;

/** A phone number from an address: `+14155550100`, or `whatsapp:+14155550100` / `tel:…`. */
function phoneOf(value: string | undefined): string | undefined {
  const number = value?.replace(/^[a-z]+:/i, '');
  return number !== undefined && PHONE.test(number) ? number : undefined;
}

/**
 * The customer of a task, for the screen pop and the CRM events, from its TaskRouter attributes:
 *
 * - `phone`: the `phone` attribute, else `from` when it is a number (a chat's `from` is an
 *   identity, not a phone; a channel prefix such as `whatsapp:` is dropped).
 * - `email`, `crmId`: the attributes of those names.
 * - `name`: `name`, else `customerName`, else the phone, else `from`, else the email, else
 *   `Customer`.
 *
 * Only non-empty strings count. Attributes may also be a JSON string (as TaskRouter sends them).
 */
export function customerFromAttributes(attributes: unknown): Customer {
  let source: unknown = attributes;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source) as unknown;
    } catch {
      source = {};
    }
  }
  const record = source && typeof source === 'object' && !Array.isArray(source) ? (source as Record<string, unknown>) : {};
  const str = (key: string): string | undefined => {
    const value = record[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const from = str('from');
  const phone = phoneOf(str('phone')) ?? phoneOf(from);
  const email = str('email');
  const crmId = str('crmId');
  return {
    name: str('name') ?? str('customerName') ?? phone ?? from ?? email ?? 'Customer',
    ...(phone === undefined ? {} : { phone }),
    ...(email === undefined ? {} : { email }),
    ...(crmId === undefined ? {} : { crmId }),
  };
}
