// The one way polecat runs git: execa with argv arrays, never a shell, and results as data.
import { execa } from "execa";
import { PolecatError } from "../../core/errors.js";
import type { HomeLayout } from "../../core/layout.js";

/** Runs callers of one key one at a time, in order (lock.ts's LocalQueue is the one implementation). */
export interface KeyedQueue {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** Shares fetches of a mirror among callers whose need one fetch covers (fetch.ts's FetchCoalescer is the one implementation). */
export interface SharedFetches {
  fetch(mirror: string, since: number, run: () => Promise<void>): Promise<void>;
}

/** What every git operation needs: where the home is and the environment to run git in. */
export interface GitContext {
  layout: HomeLayout;
  env: Record<string, string | undefined>;
  /** Shared by the slots of one process so they queue for the mirror lock instead of polling it. */
  local?: KeyedQueue;
  /** Shared by the slots of one process so that one fetch serves all of them. */
  fetches?: SharedFetches;
}

/** A finished git process. */
export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when git was stopped for taking longer than `RunGitOptions.timeoutMs` (exitCode is then 124). */
  timedOut?: boolean;
}

/** Options for one git run. */
export interface RunGitOptions {
  /** Receives stderr chunks as they arrive (fetch progress). */
  onStderr?: (chunk: string) => void;
  /** Stops git (TERM, then KILL) after this long; the result says `timedOut`. For talking to a remote that may never answer. */
  timeoutMs?: number;
}

// Variables a parent git (a hook, a rebase exec) may have set that would point git at another repository.
const REPO_VARS = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX"];

/**
 * polecat's own git calls never run hooks (a project's hooks are for its developers, and setup commands
 * such as `npm ci` may install some into the shared mirror config) and never wait for a terminal.
 */
const PREFIX = ["-c", "core.hooksPath=/dev/null"];

function gitEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env, GIT_TERMINAL_PROMPT: "0", GIT_EDITOR: "true" };
  for (const v of REPO_VARS) delete out[v];
  return out;
}

/** Runs git in `cwd`; a non-zero exit is data, only a git that cannot start at all throws. */
export async function runGit(ctx: Pick<GitContext, "env">, cwd: string, args: readonly string[], opts: RunGitOptions = {}): Promise<GitResult> {
  const sub = execa("git", [...PREFIX, ...args], {
    cwd,
    env: gitEnv(ctx.env),
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs, forceKillAfterDelay: 2_000 }),
  });
  const onStderr = opts.onStderr;
  if (onStderr) sub.stderr.on("data", (c: Buffer) => onStderr(c.toString()));
  const r = await sub;
  if (r.timedOut) return { exitCode: 124, stdout: r.stdout, stderr: r.stderr, timedOut: true };
  if (r.exitCode === undefined) {
    throw new PolecatError("E_GIT", `cannot run git: ${r.shortMessage ?? "unknown error"}`, { details: [r.stderr] });
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git and returns stdout; a non-zero exit is a real failure here, reported with git's stderr. */
export async function git(ctx: GitContext, cwd: string, args: readonly string[], opts: RunGitOptions = {}): Promise<string> {
  const r = await runGit(ctx, cwd, args, opts);
  if (r.exitCode !== 0) throw gitFailure(args, cwd, r);
  return r.stdout;
}

/** The E_GIT error for a git command that failed when it should not have. */
export function gitFailure(args: readonly string[], cwd: string, r: GitResult): PolecatError {
  // git's own first word on it goes in the message itself, so every place that shows only the message shows the cause.
  const said = (r.stderr.trim() || r.stdout.trim()).split("\n").find((l) => /^(fatal|error):/.test(l.trim()))?.trim();
  return new PolecatError("E_GIT", `git ${args.join(" ")} failed (exit ${r.exitCode}) in ${cwd}${said === undefined ? "" : `: ${said}`}`, {
    details: [r.stderr.trim() || r.stdout.trim()].filter((s) => s !== ""),
  });
}

/** Paths of files with unresolved conflicts after a merge, rebase or revert stopped. */
export async function conflictedFiles(ctx: GitContext, cwd: string): Promise<string[]> {
  return splitZ(await git(ctx, cwd, ["diff", "--name-only", "-z", "--diff-filter=U"]));
}

/** Splits NUL-terminated git output (`-z`) into its fields. */
export function splitZ(out: string): string[] {
  return out.split("\0").filter((s) => s !== "");
}

/** The full name of the remote-tracking ref the mirror keeps for an origin branch. */
export function originRef(branch: string): string {
  return `refs/remotes/origin/${branch}`;
}
