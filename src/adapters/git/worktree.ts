// Creating a task's worktree: cut from freshly fetched origin, files copied in, setup commands run.
import { existsSync } from "node:fs";
import { cp, mkdir } from "node:fs/promises";
import { dirname, isAbsolute, join, relative } from "node:path";
import { execa } from "execa";
import { PolecatError } from "../../core/errors.js";
import type { RetryStart } from "../../core/kickback.js";
import { taskBranch } from "../../core/layout.js";
import type { RetryFrom } from "../../core/retry.js";
import { gitRetrying, runGitRetrying } from "./contention.js";
import { fetchMirror } from "./fetch.js";
import { rebaseOntoBase } from "./finish.js";
import { git, originRef, type GitContext } from "./run.js";
import { taskWorktreePaths } from "./worktree-list.js";
import { discardPath } from "./worktree-remove.js";

/** What a task's worktree is made from. */
export interface CreateWorktreeOptions {
  project: string;
  taskId: string;
  /** The claim's attempt: the worktree is `<task>@<attempt>`, and every other worktree of the task goes. */
  attempt?: number;
  base: string;
  /** The spec's `worktree.setup`: argv commands run in the new worktree, in order. */
  setup?: string[][];
  /** The spec's `worktree.copy`: paths relative to `copyFrom`, copied to the same place in the worktree. */
  copy?: string[];
  /** Where `copy` paths are read from (the user's checkout). */
  copyFrom?: string;
  /**
   * The fetch must have started at or after this time (epoch ms) to serve: a fetch in flight or just done
   * that started later is shared instead of running another. Default: now (a fetch of its own, or the one
   * queued behind the fetch in flight).
   */
  freshSince?: number;
  /**
   * A retry: an earlier attempt's work (its pushed `polecat/<task>`, or a branch the worker kept) is kept
   * as `keepAs` (`polecat/<task>@<attempt>`); the worktree starts from the fresh base (`fresh`) or from
   * that work rebased onto it (`previous`).
   */
  retry?: { from: RetryFrom; keepAs: string };
}

/** One setup command's outcome, so the worker can report a failing one with its output. */
export interface CommandResult {
  argv: string[];
  ok: boolean;
  /** Undefined when the command could not start (not found) or was killed. */
  exitCode?: number;
  /** stdout and stderr interleaved. */
  output: string;
}

/** The created worktree. `ok: false` means a setup command failed; it is the last entry of `setup`. */
export interface CreatedWorktree {
  ok: boolean;
  path: string;
  branch: string;
  /** The commit the worktree starts at. */
  head: string;
  /** True when the worktree holds an earlier attempt's work (rebased onto the fresh base). */
  resumed: boolean;
  /** Set on a retry: where the worktree started and where the earlier work is kept. */
  start?: RetryStart;
  /** `copy` entries that existed and were copied (missing ones are skipped). */
  copied: string[];
  setup: CommandResult[];
}

/**
 * Creates `<home>/worktrees/<project>/<task-id>@<attempt>` on branch `polecat/<task-id>` from the freshly
 * fetched `origin/<base>`, removing every earlier attempt's worktree (an agent of an earlier attempt that
 * still writes by absolute path writes into a removed directory, never into this one). On a retry the earlier attempt's work is
 * kept as a branch (`retry.keepAs`) and, with `retry.from: previous`, rebased onto the fresh base to start
 * from (a conflicting rebase is aborted and the start is fresh, with the files named). Copy and setup run after.
 */
