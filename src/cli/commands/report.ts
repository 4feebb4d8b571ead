// `polecat report --html FILE`: one self-contained page — timeline per worker slot, queue depth, results.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { renderReport } from "../../core/report/render.js";
import { absPath, type RegisterCommand } from "../context.js";
import { displayPath } from "../load-spec.js";
import { sinceOption } from "../observe-options.js";
import { withStore } from "../store-context.js";
import { println } from "../world.js";

/** Registers `polecat report`. */
export const registerReport: RegisterCommand = (program, world) => {
  program
    .command("report")
    .description("write an HTML run report: Gantt timeline per worker slot, queue depth over time, results")
    .requiredOption("--html <file>", "where to write the page")
    .option("-p, --project <name>", "project (default: the spec's, else all)")
    .option("--since <duration>", "only the last DURATION (e.g. 2h); default: the whole log")
    .action(async (opts: { html: string; project?: string; since?: string }, cmd: Command) => {
      const now = world.now();
      const from = sinceOption(opts.since, now);
      const html = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project }) => {
        const filter = project === undefined ? {} : { project };
        const [tasks, events] = await Promise.all([store.list(filter), store.events(filter)]);
        const title = `polecat run report${project === undefined ? "" : `: ${project}`}`;
        return renderReport({ tasks, events, title, now, ...(from === undefined ? {} : { from }) });
      });
      const file = absPath(world, opts.html);
      await writeFile(file, html);
      println(world.stdout, `wrote ${displayPath(world, file)}`);
    });
};
