import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Activity, Queue, Task, Worker } from '../core/model.js';
import { TableSorter, type SortState } from './table-sort.js';

/** What the Teams View shows for one agent. */
export interface AgentRow {
  readonly sid: string;
  readonly worker: Worker;
  readonly name: string;
  readonly activity: Activity | undefined;
  readonly activityName: string;
  /** Tasks the agent holds now (reserved, assigned or wrapping), oldest first. */
  readonly tasks: readonly Task[];
  readonly skills: readonly string[];
  readonly team: string;
  readonly queueNames: readonly string[];
  /** Lower-cased text the free-text search looks in. */
  readonly haystack: string;
}

export type AgentSortKey = 'name' | 'activity' | 'time' | 'tasks' | 'skills' | 'team' | 'queues';

export interface AgentFilter {
  /** Activity sids; empty means any. */
  readonly activities: readonly string[];
  readonly teams: readonly string[];
  readonly skills: readonly string[];
  /** Queue sids. */
  readonly queues: readonly string[];
  readonly search: string;
}

export const emptyAgentFilter: AgentFilter = Object.freeze({ activities: [], teams: [], skills: [], queues: [], search: '' });

export interface AgentInputs {
  readonly workers: Readonly<Record<string, Worker>>;
  readonly activities: Readonly<Record<string, Activity>>;
  readonly queues: Readonly<Record<string, Queue>>;
  readonly tasks: Readonly<Record<string, Task>>;
}

const HELD = new Set(['reserved', 'assigned', 'wrapping']);
const EMPTY: readonly Task[] = Object.freeze([]);

/** Memoizes one step on the identity of its inputs. */
function memo<A extends readonly unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let result: R;
  return (...args: A) => {
    if (!last || last.length !== args.length || args.some((a, i) => !Object.is(a, last![i]))) {
      result = fn(...args);
      last = args;
    }
    return result;
  };
}

/**
 * Turns the store's workers, tasks, activities and queues into Teams View rows, filtered and
 * sorted. Each step is memoized on the identity of its inputs, so a frame in which nothing
 * relevant changed costs nothing, and a row whose worker and tasks did not change keeps its object.
 * Rendering reads `rows(inputs)`; no row template filters or sorts.
 */
export class AgentRowsController implements ReactiveController {
  #filter: AgentFilter = emptyAgentFilter;
  #sort: SortState<AgentSortKey> = { key: 'name', direction: 'ascending' };
  #previousRows = new Map<string, AgentRow>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  get filter(): AgentFilter {
    return this.#filter;
  }

  set filter(filter: AgentFilter) {
    this.#filter = filter;
    this.host.requestUpdate();
  }

  get sort(): SortState<AgentSortKey> {
    return this.#sort;
  }

  set sort(sort: SortState<AgentSortKey>) {
    this.#sort = sort;
    this.host.requestUpdate();
  }

  /** Tasks held per worker sid. */
  readonly tasksByWorker = memo((tasks: Readonly<Record<string, Task>>) => {
    const index = new Map<string, Task[]>();
    for (const task of Object.values(tasks)) {
      if (!task.workerSid || !HELD.has(task.status)) continue;
      let list = index.get(task.workerSid);
      if (!list) index.set(task.workerSid, (list = []));
      list.push(task);
    }
    for (const list of index.values()) list.sort((a, b) => a.createdAt - b.createdAt);
    return index;
  });

  readonly #allRows = memo(
    (
      workers: AgentInputs['workers'],
      activities: AgentInputs['activities'],
      queues: AgentInputs['queues'],
      byWorker: Map<string, Task[]>,
    ): AgentRow[] => {
      const previous = this.#previousRows;
      const next = new Map<string, AgentRow>();
      const rows: AgentRow[] = [];
      for (const worker of Object.values(workers)) {
        const tasks = byWorker.get(worker.sid) ?? EMPTY;
        const activity = activities[worker.activitySid];
        const old = previous.get(worker.sid);
        let row: AgentRow;
        if (old && old.worker === worker && old.activity === activity && sameTasks(old.tasks, tasks)) {
          row = old;
        } else {
          const skills = Object.keys(worker.skills).sort();
          const queueNames = worker.queueSids.map((sid) => queues[sid]?.name ?? sid);
          const team = worker.team ?? '';
          row = {
            sid: worker.sid,
            worker,
            name: worker.name,
            activity,
            activityName: activity?.name ?? '',
            tasks,
            skills,
            team,
            queueNames,
            haystack: [worker.name, worker.identity, worker.email ?? '', team, activity?.name ?? '', ...skills, ...queueNames]
              .join('\n')
              .toLowerCase(),
          };
        }
        next.set(worker.sid, row);
        rows.push(row);
      }
      this.#previousRows = next;
      return rows;
    },
  );

  readonly #filtered = memo((rows: AgentRow[], filter: AgentFilter): AgentRow[] => {
    const activities = new Set(filter.activities);
    const teams = new Set(filter.teams);
    const skills = filter.skills;
    const queues = filter.queues;
    const needle = filter.search.trim().toLowerCase();
    if (!activities.size && !teams.size && !skills.length && !queues.length && !needle) return rows;
    return rows.filter(
      (row) =>
        (!activities.size || activities.has(row.worker.activitySid)) &&
        (!teams.size || teams.has(row.team)) &&
        (!skills.length || skills.some((s) => s in row.worker.skills)) &&
        (!queues.length || queues.some((q) => row.worker.queueSids.includes(q))) &&
        (!needle || row.haystack.includes(needle)),
    );
  });

  readonly #sorter = new TableSorter<AgentRow>(sortValue, (row) => row.name, (row) => row.sid);
  readonly #sorted = memo((rows: AgentRow[], sort: SortState<AgentSortKey>): AgentRow[] => this.#sorter.sort(rows, sort));

  /** The rows to show for the current filter and sort. */
  rows(inputs: AgentInputs): AgentRow[] {
    const all = this.#allRows(inputs.workers, inputs.activities, inputs.queues, this.tasksByWorker(inputs.tasks));
    return this.#sorted(this.#filtered(all, this.#filter), this.#sort);
  }

  /** Distinct teams and skills across all workers (for the filter options). */
  readonly options = memo((workers: AgentInputs['workers']) => {
    const teams = new Set<string>();
    const skills = new Set<string>();
    for (const worker of Object.values(workers)) {
      if (worker.team) teams.add(worker.team);
      for (const skill of Object.keys(worker.skills)) skills.add(skill);
    }
    const collator = new Intl.Collator(undefined, { numeric: true });
    return { teams: [...teams].sort(collator.compare), skills: [...skills].sort(collator.compare) };
  });
}

function sameTasks(a: readonly Task[], b: readonly Task[]): boolean {
  return a === b || (a.length === b.length && a.every((t, i) => t === b[i]));
}

function sortValue(row: AgentRow, key: string): string | number | undefined {
  switch (key as AgentSortKey) {
    case 'name':
      return row.name;
    case 'activity':
      return row.activityName;
    case 'time':
      // Ascending: the shortest time in the activity first.
      return -row.worker.activitySince;
    case 'tasks':
      return row.tasks.length;
    case 'skills':
      return row.skills.join(', ') || undefined;
    case 'team':
      return row.team || undefined;
    case 'queues':
      return row.queueNames.join(', ') || undefined;
    default:
      return undefined;
  }
}
