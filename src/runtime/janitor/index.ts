// The janitor: returns abandoned work to the queue and clears what finished work left behind.
import { access, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { clearDeadLock } from "../../adapters/lockfile.js";
import { deadOwnersHere } from "../../adapters/owner.js";
import { deleteRemoteBranch, originSha, pruneWorktrees, syncMirror, type GitContext, type PrunedWorktree } from "../../adapters/git/index.js";
import { taskBranch } from "../../core/layout.js";
import type { SwarmSpec } from "../../core/spec.js";
import type { StalledReport, TaskRecord, TaskStore } from "../../core/ports/store.js";

/** A lock untouched this long belongs to a dead process: every live holder refreshes its lock far more often. */
export const DEAD_LOCK_MS = 60_000;

/** What the janitor works on. */
export interface JanitorInput {
  store: TaskStore;
  spec: Pick<SwarmSpec, "project" | "limits">;
  git: GitContext;
  dryRun: boolean;
  now: () => number;
}

/** What the janitor did (or, with dryRun, would do). */
export interface JanitorReport {
  dry_run: boolean;
  /** Leases taken back: a dead owner's (this host, pid gone) counting nothing, an expired one a failed attempt. */
  reaped: { id: string; status: string; cause: "owner_dead" | "lease_expired" }[];
  /** In-progress work older than limits.stalled_after returned to active (live heartbeats spared). */
  stalled: StalledReport[];
  worktrees: PrunedWorktree[];
  /** Branches of merged or cancelled tasks still on origin, deleted. */
  branches: string[];
  /** Lock files of dead processes removed. */
  locks: string[];
}

/** Runs every janitor step for one project; each step reports what it touched. */
export async function runJanitor(input: JanitorInput): Promise<JanitorReport> {
  const { store, spec, git, dryRun, now } = input;
  const project = spec.project;
  // A lease whose owner is gone from this host is taken back now, and not counted against the task.
  const running = await store.list({ project, status: "in_progress" });
  const deadOwners = deadOwnersHere(running);
  const ownerOf = new Map(running.map((t) => [t.id, t.lease?.owner ?? ""]));
  const reaped = await store.reapExpired({ project, maxAttempts: spec.limits.max_attempts, dryRun, deadOwners });
  const stalled = await store.resetStalled({ project, olderThanMs: spec.limits.stalled_after_ms, force: false, dryRun, deadOwners });
  const tasks = new Map((await store.list({ project })).map((t) => [t.id, t]));
  const finished = (t: TaskRecord | undefined): boolean => t === undefined || t.status === "done" || t.status === "cancelled";
  const hasMirror = await exists(git.layout.mirror(project));
  const worktrees = hasMirror ? await pruneWorktrees(git, project, (id) => finished(tasks.get(id)), { dryRun }) : [];
  const branches = hasMirror ? await leftoverBranches(git, project, [...tasks.values()].filter((t) => finished(t)), dryRun) : [];
  const locks = await deadLocks([git.layout.locks, git.layout.store], dryRun, now());
  return { dry_run: dryRun, reaped: reaped.map((t) => ({ id: t.id, status: t.status, cause: deadOwners.includes(ownerOf.get(t.id) ?? "") ? "owner_dead" : "lease_expired" })), stalled, worktrees, branches, locks };
}

async function leftoverBranches(git: GitContext, project: string, finished: TaskRecord[], dryRun: boolean): Promise<string[]> {
  await syncMirror(git, project);
  const out: string[] = [];
  for (const t of finished) {
    const branch = taskBranch(t.id);
    if ((await originSha(git, project, branch)) === undefined) continue;
    if (!dryRun) await deleteRemoteBranch(git, project, branch);
    out.push(branch);
  }
  return out;
}

/** `*.lock` directories (proper-lockfile's) not refreshed for DEAD_LOCK_MS: taking and dropping the lock clears them. */
async function deadLocks(dirs: string[], dryRun: boolean, now: number): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory() || !e.name.endsWith(".lock")) continue;
      const lockDir = join(dir, e.name);
      const age = now - (await stat(lockDir)).mtimeMs;
      if (age < DEAD_LOCK_MS) continue;
      const file = lockDir.slice(0, -".lock".length);
      if (!dryRun) {
        if (!(await clearDeadLock(file, DEAD_LOCK_MS))) continue;
      }
      out.push(lockDir);
    }
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
