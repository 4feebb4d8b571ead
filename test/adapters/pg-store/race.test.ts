// Race: 16 OS processes claim 5,000 tasks from one PostgreSQL queue. Without failures each task is claimed
// exactly once; with a quarter of the claimers SIGKILLed while holding leases and a janitor reaping them,
// every task still reaches merge_ready exactly once. The claimers are test/adapters/pg-store/fixtures/pg-claimer.mjs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createPgStore } from "../../../src/adapters/pg-store/index.js";
import type { TaskStore } from "../../../src/core/ports/store.js";
import { taskInput } from "../../core/ports/store-conformance/index.js";
import { startChild, type Child, type ChildMessage } from "./child.js";
import { describePg, pgSandbox } from "./harness.js";

const PROCESSES = 16;
const TASKS = 5000;
const PROJECT = "race";

interface Report {
  claimed: string[];
  finished: string[];
  lost: string[];
}

describePg("PostgreSQL store under 16 claiming processes", () => {
  let url: string;
  let home: string;
  let store: TaskStore;
  let cleanup: () => Promise<void>;
  let children: Child[] = [];
  beforeEach(async () => {
    ({ url, cleanup } = await pgSandbox());
    home = await mkdtemp(join(tmpdir(), "polecat-pg-race-"));
    store = await createPgStore({ url, home });
    await store.applySpec({ project: PROJECT, tasks: Array.from({ length: TASKS }, (_, i) => taskInput(`t${i}`, { priority: i % 5 })) });
  });
  afterEach(async () => {
    for (const c of children) await c.kill();
    children = [];
    await store.close();
    await cleanup();
    await rm(home, { recursive: true, force: true });
  });

  /** Starts claimers, waits until all are ready, and says go. */
  async function start(modes: string[], leaseMs: number): Promise<Child[]> {
    children = modes.map((mode) => startChild("pg-claimer.mjs", [url, home, mode, String(leaseMs)]));
    await Promise.all(children.map((c) => c.next((m) => m.ready === true, 120_000)));
    for (const c of children) c.send("go");
    return children;
  }

  const isReport = (m: ChildMessage): boolean => Array.isArray(m.claimed);

  it(`${PROCESSES} processes claim ${TASKS} tasks: each exactly once`, { timeout: 300_000 }, async () => {
    const workers = await start(Array.from({ length: PROCESSES }, () => "work"), 600_000);
    const reports = (await Promise.all(workers.map((c) => c.next(isReport, 240_000)))) as unknown as Report[];
    const claimed = reports.flatMap((r) => r.claimed);
    expect(claimed).toHaveLength(TASKS);
    expect(new Set(claimed).size).toBe(TASKS);
    expect(reports.filter((r) => r.claimed.length > 0).length).toBeGreaterThan(1);
    const tasks = await store.list({ project: PROJECT });
    expect(tasks.every((t) => t.status === "merge_ready" && t.attempt === 1 && t.lease === undefined)).toBe(true);
    const claimEvents = (await store.events({ project: PROJECT })).filter((e) => e.event === "task.claimed");
    expect(new Set(claimEvents.map((e) => e.task_id)).size).toBe(claimEvents.length);
    expect(claimEvents).toHaveLength(TASKS);
  });

  it("a quarter of them SIGKILLed mid-run while holding leases: the janitor reaps, every task reaches merge_ready once", { timeout: 300_000 }, async () => {
    const modes = Array.from({ length: PROCESSES }, (_, i) => (i % 4 === 0 ? "doomed" : "work"));
    const all = await start(modes, 3_000);
    const doomed = all.filter((_, i) => modes[i] === "doomed");
    const survivors = all.filter((_, i) => modes[i] === "work");
    // Kill each doomed claimer once it holds a few leases, while everyone else is still working.
    await Promise.all(doomed.map(async (c) => c.next((m) => typeof m.claims === "number" && m.claims >= 25, 120_000)));
    for (const c of doomed) await c.kill();
    const held = doomed.flatMap((c) => c.messages().filter((m) => typeof m.held === "string").map((m) => m.held as string));
    expect(held.length).toBeGreaterThanOrEqual(4 * 5);

    let running = true;
    const janitor = (async () => {
      while (running) {
        await store.reapExpired({ project: PROJECT, maxAttempts: 10 });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const reports = (await Promise.all(survivors.map((c) => c.next(isReport, 240_000)))) as unknown as Report[];
    running = false;
    await janitor;

    const tasks = await store.list({ project: PROJECT });
    expect(tasks.filter((t) => t.status !== "merge_ready").map((t) => t.id)).toEqual([]);
    const events = await store.events({ project: PROJECT });
    const finishedEvents = events.filter((e) => e.event === "task.transition" && e.to === "merge_ready");
    expect(finishedEvents).toHaveLength(TASKS);
    expect(new Set(finishedEvents.map((e) => e.task_id)).size).toBe(TASKS);
    const reaped = new Set(events.filter((e) => e.event === "task.reaped").map((e) => e.task_id));
    for (const id of held) expect(reaped.has(id), `held task ${id} was reaped`).toBe(true);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    for (const id of held) expect(byId.get(id)?.attempt).toBeGreaterThanOrEqual(2);
    const finishedBySurvivors = reports.flatMap((r) => r.finished);
    expect(new Set(finishedBySurvivors).size).toBe(finishedBySurvivors.length);
    for (const id of held) expect(finishedBySurvivors).toContain(id);
  });
});
