// One refinery run over a project's queue: route to review, run reviews, then merge batches through the
// planner until nothing is left to merge. Every decision is the pure core's; this only carries it out.
import { PolecatError } from "../../core/errors.js";
import type { TaskStatus } from "../../core/status.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { parseReviewAnswer, reviewOutcome } from "../../core/refinery/answer.js";
import { selectCandidates } from "../../core/refinery/candidates.js";
import { kickbackOutcome, type KickbackMeta, type TaskOutcome } from "../../core/refinery/outcome.js";
import { advance, startPlan, type PlanState } from "../../core/refinery/planner.js";
import type { RefineryDeps } from "../../core/ports/refinery.js";
import { reviewDecision } from "../../core/refinery/review.js";
import type { RefineryPassResult } from "../../core/refinery/pass-result.js";

const ACTOR = "refinery";

async function apply(
  deps: RefineryDeps,
  summary: RefineryPassResult,
  task: TaskRecord,
  from: TaskStatus | TaskStatus[],
  outcome: TaskOutcome,
  author = ACTOR,
): Promise<void> {
  await deps.store.transition({
    project: deps.project,
    id: task.id,
    from,
    to: outcome.to,
    patch: { ...(outcome.reason === undefined ? {} : { reason: outcome.reason }), kickback: outcome.kickback },
    note: { ...outcome.note, author },
    actor: ACTOR,
  });
  summary.decisions.push({ id: task.id, to: outcome.to, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }) });
}

/** Where a refinery kickback happened: the attempt whose work it was, on the refinery's base. */
function kickMeta(deps: RefineryDeps, task: TaskRecord): KickbackMeta {
  return { attempt: task.attempt, base: deps.base ?? "main", foundBy: "refinery" };
}

/** A task's finished work, as routed: "id#attempt", so work finished again after a kickback is new. */
function routeKey(task: TaskRecord): string {
  return `${task.id}#${task.attempt}`;
}

/**
 * Routes merge_ready tasks not yet routed in this run, and reviews everything routed to review.
 */
async function reviewQueue(deps: RefineryDeps, summary: RefineryPassResult, routed: Set<string>): Promise<void> {
  const { project, store, refinery } = deps;
  const queue = await store.list({ project, status: ["merge_ready", "review"] });
  for (let task of queue.sort((a, b) => a.seq - b.seq)) {
    if (task.status === "merge_ready") {
      const key = routeKey(task);
      if (routed.has(key)) continue;
      routed.add(key);
      const decision = reviewDecision(task.spec, await deps.git.changedPaths(task), refinery.review);
      await store.logEvent({
        event: "refinery.route",
        level: "info",
        project,
        task_id: task.id,
        message: `${decision.review ? "review" : "no review"}: ${decision.rule}`,
        data: { review: decision.review, rule: decision.rule },
      });
      if (!decision.review) continue;
      task = await store.transition({
        project,
        id: task.id,
        from: "merge_ready",
        to: "review",
        note: { kind: "review", author: ACTOR, text: `sent to review: ${decision.rule}` },
        actor: ACTOR,
      });
    }
    const answer = parseReviewAnswer(await deps.review(task));
    const outcome = reviewOutcome(answer, task.kickbacks, refinery.max_kickbacks, kickMeta(deps, task));
    const decision = answer.ok ? answer.value.decision : "no answer";
    // One event per review run, so `summary` counts the reviewing worker type's runs.
    await store.logEvent({
      event: "refinery.review",
      level: "info",
      project,
      task_id: task.id,
      message: `${deps.reviewer ?? "reviewer"}: ${decision}`,
      data: { ...(deps.reviewer === undefined ? {} : { worker_type: deps.reviewer }), decision, attempt: task.attempt },
    });
    // An answered review's note is the reviewer's (the squash commit reads its approval and notes from it).
    await apply(deps, summary, task, "review", outcome, answer.ok ? deps.reviewer : undefined);
  }
}

/**
 * Records `done` for work an earlier run already pushed (it died before recording it), so nothing is
 * merged twice; returns the rest of the batch.
 */
async function recordLanded(deps: RefineryDeps, summary: RefineryPassResult, batch: TaskRecord[]): Promise<TaskRecord[]> {
  const { project, store, git } = deps;
  const landed = await git.landed(batch.map((t) => ({ id: t.id, attempt: t.attempt })));
  for (const t of batch) {
    const commit = landed[t.id];
    if (commit === undefined) continue;
    await store.transition({
      project,
      id: t.id,
      from: ["merge_ready", "approved"],
      to: "done",
      patch: { merge_commit: commit },
      note: { kind: "system", author: ACTOR, text: `already on the base as ${commit} (an earlier refinery pushed it, then stopped): recorded, not merged again` },
      actor: ACTOR,
    });
    await git.cleanup(t.id);
    summary.merged.push(t.id);
  }
  return batch.filter((t) => landed[t.id] === undefined);
}

