// `polecat __complete-tasks` (hidden): the task ids the shell completion scripts offer where a command names a task.
import type { Command } from "commander";
import { TASK_IDS_COMMAND } from "../../core/completion/index.js";
import type { RegisterCommand } from "../context.js";
import { withStore } from "../store-context.js";
import { println } from "../world.js";

/** Registers the hidden `__complete-tasks`: one `id<TAB>title` line per task of the project (the spec's, else `-p`, else all). */
export const registerCompleteTasks: RegisterCommand = (program, world) => {
  program
    .command(TASK_IDS_COMMAND, { hidden: true })
    .description("task ids with their titles, one `id<TAB>title` line each, for the completion scripts")
    .option("-p, --project <name>", "project (default: the spec's)")
    .action(async (opts: { project?: string }, cmd: Command) => {
      const tasks = await withStore(cmd, world, { needSpec: false, ...(opts.project === undefined ? {} : { project: opts.project }) }, ({ store, project }) =>
        store.list(project === undefined ? {} : { project }),
      );
      // A title is one menu line: tabs and line breaks would split it.
      for (const t of tasks) println(world.stdout, `${t.id}\t${t.spec.title.replace(/[\t\r\n]+/g, " ")}`);
    });
};
