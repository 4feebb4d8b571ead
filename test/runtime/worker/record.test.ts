// What git's finish result means for a task (pure mapping).
import { describe, expect, it } from "vitest";
import type { FinishResult } from "../../../src/adapters/git/index.js";
import { finishToResult, type WorkerResult } from "../../../src/runtime/worker/index.js";

describe("finishToResult", () => {
  it.each<{ finish: FinishResult; result: WorkerResult }>([
    {
      finish: { kind: "merge_ready", branch: "polecat/t1", head: "abc", autoCommitted: true },
      result: { kind: "merge_ready", branch: "polecat/t1", head: "abc" },
    },
    { finish: { kind: "no_changes" }, result: { kind: "blocked", reason: "no changes" } },
    {
      finish: { kind: "conflict", files: ["a.ts", "b/c.ts"] },
      result: { kind: "kicked_back", files: ["a.ts", "b/c.ts"], reason: "rebase onto origin/dev conflicts in a.ts, b/c.ts" },
    },
    {
      finish: { kind: "push_failed", reason: "stale: origin moved" },
      result: { kind: "failed", cause: "push", reason: "push failed: stale: origin moved" },
    },
  ])("$finish.kind → $result.kind", ({ finish, result }) => {
    expect(finishToResult(finish, "dev")).toEqual(result);
  });
});
