// Conformance: leases and fencing, transitions, release and back-off, reaping, reset-stalled.
import { describe, expect, it } from "vitest";
import type { TaskStatus } from "../../../../src/core/status.js";
import type { LeaseRef } from "../../../../src/core/ports/store.js";
import { expectCode, LONG, P, PAST_SHORT, SHORT, taskInput, type Kit } from "./index.js";

/** Lease and transition rules every backend must follow. */
export function describeLeaseConformance(kit: Kit): void {
  const setup = (...ids: string[]) => kit.store().applySpec({ project: P, tasks: ids.map((id) => taskInput(id)) });

  describe("heartbeat and fencing", () => {
    it("a heartbeat renews the lease from now", async () => {
      await setup("a");
      const ref = await kit.claimId("a");
      const claimed = (await kit.store().get(P, "a"))?.lease;
      await kit.elapse(50);
      const lease = await kit.store().heartbeat(ref, LONG);
      expect(lease.attempt).toBe(1);
      expect(lease.claimed_at).toBe(claimed?.claimed_at);
      expect(lease.heartbeat_at).toBeGreaterThan(claimed?.heartbeat_at ?? Infinity);
      expect(lease.expires_at).toBe(lease.heartbeat_at + LONG);
      expect((await kit.store().get(P, "a"))?.lease).toEqual(lease);
    });

    it("a lease past its expiry but not yet reaped may still heartbeat", async () => {
      await setup("a");
      const ref = await kit.claimId("a", { leaseMs: SHORT });
      await kit.elapse(PAST_SHORT);
      expect((await kit.store().heartbeat(ref, LONG)).attempt).toBe(1);
      expect(await kit.store().reapExpired()).toEqual([]);
    });

    it.each([
      { name: "another attempt", change: (r: LeaseRef) => ({ ...r, attempt: r.attempt + 1 }) },
      { name: "another owner", change: (r: LeaseRef) => ({ ...r, owner: "someone-else" }) },
    ])("rejects a heartbeat from $name with E_LEASE_LOST", async ({ change }) => {
      await setup("a");
      const ref = await kit.claimId("a");
      await expectCode(kit.store().heartbeat(change(ref), LONG), "E_LEASE_LOST");
      await expectCode(kit.store().heartbeat({ ...ref, id: "missing" }, LONG), "E_NOT_FOUND");
    });

    it("a worker whose lease was reaped cannot heartbeat, finish or release, even after a new claim", async () => {
      await setup("a");
      const stale = await kit.claimId("a", { leaseMs: SHORT, owner: "old" });
      await kit.elapse(PAST_SHORT);
      expect((await kit.store().reapExpired()).map((t) => t.id)).toEqual(["a"]);
      const rejected = async (ref: LeaseRef) => {
        await expectCode(kit.store().heartbeat(ref, LONG), "E_LEASE_LOST");
        await expectCode(kit.store().transition({ project: P, id: "a", from: "in_progress", to: "merge_ready", lease: ref }), "E_LEASE_LOST");
        await expectCode(kit.store().release({ lease: ref, failed: true, reason: "x", maxAttempts: 3, backoffMs: 0 }), "E_LEASE_LOST");
      };
      await rejected(stale);
      const fresh = await kit.claimId("a", { owner: "new" });
      expect(fresh.attempt).toBe(2);
      await rejected(stale);
      await rejected({ ...stale, owner: "new" });
      expect((await kit.store().heartbeat(fresh, LONG)).owner).toBe("new");
      const done = await kit.store().transition({ project: P, id: "a", from: "in_progress", to: "merge_ready", lease: fresh });
      expect(done.status).toBe("merge_ready");
      expect(done.lease).toBeUndefined();
    });

    it("a human moving a task out of in_progress fences its worker out", async () => {
      await setup("a");
      const ref = await kit.claimId("a");
      await kit.store().transition({ project: P, id: "a", from: "in_progress", to: "cancelled", actor: "human" });
      await expectCode(kit.store().heartbeat(ref, LONG), "E_LEASE_LOST");
    });
  });

  describe("transition", () => {
    it.each<{ from: TaskStatus; to: TaskStatus }>([
      { from: "active", to: "done" },
      { from: "active", to: "merge_ready" },
      { from: "waiting", to: "done" },
      { from: "in_progress", to: "done" },
      { from: "merge_ready", to: "waiting" },
      { from: "review", to: "done" },
      { from: "done", to: "merge_ready" },
      { from: "blocked", to: "done" },
      { from: "cancelled", to: "blocked" },
      { from: "active", to: "in_progress" },
      { from: "done", to: "in_progress" },
    ])("$from → $to is an E_ILLEGAL_TRANSITION and writes nothing", async ({ from, to }) => {
      await setup("a");
      await kit.driveTo("a", from);
      const before = await kit.store().get(P, "a");
      const events = await kit.store().events();
      await expectCode(kit.store().transition({ project: P, id: "a", from, to }), "E_ILLEGAL_TRANSITION");
      expect(await kit.store().get(P, "a")).toEqual(before);
      expect(await kit.store().events()).toEqual(events);
    });

    it("is compare-and-set on the status", async () => {
      await setup("a");
      await expectCode(kit.store().transition({ project: P, id: "a", from: "waiting", to: "active" }), "E_CONFLICT");
      await expectCode(kit.store().transition({ project: P, id: "nope", from: "active", to: "waiting" }), "E_NOT_FOUND");
      const moved = await kit.store().transition({ project: P, id: "a", from: ["waiting", "active"], to: "waiting" });
      expect(moved.status).toBe("waiting");
    });

    it("sets patch fields, counts kickbacks, appends the note, stamps finished_at", async () => {
      await setup("a");
      const ref = await kit.claimId("a");
      const ready = await kit.store().transition({
        project: P,
        id: "a",
        from: "in_progress",
        to: "merge_ready",
        lease: ref,
        patch: { branch: "polecat/a", head_sha: "abc123" },
        note: { kind: "note", author: "w", text: "tests pass" },
      });
      expect(ready).toMatchObject({ status: "merge_ready", branch: "polecat/a", head_sha: "abc123", kickbacks: 0 });
      expect(ready.notes.map((n) => n.text)).toEqual(["tests pass"]);
      const kicked = await kit.store().transition({
        project: P,
        id: "a",
        from: "merge_ready",
        to: "active",
        patch: { kickback: true, reason: "conflicts with main" },
        note: { kind: "kickback", author: "refinery", text: "rebase failed" },
      });
      expect(kicked).toMatchObject({ status: "active", kickbacks: 1, reason: "conflicts with main" });
      expect(kicked.finished_at).toBeUndefined();
      await kit.driveTo("a", "merge_ready");
      const merged = await kit.store().transition({ project: P, id: "a", from: "merge_ready", to: "done", patch: { merge_commit: "def456" } });
      expect(merged).toMatchObject({ status: "done", merge_commit: "def456", attempt: 2 });
      expect(merged.finished_at).toBe(merged.updated_at);
      expect(await kit.store().get(P, "a")).toEqual(merged);
    });
  });

  describe("release, back-off, max attempts", () => {
    it("a plain release returns the task to active with nothing counted", async () => {
      await setup("a");
      const ref = await kit.claimId("a");
      const task = await kit.store().release({ lease: ref, failed: false, reason: "interrupted", maxAttempts: 3, backoffMs: LONG });
      expect(task).toMatchObject({ status: "active", failures: 0, attempt: 1 });
      expect(task.lease).toBeUndefined();
      expect((await kit.claim())?.lease.attempt).toBe(2);
    });

    it("keeps each agent run: usage added up over releases and transitions, the latest as last_run, in the event", async () => {
      await setup("a");
      const run = { worker_type: "claude", dialect: "claude" as const, attempt: 1, session_id: "s1", cost_usd: 0.25, tokens_in: 100, tokens_out: 10, turns: 2, failure_class: "auth" as const };
      const first = await kit.store().release({ lease: await kit.claimId("a"), failed: false, reason: "paused", maxAttempts: 3, backoffMs: LONG, run });
      expect(first).toMatchObject({ status: "active", failures: 0, usage: { runs: 1, cost_usd: 0.25, tokens_in: 100, tokens_out: 10, turns: 2 }, last_run: run });
      const ref = await kit.claimId("a");
      const done = await kit.store().transition({ project: P, id: "a", from: "in_progress", to: "merge_ready", lease: ref, patch: { run: { ...run, attempt: 2, session_id: "s2", cost_usd: 0.5, failure_class: undefined } } });
      expect(done.usage).toEqual({ runs: 2, cost_usd: 0.75, tokens_in: 200, tokens_out: 20, turns: 4 });
      expect(done.last_run?.session_id).toBe("s2");
      expect(await kit.store().get(P, "a")).toEqual(done);
      const events = (await kit.store().events({ project: P, task_id: "a" })).filter((e) => e.data?.run !== undefined);
      expect(events.map((e) => (e.data?.run as { session_id: string }).session_id)).toEqual(["s1", "s2"]);
    });

    it("a failed release counts the failure, notes it and backs off, doubling each time", async () => {
      await setup("a");
      const first = await kit.store().release({ lease: await kit.claimId("a"), failed: true, reason: "tests failed", maxAttempts: 5, backoffMs: SHORT });
      expect(first).toMatchObject({ status: "active", failures: 1 });
      expect(first.notes.at(-1)).toMatchObject({ kind: "failure", author: "owner-1", text: "tests failed" });
      expect((first.not_before ?? 0) - first.updated_at).toBe(SHORT);
      await kit.elapse(PAST_SHORT);
      const second = await kit.store().release({ lease: await kit.claimId("a"), failed: true, reason: "again", maxAttempts: 5, backoffMs: LONG });
      expect((second.not_before ?? 0) - second.updated_at).toBe(2 * LONG);
      expect(await kit.claim()).toBeUndefined();
    });

    it("blocks a task at max attempts instead of queueing it again", async () => {
      await setup("a");
      for (const n of [1, 2]) {
        const t = await kit.store().release({ lease: await kit.claimId("a"), failed: true, reason: `boom ${n}`, maxAttempts: 3, backoffMs: 0 });
        expect(t.status).toBe("active");
      }
      const last = await kit.store().release({ lease: await kit.claimId("a"), failed: true, reason: "boom 3", maxAttempts: 3, backoffMs: 0 });
      expect(last).toMatchObject({ status: "blocked", failures: 3, attempt: 3, reason: "failed 3 attempts: boom 3" });
      expect(await kit.claim()).toBeUndefined();
    });
  });

  describe("reapExpired and resetStalled", () => {
    it("reaps only expired leases, counting a failure; a dry run writes nothing", async () => {
      await setup("a", "b");
      await kit.claimId("a", { leaseMs: SHORT });
      await kit.claimId("b", { leaseMs: LONG });
      await kit.elapse(PAST_SHORT);
      const preview = await kit.store().reapExpired({ dryRun: true });
      expect(preview.map((t) => [t.id, t.status])).toEqual([["a", "active"]]);
      expect((await kit.store().get(P, "a"))?.status).toBe("in_progress");
      const reaped = await kit.store().reapExpired({ project: P });
      expect(reaped.map((t) => t.id)).toEqual(["a"]);
      const a = await kit.store().get(P, "a");
      expect(a).toMatchObject({ status: "active", failures: 1, attempt: 1 });
      expect(a?.lease).toBeUndefined();
      expect(a?.notes.at(-1)).toMatchObject({ kind: "failure", text: "lease expired" });
      expect((await kit.store().get(P, "b"))?.status).toBe("in_progress");
      expect(await kit.store().reapExpired({ project: "other" })).toEqual([]);
    });

    it("reaping at max attempts blocks the task", async () => {
      await setup("a");
      await kit.claimId("a", { leaseMs: SHORT });
      await kit.elapse(PAST_SHORT);
      expect(await kit.store().reapExpired({ maxAttempts: 1 })).toMatchObject([{ id: "a", status: "blocked", reason: "failed 1 attempts: lease expired" }]);
    });

    it("takes back a dead owner's live lease at once, counting no failure, and spares the others", async () => {
      await setup("a", "b", "c");
      await kit.claimId("a", { leaseMs: LONG, owner: "gone" });
      await kit.claimId("b", { leaseMs: LONG, owner: "alive" });
      await kit.claimId("c", { leaseMs: SHORT, owner: "alive" });
      await kit.elapse(PAST_SHORT);
      const preview = await kit.store().reapExpired({ project: P, deadOwners: ["gone"], dryRun: true });
      expect(preview.map((t) => t.id).sort()).toEqual(["a", "c"]);
      expect((await kit.store().get(P, "a"))?.status).toBe("in_progress");
      const reaped = await kit.store().reapExpired({ project: P, deadOwners: ["gone"], maxAttempts: 1 });
      expect(reaped.map((t) => [t.id, t.status]).sort()).toEqual([["a", "active"], ["c", "blocked"]]);
      const a = await kit.store().get(P, "a");
      expect(a).toMatchObject({ status: "active", failures: 0, attempt: 1 });
      expect(a?.lease).toBeUndefined();
      expect((await kit.store().get(P, "b"))?.status).toBe("in_progress");
      const events = (await kit.store().events({ project: P })).filter((e) => e.event === "task.reaped");
      const ofA = events.find((e) => e.task_id === "a");
      expect(ofA?.message).toMatch(/lease owner gone is gone .*not counted as a failure/);
      expect(ofA?.data).toMatchObject({ cause: "owner_dead", charged: false, attempt: 1 });
      expect(events.find((e) => e.task_id === "c")?.data).toMatchObject({ cause: "lease_expired", charged: true });
      const again = await kit.claimId("a", { owner: "alive" });
      expect(again.attempt).toBe(2);
    });

    it("reset-stalled does not spare a dead owner's heartbeat", async () => {
      await setup("a");
      await kit.claimId("a", { leaseMs: LONG, owner: "gone" });
      await kit.elapse(PAST_SHORT);
      const req = { project: P, olderThanMs: PAST_SHORT / 2, force: false, dryRun: true };
      expect((await kit.store().resetStalled(req)).map((r) => r.action)).toEqual(["skipped-live-heartbeat"]);
      expect((await kit.store().resetStalled({ ...req, deadOwners: ["gone"] })).map((r) => r.action)).toEqual(["reset"]);
    });

    it("resets old in-progress work, sparing live heartbeats unless forced, counting no failure", async () => {
      await setup("live", "dead", "young");
      await kit.claimId("live", { leaseMs: LONG });
      await kit.claimId("dead", { leaseMs: SHORT });
      await kit.elapse(PAST_SHORT);
      await kit.claimId("young", { leaseMs: LONG });
      const req = { project: P, olderThanMs: PAST_SHORT / 2, force: false, dryRun: true };
      const summary = (r: { id: string; action: string }[]) => r.map((x) => [x.id, x.action]);
      // Right after its claim, "young" is too young to be reported; later calls ignore it (real clocks move on).
      expect(summary(await kit.store().resetStalled(req))).toEqual([["live", "skipped-live-heartbeat"], ["dead", "reset"]]);
      const old = (r: { id: string; action: string }[]) => summary(r).filter(([id]) => id !== "young");
      expect((await kit.store().get(P, "dead"))?.status).toBe("in_progress");
      const reports = await kit.store().resetStalled({ ...req, dryRun: false });
      expect(old(reports)).toEqual([["live", "skipped-live-heartbeat"], ["dead", "reset"]]);
      expect(reports.find((r) => r.id === "dead")?.in_progress_ms).toBeGreaterThanOrEqual(PAST_SHORT);
      expect(await kit.store().get(P, "dead")).toMatchObject({ status: "active", failures: 0 });
      expect(old(await kit.store().resetStalled({ ...req, dryRun: false, force: true }))).toEqual([["live", "reset"]]);
      expect(await kit.store().get(P, "live")).toMatchObject({ status: "active", failures: 0 });
    });
  });
}
