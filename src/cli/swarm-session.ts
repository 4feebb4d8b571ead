// What `swarm` and `spawn-batch` share: their options, the dispatch preview, and running a swarm with
// live progress, signals, an optional side refinery and the end summary.
import { access } from "node:fs/promises";
import type { Command } from "commander";
import { newOwnerId } from "../adapters/owner.js";
import { missingPrograms } from "../adapters/program-warnings.js";
import { createProgress, desktopAlert, progressMode } from "../adapters/progress/index.js";
import { FetchCoalescer, LocalQueue } from "../adapters/git/index.js";
import { cpuForSlot, detectCpus } from "../adapters/runner/index.js";
import { parseDuration } from "../core/duration.js";
import { PolecatError, ExitCode } from "../core/errors.js";
import { homeLayout } from "../core/layout.js";
import { isCI } from "../core/terminal.js";
import { dispatchTable, formatSwarm } from "../core/plan-format.js";
import type { LoadedSpec } from "../core/spec.js";
import type { TaskInput, TaskStore } from "../core/ports/store.js";
import {
  autoComposition,
  bindSignals,
  parseComposition,
  previewDispatch,
  recordDispatchLog,
  runSwarm,
  SwarmControl,
  withoutUnrunnable,
  type RunTask,
} from "../runtime/swarm/index.js";
import { runOne } from "../runtime/worker/index.js";
import { startSideRefinery } from "../runtime/refinery/side.js";
import { withRefinery } from "./with-refinery.js";
import { keepDispatchLog, printSwarmEnd } from "./swarm-end.js";
import { globalOptions } from "./context.js";
import { renderTable } from "../core/table.js";
import { println, useColor, type World } from "./world.js";

/** The options `swarm` and `spawn-batch` share. */
export interface SwarmOpts {
  worker: string[];
  claude?: string;
  gemini?: string;
  auto?: boolean;
  maxFailures: string;
  stagger: string;
  dryRun?: boolean;
  silent?: boolean;
  parent?: string;
  /** `--dispatch-log FILE`: where the Worker Dispatch Log is written. */
  dispatchLog?: string;
  /** `--heartbeat D`: in CI without a terminal, a progress line this often ("0": none). */
  heartbeat: string;
  /** Pin each slot's agent to one core with taskset (`--pin-cpus`); off by default. */
  pinCpus?: boolean;
  /** Undefined or true: the swarm merges (or waits for the refinery that does); false: `--no-refinery`. */
  refinery?: boolean;
}

/** Adds the composition and run options `swarm` and `spawn-batch` share. */
export function swarmOptions(cmd: Command): Command {
  return cmd
    .option("-w, --worker <type=n>", "slots of a worker type, e.g. -w claude=2 (repeatable)", (v: string, prev: string[]) => [...prev, v], [])
    .option("-c, --claude <n>", "claude slots (same as -w claude=N)")
    .option("-g, --gemini <n>", "gemini slots (same as -w gemini=N)")
    .option("--auto", "size the swarm from WORKERS.md `sizing` and the queue")
    .option("--max-failures <n>", "a slot stops after this many consecutive failed tasks", "2")
    .option("--stagger <duration>", "delay between slot starts (0 for none)", "1s")
    .option("--dry-run", "print the dispatch plan (slots, order, rules, waves) and touch nothing")
    .option("--silent", "no progress display (the summary is still printed)")
    .option("--parent <task>", "task whose notes get the Worker Dispatch Log")
    .option("--dispatch-log <file>", "write the Worker Dispatch Log (Markdown: assignments, capacity, results) to this file; in GitHub Actions it also goes to the job summary")
    .option("--heartbeat <duration>", "in CI without a terminal, a line this often saying which slots run what, tasks done and time elapsed (0 for none)", "1m")
    .option("--pin-cpus", "pin each slot's agent to one CPU core with taskset, round-robin (off by default: agents use every core)")
    .option("--refinery", "run the merge queue beside the slots unless another refinery holds the project's lock (the default)")
    .option("--no-refinery", "merge nothing: end once only merge-waiting work is left, naming it and the command that merges it");
}

