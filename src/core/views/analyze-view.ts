// The shape of `polecat analyze`: what analyze.ts builds and next-step.ts reads.
import type { TaskStatus } from "../status.js";
import type { EventRecord, Note, Route } from "../ports/store.js";
import type { LeaseView } from "./lease.js";
import type { TaskRun } from "./runs.js";
import type { UsageTotals } from "../agent/run.js";

/** A dependency that is not done yet. */
export interface Blocker {
  task_id: string;
  /** `missing` when the dependency is not in the store at all. */
  status: TaskStatus | "missing";
}

/** The `analyze --json` document. */
export interface AnalyzeView {
  task_id: string;
  title: string;
  status: TaskStatus;
  /** Why it is blocked, cancelled or back in the queue. */
  reason?: string;
  route: Route;
  blockers: Blocker[];
  /** Unfinished tasks that wait on this one. */
  dependents: string[];
  lease?: LeaseView;
  attempts: number;
  failures: number;
  /** Still backing off after a failure for this long. */
  backoff_ms?: number;
  /** Kickback notes, each with its evidence (`kickback`: kind, notes, files and base, failing tests) when recorded. */
  kickbacks: Note[];
  failure_notes: Note[];
  runs: TaskRun[];
  /** The task's latest events, debug left out. */
  history: EventRecord[];
  log_tail: string[];
  merge_commit?: string;
  /** What the task's agent runs reported, all attempts together. */
  usage?: UsageTotals;
  next_step: string;
}
