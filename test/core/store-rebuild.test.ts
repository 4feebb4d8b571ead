// Deciding a file store's problems and its rebuild from the files found: gaps past the snapshot, damage, what is lost.
import { describe, expect, it } from "vitest";
import type { TaskRecord } from "../../src/core/ports/store.js";
import type { TaskStatus } from "../../src/core/status.js";
import { planRebuild, storeProblems, type FoundFile } from "../../src/core/store-rebuild.js";
import { taskRecordProblems } from "../../src/core/task-record-shape.js";

const task = (id: string, status: TaskStatus = "active"): TaskRecord => ({
    project: "p",
    id,
    spec: { id, title: id, description: "", depends_on: [], tags: [], files: [], priority: 0, needs: [], pipeline: [], acceptance: [] },
    spec_hash: "h",
    status,
    route: { worker: "w", rule: "default", fallbacks: [] },
    critical_path: 1,
    attempt: 0,
    failures: 0,
    kickbacks: 0,
    notes: [],
    seq: 1,
    created_at: 0,
    updated_at: 0,
});
const whole = (kind: FoundFile["kind"], seq: number, ...tasks: TaskRecord[]): FoundFile => ({ name: `${kind}-${seq}`, kind, seq, tasks, problems: [], names: [] });
const damaged = (seq: number, names: string[] = []): FoundFile => ({ name: `log-${seq}`, kind: "log", seq, problems: ["bad"], names });

describe("store problems", () => {
  it("change files a snapshot covers may be gone; a missing one past it is a gap, one problem per run", () => {
    const files = [whole("snap", 10, task("a")), whole("log", 11), whole("log", 14), damaged(15)];
    expect(storeProblems(files, { seq: 10 }, "CURRENT")).toEqual([
      { file: "log-15", problem: "bad" },
      { file: "log-000000000012.json", problem: "missing: changes 12..13 lost, later changes exist" },
    ]);
  });

  it("names a CURRENT that is not a number or names a missing snapshot", () => {
    expect(storeProblems([whole("log", 1)], { problem: "not a change number: x" }, "CURRENT")).toEqual([{ file: "CURRENT", problem: "not a change number: x" }]);
    expect(storeProblems([whole("log", 1)], { seq: 7 }, "CURRENT")).toEqual([{ file: "CURRENT", problem: "names snapshot 7, which is missing" }]);
  });
});

describe("the rebuild", () => {
  it("starts from the newest whole snapshot, applies whole change files after it, reports lost changes and stale tasks", () => {
    const files = [
      whole("snap", 5, task("a"), task("b"), task("c")),
      whole("log", 6, task("a", "blocked")),
      damaged(7, ["p/b"]),
      whole("log", 9, task("c", "cancelled")),
    ];
    const r = planRebuild(files);
    expect(r.base).toBe("snap-5");
    expect(r.applied).toEqual(["log-6", "log-9"]);
    expect(r.seq).toBe(10);
    expect(r.tasks.map((t) => `${t.id}:${t.status}`).sort()).toEqual(["a:blocked", "b:active", "c:cancelled"]);
    expect(r.lost).toEqual(["change 7 (log-7 damaged): wrote p/b", "change 8 (missing): what they wrote is unknown"]);
    expect(r.stale).toEqual(["p/a", "p/b"]);
  });

  it("falls back past a damaged snapshot; with nothing whole it rebuilds an empty store past every number found", () => {
    const bad: FoundFile = { name: "snap-3", kind: "snap", seq: 3, problems: ["bad"], names: [] };
    expect(planRebuild([whole("log", 1, task("a")), whole("log", 2), bad, whole("log", 3)])).toMatchObject({ applied: ["log-1", "log-2", "log-3"], seq: 4, lost: [] });
    expect(planRebuild([damaged(1)])).toMatchObject({ tasks: [], seq: 2, lost: ["change 1 (log-1 damaged)"] });
  });
});

describe("task record shape", () => {
  it("accepts a record the store wrote and names each wrong field of one it did not", () => {
    expect(taskRecordProblems(task("a"))).toEqual([]);
    expect(taskRecordProblems({ ...task("a"), status: "sideways", attempt: "1", lease: { owner: "o" } })).toEqual([
      'status is wrong: "sideways"',
      'attempt is wrong: "1"',
      "lease.worker_type is missing",
      "lease.attempt is missing",
      "lease.claimed_at is missing",
      "lease.heartbeat_at is missing",
      "lease.expires_at is missing",
    ]);
    expect(taskRecordProblems(null)).toEqual(["not a task record: wrong: null"]);
  });
});
