// An agent that ran `git checkout main` (or any other branch, or a commit) left the task branch: its work
// would be finished from the wrong place and end as "no changes". Finish puts the worktree back on the
// task branch first, taking along what the agent committed after leaving it, and says what happened.
import { git, runGit, type GitContext } from "./run.js";

/**
 * Puts `worktree` back on `branch` when HEAD is elsewhere; returns undefined when it never left, else a
 * sentence for the task's record. The worktree must be clean (leftovers committed where HEAD is). Commits
 * made after leaving (HEAD descends from the branch) are taken onto the branch; work only on the branch is
 * kept; commits made apart from it are named and not taken.
 */
export async function returnToTaskBranch(ctx: GitContext, worktree: string, branch: string): Promise<string | undefined> {
  const ref = `refs/heads/${branch}`;
  const sym = await runGit(ctx, worktree, ["symbolic-ref", "--quiet", "HEAD"]);
  const current = sym.exitCode === 0 ? sym.stdout.trim() : undefined;
  if (current === ref) return undefined;
  const where = current === undefined ? "a detached HEAD" : current.replace(/^refs\/heads\//, "");
  const head = (await git(ctx, worktree, ["rev-parse", "HEAD"])).trim();
  const tipRun = await runGit(ctx, worktree, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  const tip = tipRun.exitCode === 0 ? tipRun.stdout.trim() : undefined;
  const ancestor = async (a: string, b: string): Promise<boolean> => (await runGit(ctx, worktree, ["merge-base", "--is-ancestor", a, b])).exitCode === 0;
  let take = tip ?? head;
  let what: string | undefined;
  if (tip === undefined || (await ancestor(tip, head))) {
    take = head;
    if (head !== tip) what = `what it committed there is taken onto ${branch}`;
  } else if (await ancestor(head, tip)) {
    what = `its work on ${branch} is kept`;
  } else {
    what = `its commits there (up to ${head.slice(0, 12)}) are apart from ${branch} and not taken`;
  }
  await git(ctx, worktree, ["checkout", "--quiet", "-B", branch, take]);
  return `the agent left ${branch} for ${where}${what === undefined ? "" : `; ${what}`}`;
}
