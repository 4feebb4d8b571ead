// Race: 16 OS processes claim from 2,000 tasks until none is left; every task is claimed exactly once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFileStore } from "../../../src/adapters/file-store/index.js";
import { taskInput } from "../../core/ports/store-conformance/index.js";
import { startStoreChild } from "./store-child.js";

const PROCESSES = 16;
const TASKS = 2000;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "polecat-race-"));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

it(`${PROCESSES} processes claim ${TASKS} tasks: each exactly once, none lost`, { timeout: 300_000 }, async () => {
  const store = await createFileStore({ home });
  await store.applySpec({ project: "race", tasks: Array.from({ length: TASKS }, (_, i) => taskInput(`t${i}`, { priority: i % 5 })) });
  const children = Array.from({ length: PROCESSES }, () => startStoreChild("race", home));
  await Promise.all(children.map((c) => c.next((m) => m.ready === true)));
  for (const c of children) {
    c.send("go");
    c.endInput();
  }
  const reports = await Promise.all(children.map((c) => c.next((m) => Array.isArray(m.claimed), 240_000)));
  const claimed = reports.flatMap((r) => r.claimed as string[]);

  expect(claimed).toHaveLength(TASKS);
  expect(new Set(claimed).size).toBe(TASKS);
  expect(reports.filter((r) => (r.claimed as string[]).length > 0).length).toBeGreaterThan(1);
  const tasks = await store.list({ project: "race" });
  expect(tasks).toHaveLength(TASKS);
  expect(tasks.every((t) => t.status === "merge_ready" && t.attempt === 1 && t.lease === undefined)).toBe(true);
  const claimEvents = await store.events({ project: "race" }).then((es) => es.filter((e) => e.event === "task.claimed"));
  expect(claimEvents).toHaveLength(TASKS);
  expect(new Set(claimEvents.map((e) => e.task_id)).size).toBe(TASKS);
  for (const c of children) expect((await c.proc).exitCode).toBe(0);
});
