// What reverting a merged task takes: the commit, the revert's message, and how the task reopens.
import { PolecatError } from "../errors.js";
import type { TaskRecord } from "../ports/store.js";
import type { TaskOutcome } from "./outcome.js";
import { REVERT_TRAILER } from "./trailers.js";

/** What reverting a task takes: the commit to revert, the revert's message, and how the task reopens. */
export interface RevertPlan {
  commit: string;
  message: string;
  reopen: TaskOutcome;
}

/**
 * Plans the revert of a merged task; `carrier` is the commit on main that carries its work (found by its
 * trailers), else the recorded merge commit is used. Throws E_USAGE when the task has no merge to revert.
 */
export function revertPlan(task: TaskRecord, reason: string | undefined, carrier?: string): RevertPlan {
  if (task.status !== "done" || task.merge_commit === undefined) {
    throw new PolecatError("E_USAGE", `task ${task.id} is not merged (status ${task.status}); only done tasks can be reverted`);
  }
  const commit = carrier ?? task.merge_commit;
  const why = reason?.trim() || "no reason given";
  const text = `reverted ${commit}: ${why}`;
  return {
    commit,
    message: `Revert "${task.spec.title}" (${task.id})\n\nThis reverts commit ${commit}.\n\n${why}\n\n${REVERT_TRAILER}: ${task.id}\n`,
    reopen: { to: "active", reason: text, kickback: false, note: { kind: "revert", text } },
  };
}
