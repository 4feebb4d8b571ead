import { describe, expect, it } from "vitest";
import { isPolecatError } from "../../src/core/errors.js";
import { buildPlan, DEFAULT_EFFORT_MINUTES, type DispatchPlan } from "../../src/core/plan.js";
import { routeTask } from "../../src/core/routing.js";
import type { TaskSpec } from "../../src/core/spec.js";
import { loaded, registry, task } from "./routing-fixture.js";

const byId = (plan: DispatchPlan, id: string) => plan.tasks.find((t) => t.id === id);

describe("buildPlan", () => {
  const diamond = [
    task("a", { effort_minutes: 10 }),
    task("b", { depends_on: ["a"], effort_minutes: 5 }),
    task("c", { depends_on: ["a"] }),
    task("d", { depends_on: ["b", "c"], effort_minutes: 1 }),
  ];

  it("gives every task its wave, weight, critical path and route", () => {
    const plan = buildPlan(loaded(diamond), { now: 1_700_000_000_000 });
    expect(plan.project).toBe("demo");
    expect(plan.generated_at).toBe(1_700_000_000_000);
    expect(plan.waves).toEqual([["a"], ["c", "b"], ["d"]]);
    expect(plan.tasks.map((t) => [t.id, t.wave, t.order, t.weight, t.critical_path])).toEqual([
      ["a", 0, 1, 10, 10 + DEFAULT_EFFORT_MINUTES + 1],
      ["c", 1, 2, DEFAULT_EFFORT_MINUTES, DEFAULT_EFFORT_MINUTES + 1],
      ["b", 1, 3, 5, 6],
      ["d", 2, 4, 1, 1],
    ]);
    expect(plan.longest_chain).toBe(41);
    for (const t of plan.tasks) {
      expect(t.route).toEqual(routeTask(diamond.find((s) => s.id === t.id) as TaskSpec, registry()));
      expect(t.decision.state).toBe("dispatch");
    }
  });

  it("weighs recorded durations over effort, and effort over the default", () => {
    const plan = buildPlan(loaded(diamond), { durations: { b: 100 }, defaultEffortMinutes: 7 });
    expect(byId(plan, "b")?.weight).toBe(100);
    expect(byId(plan, "c")?.weight).toBe(7);
    expect(plan.waves[1]).toEqual(["b", "c"]);
    expect(byId(plan, "a")?.critical_path).toBe(111);
  });

  it("orders a wave by priority, then critical path, then spec order", () => {
    const tasks = [
      task("low", { effort_minutes: 50 }),
      task("first-in-spec", { effort_minutes: 10 }),
      task("urgent", { priority: 2, effort_minutes: 1 }),
      task("second-in-spec", { effort_minutes: 10 }),
      task("long", { effort_minutes: 90 }),
    ];
    expect(buildPlan(loaded(tasks)).waves).toEqual([["urgent", "long", "low", "first-in-spec", "second-in-spec"]]);
  });

  it("simulates capacity wave by wave: fallbacks past max_concurrent, then queueing", () => {
    const first = Array.from({ length: 8 }, (_, i) => task(`w0-${i}`));
    const join = task("join", { depends_on: first.map((t) => t.id) });
    const plan = buildPlan(loaded([...first, join]));
    expect(plan.tasks.map((t) => [t.decision.state, t.decision.worker ?? "-"])).toEqual([
      ["dispatch", "claude"],
      ["dispatch", "claude"],
      ["dispatch", "claude"],
      ["fallback", "codex"],
      ["fallback", "jules"],
      ["fallback", "gemini"],
      ["fallback", "gemini"],
      ["queued", "-"],
      ["dispatch", "claude"],
    ]);
    expect(byId(plan, "w0-7")?.decision.capacity).toBe("claude 3/3 full → codex 1/1 full → jules 1/1 full → gemini 2/2 full → queued");
    expect(plan.capacity).toEqual([
      { worker: "claude", current: 3, max: 3, queued: 1 },
      { worker: "gemini", current: 2, max: 2, queued: 0 },
      { worker: "codex", current: 1, max: 1, queued: 0 },
      { worker: "jules", current: 1, max: 1, queued: 0 },
      { worker: "solo", current: 0, max: 1, queued: 0 },
    ]);
    // Sized for the widest wave: 8 ready tasks, all routed to claude.
    expect(plan.swarm).toEqual({ claude: 3 });
  });

  it("sizes the swarm for the widest wave and splits it by the whole spec's mix", () => {
    const first = ["a", "b", "c", "d"].map((id) => task(id));
    const plan = buildPlan(loaded([...first, task("manual", { tags: ["docs"], depends_on: ["a"] })]));
    expect(plan.swarm).toEqual({ claude: 3, gemini: 1 });
  });

  it("starts capacity from the work already in progress", () => {
    const plan = buildPlan(loaded([task("a"), task("b", { complexity: "chore" })]), { load: { claude: 3, gemini: 1 } });
    expect(byId(plan, "a")?.decision).toMatchObject({ state: "fallback", worker: "codex" });
    expect(byId(plan, "b")?.decision).toMatchObject({ state: "dispatch", worker: "gemini", capacity: "gemini 1/2" });
    expect(plan.capacity.find((c) => c.worker === "gemini")?.current).toBe(2);
  });

  it("keeps unroutable tasks in the plan without a route", () => {
    const plan = buildPlan(loaded([task("x", { needs: ["teleport"] }), task("y", { depends_on: ["x"] })]));
    expect(byId(plan, "x")?.route).toBeUndefined();
    expect(byId(plan, "x")?.decision.state).toBe("unroutable");
    expect(byId(plan, "y")?.wave).toBe(1);
    expect(plan.swarm).toEqual({ claude: 1 });
  });

  it("refuses a cycle with E_SPEC_INVALID", () => {
    let caught: unknown;
    try {
      buildPlan(loaded([task("a", { depends_on: ["b"] }), task("b", { depends_on: ["a"] })]));
    } catch (e) {
      caught = e;
    }
    expect(isPolecatError(caught, "E_SPEC_INVALID")).toBe(true);
  });

  it("plans a generated 10,000-task DAG correctly", () => {
    // Deterministic pseudo-random DAG: each task depends on up to 3 earlier tasks.
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const kinds = [undefined, "mechanical", "chore", "requires-judgment"] as const;
    const tasks = Array.from({ length: 10_000 }, (_, i) =>
      task(`t.${i}`, {
        depends_on: i === 0 ? [] : Array.from({ length: rand(4) }, () => `t.${rand(i)}`),
        effort_minutes: 5 + rand(120),
        priority: rand(10) === 0 ? 1 : 0,
        complexity: kinds[rand(kinds.length)],
      }),
    );
    const plan = buildPlan(loaded(tasks));
    expect(plan.tasks).toHaveLength(10_000);
    expect(new Set(plan.tasks.map((t) => t.id)).size).toBe(10_000);
    expect(plan.tasks.map((t) => t.order)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    const planned = new Map(plan.tasks.map((t) => [t.id, t]));
    const dependents = new Map<string, string[]>();
    for (const t of tasks) for (const d of new Set(t.depends_on)) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
    for (const t of plan.tasks) {
      const depWaves = t.depends_on.map((d) => planned.get(d)?.wave ?? -1);
      expect(t.wave).toBe(Math.max(-1, ...depWaves) + 1);
      const tail = Math.max(0, ...(dependents.get(t.id) ?? []).map((d) => planned.get(d)?.critical_path ?? 0));
      expect(t.critical_path).toBe(t.weight + tail);
      expect(t.route?.worker).toBe(t.decision.primary);
    }
    for (let i = 1; i < plan.tasks.length; i++) {
      const [a, b] = [plan.tasks[i - 1], plan.tasks[i]] as [DispatchPlan["tasks"][number], DispatchPlan["tasks"][number]];
      expect(a.wave < b.wave || (a.wave === b.wave && (a.priority > b.priority || (a.priority === b.priority && a.critical_path >= b.critical_path)))).toBe(true);
    }
    expect(plan.longest_chain).toBe(Math.max(...plan.tasks.map((t) => t.critical_path)));
  });
});
