// Lease rules: heartbeats and releases fenced on (task, attempt, owner), reaping, reset-stalled.
import { PolecatError } from "./errors.js";
import { assertTransition } from "./status.js";
import type { EventRecord, Lease, LeaseRef, ReleaseRequest, ResetStalledRequest, StalledReport, TaskRecord } from "./ports/store.js";
import {
  DEFAULT_MAX_ATTEMPTS,
  dropLease,
  leaseHolder,
  listTasks,
  requireTask,
  taskEvent,
  type StateChange,
  type TaskTable,
} from "./task-table.js";
import { withRun } from "./task-usage.js";

/**
 * The task a lease reference still holds, or E_LEASE_LOST. A lease past `expires_at` that nobody has
 * reaped yet still holds: only reaping (or a reset or a human move) takes a lease away, so a worker
 * is never fenced out by a clock race that no other worker benefited from.
 */
export function holdLease(table: TaskTable, ref: LeaseRef): { task: TaskRecord; lease: Lease } {
  const task = requireTask(table, ref.project, ref.id);
  const lease = task.lease;
  if (task.status !== "in_progress" || lease === undefined || lease.attempt !== ref.attempt || lease.owner !== ref.owner) {
    const holder = lease === undefined ? `status ${task.status}, no lease` : `attempt ${lease.attempt} by ${lease.owner}`;
    throw new PolecatError(
      "E_LEASE_LOST",
      `task ${ref.project}/${ref.id}: attempt ${ref.attempt} by ${ref.owner} lost its lease (now ${holder})`,
    );
  }
  return { task, lease };
}

/** Renews a held lease for `leaseMs` from now. */
export function renewLease(table: TaskTable, ref: LeaseRef, leaseMs: number, now: number): StateChange<Lease> {
  const { task, lease } = holdLease(table, ref);
  const renewed: Lease = { ...lease, heartbeat_at: now, expires_at: now + leaseMs };
  const next: TaskRecord = { ...task, lease: renewed, updated_at: now };
  const event = taskEvent(now, "task.heartbeat", next, { level: "debug", worker_id: leaseHolder(lease) });
  return { result: renewed, upserts: [next], events: [event] };
}

/** Counts a failed attempt: back to `active` (after `backoffMs`, doubled per failure) or `blocked` at the limit. */
function failAttempt(
  task: TaskRecord,
  reason: string,
  author: string,
  maxAttempts: number,
  backoffMs: number,
  now: number,
): TaskRecord {
  const failures = task.failures + 1;
  const notes = [...task.notes, { ts: now, kind: "failure" as const, author, text: reason }];
  const base: TaskRecord = { ...dropLease(task), failures, notes, updated_at: now };
  if (failures >= maxAttempts) return { ...base, status: "blocked", reason: `failed ${failures} attempts: ${reason}` };
  return { ...base, status: "active", not_before: now + backoffMs * 2 ** (failures - 1) };
}

/** A lease holder gives its task back, as a failed attempt or a plain interruption. */
export function releaseLease(table: TaskTable, req: ReleaseRequest, now: number): StateChange<TaskRecord> {
  const { task: held, lease } = holdLease(table, req.lease);
  const task = withRun(held, req.run);
  let next: TaskRecord;
  if (req.failed) {
    next = failAttempt(task, req.reason, leaseHolder(lease), req.maxAttempts, req.backoffMs, now);
  } else {
    const { lease: _lease, not_before: _notBefore, ...rest } = task;
    next = { ...rest, status: "active", updated_at: now };
  }
  assertTransition(task.id, task.status, next.status);
  const event = taskEvent(now, req.failed ? "task.failed" : "task.released", next, {
    level: req.failed ? "warn" : "info",
    worker_id: leaseHolder(lease),
    from: task.status,
    to: next.status,
    message: req.reason,
    ...(req.run === undefined ? {} : { data: { run: next.last_run } }),
  });
  return { result: next, upserts: [next], events: [event] };
}

