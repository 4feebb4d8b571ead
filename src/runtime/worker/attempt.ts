// One claimed attempt, from worktree to finish: everything that happens while the lease is held.
import { dirname } from "node:path";
import { createWorktree, finishWorktree, keepBranch, removeWorktree, type CommandResult } from "../../adapters/git/index.js";
import { projectSetupCache, setupWithCache } from "../../adapters/setup-cache.js";
import { isPolecatError, type PolecatError } from "../../core/errors.js";
import { attemptBranch, previousAttempt, retryReason } from "../../core/retry.js";
import type { WorkerType } from "../../core/spec.js";
import type { Claim, TaskRecord } from "../../core/ports/store.js";
import type { LeaseKeeper } from "./lease-keeper.js";
import { finishToResult } from "./record.js";
import { runStages } from "./stages.js";
import type { WorkerContext, WorkerResult } from "./types.js";

/** How old a fetch (by its start) a task without dependencies may share instead of fetching again. */
const SHARED_FETCH_MS = 2_000;

/** An attempt's result; `bug` carries an error that is not polecat's own, to rethrow once the task is released. */
export interface AttemptOutcome {
  result: WorkerResult;
  bug?: Error;
}

/**
 * Creates the worktree, runs every stage, finishes (commit, rebase, push) and removes the worktree when the
 * result leaves nothing to look at. A failed or stopped attempt keeps its worktree for inspection (the next
 * attempt replaces it, `worktree prune` removes it once the task is done or cancelled); a lost lease leaves
 * it alone, since the task may already be another worker's.
 */
export async function runAttempt(ctx: WorkerContext, claim: Claim, worker: WorkerType, keeper: LeaseKeeper): Promise<AttemptOutcome> {
  const { spec, specPath } = ctx.loaded;
  const { task, lease } = claim;
  const signal = ctx.signal === undefined ? keeper.signal : AbortSignal.any([keeper.signal, ctx.signal]);
  const lost = (): WorkerResult | undefined => {
    const reason = keeper.lostReason();
    return reason === undefined ? undefined : { kind: "lost_lease", reason };
  };
  // A retry keeps the earlier attempt's work as polecat/<task>@<attempt> and is told why it came back.
  const kickback = retryReason(task, lease.attempt);
  const retryPolicy = lease.attempt > 1 ? { from: spec.worktree.retry_from, keepAs: attemptBranch(task.id, previousAttempt(kickback, lease.attempt)) } : undefined;
  const claimedAt = ctx.clock();
  try {
    // The worktree comes from the origin and the mirror: when git cannot make one, the project is broken, not the task.
    const wt = await createWorktree(ctx.git, {
      project: task.project,
      taskId: task.id,
      attempt: lease.attempt,
      base: spec.base,
      // Dependencies were merged before the claim, so a fetch that started after it holds them; a task
      // without any may share a fetch another slot started a moment ago.
      freshSince: task.spec.depends_on.length > 0 ? claimedAt : claimedAt - SHARED_FETCH_MS,
      copy: spec.worktree.copy,
      copyFrom: dirname(specPath),
      ...(retryPolicy === undefined ? {} : { retry: retryPolicy }),
    }).catch((err: unknown) => {
      if (isPolecatError(err, "E_GIT") || isPolecatError(err, "E_NOT_FOUND")) throw new ProjectBroken(err);
      throw err;
    });
    ctx.onEvent?.({ kind: "worktree", path: wt.path, resumed: wt.resumed });
    const setup = await setupWithCache(ctx.git, wt.path, projectSetupCache(ctx.git, task.project, spec.worktree));
    if (!setup.results.every((r) => r.ok)) return { result: lost() ?? { kind: "failed", cause: "setup", reason: setupFailure(setup.results) } };
    const retry = kickback === undefined ? undefined : { kickback, ...(wt.start === undefined ? {} : { start: wt.start }), kickbackFile: ctx.git.layout.kickback(task.project, task.id) };
    const stages = await runStages(ctx, {
      task,
      attempt: lease.attempt,
      worker,
      worktree: wt.path,
      branch: wt.branch,
      startHead: wt.head,
      signal,
      ...(retry === undefined ? {} : { retry }),
    });
    const gone = lost();
    if (gone !== undefined) return { result: gone };
    const run = stages.run === undefined ? {} : { run: stages.run };
    if (stages.kind === "over_budget") return { result: { kind: "kicked_back", files: [], reason: stages.reason, over_budget: true, ...run } };
    if (stages.kind !== "ok") return { result: stages };
    ctx.onEvent?.({ kind: "finishing" });
    await keeper.check();
    const title = task.spec.title.replace(/\s+/g, " ").trim();
    const finish = await finishWorktree(ctx.git, {
      project: task.project,
      taskId: task.id,
      attempt: lease.attempt,
      base: spec.base,
      message: `polecat ${task.id}: ${title}`,
    });
    const result: WorkerResult = { ...finishToResult(finish, spec.base), ...run };
    // Before the result is written: once it is, a kicked-back task may be claimed again (and its next attempt removes this worktree).
    const lostMeanwhile = lost();
    if (lostMeanwhile !== undefined) return { result: lostMeanwhile };
    // A conflict found here leaves the work unpushed: it is kept for the retry, which starts afresh.
    if (result.kind === "kicked_back") await keepBranch(ctx.git, task.project, task.id, attemptBranch(task.id, lease.attempt), lease.attempt);
    await removeFinished(ctx, task, result);
    return { result };
  } catch (err) {
    if (err instanceof ProjectBroken) return { result: lost() ?? { kind: "halted", reason: projectReason(err.error) } };
    if (isPolecatError(err, "E_LEASE_LOST")) return { result: { kind: "lost_lease", reason: err.message } };
    const error = err instanceof Error ? err : new Error(String(err));
    const failed: WorkerResult = { kind: "failed", cause: "error", reason: error.message };
    return isPolecatError(error) ? { result: failed } : { result: failed, bug: error };
  }
}

