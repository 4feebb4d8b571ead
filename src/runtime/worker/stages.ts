// A task's pipeline on one worktree: one supervised agent per stage, in order, on the same branch.
import { dirname } from "node:path";
import { gitProgress, LineRing, mergeReports, superviseAgent, type AgentResult } from "../../adapters/runner/index.js";
import { classifyRun, isWorkerTypeClass, lastLines, type Failure, type FailureClass } from "../../core/agent/classify.js";
import { canResume } from "../../core/agent/dialects.js";
import { formatUsd, type AgentRun } from "../../core/agent/run.js";
import { formatDuration } from "../../core/duration.js";
import type { Kickback, RetryStart } from "../../core/kickback.js";
import type { WorkerType } from "../../core/spec.js";
import type { RunFacts, TaskRecord } from "../../core/ports/store.js";
import type { FailureCause, WorkerContext } from "./types.js";

/** How a pipeline run ended: every stage succeeded, one failed, the worker type cannot run, or the agent was stopped. */
export type StagesOutcome = (
  | { kind: "ok" }
  | { kind: "failed"; cause: FailureCause; reason: string; class?: FailureClass }
  | { kind: "paused"; class: FailureClass; reason: string; retry_at?: number }
  | { kind: "over_budget"; reason: string }
  | { kind: "stopped" }
) & { run?: RunFacts };

/** The claimed task and where its stages run. */
export interface StagesInput {
  task: TaskRecord;
  attempt: number;
  worker: WorkerType;
  worktree: string;
  branch: string;
  /** The commit the worktree was cut at: a stalled agent's restart summary lists what the attempt did since. */
  startHead: string;
  /** Stops the running agent. */
  signal: AbortSignal;
  /** A retry: why the work came back, where this attempt starts, and where the kickback's JSON goes. */
  retry?: { kickback: Kickback; start?: RetryStart; kickbackFile: string };
}

// A retry after a crash continues the crashed session when the same type ran it and its CLI can resume.
function sessionToResume(task: TaskRecord, worker: WorkerType): string | undefined {
  const last = task.last_run;
  if (last?.failure_class !== "crash" || last.worker_type !== worker.name || !canResume(worker.dialect)) return undefined;
  return last.session_id;
}

/** Runs `task.spec.pipeline` stage by stage; the first stage that does not succeed ends the run. */
export async function runStages(ctx: WorkerContext, input: StagesInput): Promise<StagesOutcome> {
  const { task, worker } = input;
  const { layout } = ctx.git;
  const stages = task.spec.pipeline;
  let report: AgentRun = {};
  let resumed = 0;
  let resumeSession = sessionToResume(task, worker);
  const facts = (failure_class?: FailureClass): RunFacts => ({
    ...report,
    worker_type: worker.name,
    dialect: worker.dialect,
    attempt: input.attempt,
    ...(failure_class === undefined ? {} : { failure_class }),
    ...(resumed === 0 ? {} : { resumed }),
  });
  for (const [index, stage] of stages.entries()) {
    const ring = new LineRing();
    ctx.onEvent?.({ kind: "stage", stage, index, count: stages.length, startedAt: ctx.clock(), ring });
    await ctx.store.logEvent({
      event: "slot.stage",
      level: "info",
      project: task.project,
      task_id: task.id,
      worker_id: ctx.slot.id,
      attempt: input.attempt,
      data: { stage, index, count: stages.length, worker_type: worker.name },
    });
    const r = await superviseAgent({
      task: task.spec,
      stage,
      worker,
      worktree: input.worktree,
      branch: input.branch,
      registryDir: dirname(ctx.loaded.registryPath),
      promptFile: layout.prompt(task.project, task.id),
      logFile: layout.log(task.project, task.id),
      env: ctx.env,
      attempt: input.attempt,
      signal: input.signal,
      ...(input.retry === undefined ? {} : { retry: input.retry }),
      ring,
      progress: () => gitProgress(input.worktree, ctx.env, input.startHead),
      ...(resumeSession === undefined ? {} : { resumeSession }),
      ...(task.spec.max_cost_usd === undefined ? {} : { maxCostUsd: task.spec.max_cost_usd, spentUsd: (task.usage?.cost_usd ?? 0) + (report.cost_usd ?? 0) }),
      ...(ctx.slot.cpu === undefined ? {} : { cpu: ctx.slot.cpu }),
    });
    report = mergeReports(report, r.report);
    resumed += r.resumed;
    resumeSession = undefined; // a later stage is new work: it starts its own session
    if (r.overBudget) {
      const spent = (task.usage?.cost_usd ?? 0) + (report.cost_usd ?? 0);
      return { kind: "over_budget", reason: `stage ${stage}: cost ${formatUsd(spent)} passed the task's max_cost_usd ${formatUsd(task.spec.max_cost_usd ?? 0)}`, run: facts() };
    }
    if (r.stopped) return { kind: "stopped", run: facts() };
    const failure = classifyRun({ ...r, report: r.report, now: ctx.clock() });
    if (failure === undefined) continue;
    if (isWorkerTypeClass(failure.class)) {
      const reason = `${worker.name} ${failure.class.replace("_", " ")}: ${failure.message}`;
      return { kind: "paused", class: failure.class, reason, ...(failure.retry_at === undefined ? {} : { retry_at: failure.retry_at }), run: facts(failure.class) };
    }
    const why = stageFailure(r, worker, failure);
    const tail = lastLines(r.tail);
    return { kind: "failed", cause: why.cause, class: failure.class, reason: `stage ${stage}: ${why.reason}${tail === "" ? "" : `; last output:\n${tail}`}`, run: facts(failure.class) };
  }
  return { kind: "ok", run: facts() };
}

// Why a failed agent run failed, in words, and polecat's older cause names (kept for events and summaries).
function stageFailure(r: AgentResult, worker: WorkerType, failure: Failure): { cause: FailureCause; reason: string } {
  if (failure.class === "timeout") return { cause: "timeout", reason: `timed out after ${formatDuration(worker.timeout_ms)}` };
  if (failure.class === "stalled") {
    const restarts = r.restarts === 1 ? "1 restart" : `${r.restarts} restarts`;
    return { cause: "stall", reason: `stalled (no output and no change for ${formatDuration(worker.stall_timeout_ms)}) after ${restarts}` };
  }
  if (r.error !== undefined) return { cause: "exit", reason: `agent could not start: ${r.error}` };
  return { cause: "exit", reason: `agent ${failure.message}` };
}