export async function createWorktree(ctx: GitContext, opts: CreateWorktreeOptions): Promise<CreatedWorktree> {
  const { project, taskId, base } = opts;
  const path = ctx.layout.worktree(project, taskId, opts.attempt);
  const branch = taskBranch(taskId);
  const mirror = ctx.layout.mirror(project);
  const start = await (async () => {
    await fetchMirror(ctx, project, opts.freshSince);
    const kept = opts.retry === undefined ? undefined : `refs/heads/${opts.retry.keepAs}`;
    const refs = await refShas(ctx, mirror, [originRef(base), originRef(branch), ...(kept === undefined ? [] : [kept])]);
    const baseSha = refs.get(originRef(base));
    if (baseSha === undefined) {
      throw new PolecatError("E_NOT_FOUND", `origin of ${project} has no branch ${base}`, { details: [`mirror: ${mirror}`] });
    }
    let previous: string | undefined;
    if (opts.retry !== undefined && kept !== undefined) {
      previous = refs.get(kept) ?? refs.get(originRef(branch));
      if (previous !== undefined && !refs.has(kept)) await gitRetrying(ctx, mirror, ["branch", "--force", opts.retry.keepAs, previous]);
    }
    for (const old of await taskWorktreePaths(ctx, project, taskId)) await discardPath(ctx, mirror, old);
    if (existsSync(path)) await discardPath(ctx, mirror, path);
    await mkdir(dirname(path), { recursive: true });
    const from = opts.retry?.from === "previous" && previous !== undefined ? previous : originRef(base);
    const add = ["worktree", "add", "--quiet", "--force", "--no-track", "-B", branch, path, from];
    if ((await runGitRetrying(ctx, mirror, add)).exitCode !== 0) {
      // A registration whose directory vanished still holds the branch; drop it and try once more.
      await gitRetrying(ctx, mirror, ["worktree", "prune"]);
      await gitRetrying(ctx, mirror, add);
    }
    if (opts.retry === undefined) return { head: baseSha, resumed: false };
    const retryStart: RetryStart = { from: "fresh", base, baseCommit: baseSha, ...(previous === undefined ? {} : { previousBranch: opts.retry.keepAs }) };
    if (from === originRef(base)) return { head: baseSha, resumed: false, start: retryStart };
    const rebased = await rebaseOntoBase(ctx, path, base);
    if (rebased.kind === "conflict") {
      await git(ctx, path, ["reset", "--quiet", "--hard", baseSha]);
      return { head: baseSha, resumed: false, start: { ...retryStart, rebaseConflict: rebased.files } };
    }
    return { head: rebased.head, resumed: true, start: { ...retryStart, from: "previous" as const } };
  })();
  const copied = await copyFiles(opts.copyFrom, path, opts.copy ?? []);
  const setup = await runSetup(ctx, path, opts.setup ?? []);
  const ok = setup.every((r) => r.ok);
  return { ok, path, branch, ...start, copied, setup };
}

/** Keeps what a task's worktree (of `attempt`) holds (its HEAD) as branch `name` in the mirror, e.g. a kicked-back attempt's `polecat/<task>@<attempt>`. */
export async function keepBranch(ctx: GitContext, project: string, taskId: string, name: string, attempt?: number): Promise<void> {
  const path = ctx.layout.worktree(project, taskId, attempt);
  const head = (await git(ctx, path, ["rev-parse", "HEAD"])).trim();
  await gitRetrying(ctx, ctx.layout.mirror(project), ["branch", "--force", name, head]);
}

/** Runs setup commands in order in `cwd`, stopping at the first failure. */
export async function runSetup(ctx: GitContext, cwd: string, commands: readonly string[][]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const argv of commands) {
    const [file, ...args] = argv;
    if (file === undefined) continue;
    const r = await execa(file, args, { cwd, env: ctx.env, extendEnv: false, reject: false, stdin: "ignore", all: true });
    const result: CommandResult = { argv, ok: r.exitCode === 0, output: r.all };
    if (r.exitCode !== undefined) result.exitCode = r.exitCode;
    else result.output = r.shortMessage ?? `${file} did not run`;
    results.push(result);
    if (!result.ok) break;
  }
  return results;
}

/** Copies `files` (relative paths, files or directories) from `from` into `to`; returns those that existed. */
export async function copyFiles(from: string | undefined, to: string, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  if (from === undefined) throw new PolecatError("E_CONFIG", "worktree.copy needs a directory to copy from");
  const copied: string[] = [];
  for (const f of files) {
    const dest = join(to, f);
    const rel = relative(to, dest);
    if (isAbsolute(f) || rel.startsWith("..") || rel === "") {
      throw new PolecatError("E_CONFIG", `worktree.copy entry ${f} must be a path inside the repository`);
    }
    const src = join(from, f);
    if (!existsSync(src)) continue;
    await mkdir(dirname(dest), { recursive: true });
    await cp(src, dest, { recursive: true, force: true });
    copied.push(f);
  }
  return copied;
}

// The commits the given full ref names point at, in one git process; absent refs are left out.
async function refShas(ctx: GitContext, repo: string, refs: readonly string[]): Promise<Map<string, string>> {
  const out = await git(ctx, repo, ["for-each-ref", "--format=%(objectname) %(refname)", ...refs]);
  const map = new Map<string, string>();
  for (const line of out.split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) map.set(line.slice(sp + 1), line.slice(0, sp));
  }
  return map;
}
