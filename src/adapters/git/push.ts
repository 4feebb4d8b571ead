// Pushing one commit to one branch of origin, with a refusal reported as data.
import { classifyRejection, parsePushPorcelain, type PushRejection } from "./parse.js";
import { gitFailure, runGit, type GitContext } from "./run.js";

/** A push's outcome: origin took it, or refused it for a reason the caller acts on. */
export type PushResult = { kind: "pushed" } | { kind: "rejected"; reason: PushRejection; detail: string };

/** How a push may replace what origin has. */
export type PushMode = "fast-forward" | "force-with-lease";

/**
 * Pushes `commit` to origin's `refs/heads/<branch>` from `cwd` (a worktree of the mirror), without a lock of
 * polecat's: origin updates the ref atomically, and the mirror's tracking ref is git's to lock (a push that
 * loses that race still succeeded; the next fetch sets the tracking ref). `force-with-lease` replaces the
 * branch only if origin still has what the mirror last fetched (absent included).
 */
export async function pushCommit(ctx: GitContext, _project: string, cwd: string, commit: string, branch: string, mode: PushMode): Promise<PushResult> {
  const args = ["push", "--porcelain"];
  if (mode === "force-with-lease") args.push("--force-with-lease");
  args.push("origin", `${commit}:refs/heads/${branch}`);
  const r = await runGit(ctx, cwd, args);
  const rejected = parsePushPorcelain(r.stdout).find((l) => l.flag === "!");
  if (rejected) return { kind: "rejected", reason: classifyRejection(rejected.summary), detail: rejected.summary };
  if (r.exitCode !== 0) throw gitFailure(args, cwd, r);
  return { kind: "pushed" };
}
