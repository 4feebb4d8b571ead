// The TaskStore contract every backend (file, PostgreSQL) implements and the conformance suite checks.
import type { Kickback } from "../kickback.js";
import type { FailureClass } from "../agent/classify.js";
import type { AgentRun, Dialect, UsageTotals } from "../agent/run.js";
import type { TaskSpec } from "../spec.js";
import type { TaskStatus } from "../status.js";
import type { EventFilter, EventRecord } from "./events.js";

export type { EventFilter, EventRecord } from "./events.js";

/** Where a task was routed when it was applied: its primary worker type and the fallback chain. */
export interface Route {
  worker: string;
  /** The rule that chose `worker`, in words. */
  rule: string;
  /** Fallback types in order; a claimer of one of these may take the task while `worker` is at capacity. */
  fallbacks: string[];
}

/** A lease on an in-progress task. `attempt` is the fencing token. */
export interface Lease {
  /** Who holds it (`host:pid:random`): the fencing identity, and how the janitor tells a dead holder. */
  owner: string;
  /** The name people see (`scripted-1`, the swarm's slot): status, events, the report. Absent: `owner`. */
  slot?: string;
  worker_type: string;
  attempt: number;
  claimed_at: number;
  heartbeat_at: number;
  expires_at: number;
}

/** One entry of a task's notes: kickbacks, failures, review answers, human notes. */
export interface Note {
  ts: number;
  kind: "note" | "kickback" | "failure" | "review" | "revert" | "system";
  author: string;
  text: string;
  /** On a kickback (and on a failure the worker recorded): why, with its evidence, for the next attempt and for people. */
  kickback?: Kickback;
}

/** One agent run as a task keeps it: what the agent reported, and how the run was judged. */
export interface RunFacts extends AgentRun {
  worker_type: string;
  dialect: Dialect;
  attempt: number;
  /** Set when the run failed: the failure class (`auth`, `crash`, ...). */
  failure_class?: FailureClass;
  /** Runs of this attempt that continued an earlier session instead of starting cold. */
  resumed?: number;
}

/** A task as the store holds it. Times are epoch milliseconds. */
export interface TaskRecord {
  project: string;
  id: string;
  spec: TaskSpec;
  /** Hash of the spec as applied; re-applying an unchanged spec is a no-op. */
  spec_hash: string;
  batch?: string;
  status: TaskStatus;
  route: Route;
  /** Longest path (minutes) from this task to the end of the DAG, itself included. */
  critical_path: number;
  /** Claims so far; the current lease's attempt. */
  attempt: number;
  /** Failed attempts (agent failure, lost lease, reaped); at max_attempts the task is blocked. */
  failures: number;
  kickbacks: number;
  lease?: Lease;
  /** Not claimable before this time (back-off after a failure). */
  not_before?: number;
  /** Why it is blocked, cancelled or was last kicked back. */
  reason?: string;
  notes: Note[];
  branch?: string;
  head_sha?: string;
  merge_commit?: string;
  /** What every agent run of this task reported, added up (cost, tokens, turns). */
  usage?: UsageTotals;
  /** The latest agent run: session, model, final message, failure class. */
  last_run?: RunFacts;
  /** Creation order, the last tie-breaker for claims. */
  seq: number;
  created_at: number;
  updated_at: number;
  started_at?: number;
  finished_at?: number;
}

/** A task to apply, with routing and critical path already computed by the caller. */
export interface TaskInput {
  spec: TaskSpec;
  route: Route;
  critical_path: number;
}

/** Apply a spec's tasks to a project. */
export interface ApplyInput {
  project: string;
  batch?: string;
  tasks: TaskInput[];
}

/** What applying changed. */
export interface ApplyResult {
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Edited in the spec but already claimed, so left as they are. */
  skipped: string[];
}

/** Filters for `list`; all given fields must match. */
export interface TaskFilter {
  project?: string;
  status?: TaskStatus | TaskStatus[];
  batch?: string;
  tag?: string;
  ids?: string[];
}

/** Ask for the best ready task a worker type may take. */
export interface ClaimRequest {
  project?: string;
  workerType: string;
  owner: string;
  /** The slot name to show for this lease (the swarm's `scripted-1`); default: `owner`. */
  slot?: string;
  batch?: string;
  /** Claim this task only (it must be ready and routed to the type). */
  taskId?: string;
  leaseMs: number;
  /** max_concurrent per worker type, to decide when fallbacks may step in. */
  capacity: Record<string, number>;
}

