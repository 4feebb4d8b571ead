// Conformance: notes and the event log.
import { describe, expect, it } from "vitest";
import { expectCode, P, PAST_SHORT, SHORT, taskInput, type Kit } from "./index.js";

/** Note and event rules every backend must follow. */
export function describeEventConformance(kit: Kit): void {
  const setup = (...ids: string[]) => kit.store().applySpec({ project: P, tasks: ids.map((id) => taskInput(id)) });

  describe("notes and events", () => {
    it("appends notes in any status", async () => {
      await setup("a");
      await kit.driveTo("a", "done");
      const task = await kit.store().appendNote(P, "a", { kind: "review", author: "eng", text: "looks good" });
      expect(task.notes.at(-1)).toMatchObject({ kind: "review", author: "eng", text: "looks good" });
      expect(task.notes.at(-1)?.ts).toBe(task.updated_at);
      await expectCode(kit.store().appendNote(P, "nope", { kind: "note", author: "x", text: "y" }), "E_NOT_FOUND");
    });

    it("logs one event per change with the fields every log stack needs", async () => {
      await setup("a", "b");
      const ref = await kit.claimId("a", { owner: "host:9:ff" });
      await kit.store().transition({ project: P, id: "a", from: "in_progress", to: "merge_ready", lease: ref, correlationId: "run-7" });
      const events = await kit.store().events({ task_id: "a" });
      expect(events.map((e) => e.event)).toEqual(["task.added", "task.claimed", "task.transition"]);
      expect(events[1]).toMatchObject({
        level: "info",
        project: P,
        task_id: "a",
        worker_id: "host:9:ff",
        from: "active",
        to: "in_progress",
        state: "in_progress",
        attempt: 1,
      });
      expect(events[1]?.correlation_id).toEqual(expect.any(String));
      expect(events[2]).toMatchObject({ from: "in_progress", to: "merge_ready", worker_id: "host:9:ff", correlation_id: "run-7" });
      for (const e of events) expect(e.ts).toEqual(expect.any(Number));
    });

    it("names a lease by its slot in the lease, its events and its notes, and fences on the owner", async () => {
      await setup("a");
      const ref = await kit.claimId("a", { owner: "host:9:ff", slot: "scripted-2" });
      expect((await kit.store().get(P, "a"))?.lease).toMatchObject({ owner: "host:9:ff", slot: "scripted-2" });
      await expectCode(kit.store().heartbeat({ ...ref, owner: "scripted-2" }, SHORT), "E_LEASE_LOST");
      await kit.store().heartbeat(ref, SHORT);
      await kit.store().release({ lease: ref, failed: true, reason: "tests failed", maxAttempts: 3, backoffMs: 0 });
      const events = await kit.store().events({ task_id: "a" });
      expect(events.filter((e) => e.event !== "task.added").map((e) => [e.event, e.worker_id])).toEqual([
        ["task.claimed", "scripted-2"],
        ["task.heartbeat", "scripted-2"],
        ["task.failed", "scripted-2"],
      ]);
      expect((await kit.store().get(P, "a"))?.notes.at(-1)).toMatchObject({ kind: "failure", author: "scripted-2" });
    });

    it("filters events by project, task, time and minimum level, and takes non-task events", async () => {
      await setup("a");
      await kit.store().applySpec({ project: "q", tasks: [taskInput("a")] });
      await kit.claimId("a", { leaseMs: SHORT });
      await kit.elapse(PAST_SHORT);
      const since = (await kit.store().get(P, "a"))?.lease?.expires_at ?? 0;
      await kit.store().reapExpired();
      await kit.store().logEvent({ event: "swarm.started", level: "info", project: P, data: { workers: 3 } });
      expect((await kit.store().events({ project: "q" })).map((e) => e.event)).toEqual(["task.added"]);
      expect((await kit.store().events({ level: "warn" })).map((e) => e.event)).toEqual(["task.reaped"]);
      expect((await kit.store().events({ since })).map((e) => e.event)).toEqual(["task.reaped", "swarm.started"]);
      expect((await kit.store().events({ project: P })).at(-1)).toMatchObject({ event: "swarm.started", data: { workers: 3 } });
    });
  });
}