/** Merges one batch: builds, validates and pushes what the planner asks for, kicks what it sends back. */
async function mergeBatch(deps: RefineryDeps, summary: RefineryPassResult, all: TaskRecord[]): Promise<void> {
  const { project, store, git, refinery } = deps;
  const head = await git.head();
  const batch = await recordLanded(deps, summary, all);
  if (batch.length === 0) return;
  const ids = batch.map((t) => t.id);
  // The report reads batches, validation times (from `validating` to `validate`) and bisection steps off these.
  await store.logEvent({ event: "refinery.batch", level: "info", project, message: ids.join(", "), data: { ids, base: head } });
  const tasks = new Map(batch.map((t) => [t.id, t]));
  const task = (id: string): TaskRecord => {
    const t = tasks.get(id);
    if (t === undefined) throw new PolecatError("E_NOT_FOUND", `refinery: task ${id} is not in this batch`);
    return t;
  };
  let built: { head: string; commits: Record<string, string> } | undefined;
  let state: PlanState = startPlan(head, [...tasks.keys()], refinery.strategy, deps.base ?? "main");
  while (state.next.kind !== "done") {
    const step = state.next;
    if (step.kind === "validate") {
      const build = await git.build(step.base, step.ids);
      if (!build.ok) {
        state = advance(state, { kind: "conflict", id: build.id, files: build.files });
        continue;
      }
      built = build;
      await store.logEvent({ event: "refinery.validating", level: "debug", project, message: step.ids.join(", "), data: { ids: step.ids, head: build.head } });
      const result = await git.validate(build.head);
      const message = `${result.pass ? "passed" : "failed"}: ${step.ids.join(", ")}`;
      await store.logEvent({ event: "refinery.validate", level: "info", project, message, data: { ids: step.ids, pass: result.pass } });
      state = advance(state, { kind: "validated", ...result });
    } else if (step.kind === "merge") {
      if (built === undefined) throw new PolecatError("E_USAGE", "refinery: merge step without a validated build");
      const pushed = await git.push(step.base, built.head);
      if (!pushed.ok) {
        state = advance(state, { kind: "moved", head: pushed.head });
        continue;
      }
      summary.pushes += 1;
      await store.logEvent({ event: "refinery.push", level: "info", project, message: `${built.head}: ${step.ids.join(", ")}`, data: { head: built.head, ids: step.ids } });
      for (const id of step.ids) {
        const commit = built.commits[id];
        if (commit === undefined) throw new PolecatError("E_GIT", `refinery: the build did not report a commit for ${id}`);
        await store.transition({
          project,
          id,
          from: ["merge_ready", "approved"],
          to: "done",
          patch: { merge_commit: commit },
          note: { kind: "system", author: ACTOR, text: `merged as ${commit}` },
          actor: ACTOR,
        });
        await git.cleanup(id);
        summary.merged.push(id);
      }
      state = advance(state, { kind: "pushed", head: built.head });
    } else {
      const t = task(step.id);
      await apply(deps, summary, t, ["merge_ready", "approved"], kickbackOutcome(t.kickbacks, refinery.max_kickbacks, step.reason, kickMeta(deps, t)));
      state = advance(state, { kind: "kicked" });
    }
  }
  summary.validations += state.next.runs;
}

/**
 * Processes the project's refinery queue until it is empty: review first, then batches of candidates.
 * Kickbacks are results; only a failing port (git, store, reviewer) makes it throw.
 */
export async function runRefinery(deps: RefineryDeps): Promise<RefineryPassResult> {
  const summary: RefineryPassResult = { merged: [], decisions: [], validations: 0, pushes: 0 };
  const routed = new Set<string>();
  for (;;) {
    await reviewQueue(deps, summary, routed);
    const queue = await deps.store.list({ project: deps.project, status: ["merge_ready", "approved"] });
    // Work that became merge_ready after the review pass listed the queue (a swarm finishing meanwhile)
    // has not been routed yet: it goes round once more, so nothing reaches a batch without its review.
    const unrouted = queue.filter((t) => t.status === "merge_ready" && !routed.has(routeKey(t)));
    const batch = selectCandidates(
      queue.filter((t) => !unrouted.includes(t)),
      deps.refinery.batch_size,
    );
    if (batch.length === 0 && unrouted.length === 0) return summary;
    if (batch.length > 0) await mergeBatch(deps, summary, batch);
  }
}
