import { describe, expect, it } from "vitest";
import { criticalPaths } from "../../src/core/dag.js";
import { buildPlan } from "../../src/core/plan.js";
import { lowerBound, schedTasks, simulateSchedule, type SchedTask, type Schedule } from "../../src/core/schedule.js";
import { loaded, task } from "./routing-fixture.js";

/** Tasks with critical paths computed from their durations, routed to `claude` unless told. */
function tasks(specs: { id: string; d: number; deps?: string[]; priority?: number; worker?: string | null; fallbacks?: string[] }[]): SchedTask[] {
  const cp = criticalPaths(specs.map((s) => ({ id: s.id, depends_on: s.deps ?? [], weight: s.d })));
  return specs.map((s) => ({
    id: s.id,
    depends_on: s.deps ?? [],
    duration: s.d,
    priority: s.priority ?? 0,
    critical_path: cp.get(s.id) ?? 0,
    worker: s.worker === null ? undefined : (s.worker ?? "claude"),
    fallbacks: s.fallbacks ?? [],
    rule: "default → claude",
    wave: 0,
  }));
}

/** Every property a valid schedule has, whatever the input. */
function checkValid(input: SchedTask[], schedule: Schedule, slots: Record<string, number>): void {
  const byTask = new Map(schedule.assignments.map((a) => [a.task, a]));
  expect(byTask.size).toBe(schedule.assignments.length);
  for (const t of input) {
    const a = byTask.get(t.id);
    if (a === undefined) continue;
    expect(a.end - a.start).toBe(t.duration);
    expect(a.type === t.worker || t.fallbacks.includes(a.type)).toBe(true);
    for (const d of t.depends_on) expect(byTask.get(d)?.end ?? Infinity).toBeLessThanOrEqual(a.start);
  }
  const bySlot = new Map<string, typeof schedule.assignments>();
  for (const a of schedule.assignments) bySlot.set(a.slot, [...(bySlot.get(a.slot) ?? []), a]);
  for (const list of bySlot.values()) {
    const sorted = [...list].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]?.end ?? Infinity).toBeLessThanOrEqual(sorted[i]?.start ?? -Infinity);
  }
  expect(schedule.makespan).toBeGreaterThanOrEqual(lowerBound(input, slots) - 1e-9);
}

