// `polecat task retry`: a blocked task back in the queue with its counts started over, on a real store;
// and `summary` counts the reviewing worker type's review runs.
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore } from "../../src/adapters/file-store/index.js";
import { run } from "../../src/cli/program.js";
import { kickbackOutcome } from "../../src/core/refinery/outcome.js";
import type { EventRecord, TaskRecord } from "../../src/core/ports/store.js";
import { memoryWorld } from "../helpers/world.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "valid", "minimal");
const MAX_KICKBACKS = 1;

describe("task retry on a real store", () => {
  let dir: string;
  const home = (): string => join(dir, "home");
  const polecat = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const w = memoryWorld({ cwd: dir, env: { ...process.env, NO_COLOR: "1", POLECAT_HOME: home() } });
    const code = await run(args, w.world);
    return { code, out: w.out(), err: w.err() };
  };
  const task = async (): Promise<TaskRecord> => JSON.parse((await polecat("task", "show", "setup", "--json")).out) as TaskRecord;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "polecat-task-retry-"));
    await cp(FIXTURE, dir, { recursive: true });
    expect((await polecat("apply")).code).toBe(0);
    // One failed attempt, then kickbacks until max_kickbacks blocks it.
    const store = await createFileStore({ home: home() });
    const claim = async (owner: string) => {
      const c = await store.claim({ project: "demo", workerType: "claude", owner, leaseMs: 600_000, capacity: {} });
      if (c === undefined) throw new Error("nothing claimed");
      return { project: "demo", id: "setup", attempt: c.lease.attempt, owner };
    };
    await store.release({ lease: await claim("o1"), failed: true, reason: "agent exited with code 1", maxAttempts: 3, backoffMs: 0 });
    for (const owner of ["o2", "o3"]) {
      const lease = await claim(owner);
      const t = await store.transition({ project: "demo", id: "setup", from: "in_progress", to: "merge_ready", lease, patch: { branch: "polecat/setup", head_sha: "abc" } });
      const o = kickbackOutcome(t.kickbacks, MAX_KICKBACKS, { kind: "conflict", files: ["a.js"] }, { attempt: t.attempt, base: "main", foundBy: "refinery" });
      await store.transition({ project: "demo", id: "setup", from: "merge_ready", to: o.to, patch: { reason: o.reason ?? "", kickback: true }, note: { ...o.note, author: "refinery" }, actor: "refinery" });
    }
    for (let i = 0; i < 4; i++) {
      await store.logEvent({ event: "refinery.review", level: "info", project: "demo", task_id: "feature", message: "gemini: approve", data: { worker_type: "gemini", decision: "approve" } });
    }
    await store.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("refuses a task that is not blocked, and leaves it as it was", async () => {
    const r = await polecat("task", "retry", "feature");
    expect(r.code).toBe(2);
    expect(r.err).toContain("expected status blocked, found active");
  });

  it("puts the blocked task back with failed attempts and kickbacks at 0, the note recorded and logged", async () => {
    const before = await task();
    expect(before).toMatchObject({ status: "blocked", failures: 1, kickbacks: 2, attempt: 3 });
    expect((await polecat("analyze", "setup")).out).toContain('`polecat task retry setup --note "what changed"`');
    const r = await polecat("task", "retry", "setup", "--note", "rebased the fixture by hand");
    expect(r.code).toBe(0);
    expect(r.out).toBe("demo/setup: active (retried by hand: failed attempts 1 → 0, kickbacks 2 → 0: rebased the fixture by hand)\n");
    const after = await task();
    expect(after).toMatchObject({ status: "active", failures: 0, kickbacks: 0, attempt: 3 });
    expect(after.not_before).toBeUndefined();
    expect(after.notes.at(-1)).toMatchObject({ kind: "note", author: "human", text: "retried by hand: failed attempts 1 → 0, kickbacks 2 → 0: rebased the fixture by hand" });
    const events = (await readFile(join(home(), "events.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as EventRecord);
    expect(events.at(-1)).toMatchObject({
      task_id: "setup",
      from: "blocked",
      to: "active",
      worker_id: "human",
      message: "retried by hand: failed attempts 1 → 0, kickbacks 2 → 0: rebased the fixture by hand",
      data: { reset: { failures: 1, kickbacks: 2, attempt: 3 } },
    });
    // Ready again: the next claim takes it as attempt 4, and one more kickback does not block it at once.
    const store = await createFileStore({ home: home() });
    try {
      const c = await store.claim({ project: "demo", workerType: "claude", owner: "o4", leaseMs: 600_000, capacity: {} });
      expect(c?.lease.attempt).toBe(4);
      expect(kickbackOutcome(c?.task.kickbacks ?? 99, MAX_KICKBACKS, { kind: "conflict", files: [] }).to).toBe("active");
    } finally {
      await store.close();
    }
  });

  it("summary counts the reviewing worker type's review runs", async () => {
    const json = JSON.parse((await polecat("summary", "--json")).out) as { workers: { worker: string; runs: number; reviews: number }[] };
    expect(json.workers.find((w) => w.worker === "gemini")).toMatchObject({ runs: 4, reviews: 4 });
    expect(json.workers.find((w) => w.worker === "claude")).toMatchObject({ runs: 4, reviews: 0 });
    expect((await polecat("summary")).out).toMatch(/^gemini\s+4\s+4\s/m);
  });
});
