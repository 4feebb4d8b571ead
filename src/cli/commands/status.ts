// `polecat status`: what runs now, queue counts by status, and the refinery queue.
import type { Command } from "commander";
import { deadOwnersHere } from "../../adapters/owner.js";
import { renderStatus, statusView } from "../../core/views/status.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { withStore } from "../store-context.js";
import { println } from "../world.js";

/** Registers `polecat status`. */
export const registerStatus: RegisterCommand = (program, world) => {
  program
    .command("status")
    .description("running slots (task, stage, elapsed, heartbeat), queue counts, refinery queue")
    .option("-p, --project <name>", "project (default: the spec's, else all)")
    .action(async (opts: { project?: string }, cmd: Command) => {
      const view = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project, loaded }) => {
        const filter = project === undefined ? {} : { project };
        const [tasks, events] = await Promise.all([store.list(filter), store.events(filter)]);
        return statusView(tasks, world.now(), { events, deadOwners: deadOwnersHere(tasks), ...(loaded ? { registry: loaded.registry } : {}) });
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(view, null, 2));
      for (const line of renderStatus(view)) println(world.stdout, line);
    });
};
