// The swarm's shapes: what it is asked to run, what it needs from outside, and what it reports at the end.
import type { Slot, SwarmProgress } from "../../core/ports/swarm-progress.js";
import type { MergeQueue, Merger } from "../../core/ports/merge-queue.js";
import type { RunFacts, TaskRecord, TaskStore } from "../../core/ports/store.js";
import type { RunOneOutcome, RunOneRequest, WorkerEvent, WorkerResult } from "../worker/index.js";
import type { SwarmControl, Interrupt } from "./control.js";
import type { HeartbeatOptions } from "./heartbeat.js";
import type { LeftOver } from "./queue.js";

/** Runs one claim → worktree → agent → finish for a slot: `runOne` with the slot's worker context. */
export type RunTask = (
  slot: Slot,
  req: RunOneRequest,
  hooks: { signal: AbortSignal; onEvent: (event: WorkerEvent) => void },
) => Promise<RunOneOutcome>;

/** What the swarm is asked to do. */
export interface SwarmConfig {
  project: string;
  /** Only this batch's tasks are claimed, and the swarm ends when the batch has nothing left for it. */
  batch?: string;
  /** Slots per worker type, already capped. */
  composition: Readonly<Record<string, number>>;
  /** A slot stops after this many different tasks in a row failed the same way (a broken agent, not a hard task). */
  maxFailures: number;
  /** Back-off for a worker type that hit a limit without saying when it resets (doubles while it keeps hitting it). */
  limitBackoffMs: number;
  /** The swarm drains once its agents have reported spending more than this (USD). */
  budgetUsd?: number;
  /** Delay between slot starts. */
  staggerMs: number;
  /** The spec's `limits.max_attempts`: an expired lease the swarm reaps counts as a failed attempt. */
  maxAttempts?: number;
  /** Worker types this machine cannot run (type → why, e.g. its program is not on PATH): paused from the start, no slot. */
  unrunnable?: Readonly<Record<string, string>>;
}

/** What the swarm needs from outside. */
export interface SwarmDeps {
  store: TaskStore;
  runTask: RunTask;
  control: SwarmControl;
  clock: () => number;
  progress: SwarmProgress;
  /** Said out loud when a slot stops on failures (a log line, a desktop notification). */
  alert: (message: string) => Promise<void>;
  /** The merge queue beside the swarm; none means nobody merges while it runs (`--no-refinery`). */
  merges?: MergeQueue;
  /** Longest idle poll interval (tests shorten it). */
  maxIdleMs?: number;
  /** A line every so often while the swarm runs (in CI, where the display is not redrawn). */
  heartbeat?: HeartbeatOptions;
  /** True when a lease owner is provably dead (same host, pid gone); its leases are taken back at once. */
  ownerDead?: (owner: string) => boolean;
}

/** One claimed task on one slot, as the end summary lists it. */
export interface SlotRun {
  slot: string;
  type: string;
  task: string;
  /** The attempt this run was. */
  attempt: number;
  result: WorkerResult["kind"];
  /** Why, for anything but merge_ready. */
  reason?: string;
  startedAt: number;
  durationMs: number;
  /** The routing rule that sent the task to this type (or the fallback that let it in). */
  rule: string;
  /** What the agent reported: session, cost, tokens, turns, model, failure class. */
  agent?: RunFacts;
}

/** How a slot ended. */
export interface SlotEnd {
  slot: string;
  /**
   * `finished`: no work left; `drained`: interrupted (drain or stop now) or the swarm halted; `failed`: gave up
   * after tasks failed the same way or an error; `paused`: its worker type cannot run until someone fixes it.
   */
  kind: "finished" | "drained" | "failed" | "paused";
  reason?: string;
}

/** The swarm's result: every run, how each slot ended, the claimed tasks as they are now, the exit code. */
export interface SwarmResult {
  project: string;
  batch?: string;
  composition: Record<string, number>;
  startedAt: number;
  finishedAt: number;
  runs: SlotRun[];
  slots: SlotEnd[];
  /** Every task claimed during the run, as the store holds it at the end. */
  tasks: TaskRecord[];
  interrupted?: Interrupt;
  /** Why the swarm stopped early on its own: the project is broken (git's words), or the budget was spent. */
  halted?: string;
  /** Cost in USD the swarm's agents reported, when any did. */
  cost_usd?: number;
  /** 0 every claimed task merge-ready or further; 1 a task or a slot failed, a type paused,; 130 interrupted. */
  /** Work left in scope at the end: merge-waiting tasks, what waits on them, ready work no slot took. */
  left: LeftOver;
  /** Who merged at the end of the run. */
  merger: Merger;
  /** 0 every claimed task merge-ready or further; 1 a task or a slot failed, a type paused, the swarm halted, or ready work was left unclaimed; 130 interrupted. */
  exitCode: number;
}
