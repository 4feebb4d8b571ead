import { describe, expect, it } from "vitest";
import { isPolecatError } from "../../src/core/errors.js";
import { missingCapabilities, routeTask, selectWorker, type RoutingDecision } from "../../src/core/routing.js";
import type { TaskSpec } from "../../src/core/spec.js";
import { files, registry, task } from "./routing-fixture.js";

interface RuleCase {
  name: string;
  over: Partial<TaskSpec>;
  worker: string;
  rule: RoutingDecision["rule"];
  reason: string;
}

describe("selectWorker: rules", () => {
  const cases: RuleCase[] = [
    { name: "pin", over: { worker: "jules", complexity: "mechanical" }, worker: "jules", rule: "pin", reason: "pinned to jules" },
    { name: "complexity mechanical", over: { complexity: "mechanical" }, worker: "codex", rule: "complexity", reason: "complexity mechanical → codex" },
    { name: "complexity chore", over: { complexity: "chore" }, worker: "gemini", rule: "complexity", reason: "complexity chore → gemini" },
    {
      name: "complexity requires-judgment",
      over: { complexity: "requires-judgment" },
      worker: "claude",
      rule: "complexity",
      reason: "complexity requires-judgment → claude",
    },
    { name: "complexity multi-step", over: { complexity: "multi-step" }, worker: "claude", rule: "complexity", reason: "complexity multi-step → claude" },
    { name: "complexity before tags", over: { complexity: "chore", tags: ["security"] }, worker: "gemini", rule: "complexity", reason: "complexity chore → gemini" },
    { name: "high-stakes tag", over: { tags: ["ui", "auth"] }, worker: "claude", rule: "tag:high_stakes", reason: "tag auth (high-stakes) → claude" },
    { name: "bulk tag", over: { tags: ["docs"] }, worker: "gemini", rule: "tag:bulk", reason: "tag docs (bulk) → gemini" },
    {
      name: "high-stakes before bulk",
      over: { tags: ["bulk", "security"] },
      worker: "claude",
      rule: "tag:high_stakes",
      reason: "tag security (high-stakes) → claude",
    },
    { name: "tags before heuristics", over: { tags: ["bulk"], files: files(20) }, worker: "gemini", rule: "tag:bulk", reason: "tag bulk (bulk) → gemini" },
    { name: "files_over holds", over: { files: files(11) }, worker: "claude", rule: "heuristic:wide", reason: "heuristic wide (11 files > 10) → claude" },
    { name: "files_over is strict", over: { files: files(10) }, worker: "claude", rule: "default", reason: "default → claude" },
    {
      name: "files_at_most and effort_at_most hold",
      over: { files: files(1), effort_minutes: 15 },
      worker: "codex",
      rule: "heuristic:tiny",
      reason: "heuristic tiny (1 files ≤ 1, effort 15m ≤ 15m) → codex",
    },
    { name: "every bound must hold", over: { files: files(1), effort_minutes: 16 }, worker: "claude", rule: "default", reason: "default → claude" },
    { name: "files_at_most fails", over: { files: files(2), effort_minutes: 5 }, worker: "claude", rule: "default", reason: "default → claude" },
    { name: "effort bound needs an effort", over: { files: files(1) }, worker: "claude", rule: "default", reason: "default → claude" },
    { name: "effort_over holds", over: { effort_minutes: 241 }, worker: "claude", rule: "heuristic:long", reason: "heuristic long (effort 241m > 240m) → claude" },
    { name: "default", over: {}, worker: "claude", rule: "default", reason: "default → claude" },
    {
      name: "a rule whose worker lacks a capability is skipped",
      over: { complexity: "mechanical", needs: ["docs"] },
      worker: "claude",
      rule: "default",
      reason: "default → claude (skipped: complexity mechanical → codex: codex lacks docs)",
    },
    {
      name: "a pin lacking a capability is skipped too",
      over: { worker: "codex", tags: ["docs"], needs: ["docs"] },
      worker: "gemini",
      rule: "tag:bulk",
      reason: "tag docs (bulk) → gemini (skipped: pinned to codex: codex lacks docs)",
    },
    {
      name: "an unknown worker type is skipped",
      over: { worker: "ghost" },
      worker: "claude",
      rule: "default",
      reason: "default → claude (skipped: pinned to ghost: ghost is not a known worker type)",
    },
  ];

  it.each(cases)("$name", ({ over, worker, rule, reason }) => {
    const d = selectWorker(task("t", over), registry(), {});
    expect(d).toEqual({ worker, primary: worker, rule, reason, state: "dispatch", capacity: `${worker} 0/${registry().workers[worker]?.max_concurrent}` });
  });

  it("is unroutable when no rule's worker has the needed capabilities", () => {
    const d = selectWorker(task("t", { complexity: "chore", needs: ["review", "gpu"] }), registry(), {});
    expect(d.state).toBe("unroutable");
    expect(d.worker).toBeUndefined();
    expect(d.primary).toBeUndefined();
    expect(d.rule).toBeUndefined();
    expect(d.reason).toBe(
      "no rule's worker fits: complexity chore → gemini: gemini lacks review, gpu; default → claude: claude lacks gpu",
    );
  });
});

