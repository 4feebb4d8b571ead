// The lease keeper against a real store: it renews, it notices a lost lease, it stops when told. Its heartbeat
// timer runs on fake time (an hour-long lease renews every 20 fake minutes); the store's files are real.
import { afterEach, describe, expect, it, vi } from "vitest";
import { openStore } from "../../../src/adapters/open-store.js";
import type { LeaseRef } from "../../../src/core/ports/store.js";
import { keepLease, type LeaseKeeper } from "../../../src/runtime/worker/index.js";
import { workerFixture, type WorkerFixture } from "./helpers.js";
import { eventually, FAKED_TIMERS, passFakeTime } from "../../helpers/eventually.js";

const HOUR = 3_600_000;

describe("keepLease", () => {
  let f: WorkerFixture | undefined;
  let keeper: LeaseKeeper | undefined;
  afterEach(async () => {
    await keeper?.stop();
    vi.useRealTimers();
    await f?.cleanup();
    f = keeper = undefined;
  });

  async function claimed(leaseMs: number): Promise<{ w: WorkerFixture; ref: LeaseRef; expires: number }> {
    const w = (f = await workerFixture({ tasks: [{ id: "t1", title: "Hold me" }] }));
    vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
    const claim = await w.store.claim({ project: "demo", workerType: "scripted", owner: "me", leaseMs, capacity: { scripted: 4 } });
    if (claim === undefined) throw new Error("nothing claimed");
    return { w, ref: { project: "demo", id: "t1", attempt: claim.lease.attempt, owner: "me" }, expires: claim.lease.expires_at };
  }

  it("renews the lease every leaseMs/3 while it holds", async () => {
    const { w, ref, expires } = await claimed(HOUR);
    keeper = keepLease(w.store, ref, HOUR);
    await passFakeTime(HOUR / 3 - 1_000);
    expect((await w.task("t1")).lease?.expires_at).toBe(expires);
    expect(await eventually(async () => ((await w.task("t1")).lease?.expires_at ?? 0) > expires, HOUR)).toBe(true);
    expect(keeper.signal.aborted).toBe(false);
    expect(keeper.lostReason()).toBeUndefined();
    await keeper.check();
  });

  it("aborts its signal with E_LEASE_LOST once the lease is reaped, and check() refuses from then on", async () => {
    const { w, ref } = await claimed(HOUR);
    keeper = keepLease(w.store, ref, HOUR);
    const janitor = await openStore({ spec: w.loaded.spec, home: w.home, env: w.env, clock: () => Date.now() + 2 * HOUR });
    await janitor.reapExpired();
    await janitor.close();
    const k = keeper;
    expect(await eventually(() => k.signal.aborted, HOUR)).toBe(true);
    expect(k.signal.reason).toMatchObject({ code: "E_LEASE_LOST" });
    expect(k.lostReason()).toMatch(/lost its lease/);
    await expect(k.check()).rejects.toMatchObject({ code: "E_LEASE_LOST" });
  });

  it("check() reads the lease without writing, and fences a task a human moved away", async () => {
    const { w, ref } = await claimed(60_000);
    keeper = keepLease(w.store, ref, 60_000);
    const before = (await w.task("t1")).updated_at;
    await keeper.check();
    expect((await w.task("t1")).updated_at).toBe(before);
    await w.store.transition({ project: "demo", id: "t1", from: "in_progress", to: "cancelled", patch: { reason: "not needed" } });
    const err: unknown = await keeper.check().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "E_LEASE_LOST" });
    expect((err as Error).message).toContain("now cancelled, no lease");
    expect(keeper.signal.aborted).toBe(true);
    expect(keeper.lostReason()).toContain("lost its lease");
  });

  it("stops heartbeating when stopped", async () => {
    const { w, ref } = await claimed(HOUR);
    keeper = keepLease(w.store, ref, HOUR);
    await keeper.stop();
    const before = (await w.task("t1")).lease?.heartbeat_at;
    await passFakeTime(HOUR);
    expect((await w.task("t1")).lease?.heartbeat_at).toBe(before);
  });
});
