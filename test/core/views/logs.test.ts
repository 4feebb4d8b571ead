// `polecat logs` on the recorded run: filters, the human line, and --json lines that are the log's own.
import { describe, expect, it } from "vitest";
import { filterEvents, formatEvent, parseLevel } from "../../../src/core/views/logs.js";
import { recordedRun } from "./fixture.js";

const run = recordedRun();

describe("filterEvents", () => {
  it("selects one task's events in order", () => {
    const events = filterEvents(run.events, { task: "i18n" });
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((e) => e.task_id === "i18n")).toBe(true);
    expect(events.map((e) => e.event)).toContain("task.reaped");
  });

  it("treats --level as a minimum severity", () => {
    const warn = filterEvents(run.events, { level: "warn" });
    expect(warn.map((e) => e.level).every((l) => l === "warn" || l === "error")).toBe(true);
    expect(warn.filter((e) => e.event === "task.failed")).toHaveLength(4);
    expect(filterEvents(run.events, { level: "info" }).some((e) => e.level === "debug")).toBe(false);
    expect(filterEvents(run.events, { level: "debug" })).toHaveLength(run.events.length);
    expect(filterEvents(run.events, { level: "error" })).toEqual([]);
  });

  it("combines task, level, project and since", () => {
    const since = run.started_at + 60 * 60_000;
    const picked = filterEvents(run.events, { project: "shop", task: "flaky-test", level: "warn", since });
    expect(picked.map((e) => formatEvent(e))).toEqual([
      "2025-03-14 10:18:00Z WARN  slot.finished flaky-test @claude-2 #3",
      "2025-03-14 10:18:00Z WARN  task.failed flaky-test @claude-2 in_progress → blocked #3 — agent exited with code 1: could not reproduce the flake",
    ]);
    expect(filterEvents(run.events, { project: "other" })).toEqual([]);
  });

  it("gives --json lines identical to the log's own", () => {
    const picked = filterEvents(run.events, { task: "cache" });
    const raw = run.lines.filter((l) => (JSON.parse(l) as { task_id?: string }).task_id === "cache");
    expect(picked.map((e) => JSON.stringify(e))).toEqual(raw);
  });
});

describe("formatEvent", () => {
  it("writes the labels an event has, its stage, and the first line of a long message", () => {
    const stage = run.events.find((e) => e.event === "slot.stage" && e.task_id === "metrics" && e.data?.stage === "test");
    expect(stage && formatEvent(stage)).toBe("2025-03-14 10:31:00Z INFO  slot.stage metrics @codex-1 #1 [test]");
    const added = run.events[0];
    expect(added && formatEvent(added)).toBe("2025-03-14 09:00:00Z INFO  task.added schema → active");
    expect(formatEvent({ ts: 0, event: "refinery.validate", level: "error", project: "p", message: "validation failed:\nline 1\nline 2" })).toBe(
      "1970-01-01 00:00:00Z ERROR refinery.validate — validation failed: (+2 lines)",
    );
  });
});

describe("parseLevel", () => {
  it.each([
    ["warn", "warn"],
    ["ERROR", "error"],
    ["debug", "debug"],
    ["warning", undefined],
    ["", undefined],
  ])("%j → %j", (text, level) => {
    expect(parseLevel(text)).toBe(level);
  });
});
