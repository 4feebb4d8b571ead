// `polecat analyze` on the recorded run: why each task is where it is, and the next step.
import { describe, expect, it } from "vitest";
import { analyzeView, renderAnalyze } from "../../../src/core/views/analyze.js";
import type { TaskRecord } from "../../../src/core/ports/store.js";
import { MIN, recordedRun, taskOf } from "./fixture.js";

const run = recordedRun();
const analyze = (task: TaskRecord, now = run.now, tasks = run.tasks) => analyzeView(task, tasks, run.events, run.logTail(task.id), now);

describe("analyzeView on the recorded run", () => {
  it.each([
    ["flaky-test", "blocked after 3 failed attempts: fix the task then `polecat task retry flaky-test --note \"what changed\"`"],
    ["e2e", "waiting on flaky-test (blocked): flaky-test is blocked, so this task cannot run until it is resolved (see `polecat analyze flaky-test`)"],
    ["metrics", "running on codex-1 (codex) for 15m; follow it with `polecat logs --follow --task metrics`"],
    ["ui-list", "finished; the refinery merges it on its next pass (`polecat refinery --once`)"],
    ["rate-limit", "waiting for engineer review; the refinery runs the reviewer on its next pass (`polecat refinery --once`)"],
    ["cleanup", "cancelled (withdrawn: legacy cart is still used by the mobile app); if it is still wanted, `polecat task set cleanup --status active`"],
  ])("%s: %s", (id, step) => {
    expect(analyze(taskOf(run, id)).next_step).toBe(step);
  });

  it("explains a task blocked by failures: attempts, failure notes, runs, dependents, log tail", () => {
    const v = analyze(taskOf(run, "flaky-test"));
    expect(v).toMatchObject({ status: "blocked", attempts: 3, failures: 3, blockers: [], dependents: ["e2e"] });
    expect(v.reason).toMatch(/^failed 3 attempts: agent exited with code 1/);
    expect(v.failure_notes.map((n) => n.text)).toEqual([
      "no changes: the agent finished without committing",
      "validation failed: checkout.spec.ts timed out after 30s",
      "agent exited with code 1: could not reproduce the flake",
    ]);
    expect(v.runs.map((r) => r.outcome)).toEqual(["failed", "failed", "blocked"]);
    expect(v.history.every((e) => e.task_id === "flaky-test" && e.level !== "debug")).toBe(true);
    expect(v.history.at(-1)?.event).toBe("task.failed");
    expect(v.log_tail.at(-1)).toBe("agent exited with code 1");
    const text = renderAnalyze(v).join("\n");
    expect(text).toContain("flaky-test: Stabilise the checkout test");
    expect(text).toContain("Attempts: 3, failed: 3, kickbacks: 0");
    expect(text).toContain("Waiting on it: e2e");
    expect(text).toMatch(/#3\s+claude-2\s+2025-03-14 10:10:00Z\s+8m\s+blocked\s+implement → test/);
    expect(text).toContain("  | Error: could not reproduce the flake in 20 runs");
    expect(text.split("\n").at(-1)).toBe(`Next step: ${v.next_step}`);
  });

  it("shows kickbacks with their reasons, and drops the stale reason of a merged task", () => {
    const v = analyze(taskOf(run, "cache"));
    expect(v.kickbacks).toEqual([{ ts: run.started_at + 46 * MIN, kind: "kickback", author: "refinery", text: "conflict: src/catalog/lookup.ts" }]);
    expect(v.reason).toBeUndefined();
    expect(v.next_step).toBe(`merged as ${taskOf(run, "cache").merge_commit}; nothing to do`);
    const text = renderAnalyze(v).join("\n");
    expect(text).toContain("Kickbacks:\n  2025-03-14 09:46:00Z refinery: conflict: src/catalog/lookup.ts");
    expect(text).toContain("Status: done\n");
  });

  it("shows the lease of a running task, and says when it expired", () => {
    const v = analyze(taskOf(run, "metrics"), run.now + 10 * MIN);
    expect(v.lease).toEqual({
      slot: "codex-1",
      owner: "fixture-host:4242:codex-1",
      worker_type: "codex",
      attempt: 1,
      elapsed_ms: 25 * MIN,
      heartbeat_age_ms: 15 * MIN,
      expires_in_ms: -5 * MIN,
      expired: true,
    });
    expect(v.next_step).toBe("lease expired 5m ago: `polecat janitor` will reap it and count a failed attempt");
    expect(renderAnalyze(v).join("\n")).toContain("Lease: codex-1 (codex, owner fixture-host:4242:codex-1) attempt #1, running 25m, heartbeat 15m ago, expired 5m ago");
  });

  it("is plain JSON for --json", () => {
    const v = analyze(taskOf(run, "cache"));
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });
});

describe("analyzeView next steps in other states", () => {
  const e2e = taskOf(run, "e2e");
  const withStatus = (id: string, patch: Partial<TaskRecord>): TaskRecord[] =>
    run.tasks.map((t) => (t.id === id ? { ...t, ...patch } : t));

  it.each<[string, Partial<TaskRecord>, TaskRecord[], string]>([
    ["ready once its dependency is done", {}, withStatus("flaky-test", { status: "done" }), "ready: the next `polecat swarm` with a claude (or codex) slot will claim it"],
    [
      "backing off after a failure",
      { failures: 1, not_before: run.now + 90_000 },
      withStatus("flaky-test", { status: "done" }),
      "backing off after 1 failed attempt: claimable again in 1m30s",
    ],
    [
      "waiting on dependencies that are merely unfinished",
      {},
      withStatus("flaky-test", { status: "in_progress" }),
      "waiting on flaky-test (in_progress): it becomes ready when they are merged; nothing to do",
    ],
    [
      "depending on a task the store does not have",
      { spec: { ...e2e.spec, depends_on: ["ghost"] } },
      run.tasks,
      "waiting on ghost (missing): ghost is missing, so this task cannot run until it is resolved (add it to the spec or drop the dependency)",
    ],
    [
      "blocked after too many kickbacks",
      {
        status: "blocked",
        kickbacks: 3,
        notes: [1, 2, 3].map((i) => ({ ts: i, kind: "kickback" as const, author: "refinery", text: `validation failed #${i}` })),
      },
      withStatus("flaky-test", { status: "done" }),
      'blocked after 3 kickbacks: resolve "validation failed #3" then `polecat task retry e2e --note "what changed"`',
    ],
    [
      "blocked for another reason",
      { status: "blocked", reason: "review gave no valid answer" },
      withStatus("flaky-test", { status: "done" }),
      "blocked: review gave no valid answer; once resolved, `polecat task retry e2e --note \"what changed\"`",
    ],
  ])("%s", (_name, patch, tasks, step) => {
    expect(analyze({ ...e2e, ...patch }, run.now, tasks).next_step).toBe(step);
  });
});
