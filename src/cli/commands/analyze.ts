// `polecat analyze TASK`: why a task is where it is, and the next step to take.
import type { Command } from "commander";
import { readTail } from "../../adapters/log-tail.js";
import { homeLayout } from "../../core/layout.js";
import { analyzeView, renderAnalyze } from "../../core/views/analyze.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { getTask, withStore } from "../store-context.js";
import { println } from "../world.js";
import { TaskIdArgument } from "../task-id-argument.js";

const LOG_LINES = 20;

/** Registers `polecat analyze`. */
export const registerAnalyze: RegisterCommand = (program, world) => {
  program
    .command("analyze")
    .addArgument(new TaskIdArgument())
    .description("why a task is where it is: blockers, lease, attempts, kickbacks, last log lines, next step")
    .option("-p, --project <name>", "project (default: the spec's)")
    .action(async (id: string, opts: { project?: string }, cmd: Command) => {
      const view = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project, home }) => {
        const task = await getTask(store, project, id);
        const [all, events, tail] = await Promise.all([
          store.list({ project: task.project }),
          store.events({ project: task.project, task_id: id }),
          readTail(homeLayout(home).log(task.project, id), LOG_LINES),
        ]);
        return analyzeView(task, all, events, tail, world.now());
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(view, null, 2));
      for (const line of renderAnalyze(view)) println(world.stdout, line);
    });
};
