// Wake-ups: an idle worker waiting on one store hears, through LISTEN/NOTIFY, what another store (machine) did.
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Client, escapeIdentifier } from "pg";
import { createPgStore } from "../../../src/adapters/pg-store/index.js";
import { workChannel } from "../../../src/adapters/pg-store/sql.js";
import type { TaskStore } from "../../../src/core/ports/store.js";
import { taskInput } from "../../core/ports/store-conformance/index.js";
import { adminQuery, describePg, pgSandbox, PG_URL } from "./harness.js";

/** Far longer than any wake-up takes, so a wait that ends before it was ended by a notification. */
const LONG_WAIT = 30_000;

describePg("PostgreSQL wake-ups", () => {
  let idle: TaskStore;
  let busy: TaskStore;
  let cleanups: (() => Promise<void>)[];
  let schema: string;
  beforeEach(async () => {
    const sandbox = await pgSandbox();
    schema = sandbox.schema;
    idle = await createPgStore({ url: sandbox.url, home: sandbox.home });
    busy = await createPgStore({ url: sandbox.url, home: sandbox.home });
    cleanups = [() => idle.close(), () => busy.close(), sandbox.cleanup];
  });
  afterEach(async () => {
    for (const c of cleanups) await c();
  });

  /** Starts waiting (after the first wait, which returns at once because it only starts listening). */
  async function startWaiting(store: TaskStore, timeoutMs = LONG_WAIT): Promise<{ woke: Promise<number> }> {
    await store.waitForWork({ timeoutMs });
    const started = performance.now();
    return { woke: store.waitForWork({ timeoutMs }).then(() => performance.now() - started) };
  }

  it("a new ready task on another connection wakes an idle worker well before its timeout", async () => {
    const { woke } = await startWaiting(idle);
    await busy.applySpec({ project: "p", tasks: [taskInput("a")] });
    expect(await woke).toBeLessThan(LONG_WAIT / 2);
    expect((await idle.claim({ project: "p", workerType: "w", owner: "idle", leaseMs: 60_000, capacity: {} }))?.task.id).toBe("a");
  });

  it("a finished dependency and a reaped lease wake it too", async () => {
    await busy.applySpec({ project: "p", tasks: [taskInput("a"), taskInput("b", { depends_on: ["a"] })] });
    const claim = await busy.claim({ project: "p", workerType: "w", owner: "busy", leaseMs: 200, capacity: {} });
    if (claim === undefined) throw new Error("nothing claimed");
    const lease = { project: "p", id: "a", attempt: claim.lease.attempt, owner: "busy" };
    let { woke } = await startWaiting(idle);
    await busy.transition({ project: "p", id: "a", from: "in_progress", to: "merge_ready", lease });
    expect(await woke).toBeLessThan(LONG_WAIT / 2);
    await busy.transition({ project: "p", id: "a", from: "merge_ready", to: "active" });
    const again = await busy.claim({ project: "p", workerType: "w", owner: "busy", leaseMs: 200, capacity: {} });
    expect(again?.task.id).toBe("a");
    ({ woke } = await startWaiting(idle));
    // Reap as soon as the 200 ms lease has run out (poll with a deadline, not a fixed sleep).
    const deadline = Date.now() + LONG_WAIT / 2;
    while ((await busy.reapExpired({ project: "p" })).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await woke).toBeLessThan(LONG_WAIT / 2);
  });

  it("a notification that comes while the worker is not waiting still ends its next wait", async () => {
    await idle.waitForWork({ timeoutMs: LONG_WAIT });
    await busy.applySpec({ project: "p", tasks: [taskInput("a")] });
    const started = performance.now();
    await idle.waitForWork({ timeoutMs: LONG_WAIT });
    expect(performance.now() - started).toBeLessThan(LONG_WAIT / 2);
  });

  it("a dropped LISTEN connection wakes the waiter, and the next waits listen again", async () => {
    const { woke } = await startWaiting(idle);
    const terminated = await adminQuery<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'polecat-listen' AND query LIKE $1",
      [`%${workChannel(schema)}%`],
    );
    expect(terminated.map((r) => r.ok)).toEqual([true]);
    expect(await woke).toBeLessThan(LONG_WAIT / 2);
    const again = await startWaiting(idle);
    await busy.applySpec({ project: "p", tasks: [taskInput("a")] });
    expect(await again.woke).toBeLessThan(LONG_WAIT / 2);
  });

  it("an abort ends the wait at once", async () => {
    await idle.waitForWork({ timeoutMs: LONG_WAIT });
    const controller = new AbortController();
    const started = performance.now();
    const waiting = idle.waitForWork({ timeoutMs: LONG_WAIT, signal: controller.signal });
    controller.abort();
    await waiting;
    expect(performance.now() - started).toBeLessThan(LONG_WAIT / 2);
  });

  it("notifies for changes that can free work, not for claims, heartbeats, notes or another schema's changes", async () => {
    const payloads: string[] = [];
    const listener = new Client({ connectionString: PG_URL });
    await listener.connect();
    cleanups.unshift(() => listener.end());
    const sentinel = new Promise<void>((resolve) => {
      listener.on("notification", (n) => {
        payloads.push(n.payload ?? "");
        if (n.payload === "sentinel") resolve();
      });
    });
    await listener.query(`LISTEN ${escapeIdentifier(workChannel(schema))}`);
    await busy.applySpec({ project: "p", tasks: [taskInput("a")] });
    await busy.applySpec({ project: "p", tasks: [taskInput("a")] });
    const claim = await busy.claim({ project: "p", workerType: "w", owner: "busy", leaseMs: 60_000, capacity: {} });
    if (claim === undefined) throw new Error("nothing claimed");
    await busy.heartbeat({ project: "p", id: "a", attempt: claim.lease.attempt, owner: "busy" }, 60_000);
    await busy.appendNote("p", "a", { kind: "note", author: "me", text: "still going" });
    const elsewhere = await pgSandbox();
    const other = await createPgStore({ url: elsewhere.url, home: elsewhere.home });
    cleanups.push(() => other.close(), elsewhere.cleanup);
    await other.applySpec({ project: "p", tasks: [taskInput("z")] });
    await busy.transition({ project: "p", id: "a", from: "in_progress", to: "merge_ready", actor: "human" });
    // Notifications reach a listener in commit order, so once the sentinel is in, every earlier one is too.
    await busy.applySpec({ project: "sentinel", tasks: [taskInput("s")] });
    await sentinel;
    expect(payloads).toEqual(["p", "p", "sentinel"]);
  });
});
