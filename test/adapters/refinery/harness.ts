// A whole refinery on real parts for integration tests: origin + mirror, the file store under the test
// home, task branches pushed to origin, a registry whose reviewer is the real scripted agent, and the
// real RefineryDeps over all of it.
import { join, resolve } from "node:path";
import { createFileStore } from "../../../src/adapters/file-store/index.js";
import { refineryDeps } from "../../../src/adapters/refinery/index.js";
import type { RefineryDeps } from "../../../src/core/ports/refinery.js";
import type { Complexity, LoadedSpec, RefinerySpec, SwarmSpec, TaskSpec, WorkerRegistry } from "../../../src/core/spec.js";
import type { TaskRecord, TaskStore } from "../../../src/core/ports/store.js";
import type { FileChanges } from "../../helpers/git.js";
import { refineryRepo, VALIDATE, type RefineryRepo } from "./helpers.js";

/** The scripted agent shipped in agents/, run as the engineer. */
export const SCRIPTED_AGENT = resolve(import.meta.dirname, "../../../agents/scripted-agent.mjs");

/** What a reviewer does, as a scripted-agent `review` step (`none` writes nothing, `malformed` bad JSON). */
export type ReviewScript = "approve" | "request_changes add a test for the empty case" | "reject duplicates existing behaviour" | "none" | "malformed";

/** One task to put in the queue: its branch's files and how it stands when the refinery starts. */
export interface QueuedTask {
  id: string;
  files: FileChanges;
  /** Start the branch from another task's branch instead of main. */
  from?: string;
  complexity?: Complexity;
  tags?: string[];
  priority?: number;
  review?: ReviewScript;
  status?: "merge_ready" | "review" | "approved";
  /** Kickbacks the task already had. */
  kickbacks?: number;
}

/** The assembled refinery and the parts a test inspects. */
export interface Harness {
  repo: RefineryRepo;
  store: TaskStore;
  loaded: LoadedSpec;
  deps: RefineryDeps;
  /** Pushes each task's branch and brings it to its starting status in the store. */
  queue(tasks: QueuedTask[]): Promise<void>;
  task(id: string): Promise<TaskRecord>;
  cleanup(): Promise<void>;
}

/** The test registry: one scripted worker type that can also review. */
export function scriptedRegistry(): WorkerRegistry {
  return {
    workers: {
      scripted: {
        name: "scripted",
        command: ["node", SCRIPTED_AGENT],
        dialect: "generic",
        capabilities: ["code", "review"],
        cost: 1,
        speed: 1,
        max_concurrent: 8,
        best_for: [],
        env_pass: [],
        timeout_ms: 120_000,
        stall_timeout_ms: 60_000,
        max_restarts: 0,
      },
    },
    routing: { default: "scripted", complexity: {}, tags: { high_stakes: undefined, bulk: undefined }, heuristics: [] },
    sizing: { tiers: [{ ready_at_most: 100, total: 8 }], max_total: 8 },
  };
}

/** The test spec around a refinery policy (validate with the BAD* marker script unless told otherwise). */
export function testSpec(root: string, origin: string, refinery: Partial<RefinerySpec> = {}): SwarmSpec {
  return {
    version: 1,
    project: "demo",
    repo: origin,
    base: "main",
    workers: join(root, "WORKERS.md"),
    store: "file",
    pipeline: ["implement"],
    worktree: { setup: [], copy: [], retry_from: "fresh", cache: { paths: ["node_modules"] } },
    dispatch: { serialize_overlapping: false },
    refinery: {
      validate: VALIDATE,
      strategy: "batch",
      batch_size: 8,
      review: { complexity: ["requires-judgment", "multi-step"], tags: ["security"], paths: ["src/auth/**"], sample_rate: 0, seed: 0 },
      max_kickbacks: 3,
      ...refinery,
    },
    schedules: [],
    limits: { max_attempts: 3, lease_ms: 600_000, stalled_after_ms: 3_600_000, backoff_ms: 1_000 },
    tasks: [],
  };
}

function taskSpec(t: QueuedTask): TaskSpec {
  const script = t.review === undefined ? "" : `\n\n\`\`\`polecat-script\n[stage=review] review ${t.review}\n\`\`\`\n`;
  return {
    id: t.id,
    title: `Task ${t.id}`,
    description: `Change for ${t.id}.${script}`,
    depends_on: [],
    tags: t.tags ?? [],
    ...(t.complexity === undefined ? {} : { complexity: t.complexity }),
    files: Object.keys(t.files),
    priority: t.priority ?? 0,
    needs: [],
    pipeline: ["implement"],
    acceptance: [],
  };
}

/** Builds the harness: origin (README, CHANGELOG on main; `mainFiles` added), mirror, store, deps. */
export async function createHarness(opts: { refinery?: Partial<RefinerySpec>; mainFiles?: FileChanges; env?: Record<string, string> } = {}): Promise<Harness> {
  const repo = await refineryRepo(opts.env);
  if (opts.mainFiles !== undefined) await repo.o.commit(opts.mainFiles, { message: "project files" });
  const store = await createFileStore({ home: repo.ctx.layout.home });
  const spec = testSpec(repo.o.root, repo.o.origin, opts.refinery);
  const loaded: LoadedSpec = { spec, registry: scriptedRegistry(), specPath: join(repo.o.root, "polecat.yaml"), registryPath: spec.workers };
  const deps = refineryDeps({ loaded, store, ctx: repo.ctx, validateTimeoutMs: 60_000 });
  const project = spec.project;

  async function toMergeReady(id: string, head: string): Promise<void> {
    const claim = await store.claim({ project, workerType: "scripted", owner: "test", taskId: id, leaseMs: 600_000, capacity: {} });
    if (claim === undefined) throw new Error(`harness: ${id} was not claimable`);
    const lease = { project, id, attempt: claim.lease.attempt, owner: "test" };
    await store.transition({ project, id, from: "in_progress", to: "merge_ready", lease, patch: { branch: `polecat/${id}`, head_sha: head } });
  }

  return {
    repo,
    store,
    loaded,
    deps,
    async queue(tasks) {
      const heads = new Map<string, string>();
      for (const t of tasks) heads.set(t.id, await repo.branch(t.id, t.files, t.from === undefined ? undefined : `polecat/${t.from}`));
      await store.applySpec({
        project,
        tasks: tasks.map((t) => ({ spec: taskSpec(t), route: { worker: "scripted", rule: "test", fallbacks: [] }, critical_path: 1 })),
      });
      for (const t of tasks) {
        const head = heads.get(t.id) ?? "";
        for (let k = 0; k < (t.kickbacks ?? 0); k++) {
          await toMergeReady(t.id, head);
          await store.transition({ project, id: t.id, from: "merge_ready", to: "active", patch: { kickback: true, reason: "earlier kickback" } });
        }
        await toMergeReady(t.id, head);
        if (t.status === "review" || t.status === "approved") await store.transition({ project, id: t.id, from: "merge_ready", to: "review" });
        if (t.status === "approved") await store.transition({ project, id: t.id, from: "review", to: "approved" });
      }
    },
    async task(id) {
      const t = await store.get(project, id);
      if (t === undefined) throw new Error(`harness: no task ${id}`);
      return t;
    },
    async cleanup() {
      await store.close();
      await repo.cleanup();
    },
  };
}
