// Reverting a merged task: a revert commit goes through the same validate-then-push path as a merge,
// and the task reopens with the reason appended.
import { PolecatError } from "../../core/errors.js";
import { logTail } from "../../core/refinery/outcome.js";
import { revertPlan } from "../../core/refinery/revert-plan.js";
import type { RefineryDeps } from "../../core/ports/refinery.js";

/** Attempts before giving up when main keeps moving between validation and push. */
const MAX_PUSH_ATTEMPTS = 5;

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
