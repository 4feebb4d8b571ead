// The supervisor over a real file store with an in-process worker: the loop, failure isolation, the
// consecutive-failure stop, drain, stop-now, batches, stagger and the end report.
import { afterEach, describe, expect, it } from "vitest";
import type { TaskStore } from "../../../src/core/ports/store.js";
import type { SwarmProgress } from "../../../src/core/ports/swarm-progress.js";
import { runSwarm, SwarmControl, type MergeQueue, type SwarmConfig, type SwarmDeps, type Timers } from "../../../src/runtime/swarm/index.js";
import { eventually } from "../../helpers/eventually.js";
import { fakeWorker, standInRefinery, tempStore, type Behaviour, type FakeWorker } from "./fake-worker.js";
import { input } from "./records.js";

/** A display that keeps what it was told. */
function recorder(): SwarmProgress & { notes: string[]; headers: string[]; ends: string[] } {
  const notes: string[] = [];
  const headers: string[] = [];
  const ends: string[] = [];
  return {
    notes,
    headers,
    ends,
    start: () => undefined,
    header: (t) => void headers.push(t),
    row: () => undefined,
    note: (slot, t) => void notes.push(`${slot}: ${t}`),
    end: (slot, t) => void ends.push(`${slot}: ${t}`),
    close: () => Promise.resolve(),
  };
}

