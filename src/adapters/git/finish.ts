// Finishing a task's worktree: commit leftovers, rebase onto fresh origin/<base>, push the branch.
import { existsSync } from "node:fs";
import { PolecatError } from "../../core/errors.js";
import { taskBranch } from "../../core/layout.js";
import { pushCommit } from "./push.js";
import { returnToTaskBranch } from "./stray.js";
import { conflictedFiles, git, gitFailure, originRef, runGit, type GitContext } from "./run.js";

/** Stages everything (untracked included, ignored excluded) and commits it; false when there was nothing. */
export async function commitAll(ctx: GitContext, worktree: string, message: string): Promise<boolean> {
  await git(ctx, worktree, ["add", "--all"]);
  return commitStaged(ctx, worktree, message);
}

/** Commits the index (as `author`, `Name <email>`, when given); false when it matches HEAD. Any other failure is E_GIT. */
export async function commitStaged(ctx: GitContext, worktree: string, message: string, author?: string): Promise<boolean> {
  const args = ["commit", "--quiet", ...(author === undefined ? [] : [`--author=${author}`]), "-m", message];
  const r = await runGit(ctx, worktree, args);
  if (r.exitCode === 0) return true;
  // `git commit` exits 1 both for "nothing to commit" and for real failures; a clean tree tells them apart.
  if ((await git(ctx, worktree, ["status", "--porcelain", "-z"])) === "") return false;
  throw gitFailure(args, worktree, r);
}

/** True when the worktree has commits not on `origin/<base>` (as last fetched) or uncommitted changes. */
export async function hasWork(ctx: GitContext, worktree: string, base: string): Promise<boolean> {
  if ((await git(ctx, worktree, ["status", "--porcelain", "-z"])) !== "") return true;
  const ahead = await git(ctx, worktree, ["rev-list", "--count", `${originRef(base)}..HEAD`]);
  return Number(ahead.trim()) > 0;
}

/** A rebase's outcome; a conflict has already been aborted, leaving the branch as it was. */
export type RebaseResult = { kind: "rebased"; head: string; changed: boolean } | { kind: "conflict"; files: string[]; onto?: string };

/**
 * Rebases HEAD onto `origin/<base>` as last fetched. `changed` says whether the result's tree differs
 * from base's at all (commits that became empty, or that only ever held empty changes, do not count).
 */
export async function rebaseOntoBase(ctx: GitContext, worktree: string, base: string): Promise<RebaseResult> {
  const args = ["rebase", "--quiet", originRef(base)];
  const r = await runGit(ctx, worktree, args);
  if (r.exitCode !== 0) {
    const files = await conflictedFiles(ctx, worktree);
    if (files.length === 0) {
      // Not a conflict (it may never have started): abort whatever is left, then report the real failure.
      await runGit(ctx, worktree, ["rebase", "--abort"]);
      throw gitFailure(args, worktree, r);
    }
    await git(ctx, worktree, ["rebase", "--abort"]);
    const onto = (await git(ctx, worktree, ["rev-parse", originRef(base)])).trim();
    return { kind: "conflict", files, onto };
  }
  const out = await git(ctx, worktree, ["rev-parse", "HEAD", "HEAD^{tree}", `${originRef(base)}^{tree}`]);
  const [head = "", tree, baseTree] = out.split("\n");
  return { kind: "rebased", head, changed: tree !== baseTree };
}

/** What finishing a task's worktree came to; the caller maps each kind to a store transition. */
export type FinishResult =
  | { kind: "merge_ready"; branch: string; head: string; autoCommitted: boolean; strayed?: string }
  | { kind: "no_changes"; strayed?: string }
  | { kind: "conflict"; files: string[]; onto?: string }
  | { kind: "push_failed"; reason: string };

/** Which task to finish, and the message for committing what the agent left uncommitted. */
export interface FinishOptions {
  project: string;
  taskId: string;
  /** The attempt whose worktree (`<task>@<attempt>`) is finished. */
  attempt?: number;
  base: string;
  message: string;
}

/**
 * Commits leftovers, rebases onto `origin/<base>` as the mirror has it now and pushes `polecat/<task-id>` with
 * a lease. A result whose tree equals base's is `no_changes` (the caller blocks the task, never retries
 * it); a rebase conflict is aborted and names the files; a refused push is `push_failed`.
 */
export async function finishWorktree(ctx: GitContext, opts: FinishOptions): Promise<FinishResult> {
  const path = ctx.layout.worktree(opts.project, opts.taskId, opts.attempt);
  if (!existsSync(path)) throw new PolecatError("E_NOT_FOUND", `task ${opts.taskId} has no worktree`, { details: [path] });
  const autoCommitted = await commitAll(ctx, path, opts.message);
  // An agent that checked out another branch (main) is brought back, with what it committed there.
  const strayed = await returnToTaskBranch(ctx, path, taskBranch(opts.taskId));
  const said = strayed === undefined ? {} : { strayed };
  // No fetch of its own: the task fetched when its worktree was made, and origin/<base> in the mirror has
  // moved since with every fetch another slot made and every merge this home's refinery pushed.
  const rebased = await rebaseOntoBase(ctx, path, opts.base);
  if (rebased.kind === "conflict") return rebased;
  if (!rebased.changed) return { kind: "no_changes", ...said };
  const branch = taskBranch(opts.taskId);
  const pushed = await pushCommit(ctx, opts.project, path, rebased.head, branch, "force-with-lease");
  if (pushed.kind === "rejected") return { kind: "push_failed", reason: `${pushed.reason}: ${pushed.detail}` };
  return { kind: "merge_ready", branch, head: rebased.head, autoCommitted, ...said };
}
