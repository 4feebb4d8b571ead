// Worker-type health in the swarm: a type whose agent cannot run is paused for every slot, charges no task,
// and hands its work to fallbacks; limits cool down; a broken project stops the swarm with its own words;
// tasks failing differently never stop a slot.
import { afterEach, describe, expect, it } from "vitest";
import type { SwarmProgress } from "../../../src/core/ports/swarm-progress.js";
import { runSwarm, SwarmControl, type SwarmConfig } from "../../../src/runtime/swarm/index.js";
import { TypeHealth } from "../../../src/runtime/swarm/health.js";
import { fakeWorker, tempStore, type Behaviour } from "./fake-worker.js";
import { input } from "./records.js";

function recorder(): SwarmProgress & { notes: string[] } {
  const notes: string[] = [];
  return { notes, start: () => undefined, header: () => undefined, row: () => undefined, note: (slot, t) => void notes.push(`${slot}: ${t}`), end: () => undefined, close: () => Promise.resolve() };
}

describe("swarm worker-type health", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function run(tasks: ReturnType<typeof input>[], behaviour: (id: string, type: string, attempt: number) => Behaviour, config: Partial<SwarmConfig> = {}) {
    const t = await tempStore(tasks);
    cleanup = t.cleanup;
    const worker = fakeWorker(t.store, behaviour);
    const progress = recorder();
    const alerts: string[] = [];
    const report = await runSwarm(
      { project: "demo", composition: { claude: 2, gemini: 1 }, maxFailures: 2, staggerMs: 0, limitBackoffMs: 50, ...config },
      { store: t.store, runTask: worker.runTask, control: new SwarmControl(), clock: Date.now, progress, alert: (m) => Promise.resolve(void alerts.push(m)), maxIdleMs: 50 },
    );
    const tasksNow = Object.fromEntries((await t.store.list({ project: "demo" })).map((x) => [x.id, x]));
    return { report, worker, progress, alerts, tasks: tasksNow, events: await t.store.events({ project: "demo" }) };
  }

  it("auth pauses the type for the swarm, charges nothing, prints the agent's words, and the fallback does the work", async () => {
    const tasks = ["a", "b", "c"].map((id) => input(id, { fallbacks: ["gemini"] }));
    const r = await run(tasks, (_id, type) => (type === "claude" ? "auth" : "ok"));
    expect(Object.values(r.tasks).map((t) => [t.id, t.status, t.failures])).toEqual([
      ["a", "merge_ready", 0],
      ["b", "merge_ready", 0],
      ["c", "merge_ready", 0],
    ]);
    expect(r.report.slots.filter((s) => s.kind === "paused").map((s) => s.slot).sort()).toEqual(["claude-1", "claude-2"]);
    expect(r.report.slots.find((s) => s.slot === "claude-1")?.reason).toBe("claude paused until fixed (auth, no task charged): claude auth: Not logged in · Please run /login");
    expect(r.alerts.some((a) => a.includes("Not logged in · Please run /login"))).toBe(true);
    expect(r.events.some((e) => e.event === "swarm.type_paused" && e.data?.class === "auth")).toBe(true);
    expect(r.report.exitCode).toBe(1);
  });

  it("without a fallback the paused type's work waits, unblocked and uncharged", async () => {
    const r = await run([input("a")], (_id, type) => (type === "claude" ? "auth" : "ok"), { composition: { claude: 1 } });
    expect([r.tasks.a?.status, r.tasks.a?.failures]).toEqual(["active", 0]);
    expect(r.worker.claims).toHaveLength(1);
  });

  it("a rate limit cools the type down until its reset, then the task finishes without a charged attempt", async () => {
    const r = await run([input("a")], (_id, _type, attempt) => (attempt === 1 ? "rate_limit" : "ok"), { composition: { claude: 1 } });
    expect([r.tasks.a?.status, r.tasks.a?.failures]).toEqual(["merge_ready", 0]);
    const [first, second] = r.worker.claims;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect(r.report.exitCode).toBe(0);
    expect(r.progress.notes.some((n) => /claude paused for \d+ms \(rate limit, no task charged\)/.test(n))).toBe(true);
  });

  it("a broken project stops the swarm with git's words, charging nothing", async () => {
    const r = await run(["a", "b", "c"].map((id) => input(id)), () => "halt", { composition: { claude: 1 } });
    expect(r.report.halted).toBe("fatal: '/gone/origin' does not appear to be a git repository");
    expect(r.report.exitCode).toBe(1);
    expect(r.worker.claims).toHaveLength(1);
    expect(Object.values(r.tasks).every((t) => t.failures === 0)).toBe(true);
    expect(r.events.some((e) => e.event === "swarm.halted")).toBe(true);
  });

  it("tasks failing each their own way never stop the slot", async () => {
    const r = await run(["a", "b", "c", "d"].map((id) => input(id)), () => "fail-own", { composition: { claude: 1 } });
    expect(r.report.slots[0]?.kind).toBe("finished");
    expect(Object.values(r.tasks).every((t) => t.status === "blocked")).toBe(true);
  });
});

describe("TypeHealth", () => {
  it("backs off a limit without a reset time, doubling while it repeats, and lifts it when the time comes", () => {
    const h = new TypeHealth(1_000);
    expect(h.pause("claude", "rate_limit", "429", 0).until).toBe(1_000);
    expect(h.pausedNow("claude", 1_000)).toBeUndefined();
    expect(h.pause("claude", "rate_limit", "429", 1_000).until).toBe(3_000);
    h.healthy("claude");
    expect(h.pause("claude", "usage_limit", "limit", 5_000, 9_000).until).toBe(9_000);
    expect(h.pausedTypes(8_999)).toEqual(["claude"]);
    expect(h.pausedTypes(9_000)).toEqual([]);
  });

  it("a pause until fixed stays, whatever limit comes after", () => {
    const h = new TypeHealth(1_000);
    h.pause("codex", "missing_binary", "spawn codex ENOENT", 0);
    expect(h.pause("codex", "rate_limit", "429", 0).class).toBe("missing_binary");
    expect(h.pausedNow("codex", 1e12)?.until).toBeUndefined();
  });
});
