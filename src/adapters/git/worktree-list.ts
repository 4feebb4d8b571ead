// What worktrees a project has, on disk and in git's registry, and how far along each task's is.
import { existsSync } from "node:fs";
import { readdir, realpath } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { PolecatError } from "../../core/errors.js";
import { parseWorktreeName } from "../../core/layout.js";
import { parseStatusV2, parseWorktreeList, type WorktreeRecord } from "./parse.js";
import { gitRetrying } from "./contention.js";
import { git, originRef, type GitContext } from "./run.js";

/** One worktree directory or registration under `<home>/worktrees/<project>`. */
export interface WorktreeEntry {
  /** Directory name: `<task-id>@<attempt>` (a plain task id in older homes), `_refinery` or `_review-<task-id>`. */
  name: string;
  kind: "task" | "refinery" | "review";
  /** The task it belongs to (task and review worktrees). */
  taskId?: string;
  /** The attempt a task worktree was made for. */
  attempt?: number;
  path: string;
  /** git knows it (`git worktree list`). */
  registered: boolean;
  /** Its directory exists. */
  exists: boolean;
  /** Short branch name, when registered on a branch. */
  branch?: string;
  head?: string;
}

/** Lists registered worktrees and orphan directories alike, sorted by name, so prune and the CLI see both. */
export async function listWorktrees(ctx: GitContext, project: string): Promise<WorktreeEntry[]> {
  const root = ctx.layout.worktrees(project);
  const byName = new Map<string, WorktreeEntry>();
  for (const rec of await registrations(ctx, project)) {
    const name = basename(rec.path);
    byName.set(name, { ...describe(name, `${root}/${name}`), registered: true, exists: existsSync(rec.path), ...branchAndHead(rec) });
  }
  const dirs = existsSync(root) ? await readdir(root, { withFileTypes: true }) : [];
  for (const d of dirs) {
    if (d.isDirectory() && !byName.has(d.name)) {
      byName.set(d.name, { ...describe(d.name, `${root}/${d.name}`), registered: false, exists: true });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// Registrations of the project's mirror whose directory is (or was) under the project's worktrees root.
async function registrations(ctx: GitContext, project: string): Promise<WorktreeRecord[]> {
  const mirror = ctx.layout.mirror(project);
  if (!existsSync(mirror)) return [];
  const root = ctx.layout.worktrees(project);
  // git may report the directory through a resolved symlink (a temp dir on macOS), so accept both spellings.
  const roots = new Set([resolve(root), existsSync(root) ? await realpath(root) : resolve(root)]);
  // Retried: a worktree another git process is adding reads as half made; one abandoned half made is cleared.
  const records = parseWorktreeList(await gitRetrying(ctx, mirror, ["worktree", "list", "--porcelain", "-z"]));
  return records.filter((r) => !r.bare && roots.has(dirname(resolve(r.path))));
}

/** A task worktree's state for `polecat worktree status`. */
export interface WorktreeStatus {
  path: string;
  /** Short branch name; undefined when detached. */
  branch?: string;
  head?: string;
  /** Commits on HEAD not on `origin/<base>`. */
  ahead: number;
  /** Commits on `origin/<base>` not on HEAD. */
  behind: number;
  /** Changed, staged, conflicted and untracked paths. */
  dirty: string[];
}

/** Branch, head, ahead/behind `origin/<base>` (as last fetched) and dirty files of a task's (latest attempt's) worktree. */
export async function worktreeStatus(ctx: GitContext, project: string, taskId: string, base: string): Promise<WorktreeStatus> {
  const path = (await taskWorktreePaths(ctx, project, taskId))[0] ?? ctx.layout.worktree(project, taskId);
  if (!existsSync(path)) throw new PolecatError("E_NOT_FOUND", `task ${taskId} has no worktree`, { details: [path] });
  const status = parseStatusV2(await git(ctx, path, ["status", "--porcelain=v2", "--branch", "-z"]));
  const counts = await git(ctx, path, ["rev-list", "--left-right", "--count", `${originRef(base)}...HEAD`]);
  const [behind = "0", ahead = "0"] = counts.trim().split(/\s+/);
  const result: WorktreeStatus = { path, ahead: Number(ahead), behind: Number(behind), dirty: status.files };
  if (status.branch !== undefined) result.branch = status.branch;
  if (status.head !== undefined) result.head = status.head;
  return result;
}

function describe(name: string, path: string): Pick<WorktreeEntry, "name" | "kind" | "taskId" | "attempt" | "path"> {
  if (name === "_refinery") return { name, kind: "refinery", path };
  if (name.startsWith("_review-")) return { name, kind: "review", taskId: name.slice("_review-".length), path };
  return { name, kind: "task", ...parseWorktreeName(name), path };
}

/**
 * The directories of a task's worktrees (every attempt's, and the plain `<task>` of older homes), newest
 * attempt first. Read from the directory alone: no git process.
 */
export async function taskWorktreePaths(ctx: GitContext, project: string, taskId: string): Promise<string[]> {
  const root = ctx.layout.worktrees(project);
  const dirs = existsSync(root) ? await readdir(root, { withFileTypes: true }).catch(() => []) : [];
  const mine = dirs
    .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
    .map((d) => ({ name: d.name, ...parseWorktreeName(d.name) }))
    .filter((w) => w.taskId === taskId)
    .sort((a, b) => (b.attempt ?? 0) - (a.attempt ?? 0));
  return mine.map((w) => `${root}/${w.name}`);
}

function branchAndHead(rec: WorktreeRecord): Pick<WorktreeEntry, "branch" | "head"> {
  const out: Pick<WorktreeEntry, "branch" | "head"> = {};
  if (rec.branch !== undefined) out.branch = rec.branch.replace(/^refs\/heads\//, "");
  if (rec.head !== undefined) out.head = rec.head;
  return out;
}
