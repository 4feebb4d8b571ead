// `polecat store check|repair`: find what is wrong with the task store, and rebuild it from what is whole.
import type { Command } from "commander";
import { checkStore, repairStore } from "../../../adapters/store-check.js";
import { ERROR_CODES, ExitCode } from "../../../core/errors.js";
import type { RepairPlan, StoreCheck } from "../../../core/ports/store-check.js";
import { globalOptions, type RegisterCommand } from "../../context.js";
import { storeTarget } from "../../store-context.js";
import { println } from "../../world.js";

/** Registers `polecat store` and its subcommands. */
export const registerStore: RegisterCommand = (program, world) => {
  const store = program.command("store").description("check the task store for damage, and repair it from what is whole");
  store
    .command("check")
    .description("report every problem of the store (file and what is wrong); exit 0 when whole, 2 when damaged")
    .action(async (_opts: unknown, cmd: Command) => {
      const { home, loaded } = await storeTarget(cmd, world, false);
      const check = await checkStore({ spec: loaded?.spec, home, env: world.env });
      if (globalOptions(cmd).json) println(world.stdout, JSON.stringify({ ok: check.problems.length === 0, ...check }, null, 2));
      else for (const line of checkLines(check)) println(world.stdout, line);
      if (check.problems.length > 0) throw new ExitCode(ERROR_CODES.E_STORE_CORRUPT);
    });
  store
    .command("repair")
    .description("rebuild the store from its whole files, move the damaged ones aside, report what was lost")
    .option("--dry-run", "print the plan and change nothing")
    .action(async (opts: { dryRun?: boolean }, cmd: Command) => {
      const { home, loaded } = await storeTarget(cmd, world, false);
      const dryRun = opts.dryRun === true;
      const plan = await repairStore({ spec: loaded?.spec, home, env: world.env }, { dryRun, now: world.now() });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify({ dry_run: dryRun, ...plan }, null, 2));
      for (const line of repairLines(plan, dryRun)) println(world.stdout, line);
    });
};

/** A check in words: the problems one per line, or that the store is whole. */
export function checkLines(c: StoreCheck): string[] {
  const size = [c.tasks === undefined ? undefined : `${c.tasks} task${c.tasks === 1 ? "" : "s"}`, c.version === undefined ? undefined : `${c.location.startsWith("file ") ? "change" : "schema version"} ${c.version}`];
  const sized = size.filter((s) => s !== undefined).join(", ");
  if (c.problems.length === 0) return [`store ${c.location}: whole${sized === "" ? "" : ` (${sized})`}`];
  return [
    `store ${c.location}: ${c.problems.length} problem${c.problems.length === 1 ? "" : "s"}`,
    ...c.problems.map((p) => `  ${p.file}: ${p.problem}`),
    "run `polecat store repair --dry-run` to see how it would be rebuilt",
  ];
}

/** A repair in words: problems, steps (planned or done), what was lost and what may be out of date. */
export function repairLines(p: RepairPlan, dryRun: boolean): string[] {
  if (p.steps.length === 0) return [`store ${p.location}: ${p.problems.length === 0 ? "whole, nothing to repair" : "nothing a repair can fix"}`, ...p.problems.map((x) => `  ${x.file}: ${x.problem}`)];
  return [
    `store ${p.location}: ${p.problems.length} problem${p.problems.length === 1 ? "" : "s"}`,
    ...p.problems.map((x) => `  ${x.file}: ${x.problem}`),
    dryRun ? "plan (nothing changed, --dry-run):" : "repaired:",
    ...p.steps.map((s, i) => `  ${i + 1}. ${s}`),
    ...(p.lost.length === 0 ? ["lost: nothing"] : ["lost:", ...p.lost.map((l) => `  ${l}`)]),
    ...(p.stale.length === 0 ? [] : [`possibly out of date (not rewritten since the loss): ${p.stale.join(", ")}`]),
    ...(dryRun || p.asideDir === undefined ? [] : [`old files kept in ${p.asideDir}`]),
  ];
}
