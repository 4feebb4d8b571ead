// `polecat workers`: the worker registry as a table, with its routing rules and swarm sizing.
import type { Command } from "commander";
import { loadRegistry } from "../../adapters/spec-loader.js";
import { formatDuration } from "../../core/duration.js";
import type { HeuristicRule, WorkerRegistry } from "../../core/spec.js";
import { absPath, globalOptions, type RegisterCommand } from "../context.js";
import { displayPath, invalid, loadSpecOrExit, printWarnings } from "../load-spec.js";
import { renderTable } from "../../core/table.js";
import { println, useColor, type World } from "../world.js";

/** Registers `polecat workers`. */
export const registerWorkers: RegisterCommand = (program, world) => {
  program
    .command("workers")
    .description("show the worker registry: worker types, routing and sizing (--workers FILE, else the spec's)")
    .action(async (_opts: unknown, cmd: Command) => {
      const { path, registry } = await registryFor(cmd, world);
      if (globalOptions(cmd).json) {
        println(world.stdout, JSON.stringify({ registry: path, ...registry }, null, 2));
        return;
      }
      println(world.stdout, `${displayPath(world, path)}:`);
      for (const line of workerTable(registry, useColor(world))) println(world.stdout, line);
      println(world.stdout);
      for (const line of routingLines(registry)) println(world.stdout, line);
    });
};

async function registryFor(cmd: Command, world: World): Promise<{ path: string; registry: WorkerRegistry }> {
  const opts = globalOptions(cmd);
  if (opts.workers === undefined) {
    const loaded = await loadSpecOrExit(cmd, world);
    return { path: loaded.registryPath, registry: loaded.registry };
  }
  const path = absPath(world, opts.workers);
  const result = await loadRegistry(path);
  printWarnings(world, result.warnings ?? []);
  if (!result.ok) throw invalid("E_REGISTRY_INVALID", world, path, result.errors);
  return { path, registry: result.value };
}

/** An argv array as a person would type it: arguments with spaces or quotes are quoted. */
function showCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

function workerTable(registry: WorkerRegistry, color: boolean): string[] {
  const rows = Object.values(registry.workers).map((w) => [
    w.name,
    showCommand(w.command),
    w.capabilities.join(",") || "-",
    String(w.cost),
    String(w.speed),
    String(w.max_concurrent),
    w.fallback ?? "-",
    formatDuration(w.timeout_ms),
  ]);
  const headers = ["NAME", "COMMAND", "CAPABILITIES", "COST", "SPEED", "MAX", "FALLBACK", "TIMEOUT"];
  const align = ["left", "left", "left", "right", "right", "right", "left", "right"] as const;
  return renderTable(headers, rows, { align, color });
}

function heuristicText(h: HeuristicRule): string {
  const bounds = [
    h.files_over === undefined ? "" : `files > ${h.files_over}`,
    h.files_at_most === undefined ? "" : `files <= ${h.files_at_most}`,
    h.effort_over_minutes === undefined ? "" : `effort > ${formatDuration(h.effort_over_minutes * 60_000)}`,
    h.effort_at_most_minutes === undefined ? "" : `effort <= ${formatDuration(h.effort_at_most_minutes * 60_000)}`,
  ].filter((b) => b !== "");
  return `${h.name}: ${bounds.join(", ")} → ${h.worker}`;
}

function routingLines(registry: WorkerRegistry): string[] {
  const { routing, sizing } = registry;
  const rows: string[][] = [];
  const complexity = Object.entries(routing.complexity).map(([c, w]) => `${c} → ${w}`);
  if (complexity.length > 0) rows.push(["complexity", complexity.join(", ")]);
  for (const [name, rule] of Object.entries(routing.tags)) {
    if (rule) rows.push([name, `${rule.tags.join(", ")} → ${rule.worker}`]);
  }
  for (const h of routing.heuristics) rows.push(["heuristic", heuristicText(h)]);
  rows.push(["default", routing.default]);
  const tiers = sizing.tiers.map((t) => `<= ${t.ready_at_most} ready → ${t.total}`);
  rows.push(["sizing", [...tiers, `at most ${sizing.max_total}`].join(", ")]);
  return renderTable(["ROUTING", "RULE"], rows);
}
