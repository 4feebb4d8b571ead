// Compare-and-set status changes and notes: the only ways a task moves outside claims and leases.
import { PolecatError } from "./errors.js";
import { assertTransition, TERMINAL } from "./status.js";
import type { Note, TaskRecord, TransitionRequest } from "./ports/store.js";
import { holdLease } from "./task-lease.js";
import { withRun } from "./task-usage.js";
import { attemptCorrelation, dropLease, leaseHolder, requireTask, taskEvent, type StateChange, type TaskTable } from "./task-table.js";

/**
 * Moves a task from one of `from` to `to`. Checks, in order: the task exists (E_NOT_FOUND), the lease
 * still holds when one is named (E_LEASE_LOST), the status is one of `from` (E_CONFLICT), the move is in
 * the status table (E_ILLEGAL_TRANSITION). `in_progress` is entered only by a claim, which brings a lease.
 * Leaving `in_progress` always drops the lease, so a worker moved out by a human is fenced out too.
 */
export function transitionTask(table: TaskTable, req: TransitionRequest, now: number): StateChange<TaskRecord> {
  const task = requireTask(table, req.project, req.id);
  if (req.lease !== undefined) holdLease(table, req.lease);
  const from: readonly string[] = typeof req.from === "string" ? [req.from] : req.from;
  if (!from.includes(task.status)) {
    throw new PolecatError(
      "E_CONFLICT",
      `task ${req.project}/${req.id}: expected status ${from.join(" or ")}, found ${task.status}`,
    );
  }
  if (req.to === "in_progress") {
    throw new PolecatError("E_ILLEGAL_TRANSITION", `task ${req.id}: only a claim moves a task to in_progress`);
  }
  assertTransition(task.id, task.status, req.to);
  const patch = req.patch ?? {};
  const { finished_at: _finished, ...kept } = dropLease(task);
  const rest = patch.reset_counters === true ? withoutBackoff({ ...kept, failures: 0, kickbacks: 0 }) : kept;
  const next: TaskRecord = {
    ...withRun(rest, patch.run),
    status: req.to,
    updated_at: now,
    ...(TERMINAL.includes(req.to) ? { finished_at: now } : {}),
    ...(patch.branch === undefined ? {} : { branch: patch.branch }),
    ...(patch.head_sha === undefined ? {} : { head_sha: patch.head_sha }),
    ...(patch.merge_commit === undefined ? {} : { merge_commit: patch.merge_commit }),
    ...(patch.reason === undefined ? {} : { reason: patch.reason }),
    kickbacks: rest.kickbacks + (patch.kickback === true ? 1 : 0),
    notes: req.note === undefined ? task.notes : [...task.notes, { ts: now, ...req.note }],
  };
  const event = taskEvent(now, "task.transition", next, {
    level: patch.kickback === true ? "warn" : "info",
    worker_id: req.actor ?? (req.lease === undefined ? undefined : leaseHolder(task.lease ?? req.lease)),
    from: task.status,
    to: req.to,
    correlation_id: req.correlationId ?? attemptCorrelation(task),
    ...(patch.reason === undefined ? {} : { message: patch.reason }),
    ...(patch.run === undefined && patch.reset_counters !== true ? {} : { data: resetData(task, patch, next) }),
  });
  return { result: next, upserts: [next], events: [event] };
}

function withoutBackoff(t: TaskRecord): TaskRecord {
  const { not_before: _nb, ...rest } = t;
  return rest;
}

/** The event's data: the run that ended with the move, and the counts a reset started over. */
function resetData(before: TaskRecord, patch: NonNullable<TransitionRequest["patch"]>, next: TaskRecord): Record<string, unknown> {
  return {
    ...(patch.run === undefined ? {} : { run: next.last_run }),
    ...(patch.reset_counters === true ? { reset: { failures: before.failures, kickbacks: before.kickbacks, attempt: before.attempt } } : {}),
  };
}

/** Appends a note to a task in any status. */
export function appendTaskNote(
  table: TaskTable,
  project: string,
  id: string,
  note: Omit<Note, "ts">,
  now: number,
): StateChange<TaskRecord> {
  const task = requireTask(table, project, id);
  const next: TaskRecord = { ...task, notes: [...task.notes, { ts: now, ...note }], updated_at: now };
  const event = taskEvent(now, "task.note", next, { worker_id: note.author, message: note.text, data: { kind: note.kind } });
  return { result: next, upserts: [next], events: [event] };
}
