// The demo's output: section headings, the plan, the expectation table and where to look afterwards.
import { join } from "node:path";
import { ExitCode } from "../../core/errors.js";
import { renderTable } from "../../core/table.js";
import { bold } from "../../core/terminal.js";
import type { Verdict } from "./expect.js";
import type { Scratch } from "./scratch.js";
import { println, useColor, type World } from "../world.js";

/** A section title in the demo's output. */
export function heading(world: World, text: string): void {
  println(world.stdout);
  println(world.stdout, bold(`== ${text}`, useColor(world)));
}

/** What the demo is about to create, and where. */
export function printPlan(world: World, s: Scratch, tasks: number): void {
  heading(world, "polecat demo");
  println(world.stdout, `${tasks} tasks on a tiny project, done by scripted agents; everything happens in ${s.dir}:`);
  const rows = [
    ["origin", s.origin, "bare repository seeded from examples/demo/project"],
    ["spec", s.spec, "examples/demo/polecat.yaml, workers from examples/demo/WORKERS.md"],
    ["home", s.home, "task store, mirror, worktrees, agent logs"],
  ];
  for (const line of renderTable(["", "PATH", "WHAT"], rows)) println(world.stdout, `  ${line}`);
}

/** A step that must succeed; its own output already said why it did not. */
export function step(world: World, s: Scratch, args: readonly string[], code: number): void {
  if (code === 0) return;
  println(world.stderr, `demo: \`polecat ${args.join(" ")}\` exited ${code}; the scratch directory is kept: ${s.dir}`);
  throw new ExitCode(code === 130 ? 130 : 1);
}

/** The expectation check as a table. */
export function printVerdicts(world: World, verdicts: readonly Verdict[]): void {
  heading(world, "expected end states");
  const rows = verdicts.map((v) => [v.ok ? "ok" : "MISMATCH", v.id, v.actual, v.ok ? v.why : `expected ${v.expected}: ${v.why}`]);
  for (const line of renderTable(["", "TASK", "ENDED", "WHY"], rows, { color: useColor(world) })) println(world.stdout, line);
}

/** Where the report, the logs and the scratch directory are. */
export function printLocations(world: World, s: Scratch, kept: boolean): void {
  heading(world, "where to look");
  const rows = [
    ["report", s.report, "open in a browser: timeline per slot, queue depth, results"],
    ["logs", join(s.home, "logs"), "one log per agent run; events in home/events.jsonl"],
    ["spec", s.spec, `try: polecat --spec ${s.spec} --home ${s.home} status`],
  ];
  if (kept) rows.push(["scratch", s.dir, "origin.git, the mirror and the worktrees are kept"]);
  for (const line of renderTable(["", "PATH", ""], rows)) println(world.stdout, `  ${line}`);
  if (!kept) println(world.stdout, `  (the scratch repositories were removed; pass --keep to look at them with git)`);
}
