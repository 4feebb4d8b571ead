import { describe, expect, it } from "vitest";
import { kickbackOutcome, kickbackText, logTail, type KickbackReason } from "../../../src/core/refinery/outcome.js";

describe("kickbacks", () => {
  it.each([
    { reason: { kind: "conflict", files: ["a.ts", "b.ts"] }, text: "conflict: a.ts, b.ts" },
    { reason: { kind: "conflict", files: [] }, text: "conflict: (files not reported)" },
    { reason: { kind: "validation failed", log: "FAIL t.test.ts" }, text: "validation failed: FAIL t.test.ts\n\nValidation output (whole):\n\n```\nFAIL t.test.ts\n```" },
    { reason: { kind: "validation failed", log: "" }, text: "validation failed" },
    { reason: { kind: "review requested changes", notes: "add tests" }, text: "review requested changes: add tests" },
  ] as { reason: KickbackReason; text: string }[])("words $reason.kind precisely", ({ reason, text }) => {
    expect(kickbackText(reason)).toBe(text);
  });

  it.each([
    { sofar: 0, max: 3, to: "active" },
    { sofar: 2, max: 3, to: "active" },
    { sofar: 3, max: 3, to: "blocked" },
    { sofar: 0, max: 0, to: "blocked" },
  ])("after $sofar of $max kickbacks the task goes $to", ({ sofar, max, to }) => {
    const o = kickbackOutcome(sofar, max, { kind: "conflict", files: ["x"] });
    expect(o).toMatchObject({ to, kickback: true, note: { kind: "kickback" } });
    expect(o.reason).toBe(to === "active" ? "conflict: x" : `kicked back ${sofar + 1} times; last: conflict: x`);
  });

  it("keeps the last 40 lines of a validation log", () => {
    const log = Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n") + "\n\n";
    const tail = logTail(log).split("\n");
    expect(tail).toHaveLength(40);
    expect(tail[0]).toBe("line 60");
    expect(tail.at(-1)).toBe("line 99");
  });

  it("caps a tail of very long lines at 4000 characters, keeping the end", () => {
    const log = `${"x".repeat(10_000)}END`;
    expect(logTail(log)).toHaveLength(4000);
    expect(logTail(log).endsWith("END")).toBe(true);
  });
});
