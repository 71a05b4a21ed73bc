import type { Backend, CommandName, Commands, SessionOptions } from '../../src/backends/backend.js';
import type { DomainEvent } from '../../src/core/domain-events.js';
import type { Activity, Worker } from '../../src/core/model.js';

export const activities: Activity[] = [
  { sid: 'WA1', name: 'Available', available: true },
  { sid: 'WA2', name: 'Unavailable', available: false },
  { sid: 'WA3', name: 'Offline', available: false },
];

export function worker(sid: string, name: string, activitySid = 'WA3'): Worker {
  return {
    sid,
    name,
    identity: `${name.toLowerCase()}@example.com`,
    activitySid,
    activitySince: 0,
    skills: {},
    languages: ['en'],
    channels: { chat: { capacity: 2, assigned: 0, available: true } },
    queueSids: [],
    attributes: {},
  };
}

/**
 * A backend for tests of the spine: it records commands and lets a test emit any domain events.
 */
export class FakeBackend implements Backend {
  readonly name = 'fake';
  readonly commands: { name: CommandName; payload: unknown }[] = [];
  session?: SessionOptions;
  connected = false;
  connectError?: Error;
  #listeners = new Set<(events: readonly DomainEvent[]) => void>();

  connect(session: SessionOptions): Promise<void> {
    this.session = session;
    if (this.connectError) return Promise.reject(this.connectError);
    this.connected = true;
    this.emit(
      { type: 'session', workerSid: 'WK0', identity: session.identity, role: session.role, workspaceSid: 'WS1' },
      { type: 'activities', activities },
      { type: 'worker', worker: worker('WK0', 'Me') },
    );
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  execute<K extends CommandName>(name: K, payload: Commands[K]): Promise<any> {
    this.commands.push({ name, payload });
    return Promise.resolve(undefined);
  }

  emit(...events: DomainEvent[]): void {
    for (const listener of this.#listeners) listener(events);
  }
}
