// The swarm's shapes: what it is asked to run, what it needs from outside, and what it reports at the end.
import type { Slot, SwarmProgress } from "../../core/ports/swarm-progress.js";
import type { TaskRecord, TaskStore } from "../../core/ports/store.js";
import type { RunOneOutcome, RunOneRequest, WorkerEvent, WorkerResult } from "../worker/index.js";
import type { SwarmControl, Interrupt } from "./control.js";

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
  /** A slot stops after this many consecutive failed tasks (a broken agent, not a hard task). */
  maxFailures: number;
  /** Delay between slot starts. */
  staggerMs: number;
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
  /** Longest idle poll interval (tests shorten it). */
  maxIdleMs?: number;
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
}

/** How a slot ended. */
export interface SlotEnd {
  slot: string;
  /** `finished`: no work left; `drained`: interrupted (drain or stop now); `failed`: gave up after consecutive failures or an error. */
  kind: "finished" | "drained" | "failed";
  reason?: string;
}

/** The swarm's result: every run, how each slot ended, the claimed tasks as they are now, the exit code. */
export interface SwarmReport {
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
  /** 0 every claimed task merge-ready or further; 1 a task or a slot failed; 130 interrupted. */
  exitCode: number;
}
