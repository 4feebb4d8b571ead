// The in-memory image of a store's tasks and the helpers every task operation shares.
import { PolecatError } from "./errors.js";
import type { TaskStatus } from "./status.js";
import type { EventFilter, EventRecord, TaskFilter, TaskRecord } from "./store.js";

/** The tasks the pure store rules read, keyed by `taskKey`, with a status index (claims scan only `active`). */
export interface TaskTable {
  get(key: string): TaskRecord | undefined;
  values(): Iterable<TaskRecord>;
  withStatus(status: TaskStatus): Iterable<TaskRecord>;
}

/** A TaskTable updated in place: how a backend holds the state the rules run over. */
export class TaskIndex implements TaskTable {
  private readonly all = new Map<string, TaskRecord>();
  private readonly byStatus = new Map<TaskStatus, Map<string, TaskRecord>>();

  get(key: string): TaskRecord | undefined {
    return this.all.get(key);
  }

  values(): Iterable<TaskRecord> {
    return this.all.values();
  }

  withStatus(status: TaskStatus): Iterable<TaskRecord> {
    return this.byStatus.get(status)?.values() ?? [];
  }

  /** Adds or replaces a task. */
  set(task: TaskRecord): void {
    const key = taskKey(task.project, task.id);
    const old = this.all.get(key);
    if (old !== undefined) this.byStatus.get(old.status)?.delete(key);
    this.all.set(key, task);
    let bucket = this.byStatus.get(task.status);
    if (bucket === undefined) this.byStatus.set(task.status, (bucket = new Map<string, TaskRecord>()));
    bucket.set(key, task);
  }

  clear(): void {
    this.all.clear();
    this.byStatus.clear();
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
