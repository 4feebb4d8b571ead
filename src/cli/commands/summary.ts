// `polecat summary`: a digest of recent work — done, failed, kicked back, throughput, durations by worker type.
import type { Command } from "commander";
import { renderSummary, summaryView } from "../../core/views/summary.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { sinceOption } from "../observe-options.js";
import { withStore } from "../store-context.js";
import { println } from "../world.js";

/** Registers `polecat summary`. */
export const registerSummary: RegisterCommand = (program, world) => {
  program
    .command("summary")
    .description("digest of recent work: done, failed, kicked back, throughput, median duration by worker type")
    .option("-p, --project <name>", "project (default: the spec's, else all)")
    .option("--since <duration>", "only the last DURATION (e.g. 24h); default: everything")
    .action(async (opts: { project?: string; since?: string }, cmd: Command) => {
      const now = world.now();
      const since = sinceOption(opts.since, now);
      const view = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project, loaded }) => {
        const filter = project === undefined ? {} : { project };
        const [tasks, events] = await Promise.all([store.list(filter), store.events(filter)]);
        return summaryView(tasks, events, loaded?.registry, { now, ...(since === undefined ? {} : { since }) });
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(view, null, 2));
      for (const line of renderSummary(view)) println(world.stdout, line);
    });
};
