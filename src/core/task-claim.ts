// Claim selection: which ready task a worker type gets, in which order, and the lease it is given.
import { assertTransition } from "./status.js";
import type { Claim, ClaimRequest, Lease, TaskRecord } from "./ports/store.js";
import { noChange, taskEvent, taskKey, type StateChange, type TaskTable } from "./task-table.js";

/** True when every dependency of a task (same project) is `done`. */
function dependenciesDone(task: TaskRecord, table: TaskTable): boolean {
  return task.spec.depends_on.every((dep) => table.get(taskKey(task.project, dep))?.status === "done");
}

/** Ready = `active`, past its back-off, and every dependency (same project) `done`. */
export function isReady(task: TaskRecord, table: TaskTable, now: number): boolean {
  return task.status === "active" && (task.not_before ?? now) <= now && dependenciesDone(task, table);
}

/** A type may take tasks routed to it, or routed elsewhere with it as fallback while the primary is full. */
export function mayTake(
  task: TaskRecord,
  workerType: string,
  running: ReadonlyMap<string, number>,
  capacity: Readonly<Record<string, number>>,
): boolean {
  if (task.route.worker === workerType) return true;
  if (!task.route.fallbacks.includes(workerType)) return false;
  const limit = capacity[task.route.worker];
  return limit !== undefined && (running.get(task.route.worker) ?? 0) >= limit;
}

/** Takes the best ready task the request may have and leases it; no change when there is none. */
export function claimTask(table: TaskTable, req: ClaimRequest, now: number): StateChange<Claim | undefined> {
  const running = table.runningByType();
  const own = req.capacity[req.workerType];
  if (own !== undefined && (running.get(req.workerType) ?? 0) >= own) return noChange(undefined);
  let best: TaskRecord | undefined;
  // Best first, so the first task the request may take is the one to claim.
  for (const task of table.activeInClaimOrder()) {
    if (req.project !== undefined && task.project !== req.project) continue;
    if (req.batch !== undefined && task.batch !== req.batch) continue;
    if (req.taskId !== undefined && task.id !== req.taskId) continue;
    if ((task.not_before ?? now) > now) continue;
    if (!mayTake(task, req.workerType, running, req.capacity)) continue;
    if (dependenciesDone(task, table)) {
      best = task;
      break;
    }
  }
  if (best === undefined) return noChange(undefined);
  assertTransition(best.id, best.status, "in_progress");
  const attempt = best.attempt + 1;
  const lease: Lease = {
    owner: req.owner,
    ...(req.slot === undefined ? {} : { slot: req.slot }),
    worker_type: req.workerType,
    attempt,
    claimed_at: now,
    heartbeat_at: now,
    expires_at: now + req.leaseMs,
  };
  const task: TaskRecord = { ...best, status: "in_progress", attempt, lease, started_at: now, updated_at: now };
  const event = taskEvent(now, "task.claimed", task, {
    worker_id: req.slot ?? req.owner,
    from: best.status,
    to: "in_progress",
    data: { worker_type: req.workerType, routed_to: best.route.worker },
  });
  return { result: { task, lease }, upserts: [task], events: [event] };
}
