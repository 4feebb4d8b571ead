// One worker's life for one task: claim → worktree → agent per stage → finish → store. `polecat run` calls it
// once; the swarm calls it in a loop per slot.
import { existsSync } from "node:fs";
import { PolecatError, isPolecatError } from "../../core/errors.js";
import type { LeaseRef, TaskRecord } from "../../core/ports/store.js";
import { runAttempt, type AttemptOutcome } from "./attempt.js";
import { keepLease } from "./lease-keeper.js";
import { recordResult } from "./record.js";
import type { RunOneOutcome, RunOneRequest, WorkerContext, WorkerResult } from "./types.js";

/** Each worker type's `max_concurrent`, as the store's claim weighs fallbacks with it. */
export function capacityOf(ctx: WorkerContext): Record<string, number> {
  return Object.fromEntries(Object.values(ctx.loaded.registry.workers).map((w) => [w.name, w.max_concurrent]));
}

/**
 * Claims the next ready task for `workerType` (or the named one), runs its attempt while heartbeating the
 * lease, and writes the result as a compare-and-set on the lease. A lost lease writes nothing. Every step
 * is logged as `slot.*` events. Throws only for a configuration problem found before claiming.
 */
export async function runOne(ctx: WorkerContext, req: RunOneRequest): Promise<RunOneOutcome> {
  const { spec, registry } = ctx.loaded;
  const worker = registry.workers[req.workerType];
  if (worker === undefined) {
    throw new PolecatError("E_USAGE", `unknown worker type "${req.workerType}"`, {
      details: [`worker types: ${Object.keys(registry.workers).join(", ")}`],
    });
  }
  const mirror = ctx.git.layout.mirror(spec.project);
  if (!existsSync(mirror)) {
    throw new PolecatError("E_NOT_FOUND", `no mirror of ${spec.project} at ${mirror}`, { details: ["run `polecat init` first"] });
  }
  const claim = await ctx.store.claim({
    project: spec.project,
    workerType: worker.name,
    owner: ctx.owner,
    slot: ctx.slot.id,
    ...(req.batch === undefined ? {} : { batch: req.batch }),
    ...(req.taskId === undefined ? {} : { taskId: req.taskId }),
    leaseMs: spec.limits.lease_ms,
    capacity: { ...capacityOf(ctx), ...Object.fromEntries((req.paused ?? []).map((t) => [t, 0])) },
  });
  if (claim === undefined) return { kind: "nothing_ready" };

  const startedAt = ctx.clock();
  const { task } = claim;
  const lease: LeaseRef = { project: task.project, id: task.id, attempt: claim.lease.attempt, owner: ctx.owner, slot: ctx.slot.id };
  ctx.onEvent?.({ kind: "claimed", task, workerType: worker.name });
  await slotEvent(ctx, task, lease.attempt, "slot.started", "info", { worker_type: worker.name, routed_to: task.route.worker });

  const keeper = keepLease(ctx.store, lease, spec.limits.lease_ms);
  const policy = { limits: spec.limits, maxKickbacks: spec.refinery.max_kickbacks, kickbacksSoFar: task.kickbacks, base: spec.base };
  let outcome: AttemptOutcome;
  let after: TaskRecord;
  try {
    outcome = await runAttempt(ctx, claim, worker, keeper);
    after = await recordResult(ctx.store, lease, policy, outcome.result).catch(async (err: unknown) => {
      if (!isPolecatError(err, "E_LEASE_LOST")) throw err;
      outcome = { result: { kind: "lost_lease", reason: err.message } };
      return recordResult(ctx.store, lease, policy, outcome.result);
    });
  } finally {
    await keeper.stop();
  }

  const durationMs = ctx.clock() - startedAt;
  const { result } = outcome;
  const level = result.kind === "merge_ready" ? "info" : "warn";
  await slotEvent(ctx, after, lease.attempt, "slot.finished", level, { result: result.kind, ...detail(result), duration_ms: durationMs });
  ctx.onEvent?.({ kind: "finished", result, durationMs });
  if (outcome.bug !== undefined) throw outcome.bug;
  return { kind: "done", task: after, result };
}

// A result's particulars for the finish event.
function detail(result: WorkerResult): Record<string, unknown> {
  const { kind: _kind, ...rest } = result;
  return rest;
}

function slotEvent(
  ctx: WorkerContext,
  task: TaskRecord,
  attempt: number,
  event: string,
  level: "info" | "warn",
  data: Record<string, unknown>,
): Promise<void> {
  return ctx.store.logEvent({ event, level, project: task.project, task_id: task.id, worker_id: ctx.slot.id, attempt, data });
}
