import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createFileStore } from "../../../src/adapters/file-store/index.js";
import type { Claim, LeaseRef } from "../../../src/core/ports/store.js";
import { describeStoreConformance, P, taskInput } from "../../core/ports/store-conformance/index.js";
import { startStoreChild, type ChildMessage } from "./store-child.js";

async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "polecat-store-"));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

describeStoreConformance("file store, test clock", async () => {
  const { home, cleanup } = await tempHome();
  let now = Date.UTC(2030, 0, 1);
  const store = await createFileStore({ home, clock: () => now });
  return { store, clock: { advance: (ms: number) => void (now += ms) }, cleanup };
});

describeStoreConformance("file store, real time", async () => {
  const { home, cleanup } = await tempHome();
  return { store: await createFileStore({ home }), cleanup };
});

it("fences out a worker process whose lease was reaped by another process", async () => {
  const { home, cleanup } = await tempHome();
  // The janitor's clock runs an hour ahead, so the worker's lease has expired for it.
  const janitor = await createFileStore({ home, clock: () => Date.now() + 3_600_000 });
  await janitor.applySpec({ project: P, tasks: [taskInput("a")] });
  const worker = startStoreChild("repl", home);
  await worker.next((m) => m.ready === true);
  const call = async (op: string, ...args: unknown[]): Promise<ChildMessage> => {
    const seen = worker.messages.length;
    worker.send({ op, args });
    return worker.next((m) => worker.messages.indexOf(m) >= seen && ("ok" in m || "error" in m));
  };
  try {
    const claimed = (await call("claim", { project: P, workerType: "w", owner: "worker", leaseMs: 60_000, capacity: {} })).ok as Claim;
    const lease: LeaseRef = { project: P, id: "a", attempt: claimed.lease.attempt, owner: "worker" };
    expect(await call("heartbeat", lease, 60_000)).toHaveProperty("ok");
    expect((await janitor.reapExpired()).map((t) => t.id)).toEqual(["a"]);
    expect(await call("heartbeat", lease, 60_000)).toEqual({ error: "E_LEASE_LOST" });
    expect(await call("transition", { project: P, id: "a", from: "in_progress", to: "merge_ready", lease })).toEqual({ error: "E_LEASE_LOST" });
    expect(await call("release", { lease, failed: false, reason: "done", maxAttempts: 3, backoffMs: 0 })).toEqual({ error: "E_LEASE_LOST" });
    expect(await janitor.get(P, "a")).toMatchObject({ status: "active", attempt: 1, failures: 1 });
  } finally {
    await worker.kill();
    await cleanup();
  }
});

it("answers with copies, so callers cannot change the store's state", async () => {
  const { home, cleanup } = await tempHome();
  const store = await createFileStore({ home });
  await store.applySpec({ project: P, tasks: [taskInput("a")] });
  const task = await store.get(P, "a");
  task?.notes.push({ ts: 0, kind: "note", author: "x", text: "sneaky" });
  const claim = await store.claim({ project: P, workerType: "w", owner: "o", leaseMs: 1000, capacity: {} });
  if (claim) claim.task.status = "done";
  expect(await store.get(P, "a")).toMatchObject({ status: "in_progress", notes: [] });
  await cleanup();
});
