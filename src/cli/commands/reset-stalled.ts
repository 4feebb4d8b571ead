// `polecat reset-stalled`: returns work stuck in progress after a crash to the queue.
import type { Command } from "commander";
import { deadOwnersHere } from "../../adapters/owner.js";
import { formatDuration } from "../../core/duration.js";
import { PolecatError } from "../../core/errors.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { withStore } from "../store-context.js";
import { println } from "../world.js";

interface ResetOpts {
  hours: string;
  dryRun?: boolean;
  force?: boolean;
  project?: string;
}

/** Registers `polecat reset-stalled`. */
export const registerResetStalled: RegisterCommand = (program, world) => {
  program
    .command("reset-stalled")
    .description("return in_progress tasks older than N hours to active (live heartbeats are spared unless --force)")
    .requiredOption("--hours <n>", "age threshold in hours (fractions allowed)")
    .option("--dry-run", "print what would be reset and change nothing")
    .option("--force", "reset even tasks whose heartbeat is still live")
    .option("-p, --project <name>", "only this project")
    .action(async (opts: ResetOpts, cmd: Command) => {
      const hours = Number(opts.hours);
      if (!Number.isFinite(hours) || hours < 0) throw new PolecatError("E_USAGE", `--hours must be a number >= 0, got "${opts.hours}"`);
      const reports = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project }) =>
        store.resetStalled({
          ...(project === undefined ? {} : { project }),
          // A dead process's heartbeat is not live, however recent (same host, pid gone).
          deadOwners: deadOwnersHere(await store.list({ ...(project === undefined ? {} : { project }), status: "in_progress" })),
          olderThanMs: hours * 3_600_000,
          force: opts.force === true,
          dryRun: opts.dryRun === true,
        }),
      );
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify({ dry_run: opts.dryRun === true, reports }, null, 2));
      const verb = opts.dryRun ? "would reset" : "reset";
      for (const r of reports) {
        const age = formatDuration(r.in_progress_ms);
        println(world.stdout, r.action === "reset" ? `${verb} ${r.project}/${r.id} (in progress ${age})` : `kept ${r.project}/${r.id}: heartbeat still live (in progress ${age}; --force resets it)`);
      }
      const count = reports.filter((r) => r.action === "reset").length;
      println(world.stdout, `${count} task${count === 1 ? "" : "s"} ${verb}`);
    });
};
