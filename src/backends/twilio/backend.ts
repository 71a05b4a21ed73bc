import type { DomainEvent } from '../../core/domain-events.js';
import type { Backend, CommandName, CommandResults, Commands, SessionOptions } from '../backend.js';
import { runCommand } from './commands.js';
import { TwilioSession } from './session.js';
import { decodeAccessToken, tokenUrlProvider } from './tokens.js';

export type { TwilioBackendOptions } from './options.js';

/**
 * The Twilio backend: the Backend port over twilio-taskrouter, @twilio/voice-sdk, Conversations and
 * Sync, done the way Flex does each operation. The parts live beside it: session.ts (token, worker,
 * connection status), tasks.ts (reservations, tasks, directory), voice.ts (Device, legs, calls),
 * chat.ts (conversations), supervisor.ts (workspace view, monitoring); commands.ts runs one typed
 * handler per command.
 */
class TwilioBackendImpl implements Backend {
  readonly name = 'twilio';
  readonly #session = new TwilioSession();

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    return this.#session.subscribe(listener);
  }

  connect(session: SessionOptions): Promise<void> {
    return this.#session.connect(session);
  }

  disconnect(): Promise<void> {
    return this.#session.disconnect();
  }

  execute<K extends CommandName>(name: K, payload: Commands[K]): Promise<CommandResults[K]> {
    return runCommand(this.#session, name, payload);
  }
}

/** Creates the Twilio backend. The SDKs load on connect, with dynamic import(). */
export function createTwilioBackend(): Backend {
  return new TwilioBackendImpl();
}

export { decodeAccessToken, tokenUrlProvider };
