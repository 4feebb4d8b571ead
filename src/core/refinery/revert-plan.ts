// What reverting a merged task takes: the commit, the revert's message, and how the task reopens.
import { PolecatError } from "../errors.js";
import type { TaskRecord } from "../ports/store.js";
import type { TaskOutcome } from "./outcome.js";

/** What reverting a task takes: the commit to revert, the revert's message, and how the task reopens. */
export interface RevertPlan {
  commit: string;
  message: string;
  reopen: TaskOutcome;
}

/** Plans the revert of a merged task; throws E_USAGE when the task has no merge on main to revert. */
export function revertPlan(task: TaskRecord, reason: string | undefined): RevertPlan {
  if (task.status !== "done" || task.merge_commit === undefined) {
    throw new PolecatError("E_USAGE", `task ${task.id} is not merged (status ${task.status}); only done tasks can be reverted`);
  }
  const why = reason?.trim() || "no reason given";
  const text = `reverted ${task.merge_commit}: ${why}`;
  return {
    commit: task.merge_commit,
    message: `Revert "${task.spec.title}" (${task.id})\n\nThis reverts commit ${task.merge_commit}.\n\n${why}\n`,
    reopen: { to: "active", reason: text, kickback: false, note: { kind: "revert", text } },
  };
}
