// `polecat report --html FILE`: one self-contained page — timeline per slot, workers, queue, refinery, results, cost.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import { homeLayout } from "../../core/layout.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { renderReport } from "../../core/report/render.js";
import { absPath, globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { displayPath } from "../load-spec.js";
import { sinceOption } from "../observe-options.js";
import { withStore } from "../store-context.js";
import { println, type World } from "../world.js";

/** `file://` links to the agent logs the tasks have on this machine (another machine's are not here to link). */
function logLinks(world: World, cmd: Command, tasks: readonly TaskRecord[]): Map<string, string> {
  const layout = homeLayout(resolveHome(world, globalOptions(cmd)));
  const links = new Map<string, string>();
  for (const t of tasks) {
    const file = layout.log(t.project, t.id);
    if (!links.has(t.id) && existsSync(file)) links.set(t.id, pathToFileURL(file).href);
  }
  return links;
}

/** Registers `polecat report`. */
export const registerReport: RegisterCommand = (program, world) => {
  program
    .command("report")
    .description("write an HTML run report: Gantt timeline per worker slot, per-worker rollup, queue depth, refinery figures, results with reasons and log links")
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
        return renderReport({ tasks, events, title, now, logs: logLinks(world, cmd, tasks), ...(from === undefined ? {} : { from }) });
      });
      const file = absPath(world, opts.html);
      await writeFile(file, html);
      println(world.stdout, `wrote ${displayPath(world, file)}`);
    });
};
