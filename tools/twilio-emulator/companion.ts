import type { CompanionSettings } from '../../server/index.mjs';
import type { Emulator } from './emulator.js';
import { TEST_ACCOUNT } from './tokens.js';

/** Settings of the companion server (server/) for the emulator's test account, its `twilio` client sent to the emulator's REST API. */
export function companionSettings(emulator: Emulator, overrides: Partial<CompanionSettings> = {}): CompanionSettings {
  return {
    accountSid: TEST_ACCOUNT.accountSid,
    apiKeySid: TEST_ACCOUNT.apiKeySid,
    apiKeySecret: TEST_ACCOUNT.apiKeySecret,
    workspaceSid: emulator.engine.workspaceSid,
    conversationsServiceSid: TEST_ACCOUNT.conversationsServiceSid,
    syncServiceSid: TEST_ACCOUNT.syncServiceSid,
    twimlAppSid: TEST_ACCOUNT.outgoingApplicationSid,
    allowedOrigins: [],
    tokenTtl: 600,
    port: 0,
    host: '127.0.0.1',
    apiBaseUrl: `${emulator.url}/twilio`,
    ...overrides,
  };
}

/**
 * Starts the companion server for the emulator (`cli.ts --server`, the browser tests' emulator), so
 * coach, barge and the other server operations run end to end; loopback test pages on ephemeral
 * ports may call it from any origin (development only).
 */
export async function startCompanion(emulator: Emulator): Promise<{ url: string; close: () => Promise<void> }> {
  const { createCompanionServer } = await import('../../server/index.mjs');
  const companion = createCompanionServer({ settings: companionSettings(emulator, { allowedOrigins: ['*'] }), onError: () => {} });
  const { server, url } = await companion.listen(0);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
