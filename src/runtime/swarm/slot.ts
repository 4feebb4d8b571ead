// One slot's loop: claim → worktree → agent → finish, again at once on success, waiting when nothing is ready.
import { formatDuration } from "../../core/duration.js";
import type { RunOneOutcome, WorkerEvent, WorkerResult } from "../worker/index.js";
import { pauseText, type TypeHealth } from "./health.js";
import type { QueueState } from "./queue.js";
import { assignmentReason, resultText } from "./summary.js";
import type { Slot } from "../../core/ports/swarm-progress.js";
import type { SlotEnd, SlotRun, SwarmConfig, SwarmDeps } from "./types.js";
import { MAX_IDLE_MS, MIN_IDLE_MS, nextIdle, type WaitForWork } from "./wait.js";

/** What every slot of one swarm shares. */
export interface SlotShared {
  config: SwarmConfig;
  deps: SwarmDeps;
  /** Waits for work (back-off sleep, cut short by a wake-up). */
  wait: WaitForWork;
  /** Tells idle slots that something changed. */
  wake: () => void;
  /** Reads the queue (and redraws the header with it). */
  queue: () => Promise<QueueState>;
  /** Collects every run for the summary. */
  runs: SlotRun[];
  /** Slot id → the task it is running now (for the heartbeat). */
  busy: Map<string, string>;
  /** Logs and alerts that a slot stopped for good. */
  giveUp: (slot: Slot, reason: string) => Promise<void>;
  /** Which worker types are paused (login, quota, argv, binary) for every slot of this swarm. */
  health: TypeHealth;
  /** Logs and alerts that a worker type was paused; `text` carries the agent's own words. */
  paused: (slot: Slot, text: string, data: Record<string, unknown>) => Promise<void>;
  /** Ends the whole swarm for a cause that is not any task's (the project is broken, the budget is spent). */
  halt: (slot: Slot, cause: string) => Promise<void>;
  /** Adds a run's reported cost to the swarm's spending; says why the swarm must stop when its budget is spent. */
  spend: (usd: number) => string | undefined;
}

/** The particular way a task failed, so the same failure on different tasks shows a broken agent. */
function failureSignature(result: Extract<WorkerResult, { kind: "failed" }>): string {
  return `${result.class ?? result.cause}: ${result.reason.replace(/^stage [^:]*: /, "")}`;
}

/** Sleeps `ms` unless `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** The reason a result carries, if any. */
function reasonOf(result: WorkerResult): string | undefined {
  return "reason" in result ? result.reason : undefined;
}

/**
 * Runs one slot until the queue has nothing left for it, the swarm drains, or the slot stops. A failed task
 * is the task's problem (the store counts the attempt and backs it off). A worker-type failure (login, quota,
 * argv, missing binary) pauses the type for every slot, charges nothing and hands its work to fallbacks; the
 * slot waits out a limit and stops on the others. Beyond that the slot gives up only after `maxFailures`
 * different tasks failed the same way in a row, the sign of a broken agent; tasks failing differently are
 * the tasks' problem.
 */
