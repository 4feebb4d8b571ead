// `polecat refinery`: the merge queue. Reviews what needs review, validates batches, fast-forwards the
// base branch to validated trees only, and kicks back what does not fit.
import type { Command } from "commander";
import { reviewWorker } from "../../adapters/refinery/index.js";
import { isPolecatError, PolecatError, ExitCode } from "../../core/errors.js";
import { passLine, type RefineryPassResult } from "../../core/refinery/pass-result.js";
import { runRefinery } from "../../runtime/refinery/pass.js";
import type { RefineryDeps } from "../../core/ports/refinery.js";
import type { LoadedSpec } from "../../core/spec.js";
import { renderTable } from "../../core/table.js";
import { dryRun, type DryRunEntry } from "../../runtime/refinery/dry-run.js";
import { watchRefinery } from "../../runtime/refinery/watch.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { withRefinery } from "../with-refinery.js";
import { println, useColor, type World } from "../world.js";

interface RefineryOpts {
  once?: boolean;
  batchSize?: number;
  dryRun?: boolean;
}

/** Watch mode's pace: a busy queue is looked at again after 5 s, an idle one up to every minute. */
const MIN_WAIT_MS = 5_000;
const MAX_WAIT_MS = 60_000;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PolecatError("E_USAGE", `--batch-size must be a whole number >= 1, got "${value}"`);
  return n;
}

/** Registers `polecat refinery`. */
export const registerRefinery: RegisterCommand = (program, world) => {
  program
    .command("refinery")
    .description("merge queue: review, validate and merge merge_ready tasks into the base branch (one refinery per project)")
    .option("--once", "process the queue until it is empty, then exit (default: keep watching)")
    .option("--batch-size <n>", "tasks per merge batch (default: the spec's refinery.batch_size)", positiveInt)
    .option("--dry-run", "print which tasks would be reviewed or merged, and why; change nothing")
    .action(async (opts: RefineryOpts, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      await withRefinery(cmd, world, { lock: opts.dryRun !== true, ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }) }, async (r) => {
        if (opts.dryRun) return printDryRun(world, json, r.loaded, r.deps, await dryRun(r.deps));
        let summary: RefineryPassResult;
        try {
          summary = opts.once ? await runRefinery(r.deps) : await watch(world, r.deps, r.signal);
        } catch (error) {
          if (!isPolecatError(error)) throw error;
          println(world.stderr, `polecat: the refinery failed: ${error.message}`);
          for (const d of error.details) println(world.stderr, d);
          throw new ExitCode(1);
        }
        if (json) println(world.stdout, JSON.stringify(summary, null, 2));
        else println(world.stdout, passLine(summary));
        if (r.signal.aborted) throw new ExitCode(1);
      });
    });
};

/** Watch mode: passes until SIGINT/SIGTERM (stop after the current pass) or the lock is lost (`lost`). */
async function watch(world: World, deps: RefineryDeps, lost: AbortSignal): Promise<RefineryPassResult> {
  const stop = new AbortController();
  const onSignal = (): void => {
    if (!stop.signal.aborted) println(world.stderr, "polecat: stopping the refinery after the current pass");
    stop.abort();
  };
  world.signals.on("SIGINT", onSignal);
  world.signals.on("SIGTERM", onSignal);
  try {
    const signal = AbortSignal.any([lost, stop.signal]);
    return await watchRefinery({ pass: () => runRefinery(deps), signal, minWaitMs: MIN_WAIT_MS, maxWaitMs: MAX_WAIT_MS });
  } finally {
    world.signals.off("SIGINT", onSignal);
    world.signals.off("SIGTERM", onSignal);
  }
}

function printDryRun(world: World, json: boolean, loaded: LoadedSpec, deps: RefineryDeps, entries: DryRunEntry[]): void {
  if (json) return println(world.stdout, JSON.stringify({ dry_run: true, tasks: entries }, null, 2));
  const { spec, registry } = loaded;
  const { strategy, batch_size } = deps.refinery;
  println(world.stdout, `refinery dry run for ${spec.project} (base ${spec.base}, strategy ${strategy}, batch size ${batch_size}):`);
  if (entries.length === 0) return println(world.stdout, "the queue is empty; nothing to do");
  let reviewer: string;
  try {
    reviewer = reviewWorker(registry, spec.refinery.review).name;
  } catch (error) {
    if (!isPolecatError(error, "E_CONFIG")) throw error;
    reviewer = "no reviewer configured!";
  }
  const rows = entries.map((e) => [e.id, e.status, e.action === "review" ? `review (${reviewer})` : `merge, batch ${e.batch ?? "?"}`, e.why]);
  for (const line of renderTable(["TASK", "STATUS", "WOULD", "WHY"], rows, { color: useColor(world) })) println(world.stdout, line);
  const merging = entries.filter((e) => e.action === "merge").length;
  const batches = Math.max(0, ...entries.map((e) => e.batch ?? 0));
  println(world.stdout, `${merging} to merge in ${batches} batch${batches === 1 ? "" : "es"}, ${entries.length - merging} to review first; nothing was changed`);
}
