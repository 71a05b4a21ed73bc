import { FlexError } from '../core/errors.js';
import type { Backend, BackendFactory } from './backend.js';
import { createSimulatorBackend } from './simulator/index.js';

const factories = new Map<string, BackendFactory>([
  ['simulator', () => createSimulatorBackend()],
  // Loaded on demand: a page on the simulator never downloads the Twilio SDKs.
  ['twilio', async () => (await import('./twilio/backend.js')).createTwilioBackend()],
]);

/** Makes a backend available to `<flex-provider backend="name">` (custom backends, tests). */
export function registerBackend(name: string, factory: BackendFactory): void {
  factories.set(name, factory);
}

export function backendNames(): string[] {
  return [...factories.keys()];
}

/**
 * Creates the named backend. An unknown name, or a factory that fails, gives a backend whose
 * `connect` rejects with a readable error, so the failure reaches the UI the usual way.
 */
export async function createBackend(name: string): Promise<Backend> {
  const factory = factories.get(name);
  if (!factory) {
    return failedBackend(
      name,
      new FlexError(
        'unknown-backend',
        `Unknown backend "${name}". Use one of: ${backendNames().map((n) => `"${n}"`).join(', ')}.`,
        false,
      ),
    );
  }
  try {
    return await factory();
  } catch (cause) {
    return failedBackend(name, FlexError.from(cause, 'backend-unavailable'));
  }
}

function failedBackend(name: string, error: FlexError): Backend {
  return {
    name,
    connect: () => Promise.reject(error),
    disconnect: () => Promise.resolve(),
    subscribe: () => () => {},
    execute: () => Promise.reject(error),
  };
}