export async function runSlot(slot: Slot, s: SlotShared): Promise<SlotEnd> {
  const { control, progress, clock } = s.deps;
  const maxIdle = s.deps.maxIdleMs ?? MAX_IDLE_MS;
  const failedTasks = new Set<string>();
  let lastFailure: string | undefined;
  let idle = MIN_IDLE_MS;
  let current: { task: string; attempt: number; rule: string; startedAt: number } | undefined;

  const onEvent = (e: WorkerEvent): void => {
    switch (e.kind) {
      case "claimed":
        current = { task: e.task.id, attempt: e.task.attempt, rule: assignmentReason(e.task, slot.type, e.task.attempt), startedAt: clock() };
        s.busy.set(slot.id, e.task.id);
        progress.row(slot.id, { task: e.task.id, since: current.startedAt, state: "worktree" });
        return;
      case "stage":
        progress.row(slot.id, { task: current?.task, stage: e.count > 1 ? `${e.stage} ${e.index + 1}/${e.count}` : e.stage, since: current?.startedAt, output: e.ring, state: "working" });
        return;
      case "finishing":
        progress.row(slot.id, { task: current?.task, stage: "finish", since: current?.startedAt, state: "finishing" });
        return;
      default:
        return;
    }
  };

  await pause(slot.index * s.config.staggerMs, control.drainSignal);
  while (!control.drainSignal.aborted) {
    current = undefined;
    const pausedNow = s.health.pausedNow(slot.type, clock());
    if (pausedNow !== undefined) {
      const text = pauseText(slot.type, pausedNow, clock());
      if (pausedNow.until === undefined) return { slot: slot.id, kind: "paused", reason: text };
      progress.row(slot.id, { state: `cooling down until ${new Date(pausedNow.until).toISOString()}` });
      await pause(pausedNow.until - clock(), control.drainSignal);
      continue;
    }
    let outcome: RunOneOutcome;
    let state: QueueState | undefined;
    try {
      const paused = s.health.pausedTypes(clock());
      const req = { workerType: slot.type, ...(s.config.batch === undefined ? {} : { batch: s.config.batch }), ...(paused.length === 0 ? {} : { paused }) };
      outcome = await s.deps.runTask(slot, req, { signal: control.stopSignal, onEvent });
      s.busy.delete(slot.id);
      if (outcome.kind === "nothing_ready") state = await s.queue();
    } catch (err) {
      s.busy.delete(slot.id);
      // Not a task's failure (runOne reports those as results): the store or polecat itself is broken.
      const reason = `stopped on an error: ${err instanceof Error ? err.message : String(err)}`;
      await s.giveUp(slot, reason);
      return { slot: slot.id, kind: "failed", reason };
    }
    if (outcome.kind === "nothing_ready") {
      if (state?.live !== true) return { slot: slot.id, kind: "finished" };
      progress.row(slot.id, { state: "idle" });
      idle = nextIdle(idle, await s.wait({ timeoutMs: idle, signal: control.drainSignal }), maxIdle);
      continue;
    }
    idle = MIN_IDLE_MS;
    const { result, task } = outcome;
    const started = current ?? { task: task.id, attempt: task.attempt, rule: assignmentReason(task, slot.type, task.attempt), startedAt: clock() };
    const run: SlotRun = {
      slot: slot.id,
      type: slot.type,
      task: task.id,
      attempt: started.attempt,
      result: result.kind,
      ...(reasonOf(result) === undefined ? {} : { reason: reasonOf(result) }),
      startedAt: started.startedAt,
      durationMs: clock() - started.startedAt,
      rule: started.rule,
      ...(result.run === undefined ? {} : { agent: result.run }),
    };
    s.runs.push(run);
    if (result.kind === "merge_ready") s.deps.merges?.nudge();
    progress.note(slot.id, `${task.id}: ${resultText(run)} in ${formatDuration(run.durationMs)} (now ${task.status})`);
    progress.row(slot.id, { state: "idle" });
    s.wake();
    void s.queue().catch(() => undefined); // only redraws the header; the idle path reports a broken store

    const overBudget = result.run?.cost_usd === undefined ? undefined : s.spend(result.run.cost_usd);
    if (overBudget !== undefined) await s.halt(slot, overBudget);
    if (result.kind === "paused") {
      const p = s.health.pause(slot.type, result.class, result.reason, clock(), result.retry_at);
      await s.paused(slot, pauseText(slot.type, p, clock()), { worker_type: slot.type, class: p.class, ...(p.until === undefined ? {} : { until: p.until }) });
      continue;
    }
    if (result.kind === "halted") {
      await s.halt(slot, result.reason);
      continue;
    }
    if (result.kind !== "failed") {
      if (result.kind === "merge_ready") s.health.healthy(slot.type);
      failedTasks.clear();
      lastFailure = undefined;
      continue;
    }
    const signature = failureSignature(result);
    if (signature !== lastFailure) failedTasks.clear();
    lastFailure = signature;
    failedTasks.add(task.id);
    if (failedTasks.size >= s.config.maxFailures) {
      const reason = `stopped after ${failedTasks.size} tasks in a row failed the same way (${[...failedTasks].join(", ")}): the agent looks broken; last: ${run.reason ?? "failed"}`;
      await s.giveUp(slot, reason);
      return { slot: slot.id, kind: "failed", reason };
    }
  }
  return { slot: slot.id, kind: "drained" };
}
