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

/** How the last `rows()` call got its answer (for tests and profiling). */
export type RowsUpdate = 'unchanged' | 'patched' | 'rebuilt';

const HELD = new Set(['reserved', 'assigned', 'wrapping']);
const EMPTY: readonly Task[] = Object.freeze([]);
/**
 * Past this many changed agents in one frame, filtering and sorting everything again is cheaper
 * than placing each one by binary search.
 */
const PATCH_LIMIT = 500;

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

type Matcher = (row: AgentRow) => boolean;

function matcher(filter: AgentFilter): Matcher | undefined {
  const activities = new Set(filter.activities);
  const teams = new Set(filter.teams);
  const skills = filter.skills;
  const queues = filter.queues;
  const needle = filter.search.trim().toLowerCase();
  if (!activities.size && !teams.size && !skills.length && !queues.length && !needle) return undefined;
  return (row) =>
    (!activities.size || activities.has(row.worker.activitySid)) &&
    (!teams.size || teams.has(row.team)) &&
    (!skills.length || skills.some((s) => s in row.worker.skills)) &&
    (!queues.length || queues.some((q) => row.worker.queueSids.includes(q))) &&
    (!needle || row.haystack.includes(needle));
}

/** Counts of values (teams, skills) across rows; says when the set of distinct values changes. */
class ValueCounts {
  readonly #counts = new Map<string, number>();
  #sorted: string[] | undefined;