describe("selectWorker: capacity", () => {
  const cases: {
    name: string;
    over: Partial<TaskSpec>;
    load: Record<string, number>;
    state: RoutingDecision["state"];
    worker: string | undefined;
    capacity: string;
  }[] = [
    { name: "room left", over: {}, load: { claude: 2 }, state: "dispatch", worker: "claude", capacity: "claude 2/3" },
    { name: "full → fallback", over: {}, load: { claude: 3 }, state: "fallback", worker: "codex", capacity: "claude 3/3 full → fallback codex 0/1" },
    {
      name: "chained fallback",
      over: {},
      load: { claude: 3, codex: 1 },
      state: "fallback",
      worker: "jules",
      capacity: "claude 3/3 full → codex 1/1 full → fallback jules 0/1",
    },
    {
      name: "fallback lacking a capability is passed over",
      over: { needs: ["docs"] },
      load: { claude: 3 },
      state: "fallback",
      worker: "jules",
      capacity: "claude 3/3 full → codex lacks docs → fallback jules 0/1",
    },
    {
      name: "no fallback has the capability → queued",
      over: { needs: ["review"] },
      load: { claude: 3 },
      state: "queued",
      worker: undefined,
      capacity: "claude 3/3 full → codex lacks review → jules lacks review → gemini lacks review → queued",
    },
    {
      name: "every type in a looping chain full → queued",
      over: { complexity: "chore" },
      load: { claude: 3, gemini: 2, codex: 1, jules: 1 },
      state: "queued",
      worker: undefined,
      capacity: "gemini 2/2 full → claude 3/3 full → codex 1/1 full → jules 1/1 full → queued",
    },
    {
      name: "a type without fallback queues",
      over: { worker: "solo", needs: ["gpu"] },
      load: { solo: 1 },
      state: "queued",
      worker: undefined,
      capacity: "solo 1/1 full, no fallback → queued",
    },
  ];

  it.each(cases)("$name", ({ over, load, state, worker, capacity }) => {
    const d = selectWorker(task("t", over), registry(), load);
    expect({ state: d.state, worker: d.worker, capacity: d.capacity }).toEqual({ state, worker, capacity });
    expect(d.primary).toBeDefined();
  });
});

describe("routeTask", () => {
  it("gives the primary, the rule in words and the capability-filtered fallback chain", () => {
    expect(routeTask(task("t"), registry())).toEqual({ worker: "claude", rule: "default → claude", fallbacks: ["codex", "jules", "gemini"] });
    expect(routeTask(task("t", { needs: ["docs"] }), registry())).toEqual({
      worker: "claude",
      rule: "default → claude",
      fallbacks: ["jules", "gemini"],
    });
    expect(routeTask(task("t", { worker: "solo" }), registry())).toEqual({ worker: "solo", rule: "pinned to solo", fallbacks: [] });
  });

  it("throws E_SPEC_INVALID for an unroutable task", () => {
    let caught: unknown;
    try {
      routeTask(task("t", { needs: ["teleport"] }), registry());
    } catch (e) {
      caught = e;
    }
    expect(isPolecatError(caught, "E_SPEC_INVALID")).toBe(true);
  });

  it("lists missing capabilities", () => {
    expect(missingCapabilities(task("t", { needs: ["code", "gpu", "docs"] }), registry().workers.gemini)).toEqual(["gpu"]);
    expect(missingCapabilities(task("t", { needs: ["code"] }), undefined)).toEqual(["code"]);
  });
});
