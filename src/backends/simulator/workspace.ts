import type { WorkspaceConfig, QueueConfig, WorkerConfig, WorkflowConfig } from '../../engine/config.js';
import { Random } from '../../engine/random.js';

const BASE_QUEUES: readonly QueueConfig[] = [
  {
    name: 'Sales',
    targetWorkers: 'skills HAS "sales"',
    channels: ['voice', 'chat', 'sms', 'whatsapp', 'callback'],
    serviceLevelThreshold: 20,
  },
  { name: 'Support', targetWorkers: 'skills HAS "support"', channels: ['voice', 'chat', 'sms', 'whatsapp', 'email', 'callback', 'voicemail'] },
  {
    name: 'Billing',
    targetWorkers: 'skills HAS "billing"',
    channels: ['voice', 'chat', 'email'],
    serviceLevelThreshold: 45,
  },
  {
    name: 'Soporte (ES)',
    targetWorkers: 'skills HAS "support" AND languages HAS "es"',
    channels: ['voice', 'chat', 'whatsapp'],
  },
];
const TOPICS = ['sales', 'support', 'billing', 'claims', 'retention', 'tech', 'orders', 'returns', 'vip', 'fraud'];
const TEAMS = ['gold', 'silver', 'bronze', 'platinum'];
const FIRST = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Casey',
  'Riley',
  'Morgan',
  'Jamie',
  'Avery',
  'Quinn',
  'Rowan',
  'Skyler',
  'Dana',
  'Robin',
  'Kai',
  'Noa',
];
const LAST = [
  'Reed',
  'Hart',
  'Lane',
  'Cruz',
  'Bell',
  'Shaw',
  'Ford',
  'Wade',
  'Park',
  'Diaz',
  'Ng',
  'Roy',
  'Hale',
  'Vega',
  'Kerr',
  'Moss',
];

/** The skill a generated queue routes on. */
export function queueSkill(index: number): string {
  if (index < 4) return ['sales', 'support', 'billing', 'support'][index];
  return `${TOPICS[index % TOPICS.length]}-${Math.floor(index / TOPICS.length) + 1}`;
}

/** The generated queues: Sales, Support, Billing, Soporte (ES), then topic queues. */
export function generateQueues(count: number): QueueConfig[] {
  const queues: QueueConfig[] = [];
  for (let i = 0; i < count; i++) {
    if (i < BASE_QUEUES.length) {
      queues.push(BASE_QUEUES[i]);
      continue;
    }
    const skill = queueSkill(i);
    queues.push({ name: `${skill[0].toUpperCase()}${skill.slice(1)}`, targetWorkers: `skills HAS "${skill}"` });
  }
  return queues;
}

/** The workflow: each queue's filter on `selected_queue`, escalating to Support after two minutes. */
export function generateWorkflow(queues: readonly QueueConfig[]): WorkflowConfig {
  const fallback = queues.find((q) => q.name === 'Support')?.name;
  return {
    name: 'Assign to Anyone',
    filters: queues.map((q) => ({
      name: q.name,
      expression: `selected_queue == ${JSON.stringify(q.name)}`,
      targets:
        fallback && q.name !== fallback
          ? [
              { queue: q.name, timeout: 120 },
              { queue: fallback, priority: 1 },
            ]
          : [{ queue: q.name }],
    })),
    defaultTarget: { queue: queues[0].name },
  };
}

/** Bot agents with seeded names, skills, languages, teams and capacities. */
export function generateBots(count: number, queueCount: number, random: Random): WorkerConfig[] {
  const bots: WorkerConfig[] = [];
  const skillPool = Array.from({ length: Math.max(queueCount, 3) }, (_, i) => queueSkill(i)).filter(
    (s, i, a) => a.indexOf(s) === i,
  );
  for (let i = 0; i < count; i++) {
    const skills: Record<string, number> = {};
    // Everyone covers one of the base queues, plus a few topic queues.
    skills[skillPool[i % Math.min(3, skillPool.length)]] = random.int(3, 10);
    const extra = random.int(1, 3);
    for (let k = 0; k < extra; k++) skills[random.pick(skillPool)] = random.int(1, 10);
    const languages = random.chance(0.3) ? ['en', 'es'] : random.chance(0.1) ? ['en', 'fr'] : ['en'];
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    bots.push({
      name,
      identity: `agent.${i + 1}`,
      email: `agent.${i + 1}@contact-center.example`,
      skills,
      languages,
      team: TEAMS[i % TEAMS.length],
      capacity: { chat: random.int(2, 3), sms: 2, whatsapp: 2, email: 3 },
      activity: random.chance(0.82) ? 'Available' : random.chance(0.5) ? 'Unavailable' : 'Offline',
      attributes: { bot: true, level: random.int(1, 5) },
    });
  }
  return bots;
}

/** The simulator's default workspace for `agents` bots and `queues` queues. */
export function generateWorkspace(options: { bots: number; queues: number; seed: number }): WorkspaceConfig {
  const random = new Random(options.seed ^ 0xa9e47);
  const queues = generateQueues(options.queues);
  return {
    workspace: { name: 'Simulated Contact Center' },
    queues,
    workflows: [generateWorkflow(queues)],
    workers: generateBots(options.bots, options.queues, random),
    reservationTimeout: 30,
  };
}

/** Every skill the generated queues route on (the person at the keyboard gets them all). */
export function allQueueSkills(queueCount: number): string[] {
  return [...new Set(Array.from({ length: queueCount }, (_, i) => queueSkill(i)))];
}