  add(value: string, by: 1 | -1): void {
    const count = (this.#counts.get(value) ?? 0) + by;
    if (count > 0) {
      if (!this.#counts.has(value)) this.#sorted = undefined;
      this.#counts.set(value, count);
    } else {
      this.#counts.delete(value);
      this.#sorted = undefined;
    }
  }

  clear(): void {
    this.#counts.clear();
    this.#sorted = undefined;
  }

  /** The distinct values, sorted; the same array until the set changes. */
  sorted(): string[] {
    if (!this.#sorted) {
      const collator = new Intl.Collator(undefined, { numeric: true });
      this.#sorted = [...this.#counts.keys()].sort(collator.compare);
    }
    return this.#sorted;
  }
}

/**
 * Turns the store's workers, tasks, activities and queues into Teams View rows, filtered and
 * sorted, incrementally: a frame in which a few agents changed costs one pass over the workers
 * (an identity check each), a new row object for each changed agent, and a binary-search removal
 * and insertion of each in the sorted list. Nothing is filtered or sorted again unless the filter,
 * the sort, the activities or the queues changed, or hundreds of agents changed at once. A row
 * whose worker and tasks did not change keeps its object, so row templates can be guarded on it.
 * Rendering reads `rows(inputs)`; no row template filters or sorts.
 */
export class AgentRowsController implements ReactiveController {
  #filter: AgentFilter = emptyAgentFilter;
  #sort: SortState<AgentSortKey> = { key: 'name', direction: 'ascending' };

  /** Every agent's row, by worker sid. */
  #all = new Map<string, AgentRow>();
  /** The filtered, sorted rows last returned (never mutated once returned). */
  #view: AgentRow[] = [];
  #inputs: AgentInputs | undefined;
  #byWorker: Map<string, Task[]> | undefined;
  #viewFilter: AgentFilter | undefined;
  #viewSort: SortState<AgentSortKey> | undefined;
  #match: Matcher | undefined;
  readonly #teams = new ValueCounts();
  readonly #skills = new ValueCounts();
  #lastUpdate: RowsUpdate = 'rebuilt';

  readonly #sorter = new TableSorter<AgentRow>(
    sortValue,
    (row) => row.name,
    (row) => row.sid,
  );

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

  /** The number of agents (before filtering) at the last `rows()` call. */
  get total(): number {
    return this.#all.size;
  }

  /** How the last `rows()` call got its answer. */
  get lastUpdate(): RowsUpdate {
    return this.#lastUpdate;
  }

  /** Distinct teams and skills across all agents (for the filter options), as of the last `rows()`. */
  options(): { teams: readonly string[]; skills: readonly string[] } {
    return { teams: this.#teams.sorted(), skills: this.#skills.sorted() };
  }

  /** Tasks held per worker sid. */
  readonly tasksByWorker = memo((tasks: Readonly<Record<string, Task>>) => {
    const index = new Map<string, Task[]>();
    for (const sid in tasks) {
      const task = tasks[sid];
      if (!task.workerSid || !HELD.has(task.status)) continue;
      let list = index.get(task.workerSid);
      if (!list) index.set(task.workerSid, (list = []));
      list.push(task);
    }
    for (const list of index.values()) if (list.length > 1) list.sort((a, b) => a.createdAt - b.createdAt);
    return index;
  });

  /** The rows to show for the current filter and sort. */
  rows(inputs: AgentInputs): AgentRow[] {
    const last = this.#inputs;
    const byWorker = this.tasksByWorker(inputs.tasks);
    const viewCurrent = this.#viewFilter === this.#filter && this.#viewSort === this.#sort;
    if (
      last &&
      viewCurrent &&
      last.workers === inputs.workers &&
      last.activities === inputs.activities &&
      last.queues === inputs.queues &&
      this.#byWorker === byWorker
    ) {
      this.#lastUpdate = 'unchanged';
      return this.#view;
    }
    if (!last || last.activities !== inputs.activities || last.queues !== inputs.queues) {
      this.#rebuildRows(inputs, byWorker);
      this.#rebuildView();
    } else {
      const changes = this.#changedRows(inputs, byWorker, last.workers !== inputs.workers, this.#byWorker !== byWorker);
      if (!viewCurrent || changes.length > PATCH_LIMIT) this.#rebuildView();
      else this.#patchView(changes);
    }
    this.#inputs = inputs;
    this.#byWorker = byWorker;
    return this.#view;
  }

  #row(worker: Worker, inputs: AgentInputs, tasks: readonly Task[]): AgentRow {
    const activity = inputs.activities[worker.activitySid];
    const skills = Object.keys(worker.skills).sort();
    const queueNames = worker.queueSids.map((sid) => inputs.queues[sid]?.name ?? sid);
    const team = worker.team ?? '';
    return {
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

  #count(row: AgentRow, by: 1 | -1): void {
    if (row.team) this.#teams.add(row.team, by);
    for (const skill of row.skills) this.#skills.add(skill, by);
  }

  /** Every row again (activities or queues changed: names in rows may have changed). */
  #rebuildRows(inputs: AgentInputs, byWorker: Map<string, Task[]>): void {
    const previous = this.#all;
    const all = new Map<string, AgentRow>();
    this.#teams.clear();
    this.#skills.clear();
    for (const sid in inputs.workers) {
      const worker = inputs.workers[sid];
      const tasks = byWorker.get(sid) ?? EMPTY;
      const old = previous.get(sid);
      const row =
        old && old.worker === worker && old.activity === inputs.activities[worker.activitySid] && sameTasks(old.tasks, tasks)
          ? old
          : this.#row(worker, inputs, tasks);
      all.set(sid, row);
      this.#count(row, 1);
    }
    this.#all = all;
  }

  /** Replaces the rows of agents whose worker or tasks changed; returns [before, after] pairs. */
  #changedRows(
    inputs: AgentInputs,
    byWorker: Map<string, Task[]>,
    workersChanged: boolean,
    tasksChanged: boolean,
  ): [AgentRow | undefined, AgentRow | undefined][] {
    const changes: [AgentRow | undefined, AgentRow | undefined][] = [];
    if (!workersChanged && !tasksChanged) return changes;
    const all = this.#all;
    const workers = inputs.workers;
    let seen = 0;
    for (const sid in workers) {
      seen++;
      const worker = workers[sid];
      const old = all.get(sid);
      if (old && old.worker === worker && !tasksChanged) continue;
      const tasks = tasksChanged || !old ? (byWorker.get(sid) ?? EMPTY) : old.tasks;
      if (old && old.worker === worker && sameTasks(old.tasks, tasks)) continue;
      const row = this.#row(worker, inputs, old && sameTasks(old.tasks, tasks) ? old.tasks : tasks);
      all.set(sid, row);
      if (old) this.#count(old, -1);
      this.#count(row, 1);
      changes.push([old, row]);
    }
    if (seen !== all.size) {
      for (const [sid, row] of all) {
        if (Object.hasOwn(workers, sid)) continue;
        all.delete(sid);
        this.#count(row, -1);
        changes.push([row, undefined]);
      }
    }
    return changes;
  }

  #rebuildView(): void {
    const match = matcher(this.#filter);
    const rows = [...this.#all.values()];
    this.#view = this.#sorter.sort(match ? rows.filter(match) : rows, this.#sort);
    this.#match = match;
    this.#viewFilter = this.#filter;
    this.#viewSort = this.#sort;
    this.#lastUpdate = 'rebuilt';
  }

  /** Moves each changed row to its new place (a new array: the one returned before is kept). */
  #patchView(changes: readonly [AgentRow | undefined, AgentRow | undefined][]): void {
    if (changes.length === 0) {
      this.#lastUpdate = 'unchanged';
      return;
    }
    const match = this.#match;
    const sort = this.#sort;
    const view = this.#view.slice();
    for (const [before, after] of changes) {
      if (before && (!match || match(before))) this.#sorter.remove(view, before, sort);
      if (after && (!match || match(after))) this.#sorter.insert(view, after, sort);
    }
    this.#view = view;
    this.#lastUpdate = 'patched';
  }
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
