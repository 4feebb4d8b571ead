// The end of a swarm: exit codes, the summary table, the Worker Dispatch Log; and the dry run's plan.
import { describe, expect, it } from "vitest";
import type { TaskStatus } from "../../../src/core/status.js";
import { dispatchLog, leftLines, previewDispatch, resultText, summaryTable, swarmExitCode, type SlotRun, type SwarmResult } from "../../../src/runtime/swarm/index.js";
import { input, record, registry } from "./records.js";

const run = (task: string, o: Partial<SlotRun> = {}): SlotRun => ({
  slot: "claude-1",
  type: "claude",
  task,
  attempt: 1,
  result: "merge_ready",
  startedAt: 0,
  durationMs: 65_000,
  rule: "default → claude",
  ...o,
});

describe("swarmExitCode", () => {
  const tasks = (...s: TaskStatus[]) => s.map((status, i) => record(`t${i}`, status));
  it.each([
    { name: "every claimed task merge-ready or further", interrupted: undefined, slots: [], t: tasks("merge_ready", "review", "approved", "done"), code: 0 },
    { name: "no task claimed", interrupted: undefined, slots: [], t: [], code: 0 },
    { name: "a task blocked", interrupted: undefined, slots: [], t: tasks("merge_ready", "blocked"), code: 1 },
    { name: "a task kicked back to active", interrupted: undefined, slots: [], t: tasks("active"), code: 1 },
    { name: "a slot that gave up", interrupted: undefined, slots: [{ slot: "claude-1", kind: "failed" as const }], t: tasks("merge_ready"), code: 1 },
    { name: "a drain", interrupted: "drain" as const, slots: [], t: tasks("merge_ready"), code: 130 },
    { name: "a stop, even with failures", interrupted: "stop" as const, slots: [{ slot: "claude-1", kind: "failed" as const }], t: tasks("active"), code: 130 },
  ])("$name → $code", ({ interrupted, slots, t, code }) => {
    expect(swarmExitCode(interrupted, slots, t)).toBe(code);
  });

  it("is 1 when ready work was left unclaimed, even with every claimed task merged", () => {
    expect(swarmExitCode(undefined, [], tasks("done"), 1)).toBe(1);
    expect(swarmExitCode("drain", [], tasks("done"), 1)).toBe(130);
  });
});

describe("leftLines", () => {
  const none = { merging: [], behind: [], unclaimed: [] };
  it("names what waits on merges and the command to run when nobody merges", () => {
    const left = { ...none, merging: ["a", "c"], behind: [{ id: "b", on: ["a"] }, { id: "d", on: ["b", "c"] }] };
    expect(leftLines({ left, merger: "off" })).toEqual([
      "waiting on merges: with the refinery: a, c; b waits on a; d waits on b, c. Run `polecat refinery --once` to merge, then `polecat swarm` again (or `polecat swarm` without --no-refinery does both)",
    ]);
    expect(leftLines({ left, merger: "other" })).toEqual(["left to the other refinery: with the refinery: a, c; b waits on a; d waits on b, c"]);
    expect(leftLines({ left, merger: "here", interrupted: "drain" })).toEqual([]);
  });

  it("says why ready work was left unclaimed and which slots would take it", () => {
    const left = { ...none, unclaimed: [{ id: "t2", worker: "codex" }, { id: "t3", worker: "codex" }] };
    expect(leftLines({ left, merger: "here" })).toEqual(["ready but unclaimed: t2 (codex), t3 (codex): no slot of this swarm runs codex; run `polecat swarm -w codex=1`"]);
  });

  it("says nothing when nothing is left", () => {
    expect(leftLines({ left: none, merger: "here" })).toEqual([]);
  });
});

describe("summary and dispatch log", () => {
  const report: SwarmResult = {
    project: "demo",
    batch: "b1",
    composition: { claude: 2 },
    left: { merging: [], behind: [], unclaimed: [] },
    merger: "off",
    startedAt: Date.UTC(2030, 0, 1),
    finishedAt: Date.UTC(2030, 0, 1, 0, 5),
    runs: [
      run("b", { slot: "claude-2", startedAt: 2, result: "failed", reason: "stage implement: agent exited with code 1", durationMs: 900 }),
      run("a", { startedAt: 1 }),
      run("b", { startedAt: 3, attempt: 2, rule: "retry, attempt 2: default → claude" }),
    ],
    slots: [
      { slot: "claude-1", kind: "finished" },
      { slot: "claude-2", kind: "finished" },
    ],
    tasks: [record("a", "merge_ready"), record("b", "merge_ready")],
    exitCode: 0,
  };

  it("lists one row per attempt in start order", () => {
    expect(summaryTable(report).rows).toEqual([
      ["a", "claude-1", "merge_ready", "1m05s", "1"],
      ["b", "claude-2", "failed: stage implement: agent exited with code 1", "900ms", "1"],
      ["b", "claude-1", "merge_ready", "1m05s", "2"],
    ]);
  });

  it("shortens long reasons to one line", () => {
    const text = resultText({ result: "failed", reason: `line one\n${"x".repeat(200)}` });
    expect(text).not.toContain("\n");
    expect(text.length).toBeLessThanOrEqual("failed: ".length + 80);
    expect(text.endsWith("…")).toBe(true);
  });

  it("writes the Worker Dispatch Log in the dispatch format, with results", () => {
    const log = dispatchLog(report, registry());
    expect(log).toContain("## Worker Dispatch Log\n\n**Dispatched**: 2030-01-01T00:00:00.000Z\n**Swarm**: claude: 2 (batch b1)\n");
    expect(log).toMatch(/### Task Assignments\n\n\| Task \| Worker Type \| Reason +\|\n\| -+ \| -+ \| -+ \|\n\| a +\| claude +\| default → claude +\|/);
    expect(log).toContain("| b    | claude      | retry, attempt 2: default → claude |");
    expect(log).toContain("### Capacity Status\n\n- claude: 2/3\n");
    expect(log).toMatch(/### Results\n\n\| Task \| Worker +\| Result +\| Duration \| Attempt \|/);
    expect(log).toContain("**Finished**: 2030-01-01T00:05:00.000Z: 2 merge_ready in 5m; exit 0");
  });
});

describe("previewDispatch", () => {
  it("simulates the slots: longest critical path first, dependencies respected, waves over what is left", () => {
    const tasks = [
      input("short", { effort: 10, criticalPath: 10 }),
      input("long", { effort: 30, criticalPath: 50 }),
      input("after", { effort: 20, deps: ["long", "merged-already"], criticalPath: 20 }),
    ];
    const p = previewDispatch(tasks, { claude: 1 }, registry());
    expect(p.schedule.assignments.map((a) => [a.slot, a.task, a.start, a.end])).toEqual([
      ["claude-1", "long", 0, 30],
      ["claude-1", "after", 30, 50],
      ["claude-1", "short", 50, 60],
    ]);
    expect(p.waves).toEqual([["short", "long"], ["after"]]);
    expect(p.lowerBound).toBe(60);
  });

  it("lets a fallback type in only while the primary is at its max_concurrent", () => {
    const tasks = ["a", "b", "c", "d"].map((id) => input(id, { worker: "codex", fallbacks: ["gemini"], effort: 10 }));
    const p = previewDispatch(tasks, { codex: 2, gemini: 1 }, registry());
    const fallback = p.schedule.assignments.filter((a) => a.fallback);
    expect(fallback.map((a) => a.slot)).toEqual(["gemini-1"]);
    expect(p.schedule.makespan).toBe(20);
  });
});
