import { describe, expect, it } from "vitest";
import { selectCandidates } from "../../../src/core/refinery/candidates.js";
import type { TaskStatus } from "../../../src/core/status.js";
import type { TaskRecord } from "../../../src/core/ports/store.js";

const rec = (id: string, status: TaskStatus, priority: number, finished_at: number | undefined, seq: number): TaskRecord => ({
  project: "p",
  id,
  spec: { id, title: id, description: "", depends_on: [], tags: [], files: [], priority, needs: [], pipeline: [], acceptance: [] },
  spec_hash: id,
  status,
  route: { worker: "w", rule: "default", fallbacks: [] },
  critical_path: 1,
  attempt: 1,
  failures: 0,
  kickbacks: 0,
  notes: [],
  seq,
  created_at: 0,
  updated_at: 500 + seq,
  ...(finished_at === undefined ? {} : { finished_at }),
});

describe("selectCandidates", () => {
  const tasks = [
    rec("old-low", "merge_ready", 0, 100, 0),
    rec("new-high", "merge_ready", 2, 300, 1),
    rec("old-high", "approved", 2, 200, 2),
    rec("in-review", "review", 9, 50, 3),
    rec("working", "in_progress", 9, undefined, 4),
    rec("tie-b", "merge_ready", 1, 150, 6),
    rec("tie-a", "merge_ready", 1, 150, 5),
    rec("no-finish", "approved", 0, undefined, 7),
  ];

  it("orders eligible tasks by priority, then oldest finish, then creation", () => {
    expect(selectCandidates(tasks, 10).map((t) => t.id)).toEqual(["old-high", "new-high", "tie-a", "tie-b", "old-low", "no-finish"]);
  });

  it.each([
    { size: 2, ids: ["old-high", "new-high"] },
    { size: 0, ids: [] },
  ])("takes at most the batch size ($size)", ({ size, ids }) => {
    expect(selectCandidates(tasks, size).map((t) => t.id)).toEqual(ids);
  });

  it("leaves the input order alone", () => {
    const before = tasks.map((t) => t.id);
    selectCandidates(tasks, 10);
    expect(tasks.map((t) => t.id)).toEqual(before);
  });
});
