// Queue state: the header's counts, and whether an idle slot should wait or leave.
import { describe, expect, it } from "vitest";
import type { TaskRecord } from "../../../src/core/ports/store.js";
import { formatCounts, leftOver, queueState, type SwarmScope } from "../../../src/runtime/swarm/index.js";
import { record } from "./records.js";

const NOW = 1_000_000;
const scope = (o: Partial<SwarmScope> = {}): SwarmScope => ({ project: "demo", types: new Set(["claude"]), ...o });

describe("queueState liveness", () => {
  it.each<{ name: string; tasks: TaskRecord[]; scope?: Partial<SwarmScope>; live: boolean }>([
    { name: "an empty queue", tasks: [], live: false },
    { name: "only finished and refinery work, nobody merging", tasks: [record("a", "done"), record("b", "merge_ready"), record("c", "review")], live: false },
    { name: "refinery work with a refinery merging (a kickback comes back)", tasks: [record("a", "done"), record("b", "merge_ready")], scope: { merging: true }, live: true },
    { name: "a ready task", tasks: [record("a", "active")], live: true },
    { name: "a task in progress (its end may free dependents)", tasks: [record("a", "in_progress", { worker: "gemini" })], live: true },
    { name: "a task backing off after a failure", tasks: [record("a", "active", { notBefore: NOW + 5_000 })], live: true },
    { name: "a task waiting on a dependency with a merging refinery", tasks: [record("a", "merge_ready"), record("b", "active", { deps: ["a"] })], scope: { merging: true }, live: true },
    { name: "a task waiting on a dependency with nobody merging", tasks: [record("a", "merge_ready"), record("b", "active", { deps: ["a"] })], live: false },
    { name: "a chain behind a dependency in progress", tasks: [record("a", "in_progress"), record("b", "active", { deps: ["a"] }), record("c", "active", { deps: ["b"] })], live: true },
    { name: "a task behind a blocked dependency", tasks: [record("a", "blocked"), record("b", "active", { deps: ["a"] })], live: false },
    { name: "a task behind a cancelled one, transitively", tasks: [record("a", "cancelled"), record("b", "active", { deps: ["a"] }), record("c", "active", { deps: ["b"] })], live: false },
    { name: "a task behind a parked (waiting) one", tasks: [record("a", "waiting"), record("b", "active", { deps: ["a"] })], live: false },
    { name: "a task behind a missing dependency", tasks: [record("b", "active", { deps: ["ghost"] })], live: false },
    { name: "a task routed to a type the swarm does not run", tasks: [record("a", "active", { worker: "gemini" })], live: false },
    { name: "a task routed elsewhere with this type as its fallback (fallbacks step in only at capacity)", tasks: [record("a", "active", { worker: "gemini", fallbacks: ["claude"] })], live: false },
    { name: "a task behind an active one nobody here takes", tasks: [record("a", "active", { worker: "gemini" }), record("b", "active", { deps: ["a"] })], live: false },
    { name: "a task of another batch", tasks: [record("a", "active", { batch: "other" })], scope: { batch: "mine" }, live: false },
    { name: "a batch task behind an active dependency outside the batch", tasks: [record("a", "active"), record("b", "active", { deps: ["a"], batch: "mine" })], scope: { batch: "mine" }, live: false },
    { name: "a batch task behind a dependency outside the batch in progress", tasks: [record("a", "in_progress"), record("b", "active", { deps: ["a"], batch: "mine" })], scope: { batch: "mine" }, live: true },
    { name: "a task of another project", tasks: [record("a", "active", { project: "other" })], live: false },
  ])("$name → live $live", ({ tasks, scope: s, live }) => {
    expect(queueState(tasks, scope(s), NOW).live).toBe(live);
  });
});

describe("leftOver", () => {
  it("lists merge-waiting work, what waits on it, and ready work no slot takes", () => {
    const tasks = [
      record("a", "merge_ready"),
      record("b", "active", { deps: ["a", "d"] }),
      record("c", "active", { worker: "codex" }),
      record("d", "done"),
      record("e", "active", { worker: "codex", deps: ["d"] }),
      record("f", "review", { batch: "other" }),
    ];
    expect(leftOver(tasks, scope())).toEqual({
      merging: ["a", "f"],
      behind: [{ id: "b", on: ["a"] }],
      unclaimed: [
        { id: "c", worker: "codex" },
        { id: "e", worker: "codex" },
      ],
    });
  });
});

describe("queueState counts", () => {
  it("counts ready, waiting, running, refinery, done and stuck over the scope", () => {
    const tasks = [
      record("ready", "active"),
      record("backoff", "active", { notBefore: NOW + 1 }),
      record("deps", "active", { deps: ["running"] }),
      record("running", "in_progress"),
      record("mr", "merge_ready"),
      record("appr", "approved"),
      record("done", "done"),
      record("blocked", "blocked"),
      record("parked", "waiting"),
      record("elsewhere", "active", { batch: "b2" }),
    ];
    const { counts } = queueState(tasks, scope(), NOW);
    expect(counts).toEqual({ ready: 2, waiting: 2, running: 1, refinery: 2, done: 1, stuck: 2 });
    expect(queueState(tasks, scope({ batch: "b2" }), NOW).counts).toEqual({ ready: 1, waiting: 0, running: 0, refinery: 0, done: 0, stuck: 0 });
    expect(formatCounts(counts)).toBe("2 ready · 1 running · 2 waiting · 2 with the refinery · 1 done · 2 stuck");
  });
});
