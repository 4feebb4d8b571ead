// `polecat apply`: loads the spec's tasks into the store; re-applying an unchanged spec changes nothing.
import type { Command } from "commander";
import { applyInput } from "../../core/apply.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { withStore } from "../store-context.js";
import { renderTable } from "../../core/table.js";
import { println } from "../world.js";

interface ApplyOpts {
  batch?: string;
  dryRun?: boolean;
}

/** Registers `polecat apply`. */
export const registerApply: RegisterCommand = (program, world) => {
  program
    .command("apply")
    .description("add the spec's tasks to the store (edited tasks are updated while not yet claimed)")
    .option("--batch <name>", "tag the applied tasks with a batch, so a swarm can be limited to them")
    .option("--dry-run", "print the tasks and their routes without writing anything")
    .action(async (opts: ApplyOpts, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      const input = applyInput(await loadSpecOrExit(cmd, world), opts.batch === undefined ? {} : { batch: opts.batch });
      if (opts.dryRun) {
        if (json) return println(world.stdout, JSON.stringify(input, null, 2));
        const rows = input.tasks.map((t) => [t.spec.id, t.route.worker, t.route.rule, String(t.critical_path)]);
        for (const line of renderTable(["TASK", "WORKER", "RULE", "CRITICAL PATH (MIN)"], rows)) println(world.stdout, line);
        return;
      }
      const result = await withStore(cmd, world, { needSpec: true }, ({ store }) => store.applySpec(input));
      if (json) return println(world.stdout, JSON.stringify({ project: input.project, batch: input.batch, ...result }, null, 2));
      const where = `${input.project}${input.batch === undefined ? "" : ` (batch ${input.batch})`}`;
      println(world.stdout, `applied to ${where}: ${result.added.length} added, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.skipped.length} skipped`);
      if (result.skipped.length > 0) println(world.stdout, `skipped (already claimed, edits not applied): ${result.skipped.join(", ")}`);
    });
};