// Marks a failure to make the worktree (origin or mirror unusable) so the catch-all can tell it from a task's.
class ProjectBroken extends Error {
  constructor(readonly error: PolecatError) {
    super(error.message);
  }
}

// git's own words first: the message, then the details that carry git's stderr.
function projectReason(err: PolecatError): string {
  return [err.message, ...err.details].join("\n");
}

// Removes the worktree of a result that leaves nothing to inspect (keeping a merge-ready branch for the
// refinery). A removal that fails does not undo the result: it is logged, and `worktree prune` retries it.
async function removeFinished(ctx: WorkerContext, task: TaskRecord, result: WorkerResult): Promise<void> {
  if (result.kind !== "merge_ready" && result.kind !== "blocked" && result.kind !== "kicked_back") return;
  try {
    await removeWorktree(ctx.git, { project: task.project, taskId: task.id, deleteBranch: result.kind === "merge_ready" ? "keep" : "local" });
  } catch (err) {
    if (!isPolecatError(err)) throw err;
    await ctx.store.logEvent({
      event: "slot.cleanup_failed",
      level: "warn",
      project: task.project,
      task_id: task.id,
      worker_id: ctx.slot.id,
      message: err.message,
      data: { details: err.details },
    });
  }
}

// The failing setup command, its exit and the end of its output, for the failure note.
function setupFailure(setup: readonly CommandResult[]): string {
  const last = setup[setup.length - 1];
  if (last === undefined) return "worktree setup failed";
  const how = last.exitCode === undefined ? "did not run" : `exited with code ${last.exitCode}`;
  const tail = last.output.trim().split("\n").slice(-5).join("\n");
  return `setup command ${JSON.stringify(last.argv)} ${how}${tail === "" ? "" : `:\n${tail}`}`;
}
