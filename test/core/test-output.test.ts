// Test output digests: failing tests by name with short excerpts, head and tail, for every runner we know.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DIGEST_LIMITS, digestOutput } from "../../src/core/test-output.js";

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/test-output/${name}`, import.meta.url), "utf8");

describe("digestOutput", () => {
  it("reads node:test TAP: nested names, the error kept, stack traces and suites that only failed through a subtest left out", () => {
    const d = digestOutput(fixture("node-tap.txt"));
    expect(d.format).toBe("tap");
    expect(d.failing.map((t) => t.name)).toEqual(["clamp keeps values within bounds", "suite > inner fails"]);
    const [clamp, inner] = d.failing;
    expect(clamp?.excerpt).toContain("3 !== 5");
    expect(clamp?.excerpt).toContain("location: '/repo/test/a.test.js:3:1'");
    expect(clamp?.excerpt).not.toContain("Test.runInAsyncScope");
    expect(clamp?.excerpt).not.toContain("duration_ms");
    expect(inner?.excerpt).toContain("error: 'boom'");
  });

  it("reads node's spec reporter", () => {
    const d = digestOutput(fixture("node-spec.txt"));
    expect(d.format).toBe("node-spec");
    expect(d.failing.map((t) => t.name)).toEqual(expect.arrayContaining(["clamp keeps values within bounds", "inner fails"]));
    expect(d.failing.find((t) => t.name === "clamp keeps values within bounds")?.excerpt).toContain("3 !== 5");
  });

  it("reads vitest, jest and mocha failures", () => {
    const vitest = [" ✓ a.test.ts (2)", " FAIL  test/sum.test.ts > sum > adds negatives", "AssertionError: expected -1 to be -3", " ❯ test/sum.test.ts:5:20", "⎯⎯⎯", " FAIL  test/b.test.ts > b works", "Error: nope"].join("\n");
    expect(digestOutput(vitest).failing).toEqual([
      { name: "test/sum.test.ts > sum > adds negatives", excerpt: "AssertionError: expected -1 to be -3\n ❯ test/sum.test.ts:5:20\n⎯⎯⎯" },
      { name: "test/b.test.ts > b works", excerpt: "Error: nope" },
    ]);
    const jest = ["FAIL src/sum.test.js", "  ● sum › adds negatives", "", "    expect(received).toBe(expected)", "", "  ● sum › other", "    boom"].join("\n");
    const dj = digestOutput(jest);
    expect(dj.format).toBe("jest");
    expect(dj.failing.map((t) => t.name)).toEqual(["sum › adds negatives", "sum › other"]);
    expect(dj.failing[0]?.excerpt).toContain("expect(received).toBe(expected)");
    const mocha = ["  2 passing", "  1 failing", "", "  1) sum", "       adds negatives:", "     AssertionError: expected -1 to equal -3", "      at Context.<anonymous> (test/sum.js:5:10)"].join("\n");
    const dm = digestOutput(mocha);
    expect(dm.format).toBe("mocha");
    expect(dm.failing).toEqual([{ name: "sum > adds negatives", excerpt: "  adds negatives:\nAssertionError: expected -1 to equal -3\n at Context.<anonymous> (test/sum.js:5:10)" }]);
  });

  it("keeps head and tail of output it cannot read, saying how much it left out", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    const d = digestOutput(lines.join("\n"));
    expect(d.format).toBe("unknown");
    expect(d.failing).toEqual([]);
    expect(d.head.split("\n")).toEqual(lines.slice(0, DIGEST_LIMITS.headLines));
    expect(d.tail.split("\n")).toEqual(lines.slice(-DIGEST_LIMITS.tailLines));
    expect(d.omitted_lines).toBe(500 - DIGEST_LIMITS.headLines - DIGEST_LIMITS.tailLines);
  });

  it("keeps every failing name but bounds names, excerpts and line lengths", () => {
    const many = Array.from({ length: 300 }, (_, i) => `not ok ${i + 1} - t${i}\n  ---\n  error: '${"x".repeat(2000)}'\n  ...`).join("\n");
    const d = digestOutput(many);
    expect(d.failing).toHaveLength(DIGEST_LIMITS.names);
    expect(d.more_failing).toBe(300 - DIGEST_LIMITS.names);
    expect(d.failing[0]?.excerpt.length).toBeLessThanOrEqual(DIGEST_LIMITS.excerptChars + 1);
    expect(d.failing[DIGEST_LIMITS.excerpts]?.excerpt).toBe("");
    expect(JSON.stringify(d).length).toBeLessThan(40_000);
  });

  it("ignores TODO and SKIP failures and terminal colours", () => {
    const d = digestOutput("\u001b[31mnot ok 1 - real\u001b[39m\nnot ok 2 - later # TODO not yet\nnot ok 3 - skipped # SKIP");
    expect(d.failing.map((t) => t.name)).toEqual(["real"]);
  });
});
