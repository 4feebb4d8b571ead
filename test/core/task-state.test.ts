// The pure store rules without any backend: what the PostgreSQL backend mirrors in SQL.
import { describe, expect, it } from "vitest";
import { applyTasks, canonicalJson, specHashText } from "../../src/core/task-apply.js";
import { claimTask } from "../../src/core/task-claim.js";
import { listTasks, matchesEventFilter, TaskIndex, taskKey } from "../../src/core/task-table.js";
import type { EventRecord } from "../../src/core/store.js";
import { taskInput } from "../store/conformance.js";

const hash = (text: string): string => `h${text.length}:${text}`;

function indexOf(ids: string[]): TaskIndex {
  const index = new TaskIndex();
  for (const task of applyTasks(index, { project: "p", tasks: ids.map((id) => taskInput(id)) }, 1, hash).upserts) index.set(task);
  return index;
}

describe("task state rules", () => {
  it("canonical JSON ignores key order and undefined fields", () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: "x" }] })).toBe('{"a":[{"c":"x"}],"b":1}');
    const input = taskInput("a");
    const reordered = { critical_path: input.critical_path, route: input.route, spec: { ...input.spec } };
    expect(specHashText(reordered)).toBe(specHashText(input));
  });

  it("keeps the status index in step with replacements", () => {
    const index = indexOf(["a", "b"]);
    const a = index.get(taskKey("p", "a"));
    if (a === undefined) throw new Error("missing");
    index.set({ ...a, status: "waiting" });
    expect([...index.withStatus("active")].map((t) => t.id)).toEqual(["b"]);
    expect([...index.withStatus("waiting")].map((t) => t.id)).toEqual(["a"]);
    expect(listTasks(index, { status: ["waiting", "active"] }).map((t) => t.id)).toEqual(["a", "b"]);
    index.clear();
    expect([...index.values()]).toEqual([]);
  });

  it("returns its changes without touching the table it read", () => {
    const index = indexOf(["a"]);
    const before = structuredClone([...index.values()]);
    const change = claimTask(index, { workerType: "w", owner: "o", leaseMs: 10, capacity: {} }, 5);
    expect(change.upserts).toHaveLength(1);
    expect(change.events.map((e) => e.event)).toEqual(["task.claimed"]);
    expect([...index.values()]).toEqual(before);
    expect(claimTask(index, { workerType: "other", owner: "o", leaseMs: 10, capacity: {} }, 5)).toEqual({
      result: undefined,
      upserts: [],
      events: [],
    });
  });

  it.each([
    { filter: { level: "info" as const }, levels: ["info", "warn", "error"] },
    { filter: { level: "error" as const }, levels: ["error"] },
    { filter: {}, levels: ["debug", "info", "warn", "error"] },
  ])("treats the event level filter as a minimum: $filter.level", ({ filter, levels }) => {
    const events: EventRecord[] = (["debug", "info", "warn", "error"] as const).map((level) => ({ ts: 1, event: "e", level, project: "p" }));
    expect(events.filter((e) => matchesEventFilter(e, filter)).map((e) => e.level)).toEqual(levels);
  });
});
