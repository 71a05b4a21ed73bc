import { createSimulatorBackend } from '../../../src/backends/simulator/index.js';
import type { Role } from '../../../src/core/model.js';
import { createStore } from '../../../src/core/store.js';

/**
 * A simulator backend feeding a store, connected as sam.lee on a fixed Monday morning with a
 * manual clock; `options` are the simulator's (traffic, agents, seed, …).
 */
export async function connectSimulator(options: Record<string, unknown> = {}, role: Role = 'agent') {
  const backend = createSimulatorBackend();
  const store = createStore({ scheduler: () => () => undefined });
  backend.subscribe((events) => store.dispatch(events));
  await backend.connect({
    identity: 'sam.lee',
    role,
    options: { traffic: false, autoAdvance: false, seed: 3, startTime: Date.UTC(2025, 0, 6, 10), ...options },
  });
  return { backend, store, state: () => store.getState() };
}
