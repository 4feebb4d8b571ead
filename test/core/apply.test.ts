import { describe, expect, it } from "vitest";
import { applyInput } from "../../src/core/apply.js";
import { isPolecatError } from "../../src/core/errors.js";
import { loaded, task } from "./routing-fixture.js";

describe("applyInput", () => {
  it("gives every task its route and critical path, and tags the batch", () => {
    const input = applyInput(
      loaded([task("a", { effort_minutes: 60 }), task("b", { depends_on: ["a"], effort_minutes: 20, complexity: "mechanical" })]),
      { batch: "b1" },
    );
    expect(input.batch).toBe("b1");
    expect(input.tasks.map((t) => [t.spec.id, t.route.worker, t.critical_path])).toEqual([
      ["a", "claude", 80],
      ["b", "codex", 20],
    ]);
    expect(input.tasks[1]?.route.rule).toContain("mechanical");
  });

  it("refuses tasks no worker type can take, naming them", () => {
    let error: unknown;
    try {
      applyInput(loaded([task("ok"), task("gpu-docs", { needs: ["gpu", "docs"] })]));
    } catch (e) {
      error = e;
    }
    expect(isPolecatError(error, "E_SPEC_INVALID")).toBe(true);
    expect((error as Error).message).toContain("gpu-docs");
  });
});
