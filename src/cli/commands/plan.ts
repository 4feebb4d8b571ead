// `polecat plan`: shows, without touching anything, which worker each task goes to, in which wave and why.
import type { Command } from "commander";
import { PolecatError } from "../../core/errors.js";
import { buildPlan } from "../../core/plan.js";
import { formatSwarm, overlapLines, planMarkdown, planMermaid, planTable } from "../../core/plan-format.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { renderTable } from "../../core/table.js";
import { println, useColor } from "../world.js";

const FORMATS = ["table", "json", "markdown", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

interface PlanOpts {
  format?: string;
  markdown?: boolean;
}

/** Registers `polecat plan`. */
export const registerPlan: RegisterCommand = (program, world) => {
  program
    .command("plan")
    .description("show each task's wave, worker, routing rule and capacity state, and a suggested swarm")
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`)
    .option("--markdown", "print the Worker Dispatch Log (same as --format markdown)")
    .action(async (opts: PlanOpts, cmd: Command) => {
      const format = chooseFormat(opts, globalOptions(cmd).json === true);
      const loaded = await loadSpecOrExit(cmd, world);
      const plan = buildPlan(loaded, { now: world.now() });
      switch (format) {
        case "json":
          println(world.stdout, JSON.stringify(plan, null, 2));
          return;
        case "markdown":
          world.stdout.write(planMarkdown(plan, { now: world.now() }));
          return;
        case "mermaid":
          world.stdout.write(planMermaid(plan));
          return;
        case "table": {
          const table = planTable(plan);
          for (const line of renderTable(table.columns, table.rows, { color: useColor(world) })) println(world.stdout, line);
          println(world.stdout);
          println(world.stdout, `waves: ${plan.waves.length}   longest chain: ${plan.longest_chain} min`);
          println(world.stdout, `suggested swarm: ${formatSwarm(plan.swarm)}`);
          for (const line of overlapLines(plan)) println(world.stdout, line);
        }
      }
    });
};

function chooseFormat(opts: PlanOpts, json: boolean): Format {
  const chosen = [opts.format, opts.markdown ? "markdown" : undefined, json ? "json" : undefined].filter((f) => f !== undefined);
  if (new Set(chosen).size > 1) throw new PolecatError("E_USAGE", `conflicting output formats: ${chosen.join(", ")}`);
  const format = chosen[0] ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new PolecatError("E_USAGE", `unknown format "${format}" (expected one of ${FORMATS.join(", ")})`);
  }
  return format as Format;
}
