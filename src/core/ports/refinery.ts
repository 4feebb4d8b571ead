// The refinery's contract with the outside world. The real adapter (git, validate command, reviewer
// agent, task store) and the test model both implement it, so both run the very same decisions.
import type { RefinerySpec } from "../spec.js";
import type { TaskRecord, TaskStore } from "./store.js";

/** Tasks squash-merged onto a base: the resulting tip and each task's own commit, or the task that conflicted. */
export type BuildResult =
  | { ok: true; head: string; commits: Record<string, string> }
  | { ok: false; id: string; files: string[] };

/** A revert commit built onto a base, or the files it conflicts in. */
export type RevertBuild = { ok: true; head: string } | { ok: false; files: string[] };

/** A fast-forward push: done, or refused because the base branch is now at `head`. */
export type PushResult = { ok: true } | { ok: false; head: string };

/** The work a task's record says it has: its id and the attempt that finished it (absent: any attempt). */
export interface WorkKey {
  id: string;
  attempt?: number;
}

/** The git side of the refinery: every call works in the refinery's own worktree and on origin. */
export interface RefineryGit {
  /** The current tip of the base branch on origin (fetched). */
  head(): Promise<string>;
  /** Paths the task's branch changes against the base. */
  changedPaths(task: TaskRecord): Promise<string[]>;
  /** For each task whose work is already on the base branch (an earlier run pushed it, then died), the commit carrying it. */
  landed(work: readonly WorkKey[]): Promise<Record<string, string>>;
  /** Squash-merges the tasks' branches onto `base` in this order, one commit per task with its id in the message. */
  build(base: string, ids: readonly string[]): Promise<BuildResult>;
  /** Builds a commit reverting `commit` onto `base`. */
  revert(base: string, commit: string, message: string): Promise<RevertBuild>;
  /** Runs the spec's validate command on a built commit. */
  validate(head: string): Promise<{ pass: boolean; log: string }>;
  /** Fast-forwards the base branch on origin from `base` to `head`, and nothing else. */
  push(base: string, head: string): Promise<PushResult>;
  /** Deletes a merged task's branch and worktree. */
  cleanup(id: string): Promise<void>;
}

/** Everything one refinery run needs, passed in. */
export interface RefineryDeps {
  project: string;
  /** The base branch the refinery merges into (default `main`), named in conflict kickbacks. */
  base?: string;
  refinery: RefinerySpec;
  store: Pick<TaskStore, "list" | "transition" | "logEvent">;
  git: RefineryGit;
  /** Runs engineer review on a task; resolves to its answer file's text, undefined when it wrote none. */
  review(task: TaskRecord): Promise<string | undefined>;
  /** The worker type that reviews (for its notes' author and the review events), when one can. */
  reviewer?: string;
}
