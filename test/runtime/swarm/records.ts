// Task records and registries for the swarm's pure tests, with only the fields that matter spelled out.
import type { TaskSpec, WorkerRegistry, WorkerType } from "../../../src/core/spec.js";
import type { TaskStatus } from "../../../src/core/status.js";
import type { TaskInput, TaskRecord } from "../../../src/core/ports/store.js";

/** What a test says about a task; everything else gets a plain default. */
export interface RecordOpts {
  deps?: string[];
  worker?: string;
  fallbacks?: string[];
  batch?: string;
  notBefore?: number;
  project?: string;
  effort?: number;
  priority?: number;
  criticalPath?: number;
}

/** A task spec with defaults. */
export function taskSpec(id: string, o: RecordOpts = {}): TaskSpec {
  return {
    id,
    title: `Task ${id}`,
    description: "",
    depends_on: o.deps ?? [],
    tags: [],
    files: [],
    priority: o.priority ?? 0,
    needs: [],
    pipeline: ["implement"],
    acceptance: [],
    ...(o.effort === undefined ? {} : { effort_minutes: o.effort }),
  };
}

/** A task as the store holds it. */
export function record(id: string, status: TaskStatus, o: RecordOpts = {}): TaskRecord {
  return {
    project: o.project ?? "demo",
    id,
    spec: taskSpec(id, o),
    spec_hash: "h",
    ...(o.batch === undefined ? {} : { batch: o.batch }),
    status,
    route: { worker: o.worker ?? "claude", rule: "default → claude", fallbacks: o.fallbacks ?? [] },
    critical_path: o.criticalPath ?? 0,
    attempt: 0,
    failures: 0,
    kickbacks: 0,
    ...(o.notBefore === undefined ? {} : { not_before: o.notBefore }),
    notes: [],
    seq: 0,
    created_at: 0,
    updated_at: 0,
  };
}

/** A task to apply (what `--auto` and the dry run weigh). */
export function input(id: string, o: RecordOpts = {}): TaskInput {
  const r = record(id, "active", o);
  return { spec: r.spec, route: r.route, critical_path: r.critical_path };
}

function workerType(name: string, max: number): WorkerType {
  return { name, command: ["true"], dialect: "generic", capabilities: ["code"], cost: 1, speed: 1, max_concurrent: max, best_for: [], env_pass: [], timeout_ms: 60_000, stall_timeout_ms: 60_000, max_restarts: 0 };
}

/** A registry with claude (max 3), gemini (max 3) and codex (max 2). */
export function registry(): WorkerRegistry {
  return {
    workers: { claude: workerType("claude", 3), gemini: workerType("gemini", 3), codex: workerType("codex", 2) },
    routing: { default: "claude", complexity: {}, tags: { high_stakes: undefined, bulk: undefined }, heuristics: [] },
    sizing: { tiers: [{ ready_at_most: 2, total: 2 }, { ready_at_most: 10, total: 4 }], max_total: 6 },
  };
}
