// Git's own locks instead of polecat's: ref updates, worktree registrations and indexes are guarded by git's
// lock files, which fail fast ("cannot lock ref", "Unable to create '...lock': File exists") rather than
// wait. A git step that lost such a race did nothing, so it is run again after a short, jittered pause.
import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gitFailure, runGit, type GitContext, type GitResult, type RunGitOptions } from "./run.js";

/**
 * What git prints when another git process holds a lock it needs (a ref, packed-refs, an index, a worktree),
 * or when it met another worktree half made: `worktree add` writes a placeholder HEAD first, which a fetch
 * walking every worktree's HEAD reads as a bad object until the add is done, and creates the worktree's admin
 * directory before its `commondir` and `gitdir`, which another `worktree add` listing the worktrees reads empty.
 */
const CONTENTION =
  /cannot lock ref|unable to create '[^']*\.lock'|index\.lock|file exists|could not lock|failed to lock|is at [0-9a-f]+ but expected|bad object worktrees\/|failed to read worktrees\/[^\n]*\/(?:commondir|gitdir|HEAD)/i;

/** How often a step that met a held lock is tried again, and the first pause (doubled each time, jittered). */
const ATTEMPTS = 12;
const FIRST_PAUSE_MS = 5;

/** A worktree's admin directory (`worktrees/<id>`, as git names it from the run's directory) whose `commondir` or `gitdir` git could not read. */
const HALF_MADE = /failed to read ((?:\S*\/)?worktrees\/[^/\s]+)\/(?:commondir|gitdir)\b/;

/**
 * A half-made worktree older than this was abandoned (its `worktree add` killed midway, e.g. with the swarm
 * that ran it): an add writes those files within milliseconds. git never repairs one (`worktree prune`
 * keeps it, and `worktree list` fails on it from then on), so it is removed.
 */
export const ABANDONED_WORKTREE_MS = 5_000;

/** True when a failed git run failed only because another git process held a lock. */
export function lostLockRace(r: GitResult): boolean {
  return r.exitCode !== 0 && CONTENTION.test(`${r.stderr}\n${r.stdout}`);
}

/**
 * Runs git, and again while it fails on lock contention (at most ATTEMPTS times in all). Any other result,
 * success or failure, is returned as it is; so is the last contention failure.
 */
export async function runGitRetrying(ctx: GitContext, cwd: string, args: readonly string[], opts: RunGitOptions = {}): Promise<GitResult> {
  let pause = FIRST_PAUSE_MS;
  const cleared = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const r = await runGit(ctx, cwd, args, opts);
    if (!lostLockRace(r)) return r;
    const abandoned = await clearAbandonedWorktree(cwd, r, Date.now());
    if (abandoned !== undefined && !cleared.has(abandoned)) {
      cleared.add(abandoned);
      continue;
    }
    if (attempt >= ATTEMPTS) return r;
    await sleep(pause + Math.random() * pause);
    pause *= 2;
  }
}

/** runGitRetrying that returns stdout; a failure other than lost races (or too many of them) is E_GIT. */
export async function gitRetrying(ctx: GitContext, cwd: string, args: readonly string[], opts: RunGitOptions = {}): Promise<string> {
  const r = await runGitRetrying(ctx, cwd, args, opts);
  if (r.exitCode !== 0) throw gitFailure(args, cwd, r);
  return r.stdout;
}

/**
 * When `r` failed on a half-made worktree whose admin directory has not changed for ABANDONED_WORKTREE_MS,
 * removes that directory and returns its path; undefined when there is none or it may still be in the making.
 */
export async function clearAbandonedWorktree(cwd: string, r: GitResult, now: number): Promise<string | undefined> {
  const named = HALF_MADE.exec(`${r.stderr}\n${r.stdout}`)?.[1];
  if (named === undefined) return undefined;
  const dir = resolve(cwd, named);
  const st = await stat(dir).catch(() => undefined);
  if (st === undefined || now - st.mtimeMs < ABANDONED_WORKTREE_MS) return undefined;
  await rm(dir, { recursive: true, force: true });
  return dir;
}
