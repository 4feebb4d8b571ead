// What a retried agent and a person are told about a kickback, and which one a task carries.
import { describe, expect, it } from "vitest";
import { kickbackSection, renderKickback, type Kickback } from "../../src/core/kickback.js";
import { buildPrompt } from "../../src/core/prompt.js";
import { kickbackRecord } from "../../src/core/refinery/outcome.js";
import { attemptBranch, lastKickback, previousAttempt, retryReason } from "../../src/core/retry.js";
import type { TaskSpec } from "../../src/core/spec.js";
import type { Note, TaskRecord } from "../../src/core/ports/store.js";

const spec: TaskSpec = { id: "t1", title: "Clamp", description: "Add clamp.", depends_on: [], tags: [], files: [], priority: 0, needs: [], pipeline: ["implement"], acceptance: [] };
const tap = "not ok 1 - clamp keeps values within bounds\n  ---\n  error: 'expected 5, got 6'\n  ...\n# fail 1";

describe("kickback records and words", () => {
  it("validation: every failing test by name with its excerpt, and the output", () => {
    const k = kickbackRecord({ kind: "validation failed", log: tap }, { attempt: 2, base: "main", foundBy: "refinery" });
    expect(k).toMatchObject({ kind: "validation", attempt: 2, found_by: "refinery", summary: "validation failed: 1 failing test (clamp keeps values within bounds)" });
    const text = renderKickback(k);
    expect(text).toContain("Attempt 2 came back: **validation** failed (found by the refinery).");
    expect(text).toContain("- clamp keeps values within bounds\n```\nerror: 'expected 5, got 6'\n```");
    expect(text).toContain("# fail 1");
  });

  it("review: the notes verbatim, fenced so backticks in them survive", () => {
    const notes = "Document `clamp` with a /** */ comment.\n```js\n/** here */\n```";
    const k = kickbackRecord({ kind: "review requested changes", notes }, { attempt: 1, base: "main", foundBy: "refinery" });
    expect(renderKickback(k)).toContain(`\`\`\`\`\n${notes}\n\`\`\`\``);
  });

  it("conflict: the files and the base they conflict with", () => {
    const k = kickbackRecord({ kind: "conflict", files: ["lib/list.js"], base: { branch: "main", commit: "0123456789abcdef", after: ["a"] } }, { attempt: 1, base: "main", foundBy: "refinery" });
    expect(renderKickback(k)).toContain("a **conflict** with origin/main at 0123456789ab with a merged onto it first (found by the refinery). Conflicting files:\n\n- lib/list.js");
  });

  it("the prompt section says where the attempt starts and names the kept branch", () => {
    const k: Kickback = { kind: "failure", attempt: 0, found_by: "worker", summary: "agent exited with code 1", reason: "stage implement: agent exited with code 1" };
    const fresh = kickbackSection(k, { from: "fresh", base: "main", baseCommit: "abcdef0123456789", previousBranch: "polecat/t1@1" });
    expect(fresh).toMatch(/^## Why this came back\n\nThe previous attempt \*\*failed\*\*: stage implement: agent exited with code 1/);
    expect(fresh).toContain("starts from a fresh origin/main (abcdef012345)");
    expect(fresh).toContain("`git log -p origin/main..polecat/t1@1`");
    const previous = kickbackSection(k, { from: "previous", base: "main", baseCommit: "abcdef0123456789", previousBranch: "polecat/t1@1" });
    expect(previous).toContain("holds the previous attempt's work rebased onto a fresh origin/main");
    const conflicted = kickbackSection(k, { from: "fresh", base: "main", baseCommit: "abcdef0123456789", previousBranch: "polecat/t1@1", rebaseConflict: ["a.js"] });
    expect(conflicted).toContain("(rebasing the previous attempt onto it conflicted in a.js)");
    const prompt = buildPrompt({ task: spec, stage: "implement", retry: { kickback: k } });
    expect(prompt).toContain("## Description\n\nAdd clamp.\n\n## Why this came back");
    expect(buildPrompt({ task: spec, stage: "implement" })).not.toContain("Why this came back");
  });
});

describe("lastKickback", () => {
  const task = (notes: Omit<Note, "ts">[]): TaskRecord =>
    ({ id: "t1", notes: notes.map((n, i) => ({ ts: i, ...n })) }) as unknown as TaskRecord;
  const stored = kickbackRecord({ kind: "review requested changes", notes: "add docs" }, { attempt: 3, base: "main", foundBy: "refinery" });

  it("is the newest kickback with its evidence, or the newest failure", () => {
    expect(lastKickback(task([]))).toBeUndefined();
    expect(lastKickback(task([{ kind: "kickback", author: "r", text: "x", kickback: stored }, { kind: "note", author: "me", text: "retry" }]))).toEqual(stored);
    expect(lastKickback(task([{ kind: "kickback", author: "r", text: "x", kickback: stored }, { kind: "failure", author: "w", text: "agent exited with code 1" }]))).toMatchObject({
      kind: "failure",
      reason: "agent exited with code 1",
    });
    expect(lastKickback(task([{ kind: "kickback", author: "r", text: "kicked back 4 times; last: validation failed: boom" }]))?.kind).toBe("validation");
  });

  it("is nothing once the work merged or was reverted since", () => {
    expect(lastKickback(task([{ kind: "kickback", author: "r", text: "x", kickback: stored }, { kind: "system", author: "r", text: "merged as abc" }]))).toBeUndefined();
    expect(lastKickback(task([{ kind: "kickback", author: "r", text: "x", kickback: stored }, { kind: "revert", author: "r", text: "reverted" }]))).toBeUndefined();
  });

  it("as a retry's reason, says a previous attempt that left nothing (its polecat died) was cut short, not at fault", () => {
    expect(retryReason(task([]), 1)).toBeUndefined();
    const cut = retryReason(task([]), 3);
    expect(cut).toMatchObject({ kind: "failure", attempt: 2, summary: "attempt 2 was cut short" });
    const section = kickbackSection(cut ?? stored, { from: "fresh", base: "main", baseCommit: "c".repeat(40), previousBranch: "polecat/t1@2" });
    expect(section).toContain("Attempt 2 **failed**: it ended without a result");
    expect(section).toContain("kept on branch `polecat/t1@2`");
    expect(retryReason(task([{ kind: "kickback", author: "r", text: "x", kickback: stored }]), 4)).toEqual(stored);
    expect(retryReason(task([{ kind: "revert", author: "r", text: "reverted" }]), 2)).toBeUndefined();
  });

  it("names the kept branch after the attempt whose work came back", () => {
    expect(attemptBranch("t1", 3)).toBe("polecat/t1@3");
    expect(previousAttempt(stored, 5)).toBe(3);
    expect(previousAttempt(undefined, 5)).toBe(4);
  });
});