/** What `--auto` says when the queue is empty. */
export const NOTHING_TO_SIZE = "--auto: no active task to size a swarm for, nothing to run";

/** The active tasks of the project (or batch), as the swarm sizes and dispatches them. */
export async function activeTasks(store: TaskStore, project: string, batch: string | undefined): Promise<TaskInput[]> {
  return store.list({ project, status: "active", ...(batch === undefined ? {} : { batch }) });
}

/** Whether a path exists. */
export function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Slots per type from the options (capping notes go to stderr); `--auto` over an empty queue gives none. */
export function chooseComposition(world: World, loaded: LoadedSpec, tasks: readonly TaskInput[], opts: SwarmOpts): Record<string, number> {
  const req = { workers: opts.worker, auto: opts.auto === true, ...(opts.claude === undefined ? {} : { claude: opts.claude }), ...(opts.gemini === undefined ? {} : { gemini: opts.gemini }) };
  if (req.auto && req.workers.length === 0 && opts.claude === undefined && opts.gemini === undefined) return autoComposition(tasks, loaded.registry);
  const { slots, notes } = parseComposition(req, loaded.registry);
  for (const n of notes) println(world.stderr, `polecat: ${n}`);
  return slots;
}

/** Prints the dispatch plan of `--dry-run`. */
export function printPreview(world: World, cmd: Command, loaded: LoadedSpec, tasks: readonly TaskInput[], opts: SwarmOpts): void {
  const slots = chooseComposition(world, loaded, tasks, opts);
  if (Object.keys(slots).length === 0) return println(world.stdout, NOTHING_TO_SIZE);
  const preview = previewDispatch(tasks, slots, loaded.registry);
  if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify({ composition: slots, ...preview }, null, 2));
  const table = dispatchTable(preview.schedule);
  println(world.stdout, `dispatch plan for ${loaded.spec.project}: ${formatSwarm(slots)} (dry run: nothing is claimed or changed)`);
  println(world.stdout);
  for (const line of renderTable(table.columns, table.rows, { color: useColor(world) })) println(world.stdout, line);
  println(world.stdout);
  preview.waves.forEach((ids, i) => println(world.stdout, `wave ${i}: ${ids.join(", ")}`));
  const minutes = (m: number): string => `${Math.round(m)} min`;
  println(world.stdout, `simulated makespan: ${minutes(preview.schedule.makespan)}   lower bound: ${minutes(preview.lowerBound)}   (from effort estimates)`);
}

/** What running a swarm from the CLI needs. */
export interface SuperviseArgs {
  loaded: LoadedSpec;
  store: TaskStore;
  home: string;
  batch?: string;
  opts: SwarmOpts;
}

