// Where everything lives under the polecat home, in one place so every adapter agrees.

/** Paths of one polecat home directory. Pure string joins: nothing here touches the disk. */
export interface HomeLayout {
  home: string;
  /** The file store's directory. */
  store: string;
  /** The append-only JSONL event log. */
  events: string;
  /** Bare mirror of a project's origin. */
  mirror(project: string): string;
  /** Directory holding a project's worktrees. */
  worktrees(project: string): string;
  /**
   * A task's worktree: one path per attempt (`<task>@<attempt>`), so a new attempt never works where an
   * earlier attempt's agent might still write. Without an attempt, the plain `<task>` path of older homes.
   */
  worktree(project: string, taskId: string, attempt?: number): string;
  /** The refinery's integration worktree (task ids cannot start with `_`). */
  refineryWorktree(project: string): string;
  /** A review worktree for one task. */
  reviewWorktree(project: string, taskId: string): string;
  /** A task's agent output log. */
  log(project: string, taskId: string): string;
  /** A task's prompt file. */
  prompt(project: string, taskId: string): string;
  /** A retried task's kickback as JSON (POLECAT_KICKBACK_FILE). */
  kickback(project: string, taskId: string): string;
  /** Lock files for single-instance jobs (refinery, daemon jobs). */
  locks: string;
}

/** The branch a task's work lives on. */
export function taskBranch(taskId: string): string {
  return `polecat/${taskId}`;
}

/** The task id and attempt a task worktree's directory name (`<task>@<attempt>` or a plain `<task>`) stands for. */
export function parseWorktreeName(name: string): { taskId: string; attempt?: number } {
  const m = /^(.+)@(\d+)$/.exec(name);
  return m?.[1] === undefined ? { taskId: name } : { taskId: m[1], attempt: Number(m[2]) };
}

/** Builds the layout for a home directory (absolute path, `/`-separated). */
export function homeLayout(home: string): HomeLayout {
  const j = (...parts: string[]): string => [home, ...parts].join("/");
  return {
    home,
    store: j("store"),
    events: j("events.jsonl"),
    mirror: (project) => j("mirrors", `${project}.git`),
    worktrees: (project) => j("worktrees", project),
    worktree: (project, taskId, attempt) => j("worktrees", project, attempt === undefined ? taskId : `${taskId}@${attempt}`),
    refineryWorktree: (project) => j("worktrees", project, "_refinery"),
    reviewWorktree: (project, taskId) => j("worktrees", project, `_review-${taskId}`),
    log: (project, taskId) => j("logs", project, `${taskId}.log`),
    prompt: (project, taskId) => j("prompts", project, `${taskId}.md`),
    kickback: (project, taskId) => j("prompts", project, `${taskId}.kickback.json`),
    locks: j("locks"),
  };
}
