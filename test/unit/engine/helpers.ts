import { ContactCenterEngine } from '../../../src/engine/engine.js';
import { VirtualClock } from '../../../src/engine/clock.js';
import type { WorkspaceConfig } from '../../../src/engine/config.js';

/** An engine with Sales/Support queues and three agents, on a virtual clock. */
export function floor(overrides: Partial<WorkspaceConfig> = {}) {
  const clock = new VirtualClock(Date.UTC(2025, 0, 6, 9));
  const engine = new ContactCenterEngine(
    {
      queues: [
        { name: 'Sales', targetWorkers: 'skills HAS "sales"' },
        { name: 'Support', targetWorkers: 'skills HAS "support"' },
      ],
      workers: [
        { name: 'Ann', skills: { sales: 5 }, activity: 'Available' },
        { name: 'Bob', skills: { sales: 3, support: 5 }, activity: 'Available' },
        { name: 'Cid', skills: { support: 4 }, activity: 'Offline' },
      ],
      reservationTimeout: 30,
      ...overrides,
    },
    { clock },
  );
  const sid = (name: string) => engine.listWorkers().find((w) => w.name === name)!.sid;
  const activity = (name: string) => engine.activity(name)!.sid;
  return { clock, engine, sid, activity };
}
