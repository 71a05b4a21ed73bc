// Helpers the emulator's Node tests share.
import type { Emulator } from '../../../tools/twilio-emulator/emulator.js';

/** The next `event` of an SDK object (a Worker, a Reservation). */
export function once<T = unknown>(emitter: { once(event: string, fn: (...args: any[]) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, (value: T) => resolve(value)));
}

/** A POST to the emulator (its control API, or a raw EventBridge request), answered as JSON. */
export async function post(emulator: Emulator, path: string, body: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return response.json();
}
