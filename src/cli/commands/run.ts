// `polecat run`: one worker, one task (the named one or the next ready one), then exit with what became of it.
import type { Command } from "commander";
import { openStore } from "../../adapters/open-store.js";
import { newOwnerId } from "../../adapters/owner.js";
import { formatDuration } from "../../core/duration.js";
import { PolecatError, ExitCode } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import type { LoadedSpec } from "../../core/spec.js";
import type { TaskStore } from "../../core/ports/store.js";
import { runOne, type RunOneOutcome, type WorkerContext, type WorkerEvent, type WorkerResult } from "../../runtime/worker/index.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { println, type World } from "../world.js";

interface RunOpts {
  task?: string;
  project?: string;
  worker?: string;
  batch?: string;
}


/** Registers `polecat run`. */
export const registerRun: RegisterCommand = (program, world) => {
  program
    .command("run")
    .description("run one worker on one task (-t, or the next ready one), then exit: 0 merge-ready, 1 failed, 3 nothing ready")
    .option("-t, --task <id>", "the task to run (it must be ready)")
    .option("-p, --project <name>", "the project (must be the spec's)")
    .option("--worker <type>", "the worker type that claims (default: the task's routed type, else each type in turn)")
    .option("--batch <name>", "only claim tasks of this batch")
    .action(async (opts: RunOpts, cmd: Command) => {
      const loaded = await loadSpecOrExit(cmd, world);
      const { spec } = loaded;
      if (opts.project !== undefined && opts.project !== spec.project) {
        throw new PolecatError("E_USAGE", `the spec is for project ${spec.project}, not ${opts.project}`);
      }
      const global = globalOptions(cmd);
      const home = resolveHome(world, global);
      const store = await openStore({ spec, home, env: world.env, clock: world.now });
      const interrupt = onInterrupt(world);
      try {
        const types = await workerTypes(store, loaded, opts);
        const owner = newOwnerId();
        const ctx = (workerType: string): WorkerContext => ({
          store,
          loaded,
          git: { layout: homeLayout(home), env: world.env },
          env: world.env,
          clock: world.now,
          owner,
          slot: { id: `${workerType}-1` },
          signal: interrupt.signal,
          onEvent: global.json ? undefined : (e) => progress(world, e),
        });
        let outcome: RunOneOutcome = { kind: "nothing_ready" };
        for (const type of types) {
          outcome = await runOne(ctx(type), { workerType: type, ...pick(opts) });
          if (outcome.kind === "done") break;
        }
        await report(world, global.json === true, outcome, { store, project: spec.project, taskId: opts.task });
        const code = exitCode(outcome);
        if (code !== 0) throw new ExitCode(code);
      } finally {
        interrupt.dispose();
        await store.close();
      }
    });
};

/** 0 merge-ready; 1 failed, blocked, kicked back or lost lease; 3 nothing ready; 130 stopped by Ctrl+C. */
function exitCode(outcome: RunOneOutcome): number {
  if (outcome.kind === "nothing_ready") return 3;
  if (outcome.result.kind === "merge_ready") return 0;
  return outcome.result.kind === "stopped" ? 130 : 1;
}

function pick(opts: RunOpts): { taskId?: string; batch?: string } {
  return { ...(opts.task === undefined ? {} : { taskId: opts.task }), ...(opts.batch === undefined ? {} : { batch: opts.batch }) };
}

// Which worker types try to claim: the one asked for, else a named task's routed type, else every type in registry order.
async function workerTypes(store: TaskStore, loaded: LoadedSpec, opts: RunOpts): Promise<string[]> {
  if (opts.worker !== undefined) return [opts.worker];
  if (opts.task !== undefined) {
    const task = await store.get(loaded.spec.project, opts.task);
    if (task === undefined) {
      throw new PolecatError("E_NOT_FOUND", `task ${opts.task} is not in the store of ${loaded.spec.project}`, {
        details: ["apply the spec first (polecat apply)"],
      });
    }
    return [task.route.worker];
  }
  return Object.keys(loaded.registry.workers);
}

// Ctrl+C (or SIGTERM) stops the agent (TERM, KILL after its grace) and gives the task back; the run then exits 130.
function onInterrupt(world: World): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  world.signals.on("SIGINT", stop);
  world.signals.on("SIGTERM", stop);
  return {
    signal: controller.signal,
    dispose: () => {
      world.signals.off("SIGINT", stop);
      world.signals.off("SIGTERM", stop);
    },
  };
}

function progress(world: World, e: WorkerEvent): void {
  switch (e.kind) {
    case "claimed":
      return println(world.stderr, `claimed ${e.task.id} (attempt ${e.task.attempt}) as ${e.workerType}: ${e.task.spec.title}`);
    case "worktree":
      return println(world.stderr, `worktree ${e.path}${e.resumed ? " (resumed from the pushed branch)" : ""}`);
    case "stage":
      return println(world.stderr, `stage ${e.stage} (${e.index + 1} of ${e.count})`);
    case "finishing":
      return println(world.stderr, "finishing: commit, rebase, push");
    case "finished":
      return println(world.stderr, `finished in ${formatDuration(e.durationMs)}`);
  }
}

async function report(
  world: World,
  json: boolean,
  outcome: RunOneOutcome,
  asked: { store: TaskStore; project: string; taskId: string | undefined },
): Promise<void> {
  if (json) {
    if (outcome.kind === "nothing_ready") return println(world.stdout, JSON.stringify({ result: "nothing_ready" }));
    const { kind, ...detail } = outcome.result;
    println(world.stdout, JSON.stringify({ task: outcome.task.id, status: outcome.task.status, result: kind, ...detail }, null, 2));
    return;
  }
  if (outcome.kind === "nothing_ready") {
    const task = asked.taskId === undefined ? undefined : await asked.store.get(asked.project, asked.taskId);
    println(world.stdout, task === undefined ? "nothing ready" : `task ${task.id} is not ready (status ${task.status})`);
    return;
  }
  println(world.stdout, `${outcome.task.id}: ${describe(outcome.result)} (now ${outcome.task.status})`);
}

function describe(r: WorkerResult): string {
  switch (r.kind) {
    case "merge_ready":
      return `merge-ready: ${r.branch} at ${r.head.slice(0, 12)}`;
    case "blocked":
      return `blocked: ${r.reason}`;
    case "kicked_back":
      return `kicked back: ${r.reason}`;
    case "failed":
      return `failed (${r.class ?? r.cause}): ${r.reason}`;
    case "paused":
      return `not charged, ${r.class.replace("_", " ")}: ${r.reason}`;
    case "halted":
      return `not charged, the project is broken: ${r.reason}`;
    case "lost_lease":
      return `lost its lease: ${r.reason}`;
    case "stopped":
      return "stopped";
  }
}
