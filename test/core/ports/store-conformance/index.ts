// The TaskStore conformance suite: every backend (file, PostgreSQL) runs it with its own factory.
// Time: a backend may hand over a controllable clock; without one the suite waits in real time, so all
// durations below are short but far enough apart that a busy machine cannot reorder them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPolecatError, type ErrorCode } from "../../../../src/core/errors.js";
import type { TaskSpec } from "../../../../src/core/spec.js";
import type { TaskStatus } from "../../../../src/core/status.js";
import type { ClaimRequest, LeaseRef, TaskInput, TaskStore } from "../../../../src/core/ports/store.js";
import { describeClaimConformance } from "./claim.js";
import { describeEventConformance } from "./events.js";
import { describeLeaseConformance } from "./lease.js";

/** What a backend hands the suite for one test. */
export interface StoreHarness {
  store: TaskStore;
  /** Moves the store's clock forward; without it the suite sleeps. */
  clock?: { advance(ms: number): void };
  cleanup(): Promise<void>;
}

/** Opens a fresh, empty store. */
export type StoreFactory = () => Promise<StoreHarness>;

/** The project most tests use. */
export const P = "proj";
/** A lease that outlives any test. */
export const LONG = 600_000;
/** A lease that expires within one `elapse(PAST_SHORT)`. */
export const SHORT = 250;
/** Comfortably past SHORT. */
export const PAST_SHORT = 600;

/** A task routed to `worker` (default `w`). */
export function taskInput(
  id: string,
  opts: Partial<Pick<TaskSpec, "depends_on" | "priority" | "tags" | "title">> & {
    worker?: string;
    fallbacks?: string[];
    cp?: number;
  } = {},
): TaskInput {
  return {
    spec: {
      id,
      title: opts.title ?? `task ${id}`,
      description: `do ${id}`,
      depends_on: opts.depends_on ?? [],
      tags: opts.tags ?? [],
      files: [],
      priority: opts.priority ?? 0,
      needs: [],
      pipeline: ["code"],
      acceptance: [],
    },
    route: { worker: opts.worker ?? "w", rule: "test", fallbacks: opts.fallbacks ?? [] },
    critical_path: opts.cp ?? 1,
  };
}

/** Expects a promise to reject with a PolecatError of `code`. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPolecatError(error) ? error.code : error).toBe(code);
}

/** Per-test helpers over the harness the suite opened. */
export interface Kit {
  store: () => TaskStore;
  elapse(ms: number): Promise<void>;
  claim(extra?: Partial<ClaimRequest>): ReturnType<TaskStore["claim"]>;
  /** Claims one task by id and returns its lease reference. */
  claimId(id: string, extra?: Partial<ClaimRequest>): Promise<LeaseRef>;
  /** Moves a fresh `active` task along legal moves to `status`. */
  driveTo(id: string, status: TaskStatus, project?: string): Promise<void>;
}

/** Registers the whole suite for one backend. */
export function describeStoreConformance(name: string, makeStore: StoreFactory): void {
  describe(`TaskStore conformance: ${name}`, () => {
    let harness: StoreHarness;
    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(async () => {
      await harness.store.close();
      await harness.cleanup();
    });

    const kit: Kit = {
      store: () => harness.store,
      async elapse(ms) {
        if (harness.clock) harness.clock.advance(ms);
        else await new Promise((resolve) => setTimeout(resolve, ms));
      },
      claim: (extra = {}) =>
        harness.store.claim({ project: P, workerType: "w", owner: "owner-1", leaseMs: LONG, capacity: {}, ...extra }),
      async claimId(id, extra = {}) {
        const claim = await kit.claim({ taskId: id, project: extra.project ?? P, ...extra });
        if (claim === undefined) throw new Error(`task ${id} was not claimable`);
        return { project: claim.task.project, id, attempt: claim.lease.attempt, owner: claim.lease.owner };
      },
      async driveTo(id, status, project = P) {
        const store = harness.store;
        const move = (from: TaskStatus, to: TaskStatus, lease?: LeaseRef) => store.transition({ project, id, from, to, lease });
        if (["waiting", "blocked", "cancelled"].includes(status)) await move("active", status);
        if (!["in_progress", "merge_ready", "review", "approved", "done"].includes(status)) return;
        const lease = await kit.claimId(id, { project });
        if (status === "in_progress") return;
        await move("in_progress", "merge_ready", lease);
        if (status !== "merge_ready") await move("merge_ready", status);
      },
    };

    describeApplyConformance(kit);
    describeClaimConformance(kit);
    describeLeaseConformance(kit);
    describeEventConformance(kit);
  });
}

