// Reads the event log generically (from/to/state), so every view agrees on what a run, a failure and a
// kickback are, and degrades when an event kind it would like is absent.
import { REFINERY_QUEUE } from "../status.js";
import type { TaskStatus } from "../status.js";
import type { EventRecord, RunFacts } from "../ports/store.js";
import { runFactsOf } from "./usage.js";

/** How one attempt at a task ended. `ended` = the swarm saw it end but the store's move is missing. */
export type RunOutcome = "running" | "finished" | "failed" | "released" | "reset" | "blocked" | "cancelled" | "ended";

/** A stage a run entered, as the swarm's `slot.stage` events record it. */
export interface RunStage {
  stage: string;
  start: number;
}

/** One attempt at a task on one worker slot: from its claim until it left `in_progress`. */
export interface TaskRun {
  task_id: string;
  attempt: number;
  /** The lease owner (the swarm's slot id, e.g. `claude-1`). */
  slot: string;
  worker_type?: string;
  start: number;
  /** Absent while the run is still going. */
  end?: number;
  outcome: RunOutcome;
  stages: RunStage[];
  /** What the agent reported about this run (session, cost, tokens, ...), from the store's move that ended it. */
  agent?: RunFacts;
}

/** Events in time order (stable for equal timestamps), the order every replay needs. */
export function byTime(events: readonly EventRecord[]): EventRecord[] {
  return [...events].sort((a, b) => a.ts - b.ts);
}

/** The status an event leaves its task in, when it says. */
export function statusAfter(e: EventRecord): TaskStatus | undefined {
  return e.to ?? e.state;
}

/** A failed attempt: an agent failure, a reaped lease, or a run that ended blocked. */
export function isFailure(e: EventRecord): boolean {
  if (e.from !== "in_progress" || e.to === undefined || e.to === "in_progress") return false;
  return e.event === "task.failed" || e.event === "task.reaped" || e.to === "blocked";
}

/**
 * Work went back to its worker: the refinery sent finished work back (conflict, validation, review
 * changes), or the worker's own rebase hit a conflict (a counted kickback, logged as a warning).
 */
export function isKickback(e: EventRecord): boolean {
  if (e.from === undefined || e.to !== "active") return false;
  return REFINERY_QUEUE.includes(e.from) || (e.from === "in_progress" && e.event === "task.transition" && e.level === "warn");
}

function isClaim(e: EventRecord): boolean {
  return e.to === "in_progress" && e.from !== "in_progress" && e.task_id !== undefined;
}

function outcomeOf(e: EventRecord): RunOutcome {
  switch (e.to) {
    case "merge_ready":
      return "finished";
    case "blocked":
      return "blocked";
    case "cancelled":
      return "cancelled";
    default:
      if (isFailure(e)) return "failed";
      return e.event === "task.reset_stalled" ? "reset" : "released";
  }
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Every run in the log, in start order: a claim (or, without store events, `slot.started`) opens one, the
 * store's move out of `in_progress` closes it; a `slot.finished` with no such move closes it as `ended`.
 */
export function taskRuns(events: readonly EventRecord[]): TaskRun[] {
  const runs: TaskRun[] = [];
  const open = new Map<string, TaskRun>();
  const begin = (e: EventRecord, id: string): void => {
    const run: TaskRun = {
      task_id: id,
      attempt: e.attempt ?? 0,
      slot: e.worker_id ?? "unknown",
      start: e.ts,
      outcome: "running",
      stages: [],
    };
    const type = text(e.data?.worker_type);
    if (type !== undefined) run.worker_type = type;
    runs.push(run);
    open.set(id, run);
  };
  const close = (id: string, ts: number, outcome: RunOutcome, agent?: RunFacts): void => {
    const run = open.get(id);
    if (run === undefined) return;
    run.end = ts;
    run.outcome = outcome;
    if (agent !== undefined) run.agent = agent;
    open.delete(id);
  };
  // `slot.finished` may come before or instead of the store's move: note the time, let the move decide.
  const swarmEnded = new Map<string, number>();
  const closeAsEnded = (id: string, fallback: number): void => close(id, swarmEnded.get(id) ?? fallback, "ended");
  for (const e of byTime(events)) {
    const id = e.task_id;
    if (id === undefined) continue;
    if (isClaim(e)) {
      if (swarmEnded.has(id)) closeAsEnded(id, e.ts);
      else close(id, e.ts, "released");
      swarmEnded.delete(id);
      begin(e, id);
    } else if (e.from === "in_progress" && e.to !== undefined && e.to !== "in_progress") {
      close(id, e.ts, outcomeOf(e), runFactsOf(e));
      swarmEnded.delete(id);
    } else if (e.event === "slot.started" && !open.has(id)) {
      begin(e, id);
    } else if (e.event === "slot.stage") {
      const stage = text(e.data?.stage);
      if (stage !== undefined) open.get(id)?.stages.push({ stage, start: e.ts });
    } else if (e.event === "slot.finished" && open.has(id)) {
      swarmEnded.set(id, e.ts);
    }
  }
  for (const id of swarmEnded.keys()) closeAsEnded(id, 0);
  return runs;
}
