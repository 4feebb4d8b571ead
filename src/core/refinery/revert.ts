// Reverting a merged task: a revert commit goes through the same validate-then-push path as a merge,
// and the task reopens with the reason appended.
import { PolecatError } from "../errors.js";
import type { TaskRecord } from "../store.js";
import { logTail, type TaskOutcome } from "./outcome.js";
import type { RefineryDeps } from "./ports.js";
import { REVERT_TRAILER } from "./trailers.js";

/** Attempts before giving up when main keeps moving between validation and push. */
const MAX_PUSH_ATTEMPTS = 5;

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

/** How a revert ended: pushed to main, or not pushed because the reverted tree failed validation. */
export type RevertResult = { ok: true; head: string } | { ok: false; log: string };

/**
 * Reverts a task's merge commit on main (validated, then fast-forwarded) and reopens the task.
 * A conflicting revert throws E_CONFLICT; a failing validation pushes nothing and reopens nothing.
 */
export async function revertTask(deps: RefineryDeps, id: string, reason: string | undefined): Promise<RevertResult> {
  const { project, store, git } = deps;
  const [task] = await store.list({ project, ids: [id] });
  if (task === undefined) throw new PolecatError("E_NOT_FOUND", `no task ${id} in project ${project}`);
  // The commit that carries the work: this attempt's, else any attempt's (merges from before the trailer).
  const carrier = task.status === "done" ? ((await git.landed([{ id, attempt: task.attempt }]))[id] ?? (await git.landed([{ id }]))[id]) : undefined;
  const plan = revertPlan(task, reason, carrier);
  for (let attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
    const base = await git.head();
    const build = await git.revert(base, plan.commit, plan.message);
    if (!build.ok) {
      throw new PolecatError("E_CONFLICT", `reverting ${id} conflicts on main`, { details: build.files });
    }
    const result = await git.validate(build.head);
    if (!result.pass) return { ok: false, log: logTail(result.log) };
    const pushed = await git.push(base, build.head);
    if (pushed.ok) {
      await store.transition({
        project,
        id,
        from: "done",
        to: plan.reopen.to,
        patch: { reason: plan.reopen.reason },
        note: { ...plan.reopen.note, author: "refinery" },
        actor: "refinery",
      });
      return { ok: true, head: build.head };
    }
  }
  throw new PolecatError("E_CONFLICT", `main moved during each of ${MAX_PUSH_ATTEMPTS} attempts to revert ${id}`);
}
