// `polecat task claim|release`: take or give back a task's lease by hand or from a script.
import type { Command } from "commander";
import { newOwnerId } from "../../../adapters/owner.js";
import { parseDuration } from "../../../core/duration.js";
import { PolecatError, ExitCode, EXIT } from "../../../core/errors.js";
import { globalOptions } from "../../context.js";
import { getTask, withStore } from "../../store-context.js";
import { println, type World } from "../../world.js";
import { TaskIdArgument } from "../../task-id-argument.js";

interface ClaimOpts {
  worker: string;
  batch?: string;
  task?: string;
  lease?: string;
  owner?: string;
}

interface ReleaseOpts {
  attempt?: string;
  owner?: string;
  failed?: boolean;
  reason: string;
  project?: string;
}

/** Registers `task claim` and `task release` under `polecat task`. */
export function registerTaskLease(task: Command, world: World): void {
  task
    .command("claim")
    .description("atomically claim the best ready task routed to a worker type (exit 3 when nothing is ready)")
    .requiredOption("--worker <type>", "worker type claiming")
    .option("--batch <name>", "only tasks of this batch")
    .option("-t, --task <id>", "claim this task only")
    .option("--lease <duration>", "lease length (default: the spec's limits.lease)")
    .option("--owner <id>", "lease owner id (default host:pid:random)")
    .action(async (opts: ClaimOpts, cmd: Command) => {
      const claim = await withStore(cmd, world, { needSpec: true }, async ({ store, loaded }) => {
        if (loaded === undefined) throw new PolecatError("E_CONFIG", "task claim needs the spec");
        const { spec, registry } = loaded;
        if (registry.workers[opts.worker] === undefined) {
          throw new PolecatError("E_USAGE", `unknown worker type "${opts.worker}" (known: ${Object.keys(registry.workers).join(", ")})`);
        }
        const leaseMs = opts.lease === undefined ? spec.limits.lease_ms : parseDuration(opts.lease);
        if (leaseMs === undefined) throw new PolecatError("E_USAGE", `--lease "${opts.lease}" is not a duration`);
        return store.claim({
          project: spec.project,
          workerType: opts.worker,
          owner: opts.owner ?? newOwnerId(),
          leaseMs,
          capacity: Object.fromEntries(Object.values(registry.workers).map((w) => [w.name, w.max_concurrent])),
          ...(opts.batch === undefined ? {} : { batch: opts.batch }),
          ...(opts.task === undefined ? {} : { taskId: opts.task }),
        });
      });
      if (claim === undefined) {
        if (globalOptions(cmd).json) println(world.stdout, "null");
        else println(world.stderr, "nothing ready for this worker type");
        throw new ExitCode(EXIT.NOTHING_READY);
      }
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(claim, null, 2));
      const { task: t, lease } = claim;
      println(world.stdout, `claimed ${t.project}/${t.id} (attempt ${lease.attempt}, owner ${lease.owner}, lease until ${new Date(lease.expires_at).toISOString()})`);
    });
  task
    .command("release")
    .addArgument(new TaskIdArgument("<id>"))
    .description("give a task's lease back: to active, or as a failed attempt with --failed")
    .requiredOption("--reason <text>", "why (recorded on the task)")
    .option("--attempt <n>", "the lease's attempt (default: the current lease's)")
    .option("--owner <id>", "the lease's owner (default: the current lease's)")
    .option("--failed", "count a failed attempt (back-off, blocked at max attempts)")
    .option("-p, --project <name>", "project (default: the spec's)")
    .action(async (id: string, opts: ReleaseOpts, cmd: Command) => {
      const t = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project, loaded }) => {
        const current = await getTask(store, project, id);
        if (current.lease === undefined) throw new PolecatError("E_LEASE_LOST", `task ${current.project}/${id} has no lease (status ${current.status})`);
        const limits = loaded?.spec.limits;
        return store.release({
          lease: {
            project: current.project,
            id,
            attempt: opts.attempt === undefined ? current.lease.attempt : Number(opts.attempt),
            owner: opts.owner ?? current.lease.owner,
          },
          failed: opts.failed === true,
          reason: opts.reason,
          maxAttempts: limits?.max_attempts ?? 3,
          backoffMs: limits?.backoff_ms ?? 30_000,
        });
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(t, null, 2));
      println(world.stdout, `${t.project}/${t.id}: ${t.status}${t.reason ? ` (${t.reason})` : ""}`);
    });
}
