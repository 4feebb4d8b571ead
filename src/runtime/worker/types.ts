// The worker runtime's shapes: what one worker slot is given, what it reports while it works, how a task ends.
import type { GitContext } from "../../adapters/git/index.js";
import type { LineRing } from "../../adapters/runner/index.js";
import type { FailureClass } from "../../core/agent/classify.js";
import type { LoadedSpec } from "../../core/spec.js";
import type { RunFacts, TaskRecord, TaskStore } from "../../core/ports/store.js";

/** One worker slot's world: `polecat run` builds one, the swarm one per slot. */
export interface WorkerContext {
  store: TaskStore;
  loaded: LoadedSpec;
  /** Home layout and the environment git runs in. */
  git: GitContext;
  /** The parent environment agents are started from (the runner scrubs secrets out of it). */
  env: Record<string, string | undefined>;
  /** Epoch milliseconds, for durations. */
  clock: () => number;
  /** Lease owner id, `host:pid:random`. */
  owner: string;
  /** The slot: its id in events (`scripted-1`) and the core its agents are pinned to, if any. */
  slot: { id: string; cpu?: number };
  /** Aborting stops the running agent and gives the task back without counting a failure. */
  signal?: AbortSignal;
  /** Live progress for a UI (the swarm's rows); called synchronously, must not throw. */
  onEvent?: (event: WorkerEvent) => void;
}

/** Progress of one task through a slot, in the order it happens. */
export type WorkerEvent =
  | { kind: "claimed"; task: TaskRecord; workerType: string }
  | { kind: "worktree"; path: string; resumed: boolean }
  | { kind: "stage"; stage: string; index: number; count: number; startedAt: number; ring: LineRing }
  | { kind: "finishing" }
  | { kind: "finished"; result: WorkerResult; durationMs: number };

/** Why an attempt failed; `setup`, `push` and `error` are polecat's side, the rest the agent's. */
export type FailureCause = "exit" | "timeout" | "stall" | "setup" | "push" | "error";

/**
 * How one claimed task ended for this worker. `paused`: the worker type cannot run (login, quota, argv, binary),
 * the task is given back uncharged; `halted`: the project itself is broken (origin gone), nothing is charged.
 * `run` is what the agent reported, when it ran.
 */
export type WorkerResult = (
  | { kind: "merge_ready"; branch: string; head: string; /** The agent left the task branch (see returnToTaskBranch). */ strayed?: string }
  | { kind: "blocked"; reason: string }
  | { kind: "kicked_back"; files: string[]; reason: string; onto?: string; over_budget?: boolean }
  | { kind: "failed"; cause: FailureCause; reason: string; class?: FailureClass }
  | { kind: "paused"; class: FailureClass; reason: string; retry_at?: number }
  | { kind: "halted"; reason: string }
  | { kind: "lost_lease"; reason: string }
  | { kind: "stopped" }
) & { run?: RunFacts };

/** What `runOne` is asked to do: which worker type claims, optionally one named task or one batch. */
export interface RunOneRequest {
  workerType: string;
  /** Worker types paused by the swarm: counted as full, so their ready work goes to fallbacks. */
  paused?: readonly string[];
  taskId?: string;
  batch?: string;
}

/** `runOne`'s answer: nothing was ready, or the task it claimed and how it ended (the task as the store holds it after). */
export type RunOneOutcome = { kind: "nothing_ready" } | { kind: "done"; task: TaskRecord; result: WorkerResult };
