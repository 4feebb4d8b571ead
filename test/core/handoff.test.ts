import { describe, expect, it } from "vitest";
import { handoffNote, HANDOFF_LIMITS } from "../../src/core/handoff.js";

describe("handoffNote", () => {
  it("states the reason, commits, files and last lines", () => {
    const text = handoffNote({
      commits: ["abc1234 add notes", "def5678 start"],
      files: ["notes.txt"],
      tail: ["reading files", "working on it"],
      reason: "no output for 15m",
    });
    expect(text).toBe(
      [
        "Why it was restarted: no output for 15m",
        "Commits so far (2):\n- abc1234 add notes\n- def5678 start",
        "Files changed (1):\n- notes.txt",
        "Last lines of output:\n\n    reading files\n    working on it",
      ].join("\n\n"),
    );
  });

  it("says none for empty lists", () => {
    const text = handoffNote({ commits: [], files: [], tail: ["", "  "], reason: "stalled" });
    expect(text).toContain("Commits so far: none");
    expect(text).toContain("Files changed: none");
    expect(text).toContain("Last lines of output: none");
  });

  it("keeps only the newest commits, the first files and the last lines, each line bounded", () => {
    const commits = Array.from({ length: 25 }, (_, i) => `c${i} subject`);
    const files = Array.from({ length: 50 }, (_, i) => `f${i}.ts`);
    const tail = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    tail.push("x".repeat(1_000));
    const text = handoffNote({ commits, files, tail, reason: "stalled" });
    expect(text).toContain(`- c${HANDOFF_LIMITS.commits - 1} subject\n- … and 15 earlier`);
    expect(text).not.toContain(`c${HANDOFF_LIMITS.commits} subject`);
    expect(text).toContain("- … and 30 more");
    expect(text).toContain(`(last ${HANDOFF_LIMITS.lines})`);
    expect(text).not.toContain("line 25\n");
    expect(text).toContain("line 39");
    expect(text).toContain(`${"x".repeat(HANDOFF_LIMITS.lineLength)}…`);
    expect(text.length).toBeLessThan(3_000);
  });

  it("replaces control characters so escapes cannot garble the prompt", () => {
    const text = handoffNote({ commits: [], files: [], tail: ["a\u001b[31mred\rb\u0007"], reason: "x\ny" });
    expect(text).toContain("Why it was restarted: x y");
    expect(text).toContain("    a [31mred b");
    const controls = [...text].filter((c) => c !== "\n" && c !== "\t" && ((c.codePointAt(0) ?? 0) < 32 || c === "\u007f"));
    expect(controls).toEqual([]);
  });
});