/** Options of `reapExpiredLeases`, as `TaskStore.reapExpired` takes them. */
export interface ReapOptions {
  project?: string;
  maxAttempts?: number;
  dryRun?: boolean;
  /**
   * Lease owners known to be dead (same host, process gone): their leases are taken back at once, expired or
   * not, and no failed attempt is counted, since the crash was polecat's, not the task's.
   */
  deadOwners?: readonly string[];
}

/** Owner ids whose leases are not live whatever their expiry says: the owner is known to be dead. */
function deadSet(owners: readonly string[] | undefined): ReadonlySet<string> {
  return new Set(owners ?? []);
}

/**
 * Takes back every lease whose owner is dead (no failure counted) and every other expired lease
 * (`expires_at <= now`, counting a failed attempt with no back-off: nobody can tell a crash elsewhere
 * from an agent that hung its host).
 */
export function reapExpiredLeases(table: TaskTable, opts: ReapOptions, now: number): StateChange<TaskRecord[]> {
  const reaped: TaskRecord[] = [];
  const events: EventRecord[] = [];
  const dead = deadSet(opts.deadOwners);
  for (const task of listTasks(table, { project: opts.project, status: "in_progress" })) {
    const lease = task.lease;
    if (lease === undefined) continue;
    const ownerDead = dead.has(lease.owner);
    if (!ownerDead && lease.expires_at > now) continue;
    const next = ownerDead
      ? { ...dropLease(task), status: "active" as const, updated_at: now }
      : failAttempt(task, "lease expired", "polecat", opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 0, now);
    assertTransition(task.id, task.status, next.status);
    reaped.push(next);
    const message = ownerDead
      ? `lease owner ${lease.owner} is gone (its process ended on this host): attempt ${lease.attempt} is not counted as a failure`
      : `lease expired at ${new Date(lease.expires_at).toISOString()}`;
    events.push(
      taskEvent(now, "task.reaped", next, {
        level: "warn",
        worker_id: leaseHolder(lease),
        from: task.status,
        to: next.status,
        message,
        data: { cause: ownerDead ? "owner_dead" : "lease_expired", charged: !ownerDead, attempt: lease.attempt },
      }),
    );
  }
  return opts.dryRun === true ? { result: reaped, upserts: [], events: [] } : { result: reaped, upserts: reaped, events };
}

/**
 * Returns in-progress work claimed more than `olderThanMs` ago to `active`. No failure is counted: this
 * is an operator's decision about work presumed abandoned, while the automatic path (reaping an expired
 * lease) is the one that counts attempts. Live heartbeats (`expires_at > now`, owner not known dead) are
 * spared unless forced.
 */
export function resetStalledTasks(
  table: TaskTable,
  req: ResetStalledRequest,
  now: number,
): StateChange<StalledReport[]> {
  const reports: StalledReport[] = [];
  const upserts: TaskRecord[] = [];
  const events: EventRecord[] = [];
  const dead = deadSet(req.deadOwners);
  for (const task of listTasks(table, { project: req.project, status: "in_progress" })) {
    const lease = task.lease;
    if (lease === undefined || now - lease.claimed_at <= req.olderThanMs) continue;
    const live = lease.expires_at > now && !dead.has(lease.owner);
    const action = live && !req.force ? "skipped-live-heartbeat" : "reset";
    reports.push({ project: task.project, id: task.id, action, in_progress_ms: now - lease.claimed_at });
    if (action === "skipped-live-heartbeat") continue;
    const next: TaskRecord = { ...dropLease(task), status: "active", updated_at: now };
    assertTransition(task.id, task.status, next.status);
    upserts.push(next);
    events.push(
      taskEvent(now, "task.reset_stalled", next, {
        level: "warn",
        worker_id: leaseHolder(lease),
        from: task.status,
        to: next.status,
        message: `in progress for ${now - lease.claimed_at} ms${live ? " (live heartbeat, forced)" : ""}`,
      }),
    );
  }
  return req.dryRun ? { result: reports, upserts: [], events: [] } : { result: reports, upserts, events };
}
