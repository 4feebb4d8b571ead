// The pure store rules without any backend: what the PostgreSQL backend mirrors in SQL.
import { describe, expect, it } from "vitest";
import { applyTasks, canonicalJson, specHashText } from "../../src/core/task-apply.js";
import { claimTask } from "../../src/core/task-claim.js";
import { claimOrder, listTasks, matchesEventFilter, TaskIndex, taskKey } from "../../src/core/task-table.js";
import type { EventRecord, TaskRecord } from "../../src/core/ports/store.js";
import { taskInput } from "./ports/store-conformance/index.js";

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

  it("keeps the claim order and the running counts in step with every kind of change", () => {
    // A seeded walk of replacements: status moves, leases of two types, priority edits, new tasks.
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const index = indexOf(Array.from({ length: 40 }, (_, i) => `t${i}`));
    const statuses = ["active", "in_progress", "waiting", "done"] as const;
    for (let step = 0; step < 400; step++) {
      if (step === 50) index.activeInClaimOrder(); // sorted from here on, kept so per change
      const key = taskKey("p", `t${random(45)}`);
      const old = index.get(key) ?? { ...[...index.values()][0], id: key.split("\u0000")[1], seq: 100 + step } as TaskRecord;
      const status = statuses[random(statuses.length)] ?? "active";
      const worker_type = random(2) === 0 ? "w" : "x";
      const { lease: _lease, ...rest } = old;
      const task: TaskRecord = {
        ...rest,
        status,
        spec: { ...old.spec, priority: random(3) },
        critical_path: random(4),
        ...(status === "in_progress" ? { lease: { owner: "o", worker_type, attempt: 1, claimed_at: 0, heartbeat_at: 0, expires_at: 1 } } : {}),
      };
      index.set(task);
      const active = [...index.withStatus("active")].sort(claimOrder);
      expect([...index.activeInClaimOrder()]).toEqual(active);
      const running = new Map<string, number>();
      for (const t of index.withStatus("in_progress")) running.set(t.lease?.worker_type ?? "", (running.get(t.lease?.worker_type ?? "") ?? 0) + 1);
      expect(new Map(index.runningByType())).toEqual(running);
    }
    index.clear();
    expect([...index.activeInClaimOrder()]).toEqual([]);
    expect(index.runningByType().size).toBe(0);
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
