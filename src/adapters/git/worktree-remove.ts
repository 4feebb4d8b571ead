// Removing worktrees, verified afterwards: no directory, no registration, the branch handled as asked.
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { PolecatError } from "../../core/errors.js";
import { taskBranch } from "../../core/layout.js";
import { withMirrorLock } from "./lock.js";
import { deleteRemoteUnlocked } from "./mirror.js";
import { gitRetrying, runGitRetrying } from "./contention.js";
import { runGit, type GitContext } from "./run.js";
import { listWorktrees, taskWorktreePaths } from "./worktree-list.js";

/** What happens to the task's branch when its worktree goes. */
export type DeleteBranch = "keep" | "local" | "local-and-remote";

/**
 * Removes a task's worktrees (every attempt's) and handles its branch; throws E_GIT if anything asked for
 * survives. `path`: the newest attempt's; `existed`: a directory did.
 */
export async function removeWorktree(
  ctx: GitContext,
  opts: { project: string; taskId: string; deleteBranch: DeleteBranch },
): Promise<{ path: string; existed: boolean }> {
  const { project, taskId } = opts;
  const paths = await taskWorktreePaths(ctx, project, taskId);
  const path = paths[0] ?? ctx.layout.worktree(project, taskId);
  const branch = taskBranch(taskId);
  // No mirror lock: git locks the worktree's registration and the branch ref itself, and a step that lost a
  // race for one of those locks is run again; the checks after it prove nothing was half done.
  let existed = false;
  for (const p of paths.length === 0 ? [path] : paths) {
    const admin = adminDirOf(p);
    existed = (await removeUnlocked(ctx, project, p)) || existed;
    await verifyGone(ctx, project, [p], admin);
  }
  if (opts.deleteBranch !== "keep") await gitRetrying(ctx, ctx.layout.mirror(project), ["update-ref", "-d", `refs/heads/${branch}`]);
  if (opts.deleteBranch === "local-and-remote") {
    await deleteRemoteUnlocked(ctx, project, branch);
    // Earlier attempts' kept branches (`polecat/<task>@<attempt>`) go with the merged work.
    const kept = await gitRetrying(ctx, ctx.layout.mirror(project), ["for-each-ref", "--format=%(refname)", `refs/heads/${branch}@*`]);
    for (const ref of kept.split("\n").filter((r) => r !== "")) await gitRetrying(ctx, ctx.layout.mirror(project), ["update-ref", "-d", ref]);
  }
  if (opts.deleteBranch !== "keep") {
    const left = await runGit(ctx, ctx.layout.mirror(project), ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
    if (left.exitCode === 0) throw new PolecatError("E_GIT", `branch ${branch} survived the removal of its worktree`);
  }
  return { path, existed };
}

/** Removes a worktree that is not a task's (the refinery's, a review's) by path, verified. */
export async function removeWorktreeAt(ctx: GitContext, project: string, path: string): Promise<void> {
  const admin = adminDirOf(path);
  await removeUnlocked(ctx, project, path);
  await verifyGone(ctx, project, [path], admin);
}

/** One worktree prune took away, and why. */
export interface PrunedWorktree {
  name: string;
  path: string;
  /** `finished`: its task is done or cancelled; `orphan`: a directory git does not know; `vanished`: a registration without a directory. */
  reason: "finished" | "orphan" | "vanished";
}

/**
 * Removes the worktrees of finished tasks (their local branch too; origin's is the refinery's business),
 * unregistered directories and registrations whose directory vanished. `isFinished` should also say
 * true for task ids the store does not know. The refinery's worktree is only removed as an orphan.
 */
export async function pruneWorktrees(
  ctx: GitContext,
  project: string,
  isFinished: (taskId: string) => boolean | Promise<boolean>,
  opts: { dryRun?: boolean } = {},
): Promise<PrunedWorktree[]> {
  const mirror = ctx.layout.mirror(project);
  return withMirrorLock(ctx, project, async () => {
    const pruned: PrunedWorktree[] = [];
    for (const e of await listWorktrees(ctx, project)) {
      if (!e.exists) {
        pruned.push({ name: e.name, path: e.path, reason: "vanished" });
      } else if (!e.registered) {
        if (!opts.dryRun) await rm(e.path, { recursive: true, force: true });
        pruned.push({ name: e.name, path: e.path, reason: "orphan" });
      } else if (e.taskId !== undefined && (await isFinished(e.taskId))) {
        if (!opts.dryRun) {
          await discardPath(ctx, mirror, e.path);
          if (e.kind === "task") await gitRetrying(ctx, mirror, ["update-ref", "-d", `refs/heads/${taskBranch(e.taskId)}`]);
        }
        pruned.push({ name: e.name, path: e.path, reason: "finished" });
      }
    }
    if (opts.dryRun) return pruned;
    if (pruned.length > 0) await gitRetrying(ctx, mirror, ["worktree", "prune"]);
    await verifyGone(ctx, project, pruned.map((p) => p.path));
    return pruned;
  });
}

/** Takes a worktree directory away: through git when it is registered, else by deleting it. */
export async function discardPath(ctx: GitContext, mirror: string, path: string): Promise<"git" | "deleted"> {
  // Twice --force: also removes a dirty or locked worktree.
  const r = await runGitRetrying(ctx, mirror, ["worktree", "remove", "--force", "--force", path]);
  if (r.exitCode === 0) return "git";
  await rm(path, { recursive: true, force: true });
  return "deleted";
}

// Removes directory and registration; returns whether the directory existed.
async function removeUnlocked(ctx: GitContext, project: string, path: string): Promise<boolean> {
  const existed = existsSync(path);
  const how = existed ? await discardPath(ctx, ctx.layout.mirror(project), path) : "deleted";
  // git only drops the registration itself when it removed the directory.
  if (how === "deleted") await gitRetrying(ctx, ctx.layout.mirror(project), ["worktree", "prune"]);
  return existed;
}

/**
 * The registration directory (`<mirror>/worktrees/<id>`, see gitrepository-layout) a linked worktree's `.git`
 * file points at; undefined when `path` is not a linked worktree. Read before removal so that the check after
 * it needs no git process: the registration is gone exactly when that directory is.
 */
function adminDirOf(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(path, ".git"), "utf8");
  } catch {
    return undefined;
  }
  const m = /^gitdir: (.+)$/m.exec(text);
  return m?.[1] === undefined ? undefined : resolve(path, m[1].trim());
}

// Throws E_GIT if a directory or registration of `paths` survived; `admin`: the one path's registration directory.
async function verifyGone(ctx: GitContext, project: string, paths: readonly string[], admin?: string): Promise<void> {
  const survivors =
    admin !== undefined && paths.length === 1
      ? paths.filter((p) => existsSync(admin) || existsSync(p))
      : await listedOrPresent(ctx, project, paths);
  if (survivors.length > 0) {
    throw new PolecatError("E_GIT", `worktree removal left ${survivors.length} behind`, { details: survivors });
  }
}

async function listedOrPresent(ctx: GitContext, project: string, paths: readonly string[]): Promise<string[]> {
  const left = new Set((await listWorktrees(ctx, project)).map((e) => e.path));
  return paths.filter((p) => left.has(p) || existsSync(p));
}
