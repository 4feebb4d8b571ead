// `polecat revert TASK`: takes a merged task back out of the base branch through the refinery's own
// validate-then-push path, and reopens the task with the reason.
import type { Command } from "commander";
import { revertTask } from "../../runtime/refinery/revert.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { withRefinery } from "../with-refinery.js";
import { println } from "../world.js";
import { ExitCode } from "../../core/errors.js";
import { TaskIdArgument } from "../task-id-argument.js";

/** Registers `polecat revert`. */
export const registerRevert: RegisterCommand = (program, world) => {
  program
    .command("revert")
    .description("revert a merged task's commit on the base branch (validated, fast-forward push) and reopen the task")
    .addArgument(new TaskIdArgument("<task>", "id of a done task"))
    .option("--reason <text>", "why: appended to the task, so its next attempt knows")
    .action(async (id: string, opts: { reason?: string }, cmd: Command) => {
      await withRefinery(cmd, world, { lock: true }, async ({ deps, loaded }) => {
        const result = await revertTask(deps, id, opts.reason);
        if (globalOptions(cmd).json) println(world.stdout, JSON.stringify({ task: id, ...result }, null, 2));
        if (!result.ok) {
          println(world.stderr, `polecat: reverting ${id} fails validation; nothing was pushed and ${id} stays done:`);
          println(world.stderr, result.log);
          throw new ExitCode(1);
        }
        if (!globalOptions(cmd).json) println(world.stdout, `reverted ${id}: ${loaded.spec.base} is now ${result.head.slice(0, 10)}; ${id} is active again`);
      });
    });
};
