// Conformance: claim order, readiness, routing with capacity and fallbacks, batch and task-id claims.
import { describe, expect, it } from "vitest";
import { LONG, P, taskInput, type Kit } from "./index.js";

/** Claim rules every backend must follow. */
export function describeClaimConformance(kit: Kit): void {
  describe("claim", () => {
    it("leases the task: in_progress, attempt + 1, owner, type, times", async () => {
      await kit.store().applySpec({ project: P, tasks: [taskInput("a")] });
      const claim = await kit.claim({ owner: "host:1:abc", leaseMs: LONG });
      expect(claim?.task.id).toBe("a");
      const lease = claim?.lease;
      expect(lease).toMatchObject({ owner: "host:1:abc", worker_type: "w", attempt: 1 });
      expect(lease?.heartbeat_at).toBe(lease?.claimed_at);
      expect((lease?.expires_at ?? 0) - (lease?.claimed_at ?? 0)).toBe(LONG);
      const stored = await kit.store().get(P, "a");
      expect(stored).toMatchObject({ status: "in_progress", attempt: 1, lease, started_at: lease?.claimed_at });
      expect(claim?.task).toEqual(stored);
    });

    it("orders by priority, then critical path, then age", async () => {
      await kit.store().applySpec({
        project: P,
        tasks: [
          taskInput("low"),
          taskInput("high-short", { priority: 5, cp: 1 }),
          taskInput("high-long-old", { priority: 5, cp: 30 }),
          taskInput("high-long-new", { priority: 5, cp: 30 }),
          taskInput("mid", { priority: 2, cp: 99 }),
        ],
      });
      const order = [];
      for (let claim = await kit.claim(); claim !== undefined; claim = await kit.claim()) order.push(claim.task.id);
      expect(order).toEqual(["high-long-old", "high-long-new", "high-short", "mid", "low"]);
    });

    it("hands out only ready tasks: active, dependencies done, and writes nothing otherwise", async () => {
      await kit.store().applySpec({
        project: P,
        tasks: [taskInput("a"), taskInput("b", { depends_on: ["a"], priority: 9 }), taskInput("c", { priority: 9 })],
      });
      await kit.driveTo("c", "waiting");
      expect((await kit.claim())?.task.id).toBe("a");
      const events = await kit.store().events();
      expect(await kit.claim()).toBeUndefined();
      expect(await kit.store().events()).toEqual(events);
      await kit.store().transition({ project: P, id: "a", from: "in_progress", to: "merge_ready" });
      expect(await kit.claim()).toBeUndefined();
      await kit.store().transition({ project: P, id: "a", from: "merge_ready", to: "done" });
      expect((await kit.claim())?.task.id).toBe("b");
    });

    it("looks dependencies up in the task's own project", async () => {
      await kit.store().applySpec({ project: P, tasks: [taskInput("a"), taskInput("b", { depends_on: ["a"] })] });
      await kit.store().applySpec({ project: "q", tasks: [taskInput("a")] });
      await kit.driveTo("a", "done", "q");
      await kit.driveTo("a", "waiting");
      expect(await kit.claim()).toBeUndefined();
    });

    it("claims within the requested project only", async () => {
      await kit.store().applySpec({ project: "q", tasks: [taskInput("q1", { priority: 9 })] });
      await kit.store().applySpec({ project: P, tasks: [taskInput("p1")] });
      expect((await kit.claim({ project: P }))?.task.id).toBe("p1");
      expect((await kit.claim({ project: undefined }))?.task.id).toBe("q1");
    });

    it("gives a type its own tasks, and fallback tasks only while the primary type is at capacity", async () => {
      await kit.store().applySpec({
        project: P,
        tasks: [
          taskInput("big-1", { worker: "big", fallbacks: ["small"], priority: 9 }),
          taskInput("big-2", { worker: "big", fallbacks: ["small"], priority: 9 }),
          taskInput("small-1", { worker: "small" }),
        ],
      });
      const capacity = { big: 1 };
      expect((await kit.claim({ workerType: "small", capacity }))?.task.id).toBe("small-1");
      expect(await kit.claim({ workerType: "small", capacity })).toBeUndefined();
      expect((await kit.claim({ workerType: "big", capacity }))?.task.id).toBe("big-1");
      const fallback = await kit.claim({ workerType: "small", capacity });
      expect(fallback?.task.id).toBe("big-2");
      expect(fallback?.lease.worker_type).toBe("small");
    });

    it("never lets a fallback in when the primary type has no capacity limit", async () => {
      await kit.store().applySpec({ project: P, tasks: [taskInput("big-1", { worker: "big", fallbacks: ["small"] })] });
      expect(await kit.claim({ workerType: "small", capacity: {} })).toBeUndefined();
      expect(await kit.claim({ workerType: "other", capacity: { big: 0 } })).toBeUndefined();
    });

    it("never hands a type more tasks than its own capacity", async () => {
      await kit.store().applySpec({ project: P, tasks: [taskInput("a"), taskInput("b")] });
      expect(await kit.claim({ capacity: { w: 1 } })).toBeDefined();
      expect(await kit.claim({ capacity: { w: 1 } })).toBeUndefined();
      expect(await kit.claim({ capacity: { w: 2 } })).toBeDefined();
    });

    it("a batch claim never takes ready tasks outside the batch", async () => {
      await kit.store().applySpec({ project: P, batch: "b1", tasks: [taskInput("in-batch")] });
      await kit.store().applySpec({ project: P, tasks: [taskInput("outside", { priority: 9 })] });
      expect((await kit.claim({ batch: "b1" }))?.task.id).toBe("in-batch");
      expect(await kit.claim({ batch: "b1" })).toBeUndefined();
      expect((await kit.claim())?.task.id).toBe("outside");
    });

    it("a task-id claim takes that task only, if it is ready and routed to the type", async () => {
      await kit.store().applySpec({
        project: P,
        tasks: [taskInput("top", { priority: 9 }), taskInput("mine"), taskInput("theirs", { worker: "other" })],
      });
      await kit.store().applySpec({ project: P, tasks: [taskInput("later", { depends_on: ["mine"] })] });
      expect((await kit.claim({ taskId: "mine" }))?.task.id).toBe("mine");
      expect(await kit.claim({ taskId: "mine" })).toBeUndefined();
      expect(await kit.claim({ taskId: "later" })).toBeUndefined();
      expect(await kit.claim({ taskId: "theirs" })).toBeUndefined();
      expect(await kit.claim({ taskId: "nope" })).toBeUndefined();
    });
  });
}
