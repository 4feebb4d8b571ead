// The SQL claim against the pure rule it mirrors: same answers on a random DAG, the same event, capacity
// held under concurrent claimers, locked rows skipped rather than waited for; and no lost updates.
import { afterEach, beforeEach, expect, it } from "vitest";
import { Client } from "pg";
import { readEvents } from "../../../src/adapters/event-log/jsonl.js";
import { createPgStore } from "../../../src/adapters/pg-store/index.js";
import { homeLayout } from "../../../src/core/layout.js";
import type { ClaimRequest, LeaseRef, TaskInput, TaskStore } from "../../../src/core/ports/store.js";
import { claimTask } from "../../../src/core/task-claim.js";
import { TaskIndex, taskEvent } from "../../../src/core/task-table.js";
import { taskInput } from "../../core/ports/store-conformance/index.js";
import { describePg, pgSandbox, PG_URL } from "./harness.js";

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

const TYPES = ["a", "b", "c"];

function randomDag(rand: (n: number) => number, prefix: string, n: number): TaskInput[] {
  return Array.from({ length: n }, (_, i) => {
    const worker = TYPES[rand(3)] ?? "a";
    const deps = i === 0 ? [] : [...new Set(Array.from({ length: rand(3) }, () => `${prefix}${rand(i)}`))];
    return taskInput(`${prefix}${i}`, {
      worker,
      fallbacks: TYPES.filter((t) => t !== worker && rand(2) === 0),
      priority: rand(4),
      cp: rand(3) === 0 ? 2.5 : rand(40) + 1,
      depends_on: deps,
    });
  });
}

/** No capacities, every type's, only the claimer's, or only the others': each is its own claim statement. */
function randomCapacity(rand: (n: number) => number, workerType: string): Record<string, number> {
  const all = Object.fromEntries(TYPES.map((t) => [t, 1 + rand(3)]));
  const kind = rand(4);
  if (kind === 0) return {};
  if (kind === 1) return all;
  return Object.fromEntries(Object.entries(all).filter(([t]) => (t === workerType) === (kind === 2)));
}

