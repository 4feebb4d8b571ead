// Primitives the refinery builds on: a detached integration worktree, squash merges, reverts, ff pushes.
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { commitStaged } from "./finish.js";
import { gitRetrying } from "./contention.js";
import { fetchMirror } from "./fetch.js";
import { pushCommit, type PushResult } from "./push.js";
import { conflictedFiles, git, gitFailure, originRef, runGit, splitZ, type GitContext } from "./run.js";
import { listWorktrees } from "./worktree-list.js";

/** A worktree checked out detached at a known commit. */
export interface DetachedWorktree {
  path: string;
  head: string;
}

/** Fetches (or shares a fetch started now), then puts the refinery's worktree detached and clean at the fresh `origin/<base>`. */
export async function prepareIntegration(ctx: GitContext, project: string, base: string): Promise<DetachedWorktree> {
  await fetchMirror(ctx, project);
  return detachedAt(ctx, project, ctx.layout.refineryWorktree(project), originRef(base));
}

/** Puts a review worktree for `taskId` detached and clean at `ref` (the candidate an engineer reviews). */
export async function prepareReviewWorktree(ctx: GitContext, project: string, taskId: string, ref: string): Promise<DetachedWorktree> {
  return detachedAt(ctx, project, ctx.layout.reviewWorktree(project, taskId), ref);
}

/** A merge or revert's outcome. A conflict has been undone, leaving the worktree clean at its previous HEAD. */
export type IntegrateResult = { kind: "committed"; commit: string } | { kind: "conflict"; files: string[] } | { kind: "empty" };

/** Squash-merges `ref` onto HEAD as one commit with `message`; `empty` when `ref` brings no change. */
export async function squashMerge(ctx: GitContext, worktree: string, ref: string, message: string, author?: string): Promise<IntegrateResult> {
  return applyThenCommit(ctx, worktree, ["merge", "--squash", "--quiet", ref], message, author);
}

/** Reverts `commit` on HEAD as one commit with `message` (a single-parent commit, as squash merges are). */
export async function revertCommit(ctx: GitContext, worktree: string, commit: string, message: string): Promise<IntegrateResult> {
  return applyThenCommit(ctx, worktree, ["revert", "--no-commit", commit], message);
}

/** Moves the worktree (detached) to `commit` and cleans it, to rebuild a candidate from a known point. */
export async function resetTo(ctx: GitContext, worktree: string, commit: string): Promise<void> {
  await git(ctx, worktree, ["reset", "--hard", "--quiet", commit]);
  await git(ctx, worktree, ["clean", "-ffdq"]);
}

/** Pushes exactly `commit` to origin's `base`, fast-forward only: if `base` moved, it is `rejected`, never forced. */
export async function pushFastForward(ctx: GitContext, project: string, worktree: string, commit: string, base: string): Promise<PushResult> {
  return pushCommit(ctx, project, worktree, commit, base, "fast-forward");
}

/** Paths changed between two commits (both sides of a rename), for the review path globs. */
export async function diffFiles(ctx: GitContext, cwd: string, from: string, to: string): Promise<string[]> {
  return splitZ(await git(ctx, cwd, ["diff", "--name-only", "-z", "--no-renames", from, to]));
}

/** The patch between two commits, plain (no colour, no external diff tool), for a reviewer's prompt. */
export async function diffText(ctx: GitContext, cwd: string, from: string, to: string): Promise<string> {
  return git(ctx, cwd, ["diff", "--no-color", "--no-ext-diff", from, to]);
}

async function applyThenCommit(ctx: GitContext, worktree: string, args: string[], message: string, author?: string): Promise<IntegrateResult> {
  const r = await runGit(ctx, worktree, args);
  if (r.exitCode !== 0) {
    const files = await conflictedFiles(ctx, worktree);
    await resetTo(ctx, worktree, "HEAD");
    if (files.length === 0) throw gitFailure(args, worktree, r);
    return { kind: "conflict", files };
  }
  if (!(await commitStaged(ctx, worktree, message, author))) return { kind: "empty" };
  return { kind: "committed", commit: (await git(ctx, worktree, ["rev-parse", "HEAD"])).trim() };
}

// Reuses the worktree at `path` when git knows it, else (re)creates it (git's worktree lock guards the add).
async function detachedAt(ctx: GitContext, project: string, path: string, ref: string): Promise<DetachedWorktree> {
  const known = (await listWorktrees(ctx, project)).some((e) => e.path === path && e.registered && e.exists);
  if (known) {
    await git(ctx, path, ["checkout", "--quiet", "--force", "--detach", ref]);
    await git(ctx, path, ["clean", "-ffdq"]);
  } else {
    if (existsSync(path)) await rm(path, { recursive: true, force: true });
    await mkdir(dirname(path), { recursive: true });
    await gitRetrying(ctx, ctx.layout.mirror(project), ["worktree", "add", "--quiet", "--force", "--detach", path, ref]);
  }
  return { path, head: (await git(ctx, path, ["rev-parse", "HEAD"])).trim() };
}