describe("runSwarm", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function setup(tasks: ReturnType<typeof input>[], behaviour?: (id: string) => Behaviour, batches?: Record<string, ReturnType<typeof input>[]>) {
    const t = await tempStore(tasks, batches);
    cleanup = t.cleanup;
    const worker = fakeWorker(t.store, behaviour);
    const control = new SwarmControl();
    const progress = recorder();
    const alerts: string[] = [];
    const swarm = (config: Partial<SwarmConfig> = {}, merges?: MergeQueue, deps: Partial<SwarmDeps> = {}) =>
      runSwarm(
        { project: "demo", composition: { claude: 2 }, maxFailures: 2, staggerMs: 0, limitBackoffMs: 50, ...config },
        { store: t.store, runTask: worker.runTask, control, clock: Date.now, progress, alert: (m) => Promise.resolve(void alerts.push(m)), maxIdleMs: 50, ...(merges === undefined ? {} : { merges }), ...deps },
      );
    return { store: t.store, worker, control, progress, alerts, swarm };
  }

  async function statuses(store: TaskStore): Promise<Record<string, string>> {
    return Object.fromEntries((await store.list({ project: "demo" })).map((t) => [t.id, t.status]));
  }

  function claimedOnce(worker: FakeWorker): void {
    const ids = worker.claims.map((c) => c.task);
    expect(new Set(ids).size).toBe(ids.length);
  }

  it("beats on the injected timer while it runs: which slots run what, tasks done of all, time elapsed on its clock; never after the end", async () => {
    const { worker, swarm } = await setup(["a", "b", "c"].map((id) => input(id)), (id) => (id === "c" ? "ok" : "hold"));
    let tick: (() => void) | undefined;
    let every = 0;
    let cleared = false;
    const timers: Timers = {
      setInterval: (fn, ms) => {
        tick = fn;
        every = ms;
        return "the-timer";
      },
      clearInterval: (handle) => void (cleared = handle === "the-timer"),
    };
    let now = 1_000_000;
    const lines: string[] = [];
    const run = swarm({}, undefined, { clock: () => now, heartbeat: { everyMs: 60_000, say: (l) => void lines.push(l), timers } });
    await worker.holding(2);
    expect(every).toBe(60_000);
    now += 3 * 60_000;
    tick?.();
    expect(await eventually(() => lines.length === 1)).toBe(true);
    expect(lines[0]).toMatch(/^heartbeat 3m: 2\/2 slots running \(claude-1: [ab], claude-2: [ab]\) · 0\/3 tasks done · 1 ready$/);
    worker.release();
    const report = await run;
    expect(report.exitCode).toBe(0);
    expect(cleared).toBe(true);
    tick?.();
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
  });

  it("works a DAG through to the end, each task once and never before its dependencies are done", async () => {
    const tasks = [input("a"), input("b"), input("c", { deps: ["a"] }), input("d", { deps: ["a", "b"] }), input("e", { deps: ["c", "d"] })];
    const { store, worker, swarm, progress } = await setup(tasks);
    const refinery = standInRefinery(store);
    const report = await swarm({}, refinery.merges);
    await refinery.stop();
    expect(report.exitCode).toBe(0);
    expect(progress.headers.some((h) => h.endsWith("· waiting for another refinery to merge (it holds the project's lock)"))).toBe(true);
    expect(report.slots.map((s) => s.kind)).toEqual(["finished", "finished"]);
    claimedOnce(worker);
    expect(worker.claims).toHaveLength(5);
    const doneAt = new Map((await store.events({ project: "demo" })).filter((e) => e.to === "done").map((e) => [e.task_id, e.ts] as const));
    const claimedAt = new Map(worker.claims.map((c) => [c.task, c.at] as const));
    for (const t of tasks) for (const d of t.spec.depends_on) expect(claimedAt.get(t.spec.id)).toBeGreaterThanOrEqual(doneAt.get(d) ?? Infinity);
  });

  it("with nobody merging, ends as soon as only merge-waiting work is left, and names what waits on what", async () => {
    const tasks = [input("a"), input("b", { deps: ["a"] }), input("c"), input("d", { deps: ["b", "c"] })];
    const { store, worker, swarm } = await setup(tasks);
    const report = await swarm();
    expect(report.exitCode).toBe(0);
    expect(report.merger).toBe("off");
    expect(worker.claims.map((c) => c.task).sort()).toEqual(["a", "c"]);
    expect(await statuses(store)).toEqual({ a: "merge_ready", b: "active", c: "merge_ready", d: "active" });
    expect(report.left).toEqual({ merging: ["a", "c"], behind: [{ id: "b", on: ["a"] }, { id: "d", on: ["b", "c"] }], unclaimed: [] });
  });

  it("with its own merge queue, stays for merge-waiting work and wakes the slots when it merges", async () => {
    const tasks = [input("a"), input("b", { deps: ["a"] })];
    const { store, worker, swarm, progress } = await setup(tasks);
    const listeners = new Set<() => void>();
    let nudged = 0;
    // Merges on the nudge, then tells the swarm; the idle slots would otherwise sleep their whole back-off.
    const merges: MergeQueue = {
      who: () => "here",
      nudge: () => {
        nudged++;
        void (async () => {
          for (const t of await store.list({ project: "demo", status: "merge_ready" })) await store.transition({ project: "demo", id: t.id, from: "merge_ready", to: "done", actor: "refinery" });
          for (const l of listeners) l();
        })();
      },
      onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    };
    const report = await swarm({}, merges);
    expect(report.exitCode).toBe(0);
    expect(nudged).toBe(2);
    expect(worker.claims.map((c) => c.task)).toEqual(["a", "b"]);
    expect(await statuses(store)).toEqual({ a: "done", b: "done" });
    expect(report.left).toEqual({ merging: [], behind: [], unclaimed: [] });
    expect(progress.headers.some((h) => h.endsWith("· merging here"))).toBe(true);
  });

  it("ends non-zero when ready work is routed to a type it runs no slot of, saying which", async () => {
    const tasks = [input("a"), input("x", { worker: "gemini" })];
    const { swarm } = await setup(tasks);
    const report = await swarm();
    expect(report.exitCode).toBe(1);
    expect(report.left.unclaimed).toEqual([{ id: "x", worker: "gemini" }]);
  });

  it("a task that always fails ends blocked after its attempts; the slots go on and the rest of the queue is worked", async () => {
    const tasks = ["a", "b", "c", "bad", "d", "e"].map((id) => input(id));
    const { store, worker, alerts, swarm } = await setup(tasks, (id) => (id === "bad" ? "fail" : "ok"));
    const report = await swarm();
    expect(await statuses(store)).toEqual({ a: "merge_ready", b: "merge_ready", c: "merge_ready", bad: "blocked", d: "merge_ready", e: "merge_ready" });
    expect(worker.claims.filter((c) => c.task === "bad")).toHaveLength(3);
    expect(report.slots.every((s) => s.kind === "finished")).toBe(true);
    expect(alerts).toEqual([]);
    expect(report.exitCode).toBe(1);
    expect(report.runs.filter((r) => r.task === "bad").map((r) => r.result)).toEqual(["failed", "failed", "failed"]);
  });

  it("a slot whose agent fails task after task stops and alerts; the other slots finish the queue", async () => {
    const tasks = [...["g1", "g2", "g3"].map((id) => input(id, { worker: "gemini" })), ...["c1", "c2", "c3"].map((id) => input(id))];
    const { store, worker, alerts, progress, swarm } = await setup(tasks, (id) => (id.startsWith("g") ? "fail" : "ok"));
    const report = await swarm({ composition: { claude: 1, gemini: 1 } });
    const gemini = report.slots.find((s) => s.slot === "gemini-1");
    expect(gemini?.kind).toBe("failed");
    expect(gemini?.reason).toMatch(/^stopped after 2 tasks in a row failed the same way \(g1, g2\)/);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^polecat swarm: gemini-1 stopped after 2 tasks in a row failed the same way/);
    expect(progress.notes.some((n) => n.startsWith("gemini-1: stopped after 2"))).toBe(true);
    expect(report.slots.find((s) => s.slot === "claude-1")?.kind).toBe("finished");
    const s = await statuses(store);
    expect([s.c1, s.c2, s.c3]).toEqual(["merge_ready", "merge_ready", "merge_ready"]);
    expect(s.g3).toBe("active");
    expect(worker.claims.filter((c) => c.task === "g3")).toHaveLength(0);
    expect(report.exitCode).toBe(1);
    const gaveUp = (await store.events({ project: "demo" })).filter((e) => e.event === "slot.gave_up");
    expect(gaveUp.map((e) => [e.worker_id, e.level])).toEqual([["gemini-1", "error"]]);
  });

  it("a slot whose worker throws (not a task's failure) gives up with the error; the others carry on", async () => {
    const t = await tempStore(["a", "b", "c"].map((id) => input(id)));
    cleanup = t.cleanup;
    const worker = fakeWorker(t.store);
    const alerts: string[] = [];
    const report = await runSwarm(
      { project: "demo", composition: { claude: 2 }, maxFailures: 2, staggerMs: 0, limitBackoffMs: 50 },
      {
        store: t.store,
        runTask: (slot, req, hooks) => (slot.id === "claude-2" ? Promise.reject(new Error("store went away")) : worker.runTask(slot, req, hooks)),
        control: new SwarmControl(),
        clock: Date.now,
        progress: recorder(),
        alert: (m) => Promise.resolve(void alerts.push(m)),
      },
    );
    expect(report.slots).toEqual([
      { slot: "claude-1", kind: "finished" },
      { slot: "claude-2", kind: "failed", reason: "stopped on an error: store went away" },
    ]);
    expect(alerts).toEqual(["polecat swarm: claude-2 stopped on an error: store went away"]);
    expect(worker.claims.map((c) => c.task)).toEqual(["a", "b", "c"]);
    expect(report.exitCode).toBe(1);
  });

  it("drain: running tasks finish, nothing new is claimed, exit 130", async () => {
    const tasks = ["a", "b", "c", "d"].map((id) => input(id));
    const { store, worker, control, progress, swarm } = await setup(tasks, () => "hold");
    const running = swarm();
    await worker.holding(2);
    control.interrupt();
    worker.release();
    const report = await running;
    expect(report.exitCode).toBe(130);
    expect(report.interrupted).toBe("drain");
    expect(report.slots.map((s) => s.kind)).toEqual(["drained", "drained"]);
    const s = await statuses(store);
    expect(Object.values(s).sort()).toEqual(["active", "active", "merge_ready", "merge_ready"]);
    expect(worker.claims).toHaveLength(2);
    expect(progress.headers.some((h) => h.startsWith("draining:"))).toBe(true);
    expect((await store.events({ project: "demo" })).some((e) => e.event === "swarm.draining")).toBe(true);
  });

  it("stop now: running tasks are given back to active without a failure, exit 130", async () => {
    const { store, worker, control, swarm } = await setup(["a", "b", "c"].map((id) => input(id)), () => "hold");
    const running = swarm();
    await worker.holding(2);
    control.interrupt();
    control.interrupt();
    const report = await running;
    expect(report.exitCode).toBe(130);
    expect(report.interrupted).toBe("stop");
    const tasks = await store.list({ project: "demo" });
    expect(tasks.map((t) => [t.status, t.failures])).toEqual([
      ["active", 0],
      ["active", 0],
      ["active", 0],
    ]);
    expect(report.runs.map((r) => r.result)).toEqual(["stopped", "stopped"]);
  });

  it("a batch swarm claims only its batch and ends when the batch is finished", async () => {
    const { store, worker, swarm } = await setup([input("outside-1"), input("outside-2")], undefined, { b1: [input("in-1"), input("in-2"), input("in-3")] });
    const report = await swarm({ batch: "b1" });
    expect(report.exitCode).toBe(0);
    expect(worker.claims.map((c) => c.task).sort()).toEqual(["in-1", "in-2", "in-3"]);
    const s = await statuses(store);
    expect([s["outside-1"], s["outside-2"]]).toEqual(["active", "active"]);
    expect((await store.get("demo", "outside-1"))?.attempt).toBe(0);
  });

  it("staggers slot starts: the second slot has not started while the first works the queue", async () => {
    const { worker, control, swarm } = await setup(["a", "b", "c"].map((id) => input(id)));
    const running = swarm({ staggerMs: 600_000 });
    while (worker.finished.length < 3) await new Promise((r) => setTimeout(r, 10));
    control.drain();
    const report = await running;
    expect(worker.claims.map((c) => c.slot)).toEqual(["claude-1", "claude-1", "claude-1"]);
    expect(report.exitCode).toBe(130);
  });

  it("logs the swarm's start and finish", async () => {
    const { store, swarm } = await setup([input("a")]);
    await swarm();
    const events = (await store.events({ project: "demo" })).filter((e) => e.event.startsWith("swarm."));
    expect(events.map((e) => e.event)).toEqual(["swarm.started", "swarm.finished"]);
    expect(events[1]?.data).toMatchObject({ composition: { claude: 2 }, exit_code: 0, runs: 1 });
  });
});
