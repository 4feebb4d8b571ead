// A small worker registry and task builders shared by the routing, sizing, plan and schedule tests.
import type { LoadedSpec, TaskSpec, WorkerRegistry, WorkerType } from "../../src/core/spec.js";

/** A task with every field defaulted. */
export function task(id: string, over: Partial<TaskSpec> = {}): TaskSpec {
  return { id, title: `Task ${id}`, description: "", depends_on: [], tags: [], files: [], priority: 0, needs: [], pipeline: ["implement"], acceptance: [], ...over };
}

function worker(name: string, capabilities: string[], max_concurrent: number, fallback?: string): WorkerType {
  return {
    name,
    command: [name, "{prompt}"],
    dialect: "generic",
    capabilities,
    cost: 3,
    speed: 3,
    max_concurrent,
    best_for: [],
    ...(fallback === undefined ? {} : { fallback }),
    env_pass: [],
    timeout_ms: 3_600_000,
    stall_timeout_ms: 900_000,
    max_restarts: 2,
  };
}

/**
 * claude → codex → jules → gemini → claude is a fallback loop on purpose; solo has no fallback.
 * Capabilities: claude code/review/docs, gemini code/docs, codex code, jules code/docs, solo code/gpu.
 */
export function registry(): WorkerRegistry {
  return {
    workers: {
      claude: worker("claude", ["code", "review", "docs"], 3, "codex"),
      gemini: worker("gemini", ["code", "docs"], 2, "claude"),
      codex: worker("codex", ["code"], 1, "jules"),
      jules: worker("jules", ["code", "docs"], 1, "gemini"),
      solo: worker("solo", ["code", "gpu"], 1),
    },
    routing: {
      default: "claude",
      complexity: { mechanical: "codex", chore: "gemini", "requires-judgment": "claude", "multi-step": "claude" },
      tags: {
        high_stakes: { tags: ["security", "auth"], worker: "claude" },
        bulk: { tags: ["docs", "bulk"], worker: "gemini" },
      },
      heuristics: [
        { name: "wide", files_over: 10, worker: "claude" },
        { name: "tiny", files_at_most: 1, effort_at_most_minutes: 15, worker: "codex" },
        { name: "long", effort_over_minutes: 240, worker: "claude" },
      ],
    },
    sizing: {
      tiers: [
        { ready_at_most: 2, total: 2 },
        { ready_at_most: 5, total: 4 },
        { ready_at_most: 20, total: 8 },
      ],
      max_total: 10,
    },
  };
}

/** A loaded spec around the given tasks. */
export function loaded(tasks: TaskSpec[], reg: WorkerRegistry = registry()): LoadedSpec {
  return {
    spec: {
      version: 1,
      project: "demo",
      repo: "/tmp/demo",
      base: "main",
      workers: "/tmp/demo/WORKERS.md",
      store: "file",
      pipeline: ["implement"],
      worktree: { setup: [], copy: [], retry_from: "fresh", cache: { paths: ["node_modules"] } },
      dispatch: { serialize_overlapping: false },
      refinery: {
        strategy: "batch",
        batch_size: 4,
        review: { complexity: [], tags: [], paths: [], sample_rate: 0, seed: 1 },
        max_kickbacks: 2,
      },
      schedules: [],
      limits: { max_attempts: 3, lease_ms: 60_000, stalled_after_ms: 14_400_000, backoff_ms: 1_000 },
      tasks,
    },
    registry: reg,
    specPath: "/tmp/demo/polecat.yaml",
    registryPath: "/tmp/demo/WORKERS.md",
  };
}

/** `n` files, for the heuristics. */
export function files(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `src/f${i}.ts`);
}