describePg("PostgreSQL claim", () => {
  let store: TaskStore;
  let home: string;
  let url: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const sandbox = await pgSandbox();
    ({ home, url, cleanup } = sandbox);
    store = await createPgStore({ url, home });
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it("answers every claim as the pure rule would, over a random DAG with routing, every shape of capacity and batches", async () => {
    const rand = random(20_240_611);
    await store.applySpec({ project: "p", tasks: randomDag(rand, "p", 50) });
    await store.applySpec({ project: "q", batch: "nightly", tasks: randomDag(rand, "q", 15) });
    const held: LeaseRef[] = [];
    let claims = 0;
    for (let step = 0; step < 250; step++) {
      const action = rand(100);
      if (action < 60) {
        const workerType = TYPES[rand(3)] ?? "a";
        const req: ClaimRequest = {
          workerType,
          owner: `w${rand(5)}`,
          leaseMs: 600_000,
          capacity: randomCapacity(rand, workerType),
          ...(rand(4) === 0 ? {} : { project: rand(4) === 0 ? "q" : "p" }),
          ...(rand(6) === 0 ? { batch: "nightly" } : {}),
          ...(rand(10) === 0 ? { taskId: `p${rand(50)}` } : {}),
        };
        const table = new TaskIndex();
        for (const task of await store.list()) table.set(task);
        const expected = claimTask(table, req, Number.MAX_SAFE_INTEGER).result?.task.id;
        const claim = await store.claim(req);
        expect(claim?.task.id, `step ${step}: ${JSON.stringify(req)}`).toBe(expected);
        if (claim !== undefined) {
          claims++;
          held.push({ project: claim.task.project, id: claim.task.id, attempt: claim.lease.attempt, owner: claim.lease.owner });
        }
      } else if (held.length > 0) {
        const [ref] = held.splice(rand(held.length), 1);
        if (ref === undefined) continue;
        if (action < 90) {
          await store.transition({ project: ref.project, id: ref.id, from: "in_progress", to: "merge_ready", lease: ref });
          await store.transition({ project: ref.project, id: ref.id, from: "merge_ready", to: "done" });
        } else {
          // Back-off 0: the task is ready again at once, on any clock.
          await store.release({ lease: ref, failed: rand(2) === 0, reason: "test", maxAttempts: 5, backoffMs: 0 });
        }
      }
    }
    expect(claims).toBeGreaterThan(40);
  });

  it("logs the claim exactly as the shared rule shapes it, and mirrors every event to the local JSONL", async () => {
    await store.applySpec({ project: "p", tasks: [taskInput("x", { worker: "big", fallbacks: ["small"] })] });
    const claim = await store.claim({ project: "p", workerType: "big", owner: "host:7:aa", slot: "big-1", leaseMs: 60_000, capacity: {} });
    if (claim === undefined) throw new Error("nothing claimed");
    expect(claim.lease).toMatchObject({ owner: "host:7:aa", slot: "big-1" });
    const logged = (await store.events({ task_id: "x" })).at(-1);
    expect(logged).toEqual(
      taskEvent(claim.lease.claimed_at, "task.claimed", claim.task, {
        worker_id: "big-1",
        from: "active",
        to: "in_progress",
        data: { worker_type: "big", routed_to: "big" },
      }),
    );
    await store.logEvent({ event: "swarm.started", level: "info", project: "p" });
    expect(readEvents(homeLayout(home).events)).toEqual(await store.events());
  });

  it("never lets concurrent claimers of a type past its capacity", async () => {
    await store.applySpec({ project: "p", tasks: Array.from({ length: 30 }, (_, i) => taskInput(`t${i}`)) });
    const other = await createPgStore({ url, home });
    try {
      for (const limit of [1, 3]) {
        const claimAll = (s: TaskStore, n: number) =>
          Array.from({ length: n }, (_, i) => s.claim({ project: "p", workerType: "w", owner: `o${i}`, leaseMs: 60_000, capacity: { w: limit } }));
        const claims = (await Promise.all([...claimAll(store, 6), ...claimAll(other, 6)])).filter((c) => c !== undefined);
        expect(claims).toHaveLength(limit);
        expect(await store.list({ status: "in_progress" })).toHaveLength(limit);
        for (const c of claims) {
          const lease = { project: "p", id: c.task.id, attempt: c.lease.attempt, owner: c.lease.owner };
          await store.release({ lease, failed: false, reason: "next round", maxAttempts: 3, backoffMs: 0 });
        }
      }
    } finally {
      await other.close();
    }
  });

  it("concurrent writers to one task lose no update: each retries on the state the other left", async () => {
    await store.applySpec({ project: "p", tasks: [taskInput("a")] });
    const other = await createPgStore({ url, home });
    try {
      const note = (s: TaskStore, i: number) => s.appendNote("p", "a", { kind: "note", author: `n${i}`, text: `note ${i}` });
      await Promise.all(Array.from({ length: 24 }, (_, i) => note(i % 2 === 0 ? store : other, i)));
      const task = await store.get("p", "a");
      expect(task?.notes.map((n) => n.author).sort()).toEqual(Array.from({ length: 24 }, (_, i) => `n${i}`).sort());
      expect((await store.events({ task_id: "a" })).filter((e) => e.event === "task.note")).toHaveLength(24);
    } finally {
      await other.close();
    }
  });

  it("skips a row another transaction holds instead of waiting for it", async () => {
    await store.applySpec({ project: "p", tasks: [taskInput("best", { priority: 9 }), taskInput("next")] });
    const schema = new URL(url).searchParams.get("schema");
    const holder = new Client({ connectionString: PG_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM ${schema}.tasks WHERE id = 'best' FOR UPDATE`);
      expect((await store.claim({ project: "p", workerType: "w", owner: "o", leaseMs: 60_000, capacity: {} }))?.task.id).toBe("next");
      await holder.query("ROLLBACK");
      expect((await store.claim({ project: "p", workerType: "w", owner: "o", leaseMs: 60_000, capacity: {} }))?.task.id).toBe("best");
    } finally {
      await holder.end();
    }
  });
});
