// Which queued tasks go into the next merge batch, and in what order.
import type { TaskRecord } from "../ports/store.js";

/**
 * Picks up to `batchSize` merge candidates: `approved` tasks and `merge_ready` ones (the caller has
 * already moved every merge_ready task that needs review to `review`). Higher priority first, then the
 * oldest finished, then creation order, so a batch is reproducible.
 */
export function selectCandidates(tasks: readonly TaskRecord[], batchSize: number): TaskRecord[] {
  const finished = (t: TaskRecord): number => t.finished_at ?? t.updated_at;
  return tasks
    .filter((t) => t.status === "merge_ready" || t.status === "approved")
    .sort((a, b) => b.spec.priority - a.spec.priority || finished(a) - finished(b) || a.seq - b.seq)
    .slice(0, Math.max(0, batchSize));
}
