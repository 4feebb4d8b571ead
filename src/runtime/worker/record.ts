// From a finished attempt to the store: git's finish result becomes a worker result, and each result one fenced write.
import type { FinishResult } from "../../adapters/git/index.js";
import { PolecatError } from "../../core/errors.js";
import { kickbackOutcome, type KickbackReason } from "../../core/refinery/outcome.js";
import type { LeaseRef, TaskRecord, TaskStore } from "../../core/ports/store.js";
import { leaseHolder } from "../../core/task-table.js";
import type { LimitsSpec } from "../../core/spec.js";
import type { WorkerResult } from "./types.js";

/** The reason a task that changed nothing is blocked with; never retried, since a rerun would change nothing too. */
export const NO_CHANGES = "no changes";

/** What finishing the worktree means for the task. */
export function finishToResult(finish: FinishResult, base: string): WorkerResult {
  switch (finish.kind) {
    case "merge_ready":
      return { kind: "merge_ready", branch: finish.branch, head: finish.head, ...(finish.strayed === undefined ? {} : { strayed: finish.strayed }) };
    case "no_changes":
      return { kind: "blocked", reason: finish.strayed === undefined ? NO_CHANGES : `${NO_CHANGES} (${finish.strayed})` };
    case "conflict":
      return {
        kind: "kicked_back",
        files: finish.files,
        reason: `rebase onto origin/${base} conflicts in ${finish.files.join(", ")}`,
        ...(finish.onto === undefined ? {} : { onto: finish.onto }),
      };
    case "push_failed":
      return { kind: "failed", cause: "push", reason: `push failed: ${finish.reason}` };
  }
}

/** What recording a result weighs: the limits, and for a kickback the count so far, its bound and the base. */
export interface RecordPolicy {
  limits: LimitsSpec;
  maxKickbacks: number;
  /** The task's kickbacks before this attempt (the claim's count; nobody else writes while the lease holds). */
  kickbacksSoFar: number;
  base: string;
}

/**
 * Writes a result as one compare-and-set on the lease: merge_ready with branch and head, blocked with its
 * reason, a kickback counted like the refinery's (back to active, blocked past max_kickbacks), a failure
 * counted (back-off, blocked at max attempts); a stop, a paused worker type or a broken project released
 * without a failure. The agent's run is added to the task's usage. A lost lease writes nothing and returns
 * the task as the store now holds it.
 */
export async function recordResult(store: TaskStore, lease: LeaseRef, policy: RecordPolicy, result: WorkerResult): Promise<TaskRecord> {
  const { limits } = policy;
  const base = { project: lease.project, id: lease.id, from: "in_progress" as const, lease };
  const run = result.run === undefined ? {} : { run: result.run };
  const uncharged = { lease, failed: false, maxAttempts: limits.max_attempts, backoffMs: limits.backoff_ms, ...run };
  switch (result.kind) {
    case "merge_ready":
      return store.transition({ ...base, to: "merge_ready", patch: { branch: result.branch, head_sha: result.head, ...run } });
    case "blocked":
      return store.transition({
        ...base,
        to: "blocked",
        patch: { reason: result.reason, ...run },
        note: { kind: "system", author: leaseHolder(lease), text: `blocked: ${result.reason}` },
      });
    case "kicked_back": {
      const why: KickbackReason =
        result.over_budget === true
          ? { kind: "failure", reason: result.reason }
          : { kind: "conflict", files: result.files, base: { branch: policy.base, ...(result.onto === undefined ? {} : { commit: result.onto }) } };
      const outcome = kickbackOutcome(policy.kickbacksSoFar, policy.maxKickbacks, why, { attempt: lease.attempt, base: policy.base, foundBy: "worker" });
      return store.transition({
        ...base,
        to: outcome.to,
        patch: { ...(outcome.reason === undefined ? {} : { reason: outcome.reason }), kickback: true, ...run },
        note: { ...outcome.note, author: leaseHolder(lease) },
      });
    }
    case "failed":
      return store.release({ ...uncharged, failed: true, reason: result.reason });
    case "paused":
      return store.release({ ...uncharged, reason: `not charged: ${result.reason}` });
    case "halted":
      return store.release({ ...uncharged, reason: `not charged, the project is broken: ${result.reason}` });
    case "stopped":
      return store.release({ ...uncharged, reason: "stopped before the task was finished" });
    case "lost_lease": {
      const task = await store.get(lease.project, lease.id);
      if (task === undefined) throw new PolecatError("E_NOT_FOUND", `task ${lease.project}/${lease.id} is no longer in the store`);
      return task;
    }
  }
}
