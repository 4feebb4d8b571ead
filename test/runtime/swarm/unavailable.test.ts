// Taking worker types this machine cannot run out of a swarm: their slots move along the fallback chain.
import { describe, expect, it } from "vitest";
import type { WorkerRegistry } from "../../../src/core/spec.js";
import { withoutUnrunnable } from "../../../src/runtime/swarm/index.js";

function registry(types: Record<string, { fallback?: string; max: number }>): WorkerRegistry {
  const workers = Object.fromEntries(
    Object.entries(types).map(([name, t]) => [
      name,
      { name, command: [name], capabilities: ["code"], cost: 3, speed: 3, max_concurrent: t.max, best_for: [], env_pass: [], timeout_ms: 1, stall_timeout_ms: 1, max_restarts: 0, dialect: "generic" as const, ...(t.fallback === undefined ? {} : { fallback: t.fallback }) },
    ]),
  );
  return { workers, routing: { default: "a", complexity: {}, tags: { high_stakes: undefined, bulk: undefined }, heuristics: [] }, sizing: { tiers: [], max_total: 8 } };
}

describe("withoutUnrunnable", () => {
  const reg = registry({ a: { fallback: "b", max: 3 }, b: { fallback: "c", max: 2 }, c: { fallback: "a", max: 4 } });

  it("moves a missing type's slots to its fallback, up to the fallback's max_concurrent", () => {
    expect(withoutUnrunnable({ a: 3, c: 1 }, reg, { a: "a is not on PATH" })).toEqual({ slots: { c: 1, b: 2 }, notes: ["a: a is not on PATH: no slot for it; its 2 slots go to b (its fallback)"] });
    expect(withoutUnrunnable({ a: 1, b: 2 }, reg, { a: "gone" })).toEqual({ slots: { b: 2 }, notes: ["a: gone: no slot for it; its work goes to b (its fallback)"] });
  });

  it("skips fallbacks that are missing too, and stops at a chain that comes back round", () => {
    expect(withoutUnrunnable({ a: 1 }, reg, { a: "x", b: "y" }).slots).toEqual({ c: 1 });
    expect(withoutUnrunnable({ a: 1 }, reg, { a: "x", b: "y", c: "z" })).toEqual({ slots: {}, notes: ["a: x: no slot for it, and no fallback that can run takes its work"] });
  });

  it("changes nothing when every type can run", () => {
    expect(withoutUnrunnable({ a: 2, b: 1 }, reg, {})).toEqual({ slots: { a: 2, b: 1 }, notes: [] });
  });
});
