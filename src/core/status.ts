// The status workflow as data: one table of legal moves, so no backend can write an illegal one.
import { PolecatError } from "./errors.js";

/** Every status a task can be in. */
export type TaskStatus =
  | "active"
  | "waiting"
  | "in_progress"
  | "merge_ready"
  | "review"
  | "approved"
  | "done"
  | "blocked"
  | "cancelled";

/** All statuses, in workflow order. */
export const STATUSES: readonly TaskStatus[] = [
  "active",
  "waiting",
  "in_progress",
  "merge_ready",
  "review",
  "approved",
  "done",
  "blocked",
  "cancelled",
];

/** Legal transitions: from → the statuses it may move to. */
export const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  active: ["in_progress", "waiting", "blocked", "cancelled"],
  waiting: ["active", "blocked", "cancelled"],
  // finish, release/kickback/reap, no-change or max attempts, give up
  in_progress: ["merge_ready", "active", "blocked", "cancelled"],
  // to review, straight to merged, kicked back, blocked for a human, withdrawn
  merge_ready: ["review", "approved", "done", "active", "blocked", "cancelled"],
  review: ["approved", "active", "cancelled", "blocked"],
  approved: ["done", "active", "blocked", "cancelled"],
  // revert reopens a merged task
  done: ["active"],
  blocked: ["active", "cancelled"],
  cancelled: ["active"],
};

/** Statuses whose work is finished for good (until a revert or a human reopens it). */
export const TERMINAL: readonly TaskStatus[] = ["done", "cancelled"];

/** Statuses the refinery works on. */
export const REFINERY_QUEUE: readonly TaskStatus[] = ["merge_ready", "review", "approved"];

/** True when `from → to` is in the table. */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws the typed error for an illegal move; backends call it before every write. */
export function assertTransition(taskId: string, from: TaskStatus, to: TaskStatus): void {
  if (!canTransition(from, to)) {
    throw new PolecatError(
      "E_ILLEGAL_TRANSITION",
      `task ${taskId}: illegal transition ${from} → ${to} (allowed: ${TRANSITIONS[from].join(", ") || "none"})`,
    );
  }
}
