import { FlexError } from '../core/errors.js';
import type { Backend, BackendFactory } from './backend.js';

/**
 * The simulator (its engine is most of its weight) loads on demand too, so a Twilio page never
 * downloads it. The provider starts this import as soon as it connects (see `preloadBackend`).
 */
const loadSimulator = () => import('./simulator/index.js');
const simulatorFactory: BackendFactory = async () => (await loadSimulator()).createSimulatorBackend();

const factories = new Map<string, BackendFactory>([
  ['simulator', simulatorFactory],
  // Loaded on demand: a page on the simulator never downloads the Twilio SDKs.
  ['twilio', twilioFactory(() => import('./twilio/backend.js'))],
]);

/** The optional peer dependencies backend="twilio" loads. */
export const TWILIO_SDKS = ['twilio-taskrouter', '@twilio/voice-sdk', '@twilio/conversations', 'twilio-sync'];

/** The Twilio backend's factory: a module that fails to load (SDKs not installed) says what to install. */
export function twilioFactory(load: () => Promise<typeof import('./twilio/backend.js')>): BackendFactory {
  return async () => {
    let module: Awaited<ReturnType<typeof load>>;
    try {
      module = await load();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new FlexError(
        'backend-unavailable',
        `backend="twilio" needs the Twilio SDKs: npm install ${TWILIO_SDKS.join(' ')} (${reason})`,
        false,
        { cause },
      );
    }
    return module.createTwilioBackend();
  };
}

/** Makes a backend available to `<flex-provider backend="name">` (custom backends, tests). */
export function registerBackend(name: string, factory: BackendFactory): void {
  factories.set(name, factory);
}

/**
 * Starts downloading a built-in backend's code without creating it (the provider calls it when it
 * connects, before its own first update), so the simulator's chunk is on its way at once.
 */
export function preloadBackend(name: string): void {
  if (name === 'simulator' && factories.get('simulator') === simulatorFactory) void loadSimulator().catch(() => {});
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
