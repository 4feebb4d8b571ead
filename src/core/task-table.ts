// The in-memory image of a store's tasks and the helpers every task operation shares.
import { PolecatError } from "./errors.js";
import type { TaskStatus } from "./status.js";
import type { EventFilter, EventRecord, Lease, TaskFilter, TaskRecord } from "./ports/store.js";

/** The tasks the pure store rules read, keyed by `taskKey`, with a status index (claims scan only `active`). */
export interface TaskTable {
  get(key: string): TaskRecord | undefined;
  values(): Iterable<TaskRecord>;
  withStatus(status: TaskStatus): Iterable<TaskRecord>;
  /** The `active` tasks best first (`claimOrder`), so a claim stops at the first one it may take. */
  activeInClaimOrder(): Iterable<TaskRecord>;
  /** In-progress leases per worker type: capacity limits a worker type machine-wide, not per project. */
  runningByType(): ReadonlyMap<string, number>;
}

/** Claim order: priority (high first), then critical path (long first), then age (old first). */
export function claimOrder(a: TaskRecord, b: TaskRecord): number {
  return b.spec.priority - a.spec.priority || b.critical_path - a.critical_path || a.seq - b.seq;
}

/** The first position in `sorted` (by claimOrder) where `task` belongs. */
function claimPosition(sorted: readonly TaskRecord[], task: TaskRecord): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (claimOrder(sorted[mid] as TaskRecord, task) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A TaskTable updated in place: how a backend holds the state the rules run over. Records are never mutated
 * once set (they are replaced), which keeps the claim order of the kept records valid. The active tasks are
 * sorted on first demand and then kept sorted per change, so a bulk load pays one sort, not one insert each.
 */
export class TaskIndex implements TaskTable {
  private readonly all = new Map<string, TaskRecord>();
  private readonly byStatus = new Map<TaskStatus, Map<string, TaskRecord>>();
  private readonly running = new Map<string, number>();
  private active: TaskRecord[] | undefined;

  get(key: string): TaskRecord | undefined {
    return this.all.get(key);
  }

  values(): Iterable<TaskRecord> {
    return this.all.values();
  }

  withStatus(status: TaskStatus): Iterable<TaskRecord> {
    return this.byStatus.get(status)?.values() ?? [];
  }

  activeInClaimOrder(): Iterable<TaskRecord> {
    this.active ??= [...this.withStatus("active")].sort(claimOrder);
    return this.active.values();
  }

  runningByType(): ReadonlyMap<string, number> {
    return this.running;
  }

  /** Adds or replaces a task. */
  set(task: TaskRecord): void {
    const key = taskKey(task.project, task.id);
    const old = this.all.get(key);
    if (old !== undefined) {
      this.byStatus.get(old.status)?.delete(key);
      this.unindex(old);
    }
    this.all.set(key, task);
    let bucket = this.byStatus.get(task.status);
    if (bucket === undefined) this.byStatus.set(task.status, (bucket = new Map<string, TaskRecord>()));
    bucket.set(key, task);
    if (task.status === "active") this.active?.splice(claimPosition(this.active, task), 0, task);
    if (task.status === "in_progress" && task.lease !== undefined) this.countRunning(task.lease.worker_type, 1);
  }

  clear(): void {
    this.all.clear();
    this.byStatus.clear();
    this.running.clear();
    this.active = undefined;
  }

  private unindex(old: TaskRecord): void {
    if (old.status === "active" && this.active !== undefined) {
      const at = claimPosition(this.active, old);
      this.active.splice(this.active[at] === old ? at : this.active.indexOf(old), 1);
    }
    if (old.status === "in_progress" && old.lease !== undefined) this.countRunning(old.lease.worker_type, -1);
  }

  private countRunning(workerType: string, delta: number): void {
    const count = (this.running.get(workerType) ?? 0) + delta;
    if (count === 0) this.running.delete(workerType);
    else this.running.set(workerType, count);
  }
}

/** Failed attempts before a task is blocked, when the caller does not say. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The table key of a task; tasks are unique per (project, id). */
export function taskKey(project: string, id: string): string {
  return `${project}\u0000${id}`;
}

/** What one operation decided: its answer, the records it rewrote and the events to append. */
export interface StateChange<T> {
  result: T;
  upserts: TaskRecord[];
  events: EventRecord[];
}

/** An answer that writes nothing. */
export function noChange<T>(result: T): StateChange<T> {
  return { result, upserts: [], events: [] };
}

/** Looks a task up or throws E_NOT_FOUND, so operations never write to a task that is not there. */
export function requireTask(table: TaskTable, project: string, id: string): TaskRecord {
  const task = table.get(taskKey(project, id));
  if (task === undefined) throw new PolecatError("E_NOT_FOUND", `task ${project}/${id} not found`);
  return task;
}

/** True when a task matches every given field of a list filter. */
export function matchesFilter(task: TaskRecord, filter: TaskFilter): boolean {
  const statuses = typeof filter.status === "string" ? [filter.status] : filter.status;
  return (
    (filter.project === undefined || task.project === filter.project) &&
    (statuses === undefined || statuses.includes(task.status)) &&
    (filter.batch === undefined || task.batch === filter.batch) &&
    (filter.tag === undefined || task.spec.tags.includes(filter.tag)) &&
    (filter.ids === undefined || filter.ids.includes(task.id))
  );
}

/** The tasks a filter selects, in creation order (the order `list` answers in on every backend). */
export function listTasks(table: TaskTable, filter: TaskFilter = {}): TaskRecord[] {
  const statuses = typeof filter.status === "string" ? [filter.status] : filter.status;
  const scope = statuses === undefined ? [...table.values()] : statuses.flatMap((s) => [...table.withStatus(s)]);
  return scope.filter((t) => matchesFilter(t, filter)).sort((a, b) => a.seq - b.seq);
}

const LEVELS: readonly EventRecord["level"][] = ["debug", "info", "warn", "error"];

/** True when an event matches a filter; `level` is a minimum severity, like a log viewer's. */
export function matchesEventFilter(event: EventRecord, filter: EventFilter): boolean {
  return (
    (filter.project === undefined || event.project === filter.project) &&
    (filter.task_id === undefined || event.task_id === filter.task_id) &&
    (filter.since === undefined || event.ts >= filter.since) &&
    (filter.level === undefined || LEVELS.indexOf(event.level) >= LEVELS.indexOf(filter.level))
  );
}

/** Ties together every event of one attempt at a task (claim, heartbeats, finish, review). */
export function attemptCorrelation(task: Pick<TaskRecord, "project" | "id" | "attempt">): string {
  return `${task.project}/${task.id}#${task.attempt}`;
}

/** An event about a task, with the fields every task event carries filled in. */
export function taskEvent(
  now: number,
  event: string,
  task: TaskRecord,
  fields: Partial<Omit<EventRecord, "ts" | "event" | "project" | "task_id">> = {},
): EventRecord {
  return {
    ts: now,
    event,
    level: "info",
    project: task.project,
    task_id: task.id,
    state: task.status,
    attempt: task.attempt,
    correlation_id: attemptCorrelation(task),
    ...fields,
  };
}

/** A copy of a task without its lease; a lease exists only while the task is in progress. */
export function dropLease(task: TaskRecord): TaskRecord {
  const { lease: _lease, ...rest } = task;
  return rest;
}

/** The name a lease goes by in events, notes and views: its slot (`scripted-1`), else its owner id. */
export function leaseHolder(lease: Pick<Lease, "owner" | "slot">): string {
  return lease.slot ?? lease.owner;
}
