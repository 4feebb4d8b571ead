// What a squash commit says about who made the change: the worker type and agent, the reviewer, the trailers.
import { describe, expect, it } from "vitest";
import { squashAuthor, squashInfo, squashMessage, workerIdentity } from "../../../src/core/refinery/authorship.js";
import type { WorkerRegistry } from "../../../src/core/spec.js";
import type { TaskRecord } from "../../../src/core/ports/store.js";
import { record } from "../../runtime/swarm/records.js";

const registry = {
  workers: {
    claude: { name: "claude", author: "Claude Code <noreply@anthropic.com>" },
    codex: { name: "codex" },
  },
} as unknown as WorkerRegistry;

function task(patch: Partial<TaskRecord>): TaskRecord {
  return { ...record("clamp", "approved", { worker: "claude" }), attempt: 2, started_at: 100, ...patch };
}

describe("squash authorship", () => {
  it("a worker type's identity: its registry author, else polecat <type>", () => {
    expect(workerIdentity("claude", registry)).toBe("Claude Code <noreply@anthropic.com>");
    expect(workerIdentity("codex", registry)).toBe("polecat codex <polecat+codex@localhost>");
    expect(workerIdentity("gone", undefined)).toBe("polecat gone <polecat+gone@localhost>");
  });

  it("names the worker type of the last run, its model, and the approving reviewer with the notes in the body", () => {
    const t = task({
      last_run: { worker_type: "claude", dialect: "claude", attempt: 2, model: "claude-sonnet-4-5" },
      notes: [
        { ts: 50, kind: "review", author: "codex", text: "approved: from an older attempt" },
        { ts: 150, kind: "review", author: "refinery", text: "sent to review: complexity requires-judgment" },
        { ts: 160, kind: "review", author: "codex", text: "approved: Clean.\nConsider a doc comment." },
      ],
    });
    const info = squashInfo(t, registry);
    expect(squashAuthor(info)).toBe("Claude Code <noreply@anthropic.com>");
    expect(squashMessage(info)).toBe(
      [
        "Task clamp (clamp)",
        "",
        "Squash-merged by the polecat refinery from polecat/clamp.",
        "Worker: claude (model claude-sonnet-4-5).",
        "",
        "Reviewed by codex: approved.",
        "",
        "Clean.",
        "Consider a doc comment.",
        "",
        "Co-authored-by: Claude Code (claude-sonnet-4-5) <noreply@anthropic.com>",
        "Co-authored-by: polecat codex <polecat+codex@localhost>",
        "Polecat-Task: clamp",
        "Polecat-Attempt: 2",
        "",
      ].join("\n"),
    );
  });

  it("falls back to the route without a run, and names no reviewer for an unreviewed task or one approved in an older attempt", () => {
    const info = squashInfo(task({ route: { worker: "codex", rule: "default", fallbacks: [] }, notes: [{ ts: 50, kind: "review", author: "codex", text: "approved" }] }), registry);
    expect(info.review).toBeUndefined();
    expect(squashMessage(info)).toContain("Worker: codex.\n\nCo-authored-by: polecat codex <polecat+codex@localhost>\nPolecat-Task: clamp\nPolecat-Attempt: 2\n");
    expect(squashMessage({ id: "x", title: "", attempt: 1 })).toBe("task x (x)\n\nSquash-merged by the polecat refinery from polecat/x.\n\nPolecat-Task: x\nPolecat-Attempt: 1\n");
  });
});
