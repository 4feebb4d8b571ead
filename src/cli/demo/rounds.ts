// The demo's swarm rounds: a swarm works while the refinery merges behind it, since a task starts only once
// its dependencies are merged; a kicked-back task that comes back after the swarm ended gets another round.
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { TaskRecord } from "../../core/ports/store.js";
import { renderTable } from "../../core/table.js";
import { summaryLine, summaryTable, type SwarmResult } from "../../runtime/swarm/index.js";
import { heading, step } from "./print.js";
import { scratchTasks, type Scratch } from "./scratch.js";
import { println, useColor, type World } from "../world.js";

/** Runs a polecat command in-process against the scratch spec and home; resolves to its exit code. */
export type Polecat = (args: readonly string[], world?: World) => Promise<number>;

/**
 * The swarm the demo runs: four scripted agents, started at once, that only stop on a broken agent. The demo
 * runs the refinery itself, to show what it does, so the swarm merges nothing and ends once only
 * merge-waiting work is left; the next round takes what the merges made ready.
 */
const SWARM = ["swarm", "-w", "scripted=4", "--stagger", "0", "--max-failures", "4", "--no-refinery"];
/** Its report comes as JSON, so the demo shows the run table without the dispatch log that follows it. */
const SWARM_JSON = ["--json", ...SWARM];
/** How often the refinery looks at the queue while the swarm works. */
const REFINERY_EVERY_MS = 250;
/** Swarm + refinery rounds before the demo stops waiting for kicked-back tasks. */
const MAX_ROUNDS = 10;

/** Runs rounds until no task is left to claim, printing the swarm's progress and what the refinery did. */
export async function rounds(world: World, s: Scratch, polecat: Polecat, env: World["env"]): Promise<void> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    heading(world, round === 1 ? "swarm, with the refinery merging behind it" : `swarm, round ${round}`);
    const log = refineryLog();
    const refinery = (): Promise<number> => polecat(["--json", "refinery", "--once"], { ...world, stdout: log.json, stderr: log.lines });
    const report = collect();
    const codes = await swarmWithRefinery(world, (w) => polecat(SWARM_JSON, { ...w, stdout: report.stream }), refinery);
    printSwarmReport(world, report.text());
    // 0: all merge-ready, 1: a task failed (the demo has one that always does); anything else ends the demo.
    const swarmOk = codes.swarm === 0 || codes.swarm === 1;
    const last = codes.refinery === 0 && swarmOk ? await refinery() : codes.refinery;
    heading(world, "refinery");
    for (const line of log.text()) println(world.stdout, line);
    step(world, s, ["refinery", "--once"], last);
    step(world, s, SWARM, swarmOk ? 0 : codes.swarm);
    const left = claimable(await scratchTasks(s, env));
    if (left.length === 0) return;
    println(world.stdout, `back in the queue: ${left.join(", ")}`);
  }
  println(world.stderr, `demo: tasks are still claimable after ${MAX_ROUNDS} rounds`);
}

/**
 * The swarm, with the refinery run every REFINERY_EVERY_MS until the swarm ends. Ctrl+C reaches the swarm
 * (it drains); a failing refinery drains it too, since its tasks would otherwise wait for merges forever.
 */
async function swarmWithRefinery(
  world: World,
  runSwarm: (world: World) => Promise<number>,
  refinery: () => Promise<number>,
): Promise<{ swarm: number; refinery: number }> {
  const signals = new EventEmitter();
  const onInt = (): boolean => signals.emit("SIGINT");
  const onTerm = (): boolean => signals.emit("SIGTERM");
  world.signals.on("SIGINT", onInt);
  world.signals.on("SIGTERM", onTerm);
  try {
    const swarm = runSwarm({ ...world, signals });
    let running = true;
    void swarm.finally(() => (running = false));
    let code = 0;
    while (running && code === 0) {
      code = await refinery();
      if (code !== 0) signals.emit("SIGINT");
      else await Promise.race([sleep(REFINERY_EVERY_MS), swarm]);
    }
    return { swarm: await swarm, refinery: code };
  } finally {
    world.signals.off("SIGINT", onInt);
    world.signals.off("SIGTERM", onTerm);
  }
}

/** A stream that keeps what is written to it. */
function collect(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

/** The refinery's progress lines, keeping only the passes that did something (told by its --json summary). */
function refineryLog(): { json: Writable; lines: Writable; text: () => string[] } {
  const kept: string[] = [];
  let pass: string[] = [];
  const lines = new Writable({
    write(chunk: Buffer, _enc, cb) {
      pass.push(...chunk.toString().split("\n").filter((l) => l !== ""));
      cb();
    },
  });
  const json = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const summary = JSON.parse(chunk.toString()) as { merged: unknown[]; decisions: unknown[] };
      if (summary.merged.length > 0 || summary.decisions.length > 0) kept.push(...pass);
      pass = [];
      cb();
    },
  });
  return { json, lines, text: () => [...kept, ...pass] };
}

/** The swarm's run table and its one-line result, from its JSON report (nothing when it ended before one). */
function printSwarmReport(world: World, json: string): void {
  if (json.trim() === "") return;
  const report = JSON.parse(json) as SwarmResult;
  const table = summaryTable(report);
  println(world.stdout);
  for (const line of renderTable(table.columns, table.rows, { color: useColor(world) })) println(world.stdout, line);
  println(world.stdout, summaryLine(report));
}

/** Active tasks whose dependencies are all merged: what another round would work on. */
function claimable(tasks: readonly TaskRecord[]): string[] {
  const done = new Set(tasks.filter((t) => t.status === "done").map((t) => t.id));
  return tasks.filter((t) => t.status === "active" && t.spec.depends_on.every((d) => done.has(d))).map((t) => t.id);
}