/** Runs the swarm with live progress and Ctrl+C handling, keeps the dispatch log, prints the summary, exits with its code. */
export async function superviseSwarm(world: World, cmd: Command, a: SuperviseArgs): Promise<void> {
  const { loaded, store, home, batch, opts } = a;
  const { project } = loaded.spec;
  const maxFailures = Number(opts.maxFailures);
  if (!Number.isInteger(maxFailures) || maxFailures < 1) throw new PolecatError("E_USAGE", `--max-failures must be a whole number of at least 1`);
  const staggerMs = opts.stagger.trim() === "0" ? 0 : parseDuration(opts.stagger);
  if (staggerMs === undefined) throw new PolecatError("E_USAGE", `--stagger "${opts.stagger}" is not a duration (e.g. 2s, 500ms, 0)`);
  const beatMs = opts.heartbeat.trim() === "0" ? 0 : parseDuration(opts.heartbeat);
  if (beatMs === undefined) throw new PolecatError("E_USAGE", `--heartbeat "${opts.heartbeat}" is not a duration (e.g. 1m, 30s, 0)`);
  const layout = homeLayout(home);
  if (!(await exists(layout.mirror(project)))) throw new PolecatError("E_NOT_FOUND", `no mirror of ${project} at ${layout.mirror(project)}`, { details: ["run `polecat init` first"] });
  if (opts.parent !== undefined && (await store.get(project, opts.parent)) === undefined) {
    throw new PolecatError("E_NOT_FOUND", `no task ${opts.parent} in project ${project} to keep the dispatch log on`);
  }
  const asked = chooseComposition(world, loaded, await activeTasks(store, project, batch), opts);
  if (Object.keys(asked).length === 0) return println(world.stdout, NOTHING_TO_SIZE);
  // A type whose program is not installed gets no slot (said once, here); a fallback that can run takes its work.
  const missing = await missingPrograms(loaded, world.env, world.cwd, Object.keys(asked));
  const unrunnable = Object.fromEntries(missing.map((m) => [m.type, `${m.program} is not on PATH`]));
  const { slots: composition, notes } = withoutUnrunnable(asked, loaded.registry, unrunnable);
  for (const n of notes) println(world.stderr, `polecat: ${n}`);

  // Pinning is asked for: an agent's own `npm test` or build would otherwise get one core.
  const cpus = opts.pinCpus === true ? ((await detectCpus(world.env)) ?? []) : [];
  if (opts.pinCpus === true && cpus.length === 0) println(world.stderr, "polecat: --pin-cpus: taskset is missing or reports no CPUs; agents run unpinned");
  const owners = new Map<string, string>();
  // One fetch serves every slot that asks while it runs (the coalescer is this process's, shared by its slots).
  const git = { layout, env: world.env, local: new LocalQueue(), fetches: new FetchCoalescer(world.now) };
  const runTask: RunTask = (slot, req, hooks) => {
    const owner = owners.get(slot.id) ?? newOwnerId();
    owners.set(slot.id, owner);
    const cpu = cpuForSlot(cpus, slot.index);
    const ctx = { store, loaded, git, env: world.env, clock: world.now, owner, slot: { id: slot.id, ...(cpu === undefined ? {} : { cpu }) }, ...hooks };
    return runOne(ctx, req);
  };
  const control = new SwarmControl();
  const mode = progressMode(world, opts.silent === true);
  // A CI log shows nothing while agents work quietly; the heartbeat says the swarm is alive and where it is.
  const heartbeat = mode === "plain" && !world.isTTY && isCI(world.env) && beatMs > 0 ? { everyMs: beatMs, say: (line: string) => println(world.stderr, line) } : undefined;
  const progress = createProgress({ mode, stream: world.stderr, clock: world.now, color: useColor(world) });
  // The display shows a slot giving up; with it silenced, the alert still gets its line on stderr.
  const alert = async (message: string): Promise<void> => {
    if (mode === "silent") println(world.stderr, message);
    await desktopAlert(message, world.env);
  };
  const unbind = bindSignals(world.signals, control);
  const refinery = opts.refinery === false ? undefined : startSideRefinery((o, fn) => withRefinery(cmd, world, o, fn));
  let report;
  try {
    report = await runSwarm(
      {
        project,
        ...(batch === undefined ? {} : { batch }),
        composition,
        maxFailures,
        staggerMs,
        ...(missing.length === 0 ? {} : { unrunnable }),
        limitBackoffMs: loaded.spec.limits.backoff_ms,
        maxAttempts: loaded.spec.limits.max_attempts,
        ...(loaded.spec.limits.budget_usd === undefined ? {} : { budgetUsd: loaded.spec.limits.budget_usd }),
      },
      { store, runTask, control, clock: world.now, progress, alert, ...(refinery === undefined ? {} : { merges: refinery }), ...(heartbeat === undefined ? {} : { heartbeat }) },
    );
  } finally {
    unbind();
    // A swarm that broke must not leave its merge queue running (it would keep the process alive).
    if (report === undefined) await refinery?.finish(false).catch(() => undefined);
  }
  const merged = await refinery?.finish(!control.interrupted);
  const log = await recordDispatchLog(store, report, loaded.registry, opts.parent);
  const kept = await keepDispatchLog(world, log, { ...(opts.dispatchLog === undefined ? {} : { file: opts.dispatchLog }), ...(opts.parent === undefined ? {} : { parent: opts.parent }) });
  printSwarmEnd(world, cmd, { report, merged, log, kept });
  if (report.exitCode !== 0) throw new ExitCode(report.exitCode);
}
