// The end of a swarm run from the CLI: the short summary on the terminal, and the Worker Dispatch Log where
// it was asked for (`--dispatch-log FILE`, the GitHub Actions job summary), never on the terminal unasked.
import { appendFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { passLine, type RefineryPassResult } from "../core/refinery/pass-result.js";
import { renderTable } from "../core/table.js";
import { isGitHubActions } from "../core/terminal.js";
import { leftLines, summaryLine, summaryTable, type SwarmResult } from "../runtime/swarm/index.js";
import { absPath, globalOptions } from "./context.js";
import { println, useColor, type World } from "./world.js";

/** Where the dispatch log goes besides the store: a file asked for, and the parent task named. */
export interface DispatchLogTargets {
  /** `--dispatch-log FILE` (relative to the working directory). */
  file?: string;
  /** `--parent TASK`: the log is already a note on it. */
  parent?: string;
}

/**
 * Writes the dispatch log to `--dispatch-log FILE` and, in GitHub Actions, appends it to the job summary
 * (`$GITHUB_STEP_SUMMARY`). Returns one line per place written, for the terminal. A job summary that cannot
 * be written is said on stderr, not a failure of the swarm; a file asked for that cannot be written is.
 */
export async function keepDispatchLog(world: World, log: string, targets: DispatchLogTargets): Promise<string[]> {
  const said: string[] = [];
  if (targets.file !== undefined) {
    const path = absPath(world, targets.file);
    await writeFile(path, log);
    said.push(`Worker Dispatch Log written to ${targets.file}`);
  }
  const summary = world.env.GITHUB_STEP_SUMMARY;
  if (isGitHubActions(world.env) && summary !== undefined && summary !== "") {
    try {
      await appendFile(summary, `${log}\n`);
      said.push("Worker Dispatch Log added to the job summary");
    } catch (err) {
      println(world.stderr, `polecat: cannot append to $GITHUB_STEP_SUMMARY (${summary}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (targets.parent !== undefined) said.push(`Worker Dispatch Log appended to the notes of ${targets.parent}`);
  return said;
}

/** Prints the end of a swarm: JSON with `--json`, else the runs table, the summary line and what is left. */
export function printSwarmEnd(world: World, cmd: Command, end: { report: SwarmResult; merged?: RefineryPassResult | undefined; log: string; kept: readonly string[] }): void {
  const { report, merged, log, kept } = end;
  if (globalOptions(cmd).json) {
    println(world.stdout, JSON.stringify({ ...report, dispatch_log: log, ...(merged === undefined ? {} : { refinery: merged }) }, null, 2));
    return;
  }
  const table = summaryTable(report);
  for (const line of renderTable(table.columns, table.rows, { color: useColor(world) })) println(world.stdout, line);
  println(world.stdout);
  println(world.stdout, summaryLine(report));
  for (const reason of new Set(report.slots.filter((e) => e.kind === "paused").map((e) => e.reason ?? "paused"))) println(world.stdout, reason);
  if (report.halted !== undefined) println(world.stdout, `the swarm stopped: ${report.halted}`);
  if (merged !== undefined) println(world.stdout, passLine(merged));
  for (const line of leftLines(report)) println(world.stdout, line);
  for (const line of kept) println(world.stdout, line);
}
