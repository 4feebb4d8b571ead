// The bare mirror of a project's origin: every worktree is cut from it and every push goes through it.
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { isPolecatError, PolecatError } from "../../core/errors.js";
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
  /** The origin the mirror fetched from before it was re-pointed at `repo`, when it was. */
  repointed?: string;
}

/** How `initMirror` treats a mirror that fetches from another origin. */
export interface InitMirrorOptions {
  /** Re-point a mirror that has fetched from another origin (its own task branches stay). */
  force?: boolean;
}

/**
 * Creates the project's bare mirror of `repo` (or checks an existing one points at it) and fetches it.
 * The mirror is `git init --bare` plus an `origin` remote, so fetch maps origin's branches to
 * `refs/remotes/origin/*` and never clobbers polecat's own local task branches. A mirror that never
 * fetched anything is re-pointed at `repo` without asking (there is nothing to lose), one that did only with
 * `force`. When the fetch fails, nothing is left half done: a mirror made here is removed, a re-pointed one
 * points where it did; an origin git cannot find or reach by its name is E_CONFIG, the spec's problem.
 */
export async function initMirror(ctx: GitContext, project: string, repo: string, onProgress?: ProgressListener, opts: InitMirrorOptions = {}): Promise<MirrorInfo> {
  const path = ctx.layout.mirror(project);
  return withMirrorLock(ctx, project, async () => {
    const created = !existsSync(path);
    if (created) {
      await mkdir(dirname(path), { recursive: true });
      await git(ctx, dirname(path), ["init", "--quiet", "--bare", path]);
    }
    const url = await runGit(ctx, path, ["config", "--get", "remote.origin.url"]);
    const before = url.exitCode === 0 ? url.stdout.trim() : undefined;
    if (before === undefined) await git(ctx, path, ["remote", "add", "origin", repo]);
    else if (before !== repo) {
      if (opts.force !== true && (await hasFetched(ctx, path))) {
        throw new PolecatError("E_CONFIG", `the mirror of ${project} fetches from ${before}, not ${repo}`, {
          details: [`mirror: ${path}`, `run \`polecat init --force\` to re-point it at ${repo} (its task branches stay; origin's branches are fetched anew)`],
        });
      }
      await git(ctx, path, ["remote", "set-url", "origin", repo]);
    }
    await ensureIdentity(ctx, path);
    try {
      await fetchUnlocked(ctx, project, onProgress);
    } catch (err) {
      if (created) await rm(path, { recursive: true, force: true });
      else if (before !== undefined && before !== repo) await git(ctx, path, ["remote", "set-url", "origin", before]);
      throw unreachableOrigin(err, repo) ?? err;
    }
    return { path, created, ...(before !== undefined && before !== repo ? { repointed: before } : {}) };
  });
}

/** True once the mirror holds any of origin's branches. */
async function hasFetched(ctx: GitContext, path: string): Promise<boolean> {
  return (await git(ctx, path, ["for-each-ref", "--count=1", "--format=%(refname)", "refs/remotes/origin/"])).trim() !== "";
}

// What git says when the origin named is not there or not reachable by that name: the spec's `repo:` is wrong.
const NO_SUCH_ORIGIN = /does not appear to be a git repository|repository '[^']*' not found|not found|could not resolve host|no such file or directory|authentication failed|permission denied \(publickey/i;

/**
 * A failed fetch whose cause is the origin named (no repository there, an unknown host, refused credentials)
 * as E_CONFIG: git's first fatal line in the message, its other lines once as details. Undefined for any
 * other failure (a network drop, a full disk), which stays E_GIT.
 */
export function unreachableOrigin(err: unknown, repo: string): PolecatError | undefined {
  if (!isPolecatError(err, "E_GIT")) return undefined;
  const lines = err.details.join("\n").split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l !== "" && !/^remote: \S.*: +\d+%/.test(l));
  const fatal = lines.find((l) => NO_SUCH_ORIGIN.test(l));
  if (fatal === undefined) return undefined;
  return new PolecatError("E_CONFIG", `cannot fetch the spec's repo ${repo}: ${fatal.replace(/^fatal: /, "")}`, {
    details: [...lines.filter((l) => l !== fatal), "fix `repo:` in the spec, then run `polecat init` again"],
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
