// What is left for a swarm: queue counts for the header, and whether waiting can still bring work.
import type { TaskStatus } from "../../core/status.js";
import type { TaskRecord } from "../../core/ports/store.js";

/** Which tasks a swarm works on: one project, optionally one batch, with the worker types it runs. */
export interface SwarmScope {
  project: string;
  batch?: string;
  types: ReadonlySet<string>;
  /** Types paused by the swarm: their work counts as takeable when a fallback the swarm runs can take it. */
  paused?: ReadonlySet<string>;
  /**
   * True when a refinery merges while the swarm runs (its own or another one holding the project's lock):
   * work with the refinery is then on its way to `done`, and the swarm stays for it (a kickback comes back
   * to the slots). False (`--no-refinery`): nothing merges, so merge-waiting work ends the swarm.
   */
  merging?: boolean;
}

/** Counts for the progress header, over the tasks in scope. */
export interface QueueCounts {
  /** Active and claimable now. */
  ready: number;
  /** Active but waiting on dependencies or a back-off. */
  waiting: number;
  running: number;
  /** merge_ready, review or approved: with the refinery. */
  refinery: number;
  done: number;
  /** blocked, cancelled or parked as `waiting`: needs a human. */
  stuck: number;
}

/** The queue as a slot with nothing to do sees it. */
export interface QueueState {
  counts: QueueCounts;
  /**
   * True while waiting can still bring this swarm work: a task in scope is in progress (its end may free
   * dependents), or an active task a slot may take only waits on dependencies that are done or on their way
   * (in progress, with a merging refinery, or themselves such a task), or (with a merging refinery) a task
   * in scope is with the refinery (a kickback returns it). False means the queue is empty of claimable and
   * in-flight work: the slots exit.
   */
  live: boolean;
}

/** Dependencies that are done or will be without a human: in progress, or in a merging refinery's hands. */
const ON_THE_WAY: ReadonlySet<TaskStatus> = new Set(["done", "in_progress", "merge_ready", "review", "approved"]);
/** The same without a refinery: merge-waiting work goes nowhere until someone merges it. */
const ON_THE_WAY_UNMERGED: ReadonlySet<TaskStatus> = new Set(["done", "in_progress"]);
const REFINERY: ReadonlySet<TaskStatus> = new Set(["merge_ready", "review", "approved"]);

/**
 * True when the task is routed to one of the scope's types. A fallback type steps in only while the
 * primary is at capacity, and then tasks are in progress and keep the swarm waiting anyway; counting
 * fallbacks here would keep a swarm waiting for tasks whose primary nobody runs. A paused primary counts as
 * full, so its fallbacks do take its work.
 */
function takeable(task: TaskRecord, scope: SwarmScope): boolean {
  if (scope.types.has(task.route.worker)) return true;
  return scope.paused?.has(task.route.worker) === true && task.route.fallbacks.some((f) => scope.types.has(f));
}

function inScope(task: TaskRecord, scope: SwarmScope): boolean {
  return task.project === scope.project && (scope.batch === undefined || task.batch === scope.batch);
}

/** Counts and liveness over every task of the project (dependencies may lie outside a batch). */
export function queueState(projectTasks: readonly TaskRecord[], scope: SwarmScope, now: number): QueueState {
  const byId = new Map(projectTasks.filter((t) => t.project === scope.project).map((t) => [t.id, t] as const));
  const memo = new Map<string, boolean>();
  const onTheWay = scope.merging === true ? ON_THE_WAY : ON_THE_WAY_UNMERGED;
  // An active task this swarm will get to: in scope, takeable, every dependency done or on its way.
  const pending = (task: TaskRecord): boolean => {
    const known = memo.get(task.id);
    if (known !== undefined) return known;
    memo.set(task.id, false); // a cycle (never in a valid spec) counts as stuck
    const ok =
      task.status === "active" &&
      inScope(task, scope) &&
      takeable(task, scope) &&
      task.spec.depends_on.every((id) => {
        const dep = byId.get(id);
        return dep !== undefined && (onTheWay.has(dep.status) || pending(dep));
      });
    memo.set(task.id, ok);
    return ok;
  };

  const counts: QueueCounts = { ready: 0, waiting: 0, running: 0, refinery: 0, done: 0, stuck: 0 };
  let live = false;
  for (const task of byId.values()) {
    if (!inScope(task, scope)) continue;
    if (task.status === "active") {
      const depsDone = task.spec.depends_on.every((id) => byId.get(id)?.status === "done");
      if (depsDone && (task.not_before ?? now) <= now) counts.ready++;
      else counts.waiting++;
      live ||= pending(task);
    } else if (task.status === "in_progress") {
      counts.running++;
      live = true;
    } else if (REFINERY.has(task.status)) {
      counts.refinery++;
      live ||= scope.merging === true;
    }
    else if (task.status === "done") counts.done++;
    else counts.stuck++;
  }
  return { counts, live };
}

/** The header line: `3 ready · 4 running · 2 waiting · 5 with the refinery · 6 done · 1 stuck`. */
export function formatCounts(c: QueueCounts): string {
  const parts = [`${c.ready} ready`, `${c.running} running`, `${c.waiting} waiting`, `${c.refinery} with the refinery`, `${c.done} done`];
  if (c.stuck > 0) parts.push(`${c.stuck} stuck`);
  return parts.join(" · ");
}

/** What a swarm leaves behind in its scope: merge-waiting work and what waits on it, and ready work nobody took. */
export interface LeftOver {
  /** Tasks with the refinery (merge_ready, review, approved). */
  merging: string[];
  /** Active tasks whose dependencies are not all done, with the ones they still wait on. */
  behind: { id: string; on: string[] }[];
  /** Active tasks ready to claim (dependencies done) that no slot of this swarm takes, with their routed type. */
  unclaimed: { id: string; worker: string }[];
}

/** The work left in scope when the swarm ends, for the line that says what waits on what. */
export function leftOver(projectTasks: readonly TaskRecord[], scope: SwarmScope): LeftOver {
  const byId = new Map(projectTasks.filter((t) => t.project === scope.project).map((t) => [t.id, t] as const));
  const left: LeftOver = { merging: [], behind: [], unclaimed: [] };
  for (const task of byId.values()) {
    if (!inScope(task, scope)) continue;
    if (REFINERY.has(task.status)) left.merging.push(task.id);
    if (task.status !== "active") continue;
    const on = task.spec.depends_on.filter((id) => byId.get(id)?.status !== "done");
    if (on.length > 0) left.behind.push({ id: task.id, on });
    else if (!takeable(task, scope)) left.unclaimed.push({ id: task.id, worker: task.route.worker });
  }
  return left;
}
