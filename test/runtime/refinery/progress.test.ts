import { describe, expect, it } from "vitest";
import { progressLine, type RefineryProgress } from "../../../src/runtime/refinery/progress.js";

describe("progressLine", () => {
  const head = "0123456789abcdef0123456789abcdef01234567";
  it.each<[RefineryProgress, string]>([
    [{ kind: "route", id: "a", text: "no review: chore, not sampled (0.500 >= 0.1, seed 7)" }, "a: no review: chore, not sampled (0.500 >= 0.1, seed 7)"],
    [{ kind: "review", id: "a" }, "a: engineer review running"],
    [{ kind: "validate", ids: ["a", "b"] }, "validating a, b"],
    [{ kind: "validate", ids: [] }, "validating (revert)"],
    [{ kind: "validated", ids: ["a"], pass: false }, "failed: a"],
    [{ kind: "pushed", head, ids: ["a", "b"] }, "pushed 0123456789: a, b"],
    [{ kind: "moved", head }, "main moved to 0123456789 meanwhile; rebuilding"],
    [{ kind: "status", id: "a", to: "done", commit: head }, "a: done as 0123456789"],
    [{ kind: "status", id: "a", to: "active", reason: "conflict: CHANGELOG.md" }, "a: active: conflict: CHANGELOG.md"],
    [{ kind: "status", id: "a", to: "active", reason: "validation failed:\nFAIL x\nexit 1" }, "a: active: validation failed:\n    FAIL x\n    exit 1"],
  ])("%j", (p, line) => {
    expect(progressLine(p)).toBe(line);
  });
});
