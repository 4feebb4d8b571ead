// `polecat swarm`: keeps N workers of several types busy until the queue (or one batch) is empty.
import type { Command } from "commander";
import { openStore, storeLocation } from "../../adapters/open-store.js";
import { PolecatError } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import type { TaskInput } from "../../core/ports/store.js";
import type { LoadedSpec } from "../../core/spec.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { activeTasks, exists, printPreview, superviseSwarm, swarmOptions, type SwarmOpts } from "../swarm-session.js";
import { println, type World } from "../world.js";

interface SwarmCmdOpts extends SwarmOpts {
  project?: string;
  batch?: string;
}

/** Registers `polecat swarm`. */
export const registerSwarm: RegisterCommand = (program, world) => {
  swarmOptions(
    program
      .command("swarm")
      .description("run slots of worker types, with the merge queue, until the DAG (or --batch) is done: exit 0 all merged, 1 a task or slot failed or ready work was left unclaimed, 130 interrupted (143 by SIGTERM)")
      .option("-p, --project <name>", "the project (must be the spec's)")
      .option("--batch <name>", "only claim tasks of this batch"),
  ).action(async (opts: SwarmCmdOpts, cmd: Command) => {
    const loaded = await loadSpecOrExit(cmd, world);
    if (opts.project !== undefined && opts.project !== loaded.spec.project) {
      throw new PolecatError("E_USAGE", `the spec is for project ${loaded.spec.project}, not ${opts.project}`);
    }
    const home = resolveHome(world, globalOptions(cmd));
    const batch = opts.batch;
    if (opts.dryRun) {
      const tasks = await queuedTasks(world, loaded, home, batch);
      if (tasks.length === 0) return println(world.stdout, `nothing to dispatch in ${loaded.spec.project}${batch === undefined ? "" : ` batch ${batch}`} (apply the spec first: polecat apply)`);
      return printPreview(world, cmd, loaded, tasks, opts);
    }
    const store = await openStore({ spec: loaded.spec, home, env: world.env, clock: world.now });
    try {
      await superviseSwarm(world, cmd, { loaded, store, home, opts, ...(batch === undefined ? {} : { batch }) });
    } finally {
      await store.close();
    }
  });
};

/** The active tasks of the project (or batch), as the dispatch plan and `--auto` weigh them. */
async function queuedTasks(world: World, loaded: LoadedSpec, home: string, batch: string | undefined): Promise<TaskInput[]> {
  // A dry run must not create a store, so a file store that does not exist yet holds nothing.
  if (storeLocation({ spec: loaded.spec, env: world.env }) === "file" && !(await exists(homeLayout(home).store))) return [];
  const store = await openStore({ spec: loaded.spec, home, env: world.env, clock: world.now });
  try {
    return await activeTasks(store, loaded.spec.project, batch);
  } finally {
    await store.close();
  }
}
