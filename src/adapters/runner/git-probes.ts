// Cheap looks at a worktree while an agent works in it: has anything changed, and what has it done so far.
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { runGit } from "../git/run.js";

type Env = Record<string, string | undefined>;

/** What an agent has done since a starting commit; feeds the restart summary. */
export interface Progress {
  /** `<short hash> <subject>`, newest first. */
  commits: string[];
  /** Paths changed since the start, committed or not, plus untracked files. */
  files: string[];
}

// Through the one git runner (hooks off, repository variables scrubbed). `--no-optional-locks`: a background
// look must never take index.lock away from the agent's own git commands. A failed look (a worktree already gone included) is no answer.
async function git(worktree: string, env: Env, args: string[]): Promise<string | undefined> {
  const r = await runGit({ env }, worktree, ["--no-optional-locks", ...args]).catch(() => undefined);
  return r?.exitCode === 0 ? r.stdout : undefined;
}

/** The worktree's HEAD commit, or undefined when there is none yet. */
export async function gitHead(worktree: string, env: Env): Promise<string | undefined> {
  return (await git(worktree, env, ["rev-parse", "--verify", "-q", "HEAD"]))?.trim() || undefined;
}

// Paths from `status --porcelain -z`; a rename/copy entry is followed by its source path, skipped here.
function statusPaths(porcelain: string): string[] {
  const entries = porcelain.split("\0").filter((e) => e !== "");
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] ?? "";
    paths.push(e.slice(3));
    if (e[0] === "R" || e[0] === "C") i++;
  }
  return paths;
}

/**
 * A fingerprint of the worktree: HEAD, `git status`, and size+mtime of every changed path, so editing an
 * already-modified file still counts as a change. Costs one status and a stat per changed file.
 */
export async function gitFingerprint(worktree: string, env: Env): Promise<string> {
  const head = (await gitHead(worktree, env)) ?? "";
  const porcelain = (await git(worktree, env, ["status", "--porcelain=v1", "-z", "--untracked-files=all"])) ?? "";
  const hash = createHash("sha1").update(head).update("\0").update(porcelain);
  for (const p of statusPaths(porcelain)) {
    const s = await stat(join(worktree, p)).catch(() => undefined);
    hash.update(s ? `\0${s.size}:${s.mtimeMs}` : "\0-");
  }
  return hash.digest("hex");
}

/** Commits since `since` and every path changed since it (tracked or untracked); empty when `since` is unknown. */
export async function gitProgress(worktree: string, env: Env, since: string | undefined): Promise<Progress> {
  if (since === undefined) return { commits: [], files: [] };
  const log = (await git(worktree, env, ["log", "--format=%h %s", `${since}..HEAD`])) ?? "";
  const changed = (await git(worktree, env, ["diff", "--name-only", since])) ?? "";
  const untracked = (await git(worktree, env, ["ls-files", "--others", "--exclude-standard"])) ?? "";
  const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "");
  const files = [...new Set([...lines(changed), ...lines(untracked)])].sort();
  return { commits: lines(log), files };
}