/** A claimed task and its lease. */
export interface Claim {
  task: TaskRecord;
  lease: Lease;
}

/** Names a lease: every lease-holder operation is compare-and-set on (task, attempt). */
export interface LeaseRef {
  project: string;
  id: string;
  attempt: number;
  owner: string;
  /** The holder's slot name, for the notes it writes; fencing ignores it. */
  slot?: string;
}

/** Fields a transition may set alongside the status. */
export interface TransitionPatch {
  branch?: string;
  head_sha?: string;
  merge_commit?: string;
  reason?: string;
  /** Count this move as a kickback. */
  kickback?: boolean;
  /** Start the counts over (`task retry`): failed attempts and kickbacks to 0, no back-off; attempt numbers go on. */
  reset_counters?: boolean;
  /** The agent run that ended with this move: added to `usage`, kept as `last_run`. */
  run?: RunFacts;
}

/** Compare-and-set status change. With `lease`, the current lease must match it and is dropped. */
export interface TransitionRequest {
  project: string;
  id: string;
  from: TaskStatus | readonly TaskStatus[];
  to: TaskStatus;
  lease?: LeaseRef;
  patch?: TransitionPatch;
  note?: Omit<Note, "ts">;
  actor?: string;
  correlationId?: string;
}

/** How a lease holder gives a task back. */
export interface ReleaseRequest {
  lease: LeaseRef;
  /** A failed attempt counts toward max_attempts and backs off; a plain release (interrupt) does not. */
  failed: boolean;
  reason: string;
  maxAttempts: number;
  backoffMs: number;
  /** The agent run that ended with this release: added to `usage`, kept as `last_run`. */
  run?: RunFacts;
}

/** One reset-stalled decision. */
export interface StalledReport {
  project: string;
  id: string;
  action: "reset" | "skipped-live-heartbeat";
  in_progress_ms: number;
}

/** Options for returning abandoned in-progress work. */
export interface ResetStalledRequest {
  project?: string;
  olderThanMs: number;
  force: boolean;
  dryRun: boolean;
  /** Lease owners known to be dead (same host, process gone): their heartbeat does not count as live. */
  deadOwners?: readonly string[];
}

/** How long an idle worker waits for work, and what cuts the wait short. */
export interface WaitForWorkOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The task store: atomic claims, fenced leases, legal transitions, an event for every change. */
export interface TaskStore {
  applySpec(input: ApplyInput): Promise<ApplyResult>;
  get(project: string, id: string): Promise<TaskRecord | undefined>;
  list(filter?: TaskFilter): Promise<TaskRecord[]>;
  /** Atomically takes the best ready task routed to the worker type; undefined when nothing is ready. */
  claim(req: ClaimRequest): Promise<Claim | undefined>;
  /** Renews a lease; throws E_LEASE_LOST when (task, attempt) no longer holds it. */
  heartbeat(ref: LeaseRef, leaseMs: number): Promise<Lease>;
  transition(req: TransitionRequest): Promise<TaskRecord>;
  release(req: ReleaseRequest): Promise<TaskRecord>;
  appendNote(project: string, id: string, note: Omit<Note, "ts">): Promise<TaskRecord>;
  /** Returns in-progress work older than a threshold to `active` (live heartbeats spared unless forced). */
  resetStalled(req: ResetStalledRequest): Promise<StalledReport[]>;
  /**
   * Takes back every lease that expired (counting a failed attempt) and every lease of a `deadOwners` owner
   * (counting none); returns the tasks it reaped.
   */
  reapExpired(opts?: { project?: string; maxAttempts?: number; dryRun?: boolean; deadOwners?: readonly string[] }): Promise<TaskRecord[]>;
  /** Appends an event that is not a task change (swarm start, refinery run, ...). */
  logEvent(event: Omit<EventRecord, "ts">): Promise<void>;
  events(filter?: EventFilter): Promise<EventRecord[]>;
  /**
   * Resolves when work may have become claimable (another process changed the store), after `timeoutMs`,
   * or on abort, so idle workers need not poll. Wake-ups may be spurious: claim again to find out.
   * Time-based readiness (a back-off running out) is only seen when the timeout ends the wait.
   */
  waitForWork(opts: WaitForWorkOptions): Promise<void>;
  close(): Promise<void>;
}
