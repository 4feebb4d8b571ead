// The normalized shapes of polecat.yaml and WORKERS.md: every layer above the loader works on these.
import type { Dialect } from "./agent/run.js";

/** How much judgment a task needs; drives routing and the refinery's review gate. */
export type Complexity = "mechanical" | "chore" | "requires-judgment" | "multi-step";

/** Every complexity value, in rising order of judgment. */
export const COMPLEXITIES: readonly Complexity[] = ["mechanical", "chore", "requires-judgment", "multi-step"];

/** One task as the spec declares it (defaults filled in, durations parsed). */
export interface TaskSpec {
  id: string;
  title: string;
  description: string;
  depends_on: string[];
  tags: string[];
  complexity?: Complexity;
  /** Files the task expects to touch (used by routing heuristics and review globs). */
  files: string[];
  /** Effort as written (`30m`, `2h`), if given. */
  effort?: string;
  /** Effort in minutes; critical paths are weighed with it. */
  effort_minutes?: number;
  /** Higher runs first. Default 0. */
  priority: number;
  /** Pin to one worker type, overriding every routing rule. */
  worker?: string;
  /** Capabilities the chosen worker type must have. */
  needs: string[];
  /** Stages run one after another on the same branch; defaults to the spec's pipeline. */
  pipeline: string[];
  acceptance: string[];
  /** Most this task may cost in USD (agent-reported); past it the agent is stopped and the task kicked back. */
  max_cost_usd?: number;
}

/** When the refinery sends a change to engineer review. */
export interface ReviewRules {
  complexity: Complexity[];
  tags: string[];
  /** Glob patterns over changed paths. */
  paths: string[];
  /** Fraction (0..1) of the remaining tasks reviewed at random. */
  sample_rate: number;
  /** Seed for the random sample, so decisions are reproducible. */
  seed: number;
  /** Worker type that reviews; default: the first type with the `review` capability. */
  worker?: string;
}

/** How each task's worktree is prepared, and where a retry starts. */
export interface WorktreeSpec {
  /** argv commands run in a new worktree, in order. */
  setup: string[][];
  /** Untracked files copied in from the user's checkout. */
  copy: string[];
  /** `fresh`: a retry starts from the fresh base; `previous`: from the previous attempt rebased onto it. */
  retry_from: "fresh" | "previous";
  /** The setup cache: key files (undefined: the dependency manifests present) and the directories it keeps ([] turns it off). */
  cache: { key?: string[]; paths: string[] };
}

/** How ready tasks are handed out. */
export interface DispatchSpec {
  /** Tasks that may run at once but declare overlapping files run one after the other (the later waits until the earlier is done). */
  serialize_overlapping: boolean;
}

/** Merge-queue policy. */
export interface RefinerySpec {
  /** Validation command as argv; absent means every candidate passes. */
  validate?: string[];
  strategy: "batch" | "serial";
  batch_size: number;
  review: ReviewRules;
  max_kickbacks: number;
}

/** Built-in jobs the daemon can schedule. */
export type ScheduleJob = "janitor" | "refinery" | "swarm" | "sync";

/** One cron schedule. */
export interface ScheduleSpec {
  name: string;
  cron: string;
  job: ScheduleJob;
  args: string[];
}

/** Knobs for leases, retries and stall handling. */
export interface LimitsSpec {
  max_attempts: number;
  /** Lease length in ms; heartbeats renew it. */
  lease_ms: number;
  /** Janitor's reset-stalled threshold in ms. */
  stalled_after_ms: number;
  /** Base back-off after a failed attempt in ms (doubles each attempt). */
  backoff_ms: number;
  /** Most a swarm run may spend in USD (agent-reported); past it the swarm drains. */
  budget_usd?: number;
}

/** The whole swarm spec, normalized. Paths are absolute. */
export interface SwarmSpec {
  version: 1;
  project: string;
  /** Origin repository: absolute path or git URL. */
  repo: string;
  base: string;
  /** Absolute path of the worker registry. */
  workers: string;
  /** `file` or a `postgres://` URL. */
  store: string;
  pipeline: string[];
  worktree: WorktreeSpec;
  dispatch: DispatchSpec;
  refinery: RefinerySpec;
  schedules: ScheduleSpec[];
  limits: LimitsSpec;
  tasks: TaskSpec[];
}

/** One worker type from WORKERS.md. */
export interface WorkerType {
  name: string;
  /** argv with `{prompt}`, `{prompt_file}`, `{task.id}`, `{task.title}`, `{worktree}`, `{branch}`, `{stage}`, `{registry_dir}`, `{polecat_dir}` placeholders. */
  command: string[];
  capabilities: string[];
  cost: number;
  speed: number;
  max_concurrent: number;
  best_for: string[];
  fallback?: string;
  env_pass: string[];
  timeout_ms: number;
  stall_timeout_ms: number;
  /** How many times a stalled agent is restarted before the attempt fails. */
  max_restarts: number;
  /** How its CLI reports a run (claude, gemini, codex, generic): the flags added and the output parsed. */
  dialect: Dialect;
  /** Git author (`Name <email>`) of the refinery's squash commits for this type's work; default `polecat <type> <polecat+<type>@localhost>`. */
  author?: string;
}

/** A heuristic routing rule over a task's file count and effort (all given bounds must hold). */
export interface HeuristicRule {
  name: string;
  files_over?: number;
  files_at_most?: number;
  effort_over_minutes?: number;
  effort_at_most_minutes?: number;
  worker: string;
}

/** Routing rules, applied in order: pin, complexity, tags (high-stakes, bulk), heuristics, default. */
export interface RoutingRules {
  default: string;
  complexity: Partial<Record<Complexity, string>>;
  tags: {
    high_stakes: { tags: string[]; worker: string } | undefined;
    bulk: { tags: string[]; worker: string } | undefined;
  };
  heuristics: HeuristicRule[];
}

/** One sizing tier: up to `ready_at_most` ready tasks → at most `total` slots. */
export interface SizingTier {
  ready_at_most: number;
  total: number;
}

/** How `--auto` and `plan` size a swarm: total slots by queue size, split by task mix. */
export interface SizingRules {
  tiers: SizingTier[];
  max_total: number;
}

/** The parsed worker registry. */
export interface WorkerRegistry {
  workers: Record<string, WorkerType>;
  routing: RoutingRules;
  sizing: SizingRules;
}

/** A spec with its registry, as loaded from disk. */
export interface LoadedSpec {
  spec: SwarmSpec;
  registry: WorkerRegistry;
  specPath: string;
  registryPath: string;
}
