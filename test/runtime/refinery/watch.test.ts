import { describe, expect, it } from "vitest";
import type { RefineryPassResult } from "../../../src/core/refinery/pass-result.js";
import { addSummary, watchRefinery } from "../../../src/runtime/refinery/watch.js";

const empty = (): RefineryPassResult => ({ merged: [], decisions: [], validations: 0, pushes: 0 });

describe("watchRefinery", () => {
  it("backs off while idle, resets after work, and stops when aborted", async () => {
    const controller = new AbortController();
    // Passes: idle, idle, idle, busy, idle, then stop.
    const script: RefineryPassResult[] = [empty(), empty(), empty(), { merged: ["a"], decisions: [], validations: 1, pushes: 1 }, empty()];
    const waits: number[] = [];
    let passes = 0;
    const total = await watchRefinery({
      signal: controller.signal,
      minWaitMs: 1,
      maxWaitMs: 4,
      onWait: (ms) => waits.push(ms),
      pass: () => {
        const s = script[passes++] ?? empty();
        if (passes === script.length) controller.abort();
        return Promise.resolve(s);
      },
    });
    expect(passes).toBe(5);
    expect(waits).toEqual([1, 2, 4, 1]);
    expect(total).toEqual({ merged: ["a"], decisions: [], validations: 1, pushes: 1 });
  });

  it("an abort during a wait ends the watch at once", async () => {
    const controller = new AbortController();
    const done = watchRefinery({
      signal: controller.signal,
      minWaitMs: 3_600_000,
      maxWaitMs: 3_600_000,
      onWait: () => controller.abort(),
      pass: () => Promise.resolve(empty()),
    });
    await expect(done).resolves.toEqual(empty());
  });

  it("a failing pass ends the watch with its error", async () => {
    const controller = new AbortController();
    const failing = watchRefinery({ signal: controller.signal, minWaitMs: 1, maxWaitMs: 1, pass: () => Promise.reject(new Error("git down")) });
    await expect(failing).rejects.toThrow("git down");
  });

  it("adds summaries", () => {
    const a: RefineryPassResult = { merged: ["a"], decisions: [{ id: "b", to: "active", reason: "conflict: x" }], validations: 2, pushes: 1 };
    expect(addSummary(a, a)).toEqual({ merged: ["a", "a"], decisions: [...a.decisions, ...a.decisions], validations: 4, pushes: 2 });
  });
});
