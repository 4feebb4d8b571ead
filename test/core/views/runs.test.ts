// Runs, failures and kickbacks read from the event log: the recorded run, and logs missing event kinds.
import { describe, expect, it } from "vitest";
import { isFailure, isKickback, taskRuns } from "../../../src/core/views/runs.js";
import type { EventRecord } from "../../../src/core/ports/store.js";
import { MIN, recordedRun } from "./fixture.js";

const run = recordedRun();
const runs = taskRuns(run.events);
const of = (id: string) => runs.filter((r) => r.task_id === id);

describe("taskRuns on the recorded run", () => {
  it("finds every attempt, a task that ran three times three times", () => {
    expect(runs).toHaveLength(16);
    expect(of("cache").map((r) => [r.attempt, r.slot, r.outcome])).toEqual([
      [1, "claude-2", "failed"],
      [2, "claude-2", "finished"],
      [3, "claude-2", "finished"],
    ]);
    expect(of("flaky-test").map((r) => r.outcome)).toEqual(["failed", "failed", "blocked"]);
    expect(of("i18n").map((r) => r.outcome)).toEqual(["failed", "finished"]);
    expect(of("cleanup")).toEqual([]);
  });

  it("keeps the running attempt open with its stages and worker type", () => {
    const [metrics] = of("metrics");
    expect(metrics).toMatchObject({ slot: "codex-1", worker_type: "codex", outcome: "running", start: run.started_at + 80 * MIN });
    expect(metrics?.end).toBeUndefined();
    expect(metrics?.stages.map((s) => s.stage)).toEqual(["implement", "test"]);
  });

  it("ends a finished run at the store's move to merge_ready", () => {
    const [auth] = of("api-auth");
    expect(auth?.end).toBe(run.started_at + 22.2 * MIN);
  });

  it("counts failures and kickbacks from from/to", () => {
    expect(run.events.filter(isFailure).map((e) => e.task_id)).toEqual(["cache", "flaky-test", "i18n", "flaky-test", "flaky-test"]);
    expect(run.events.filter(isKickback).map((e) => [e.task_id, e.message])).toEqual([["cache", "conflict: src/catalog/lookup.ts"]]);
  });
});

describe("taskRuns with event kinds missing", () => {
  const base = { level: "info", project: "p", task_id: "t" } as const;
  const ev = (ts: number, fields: Partial<EventRecord>): EventRecord => ({ ts, event: "x", ...base, ...fields });

  it("uses the swarm's slot events alone, ending runs as `ended`", () => {
    const r = taskRuns([
      ev(1, { event: "slot.started", worker_id: "s-1", attempt: 1 }),
      ev(2, { event: "slot.stage", worker_id: "s-1", data: { stage: "implement" } }),
      ev(5, { event: "slot.finished", worker_id: "s-1" }),
    ]);
    expect(r).toEqual([{ task_id: "t", attempt: 1, slot: "s-1", start: 1, end: 5, outcome: "ended", stages: [{ stage: "implement", start: 2 }] }]);
  });

  it("uses the store's events alone, without stages", () => {
    const r = taskRuns([
      ev(1, { event: "task.claimed", worker_id: "w", from: "active", to: "in_progress", attempt: 1 }),
      ev(9, { event: "task.reset_stalled", worker_id: "w", from: "in_progress", to: "active", attempt: 1 }),
    ]);
    expect(r).toMatchObject([{ slot: "w", start: 1, end: 9, outcome: "reset", stages: [] }]);
  });

  it("closes a run whose end was never logged when the task is claimed again", () => {
    const claim = (ts: number, attempt: number): EventRecord =>
      ev(ts, { event: "task.claimed", worker_id: `w${attempt}`, from: "active", to: "in_progress", attempt });
    expect(taskRuns([claim(1, 1), claim(4, 2)]).map((r) => [r.slot, r.end, r.outcome])).toEqual([
      ["w1", 4, "released"],
      ["w2", undefined, "running"],
    ]);
  });
});
