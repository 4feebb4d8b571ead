// A task's pipeline on one worktree: one supervised agent per stage, in order, on the same branch.
import { dirname } from "node:path";
import { gitProgress, LineRing, superviseAgent, type AgentResult } from "../../adapters/runner/index.js";
import { formatDuration } from "../../core/duration.js";
import type { Kickback, RetryStart } from "../../core/kickback.js";
import type { WorkerType } from "../../core/spec.js";
import type { TaskRecord } from "../../core/ports/store.js";
import type { FailureCause, WorkerContext } from "./types.js";

/** How a pipeline run ended: every stage succeeded, one failed, or the agent was stopped (lost lease or stop request). */
export type StagesOutcome = { kind: "ok" } | { kind: "failed"; cause: FailureCause; reason: string } | { kind: "stopped" };

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

/** Runs `task.spec.pipeline` stage by stage; the first stage that does not succeed ends the run. */
export async function runStages(ctx: WorkerContext, input: StagesInput): Promise<StagesOutcome> {
  const { task, worker } = input;
  const { layout } = ctx.git;
  const stages = task.spec.pipeline;
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
      ...(ctx.slot.cpu === undefined ? {} : { cpu: ctx.slot.cpu }),
    });
    if (r.stopped) return { kind: "stopped" };
    const failure = stageFailure(r, worker);
    if (failure !== undefined) return { kind: "failed", cause: failure.cause, reason: `stage ${stage}: ${failure.reason}` };
  }
  return { kind: "ok" };
}

// Why a finished agent run counts as a failure, or undefined when it succeeded.
function stageFailure(r: AgentResult, worker: WorkerType): { cause: FailureCause; reason: string } | undefined {
  if (r.timedOut) return { cause: "timeout", reason: `timed out after ${formatDuration(worker.timeout_ms)}` };
  if (r.stalled) {
    const restarts = r.restarts === 1 ? "1 restart" : `${r.restarts} restarts`;
    return { cause: "stall", reason: `stalled (no output and no change for ${formatDuration(worker.stall_timeout_ms)}) after ${restarts}` };
  }
  if (r.error !== undefined) return { cause: "exit", reason: `agent could not start: ${r.error}` };
  if (r.signal !== undefined) return { cause: "exit", reason: `agent killed by ${r.signal}` };
  if (r.exitCode !== 0) return { cause: "exit", reason: `agent exited with code ${String(r.exitCode)}` };
  return undefined;
}
