// `polecat spawn-batch`: apply a spec file as one batch, then run a swarm that claims only that batch's tasks.
import { basename, extname } from "node:path";
import type { Command } from "commander";
import { loadSpec } from "../../adapters/spec-loader.js";
import { openStore } from "../../adapters/open-store.js";
import { applyInput } from "../../core/apply.js";
import { PolecatError } from "../../core/errors.js";
import type { LoadedSpec } from "../../core/spec.js";
import { absPath, globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { invalid, printWarnings } from "../load-spec.js";
import { printPreview, superviseSwarm, swarmOptions, type SwarmOpts } from "../swarm-session.js";
import { println, type World } from "../world.js";

interface SpawnBatchOpts extends SwarmOpts {
  specFile: string;
  batch?: string;
}

const BATCH = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Registers `polecat spawn-batch`. */
export const registerSpawnBatch: RegisterCommand = (program, world) => {
  swarmOptions(
    program
      .command("spawn-batch")
      .description("apply a spec file's tasks as one batch and run a swarm on that batch only, until it is finished")
      .requiredOption("--spec-file <file>", "spec whose tasks make the batch (same format as polecat.yaml)")
      .option("--batch <name>", "batch name (default: the spec file's name without extension)"),
  ).action(async (opts: SpawnBatchOpts, cmd: Command) => {
    const loaded = await loadBatchSpec(world, cmd, opts.specFile);
    const batch = opts.batch ?? basename(opts.specFile, extname(opts.specFile));
    if (!BATCH.test(batch)) throw new PolecatError("E_USAGE", `batch name "${batch}" must match ${BATCH.source}: pass --batch`);
    const input = applyInput(loaded, { batch });
    if (opts.dryRun) return printPreview(world, cmd, loaded, input.tasks, opts);
    const home = resolveHome(world, globalOptions(cmd));
    const store = await openStore({ spec: loaded.spec, home, env: world.env, clock: world.now });
    try {
      const applied = await store.applySpec(input);
      println(
        world.stderr,
        `batch ${batch} of ${input.project}: ${applied.added.length} added, ${applied.updated.length} updated, ${applied.unchanged.length} unchanged, ${applied.skipped.length} skipped`,
      );
      await superviseSwarm(world, cmd, { loaded, store, home, batch, opts });
    } finally {
      await store.close();
    }
  });
};

/** Loads the batch's spec file (with the registry it names, or --workers), or exits 2 listing every problem. */
async function loadBatchSpec(world: World, cmd: Command, file: string): Promise<LoadedSpec> {
  const specPath = absPath(world, file);
  const workers = globalOptions(cmd).workers;
  const result = await loadSpec({ specPath, workersPath: workers === undefined ? undefined : absPath(world, workers) });
  printWarnings(world, result.warnings ?? []);
  if (!result.ok) throw invalid("E_SPEC_INVALID", world, specPath, result.errors);
  return result.value;
}
