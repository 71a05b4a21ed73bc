// Starts the loopback Twilio emulator and the companion server pointed at it (the real `twilio`
// package, its REST calls redirected to the emulator), for the server's unit tests.
import { createCompanionServer, type CompanionSettings } from '../../../server/index.mjs';
import { startEmulator, type Emulator } from '../../../tools/twilio-emulator/emulator.js';
import { companionSettings } from '../../../tools/twilio-emulator/companion.js';

export const PAGE_ORIGIN = 'http://crm.example.test';

export interface Harness {
  emulator: Emulator;
  url: string;
  /** A token minted by the emulator for an identity (its worker created on the way). */
  token(identity: string, role?: string, ttl?: number): string;
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export function serverSettings(emulator: Emulator, extra: Partial<CompanionSettings> = {}): CompanionSettings {
  return companionSettings(emulator, { allowedOrigins: [PAGE_ORIGIN], ...extra });
}

export async function startHarness(options: { emulator?: Emulator; settings?: Partial<CompanionSettings> } = {}): Promise<Harness> {
  const emulator = options.emulator ?? (await startEmulator({ reservationTimeout: 120 }));
  const companion = createCompanionServer({ settings: serverSettings(emulator, options.settings), onError: () => {} });
  const { server, url } = await companion.listen(0);
  return {
    emulator,
    url,
    token: (identity, role, ttl) => emulator.token(identity, { ...(role ? { role } : {}), ...(ttl ? { ttl } : {}) }),
    async call(method, path, { token, body, headers = {} } = {}) {
      const response = await fetch(url + path, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.emulator) await emulator.close();
    },
  };
}
