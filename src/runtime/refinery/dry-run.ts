// `polecat refinery --dry-run`: what a run would do with the queue as it stands, and why, changing nothing.
import { selectCandidates } from "../../core/refinery/candidates.js";
import type { RefineryDeps } from "../../core/ports/refinery.js";
import { reviewDecision } from "../../core/refinery/review.js";
import { REFINERY_QUEUE, type TaskStatus } from "../../core/status.js";

/** One queued task and what the refinery would do with it. */
export interface DryRunEntry {
  id: string;
  status: TaskStatus;
  action: "review" | "merge";
  /** The merge batch it would join (1-based), for tasks that would merge without review. */
  batch?: number;
  why: string;
}

/**
 * Routes the queue exactly as a run would (the same rule, the same changed paths) and orders the tasks
 * that would merge into batches. Tasks a review approves during the run would join later batches.
 */
export async function dryRun(deps: Pick<RefineryDeps, "project" | "refinery" | "store" | "git">): Promise<DryRunEntry[]> {
  const queue = (await deps.store.list({ project: deps.project, status: [...REFINERY_QUEUE] })).sort((a, b) => a.seq - b.seq);
  const entries = new Map<string, DryRunEntry>();
  const mergeable = [];
  for (const task of queue) {
    const base = { id: task.id, status: task.status };
    if (task.status === "review") {
      entries.set(task.id, { ...base, action: "review", why: "waiting for engineer review" });
    } else if (task.status === "approved") {
      entries.set(task.id, { ...base, action: "merge", why: "approved by review" });
      mergeable.push(task);
    } else {
      const decision = reviewDecision(task.spec, await deps.git.changedPaths(task), deps.refinery.review);
      entries.set(task.id, { ...base, action: decision.review ? "review" : "merge", why: decision.rule });
      if (!decision.review) mergeable.push(task);
    }
  }
  const size = Math.max(1, deps.refinery.batch_size);
  const order = new Map(selectCandidates(mergeable, mergeable.length).map((task, i) => [task.id, i]));
  for (const [id, i] of order) {
    const entry = entries.get(id);
    if (entry !== undefined) entry.batch = Math.floor(i / size) + 1;
  }
  // Merges in merge order first, then reviews in queue order.
  const rank = (e: DryRunEntry): number => order.get(e.id) ?? order.size;
  return [...entries.values()].sort((a, b) => rank(a) - rank(b));
}
