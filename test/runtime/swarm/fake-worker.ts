// An in-process stand-in for the worker runtime, over a REAL store: it claims, "works" as the test scripts,
// and writes the result with the lease, so the supervisor's loop, drain and failure rules can be tested
// deterministically. The real worker (git, agents) is exercised in dag.test.ts and the CLI tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createFileStore } from "../../../src/adapters/file-store/index.js";
import type { TaskInput, TaskStore } from "../../../src/core/ports/store.js";
import type { MergeQueue, RunTask } from "../../../src/runtime/swarm/index.js";
import type { WorkerResult } from "../../../src/runtime/worker/index.js";

/**
 * What the fake agent does with a task: succeed, fail (the same way, or in its own way), hold until the test
 * releases it (or stop-now), hit a worker-type failure (auth, a rate limit with a reset 150ms ahead), or find
 * the project broken.
 */
export type Behaviour = "ok" | "fail" | "fail-own" | "hold" | "auth" | "rate_limit" | "halt";

// The results of the behaviours that end at once.
function resultOf(what: Behaviour, taskId: string): WorkerResult {
  switch (what) {
    case "fail":
      return { kind: "failed", cause: "exit", reason: "agent exited with code 1" };
    case "fail-own":
      return { kind: "failed", cause: "exit", class: "crash", reason: `stage implement: agent exited with code 1; last output:\n${taskId} is broken` };
    case "auth":
      return { kind: "paused", class: "auth", reason: "claude auth: Not logged in · Please run /login" };
    case "rate_limit":
      return { kind: "paused", class: "rate_limit", reason: "claude rate limit: API Error: 429", retry_at: Date.now() + 150 };
    case "halt":
      return { kind: "halted", reason: "fatal: '/gone/origin' does not appear to be a git repository" };
    default:
      return { kind: "merge_ready", branch: `polecat/${taskId}`, head: "0".repeat(40) };
  }
}

/** A temp file store with tasks applied. */
export async function tempStore(tasks: TaskInput[], batches: Record<string, TaskInput[]> = {}): Promise<{ store: TaskStore; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "polecat-swarm-"));
  const store = await createFileStore({ home });
  await store.applySpec({ project: "demo", tasks });
  for (const [batch, bt] of Object.entries(batches)) await store.applySpec({ project: "demo", batch, tasks: bt });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The fake worker and what it saw. */
export interface FakeWorker {
  runTask: RunTask;
  /** Task ids in claim order, with the slot that claimed them. */
  claims: { task: string; slot: string; at: number }[];
  /** Task ids whose result was written, in order, with the time. */
  finished: { task: string; at: number }[];
  /** Lets every held task finish with success. */
  release(): void;
  /** Resolves once `n` tasks are being held. */
  holding(n: number): Promise<void>;
}

/** Builds the fake worker; `behaviour` picks per task (default ok). */
export function fakeWorker(store: TaskStore, behaviour: (taskId: string, workerType: string, attempt: number) => Behaviour = () => "ok", opts: { maxAttempts?: number; capacity?: Record<string, number> } = {}): FakeWorker {
  const claims: FakeWorker["claims"] = [];
  const finished: FakeWorker["finished"] = [];
  let held = 0;
  let releaseAll: () => void = () => undefined;
  let released = new Promise<void>((r) => (releaseAll = r));
  const runTask: RunTask = async (slot, req, hooks) => {
    const owner = `test:1:${slot.id}`;
    const capacity = { ...(opts.capacity ?? { claude: 8, gemini: 8 }), ...Object.fromEntries((req.paused ?? []).map((t) => [t, 0])) };
    const claim = await store.claim({ project: "demo", workerType: req.workerType, owner, leaseMs: 60_000, capacity, ...(req.batch === undefined ? {} : { batch: req.batch }) });
    if (claim === undefined) return { kind: "nothing_ready" };
    const { task } = claim;
    claims.push({ task: task.id, slot: slot.id, at: Date.now() });
    hooks.onEvent({ kind: "claimed", task, workerType: req.workerType });
    const lease = { project: "demo", id: task.id, attempt: claim.lease.attempt, owner };
    const what = behaviour(task.id, req.workerType, claim.lease.attempt);
    let result = resultOf(what, task.id);
    if (what === "hold") {
      held++;
      const stopped = new Promise<void>((r) => hooks.signal.addEventListener("abort", () => r(), { once: true }));
      await Promise.race([released, stopped]);
      held--;
      if (hooks.signal.aborted) result = { kind: "stopped" };
    } else await sleep(5);
    const limits = { maxAttempts: opts.maxAttempts ?? 3, backoffMs: 1 };
    const after =
      result.kind === "merge_ready"
        ? await store.transition({ project: "demo", id: task.id, from: "in_progress", to: "merge_ready", lease })
        : await store.release({ lease, failed: result.kind === "failed", reason: result.kind === "failed" ? result.reason : "stopped", ...limits });
    finished.push({ task: task.id, at: Date.now() });
    return { kind: "done", task: after, result };
  };
  return {
    runTask,
    claims,
    finished,
    release: () => {
      releaseAll();
      released = new Promise<void>((r) => (releaseAll = r));
    },
    holding: async (n) => {
      while (held < n) await sleep(10);
    },
  };
}

/**
 * Stands in for the refinery: marks merge-ready tasks done, so their dependents become ready; `stop` does a
 * last sweep. `merges` is how a swarm sees it: another refinery that merges.
 */
export function standInRefinery(store: TaskStore, project = "demo"): { stop: () => Promise<void>; merges: MergeQueue } {
  let running = true;
  const sweep = async (): Promise<void> => {
    for (const t of await store.list({ project, status: "merge_ready" })) {
      await store.transition({ project, id: t.id, from: "merge_ready", to: "done", actor: "refinery" });
    }
  };
  const loop = (async () => {
    while (running) {
      await sweep();
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sweep();
    },
    merges: { who: () => "other", nudge: () => undefined, onChange: () => () => undefined },
  };
}