describe("simulateSchedule", () => {
  it("runs a chain one after another on one slot", () => {
    const input = tasks([{ id: "a", d: 3 }, { id: "b", d: 4, deps: ["a"] }, { id: "c", d: 5, deps: ["b"] }]);
    const s = simulateSchedule(input, { claude: 1 });
    expect(s.assignments.map((a) => [a.slot, a.task, a.start, a.end, a.order])).toEqual([
      ["claude-1", "a", 0, 3, 1],
      ["claude-1", "b", 3, 7, 2],
      ["claude-1", "c", 7, 12, 3],
    ]);
    expect(s.makespan).toBe(12);
    expect(s.slots).toEqual(["claude-1"]);
  });

  it.each([
    { name: "diamond", specs: [{ id: "a", d: 10 }, { id: "b", d: 5, deps: ["a"] }, { id: "c", d: 30, deps: ["a"] }, { id: "d", d: 1, deps: ["b", "c"] }], best: 41 },
    { name: "independent work that packs evenly", specs: [{ id: "a", d: 4 }, { id: "b", d: 3 }, { id: "c", d: 3 }, { id: "d", d: 2 }], best: 6 },
    { name: "longest path first", specs: [{ id: "c", d: 5 }, { id: "d", d: 5 }, { id: "a", d: 1 }, { id: "b", d: 10, deps: ["a"] }], best: 11 },
  ])("is optimal on simple cases: $name", ({ specs, best }) => {
    const input = tasks(specs);
    const s = simulateSchedule(input, { claude: 2 });
    checkValid(input, s, { claude: 2 });
    expect(s.makespan).toBe(best);
    expect(lowerBound(input, { claude: 2 })).toBe(best);
  });

  it("takes priority before critical path", () => {
    const input = tasks([{ id: "long", d: 10 }, { id: "short", d: 1, priority: 1 }, { id: "mid", d: 5 }]);
    expect(simulateSchedule(input, { claude: 1 }).assignments.map((a) => a.task)).toEqual(["short", "long", "mid"]);
  });

  it("keeps tasks on slots of their routed type", () => {
    const input = tasks([{ id: "g1", d: 5, worker: "gemini" }, { id: "g2", d: 5, worker: "gemini" }, { id: "c1", d: 1 }]);
    const s = simulateSchedule(input, { claude: 1, gemini: 1 });
    expect(s.assignments.map((a) => [a.task, a.slot, a.start])).toEqual([
      ["c1", "claude-1", 0],
      ["g1", "gemini-1", 0],
      ["g2", "gemini-1", 5],
    ]);
  });

  it("lets a fallback slot take work while the primary is full", () => {
    const input = tasks([{ id: "a", d: 5, fallbacks: ["gemini"] }, { id: "b", d: 5, fallbacks: ["gemini"] }]);
    const s = simulateSchedule(input, { gemini: 1, claude: 1 });
    checkValid(input, s, { gemini: 1, claude: 1 });
    expect(s.makespan).toBe(5);
    expect(s.assignments.find((a) => a.slot === "gemini-1")).toMatchObject({ task: "b", fallback: true, rule: "fallback for claude (full): default → claude" });
  });

  it("keeps fallbacks out while the primary is below its capacity", () => {
    const input = tasks([{ id: "a", d: 5, fallbacks: ["gemini"] }, { id: "b", d: 5, fallbacks: ["gemini"] }]);
    const s = simulateSchedule(input, { claude: 1, gemini: 1 }, { capacity: { claude: 3 } });
    expect(s.assignments.map((a) => [a.task, a.slot, a.start])).toEqual([
      ["a", "claude-1", 0],
      ["b", "claude-1", 5],
    ]);
  });

  it("reports tasks no slot can take, and what waits behind them", () => {
    const input = tasks([
      { id: "x", d: 1, worker: null },
      { id: "behind-x", d: 1, deps: ["x"] },
      { id: "no-slot", d: 1, worker: "solo" },
      { id: "ok", d: 2 },
    ]);
    const s = simulateSchedule(input, { claude: 1 });
    expect(s.unscheduled).toEqual(["x", "behind-x", "no-slot"]);
    expect(s.assignments.map((a) => a.task)).toEqual(["ok"]);
    expect(s.makespan).toBe(2);
  });

  it("produces valid schedules on random DAGs with typed slots and fallbacks", () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 20; round++) {
      const specs = Array.from({ length: 200 }, (_, i) => ({
        id: `t${i}`,
        d: 1 + rand(60),
        deps: i === 0 ? [] : Array.from({ length: rand(3) }, () => `t${rand(i)}`),
        worker: rand(3) === 0 ? "gemini" : "claude",
        fallbacks: rand(2) === 0 ? ["claude", "gemini"] : [],
      }));
      const input = tasks(specs);
      const slots = { claude: 1 + rand(4), gemini: 1 + rand(3) };
      const s = simulateSchedule(input, slots);
      expect(s.unscheduled).toEqual([]);
      checkValid(input, s, slots);
    }
  });

  it("schedules a plan", () => {
    const plan = buildPlan(loaded([task("a", { effort_minutes: 20 }), task("b", { depends_on: ["a"], effort_minutes: 10, complexity: "chore" })]));
    const s = simulateSchedule(schedTasks(plan), { claude: 1, gemini: 1 });
    expect(s.assignments.map((a) => [a.slot, a.task, a.start, a.end, a.wave, a.rule])).toEqual([
      ["claude-1", "a", 0, 20, 0, "default → claude"],
      ["gemini-1", "b", 20, 30, 1, "complexity chore → gemini"],
    ]);
  });
});

describe("lowerBound", () => {
  it("is the longest chain or the work spread over every slot, whichever is larger", () => {
    const chain = tasks([{ id: "a", d: 10 }, { id: "b", d: 10, deps: ["a"] }, { id: "c", d: 4 }]);
    expect(lowerBound(chain, { claude: 2 })).toBe(20);
    expect(lowerBound(chain, { claude: 1 })).toBe(24);
    expect(lowerBound(tasks([{ id: "a", d: 3 }, { id: "b", d: 3 }, { id: "c", d: 3 }]), { claude: 1, gemini: 1 })).toBe(4.5);
    expect(lowerBound([], { claude: 1 })).toBe(0);
  });
});
