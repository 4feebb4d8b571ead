// The bare mirror of a project's origin: every worktree is cut from it and every push goes through it.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { PolecatError } from "../../core/errors.js";
import { gitRetrying } from "./contention.js";
import { withMirrorLock } from "./lock.js";
import { git, gitFailure, runGit, type GitContext } from "./run.js";

/** The identity polecat commits with when neither the user nor the system configured one. */
export const POLECAT_IDENTITY = { name: "polecat", email: "polecat@localhost" } as const;

/** Receives fetch progress one line at a time (`Receiving objects:  42% (...)`). */
export type ProgressListener = (line: string) => void;

/** What `initMirror` found or made. */
export interface MirrorInfo {
  path: string;
  /** False when the mirror already existed (init is idempotent). */
  created: boolean;
}

/**
 * Creates the project's bare mirror of `repo` (or checks an existing one points at it) and fetches it.
 * The mirror is `git init --bare` plus an `origin` remote, so fetch maps origin's branches to
 * `refs/remotes/origin/*` and never clobbers polecat's own local task branches.
 */
export async function initMirror(ctx: GitContext, project: string, repo: string, onProgress?: ProgressListener): Promise<MirrorInfo> {
  const path = ctx.layout.mirror(project);
  return withMirrorLock(ctx, project, async () => {
    const created = !existsSync(path);
    if (created) {
      await mkdir(dirname(path), { recursive: true });
      await git(ctx, dirname(path), ["init", "--quiet", "--bare", path]);
    }
    const url = await runGit(ctx, path, ["config", "--get", "remote.origin.url"]);
    if (url.exitCode !== 0) await git(ctx, path, ["remote", "add", "origin", repo]);
    else if (url.stdout.trim() !== repo) {
      throw new PolecatError("E_CONFIG", `the mirror of ${project} fetches from ${url.stdout.trim()}, not ${repo}`, {
        details: [`mirror: ${path}`, "remove the mirror directory (or use another project name) to switch origins"],
      });
    }
    await ensureIdentity(ctx, path);
    await fetchUnlocked(ctx, project, onProgress);
    return { path, created };
  });
}

/** Fetches origin into the mirror (pruning deleted branches), reporting progress when asked. */
export async function syncMirror(ctx: GitContext, project: string, onProgress?: ProgressListener): Promise<void> {
  await withMirrorLock(ctx, project, () => fetchUnlocked(ctx, project, onProgress));
}

/** The fetch itself, pruning origin's deleted branches; again on lock contention (task fetches do not take the mirror lock). */
export async function fetchUnlocked(ctx: GitContext, project: string, onProgress?: ProgressListener): Promise<void> {
  const path = ctx.layout.mirror(project);
  if (!existsSync(path)) {
    throw new PolecatError("E_NOT_FOUND", `no mirror for ${project} at ${path}`, { details: ["run `polecat init` first"] });
  }
  const args = ["fetch", "--prune", "--no-write-fetch-head", onProgress ? "--progress" : "--quiet", "origin"];
  await gitRetrying(ctx, path, args, onProgress ? { onStderr: lineSplitter(onProgress) } : {});
}

/** The commit origin's `branch` pointed at when the mirror last fetched; undefined when there is no such branch. */
export async function originSha(ctx: GitContext, project: string, branch: string): Promise<string | undefined> {
  const r = await runGit(ctx, ctx.layout.mirror(project), ["rev-parse", "--verify", "--quiet", `refs/remotes/origin/${branch}^{commit}`]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

// Progress arrives in chunks with `\r`-separated updates; hand out whole lines only.
function lineSplitter(onLine: ProgressListener): (chunk: string) => void {
  let rest = "";
  return (chunk) => {
    const parts = (rest + chunk).split(/[\r\n]/);
    rest = parts.pop() ?? "";
    for (const p of parts) if (p.trim() !== "") onLine(p.trim());
  };
}

// Seeds the mirror's own config with polecat's identity for whichever of name/email no level sets, so
// finish, squash and revert commits work on a machine with no global git identity.
async function ensureIdentity(ctx: GitContext, path: string): Promise<void> {
  const r = await runGit(ctx, path, ["config", "--get-regexp", "^user\\.(name|email)$"]);
  const set = new Set(r.stdout.split("\n").map((l) => l.split(" ")[0]));
  if (!set.has("user.name")) await git(ctx, path, ["config", "user.name", POLECAT_IDENTITY.name]);
  if (!set.has("user.email")) await git(ctx, path, ["config", "user.email", POLECAT_IDENTITY.email]);
}

/** Deletes `branch` on origin; a branch that is already gone counts as deleted. */
export async function deleteRemoteBranch(ctx: GitContext, project: string, branch: string): Promise<void> {
  await deleteRemoteUnlocked(ctx, project, branch);
}

/** The deletion itself (origin updates its ref atomically; no mirror lock needed). */
export async function deleteRemoteUnlocked(ctx: GitContext, project: string, branch: string): Promise<void> {
  const mirror = ctx.layout.mirror(project);
  const args = ["push", "--porcelain", "origin", "--delete", `refs/heads/${branch}`];
  const r = await runGit(ctx, mirror, args);
  if (r.exitCode === 0) return;
  // Some transports refuse to delete a ref that does not exist; ask origin whether it is gone (exit 2).
  const gone = await runGit(ctx, mirror, ["ls-remote", "--exit-code", "origin", `refs/heads/${branch}`]);
  if (gone.exitCode !== 2) throw gitFailure(args, mirror, r);
  await gitRetrying(ctx, mirror, ["update-ref", "-d", `refs/remotes/origin/${branch}`]);
}
