// Where a task's work is: the tip of its branch on origin, and the point it forked from the base.
import { taskBranch } from "../../core/layout.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { originRef, originSha, runGit, syncMirror, type GitContext } from "../git/index.js";

/**
 * The tip of the task's branch on origin, fetching first when the mirror lags behind the head the store
 * recorded at finish; undefined when origin has no such branch.
 */
export async function branchTip(ctx: GitContext, project: string, task: TaskRecord): Promise<string | undefined> {
  const branch = taskBranch(task.id);
  const known = await originSha(ctx, project, branch);
  if (known !== undefined && (task.head_sha === undefined || known === task.head_sha)) return known;
  await syncMirror(ctx, project);
  return originSha(ctx, project, branch);
}

/** Where `tip` forked from origin's `base` (the base itself when they share no history), for the task's own diff. */
export async function forkPoint(ctx: GitContext, cwd: string, base: string, tip: string): Promise<string> {
  const r = await runGit(ctx, cwd, ["merge-base", originRef(base), tip]);
  return r.exitCode === 0 ? r.stdout.trim() : originRef(base);
}