function describeApplyConformance(kit: Kit): void {
  describe("applySpec, get, list", () => {
    it("adds new tasks as active, in creation order", async () => {
      const result = await kit.store().applySpec({ project: P, tasks: ["a", "b", "c"].map((id) => taskInput(id)) });
      expect(result).toEqual({ added: ["a", "b", "c"], updated: [], unchanged: [], skipped: [] });
      const tasks = await kit.store().list({ project: P });
      expect(tasks.map((t) => [t.id, t.status, t.attempt, t.failures, t.kickbacks])).toEqual([
        ["a", "active", 0, 0, 0],
        ["b", "active", 0, 0, 0],
        ["c", "active", 0, 0, 0],
      ]);
      expect(tasks[0]?.seq).toBeLessThan(tasks[1]?.seq ?? 0);
      expect(tasks[0]?.spec).toEqual(taskInput("a").spec);
      expect(tasks[0]?.spec_hash).not.toBe("");
      expect(await kit.store().get(P, "zzz")).toBeUndefined();
    });

    it("re-applying the same spec changes nothing", async () => {
      const input = { project: P, tasks: ["a", "b"].map((id) => taskInput(id)) };
      await kit.store().applySpec(input);
      const before = await kit.store().list();
      const eventsBefore = await kit.store().events();
      await kit.elapse(10);
      expect(await kit.store().applySpec(input)).toEqual({ added: [], updated: [], unchanged: ["a", "b"], skipped: [] });
      expect(await kit.store().list()).toEqual(before);
      expect(await kit.store().events()).toEqual(eventsBefore);
    });

    it("updates edited tasks while unclaimed, skips claimed or finished ones, adds new ones", async () => {
      const ids = ["act", "wait", "blk", "run", "mr", "done"];
      await kit.store().applySpec({ project: P, tasks: ids.map((id) => taskInput(id)) });
      await kit.driveTo("wait", "waiting");
      await kit.driveTo("blk", "blocked");
      await kit.driveTo("run", "in_progress");
      await kit.driveTo("mr", "merge_ready");
      await kit.driveTo("done", "done");
      const edited = [...ids, "new"].map((id) => taskInput(id, { title: `edited ${id}` }));
      expect(await kit.store().applySpec({ project: P, tasks: edited })).toEqual({
        added: ["new"],
        updated: ["act", "wait", "blk"],
        unchanged: [],
        skipped: ["run", "mr", "done"],
      });
      const byId = new Map((await kit.store().list()).map((t) => [t.id, t]));
      expect(byId.get("wait")?.spec.title).toBe("edited wait");
      expect(byId.get("wait")?.status).toBe("waiting");
      expect(byId.get("run")?.spec.title).toBe("task run");
      expect(byId.get("run")?.status).toBe("in_progress");
    });

    it("a route or critical-path change is an edit too", async () => {
      await kit.store().applySpec({ project: P, tasks: [taskInput("a"), taskInput("b")] });
      const result = await kit.store().applySpec({ project: P, tasks: [taskInput("a", { worker: "other" }), taskInput("b", { cp: 9 })] });
      expect(result.updated).toEqual(["a", "b"]);
      expect((await kit.store().get(P, "a"))?.route.worker).toBe("other");
      expect((await kit.store().get(P, "b"))?.critical_path).toBe(9);
    });

    it("tags the tasks of a batch apply and keeps the tag on a plain re-apply", async () => {
      await kit.store().applySpec({ project: P, batch: "b1", tasks: [taskInput("x")] });
      expect((await kit.store().get(P, "x"))?.batch).toBe("b1");
      expect((await kit.store().applySpec({ project: P, batch: "b1", tasks: [taskInput("x")] })).unchanged).toEqual(["x"]);
      expect((await kit.store().applySpec({ project: P, tasks: [taskInput("x")] })).unchanged).toEqual(["x"]);
      expect((await kit.store().applySpec({ project: P, batch: "b2", tasks: [taskInput("x")] })).updated).toEqual(["x"]);
      expect((await kit.store().get(P, "x"))?.batch).toBe("b2");
    });

    it("rejects the same id twice in one apply and writes nothing", async () => {
      await expectCode(kit.store().applySpec({ project: P, tasks: [taskInput("a"), taskInput("a")] }), "E_SPEC_INVALID");
      expect(await kit.store().list()).toEqual([]);
    });

    it.each([
      { name: "project", filter: { project: "q" }, ids: ["q1"] },
      { name: "one status", filter: { status: "waiting" as const }, ids: ["b"] },
      { name: "several statuses", filter: { status: ["waiting", "in_progress"] as TaskStatus[] }, ids: ["b", "c"] },
      { name: "batch", filter: { batch: "nightly" }, ids: ["d"] },
      { name: "tag", filter: { tag: "docs" }, ids: ["a", "d"] },
      { name: "ids", filter: { ids: ["c", "a"] }, ids: ["a", "c"] },
      { name: "combined", filter: { project: P, tag: "docs", status: "active" as const }, ids: ["a", "d"] },
    ])("lists by $name", async ({ filter, ids }) => {
      const store = kit.store();
      await store.applySpec({ project: P, tasks: [taskInput("a", { tags: ["docs"] }), taskInput("b"), taskInput("c")] });
      await store.applySpec({ project: P, batch: "nightly", tasks: [taskInput("d", { tags: ["docs", "bulk"] })] });
      await store.applySpec({ project: "q", tasks: [taskInput("q1", { tags: ["x"] })] });
      await kit.driveTo("b", "waiting");
      await kit.driveTo("c", "in_progress");
      expect((await store.list(filter)).map((t) => t.id)).toEqual(ids);
    });
  });
}
