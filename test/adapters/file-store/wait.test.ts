// The file store's wait for work: another process's change to the store directory ends it, or the timeout does.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createFileStore } from "../../../src/adapters/file-store/index.js";
import type { TaskStore } from "../../../src/core/ports/store.js";
import { taskInput } from "../../core/ports/store-conformance/index.js";

const LONG_WAIT = 30_000;
let home: string;
let idle: TaskStore;
let busy: TaskStore;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "polecat-wait-"));
  idle = await createFileStore({ home });
  busy = await createFileStore({ home });
});
afterEach(async () => {
  await idle.close();
  await busy.close();
  await rm(home, { recursive: true, force: true });
});

it("a change made by another store on the same home ends the wait well before its timeout", async () => {
  const started = performance.now();
  const waiting = idle.waitForWork({ timeoutMs: LONG_WAIT });
  await busy.applySpec({ project: "p", tasks: [taskInput("a")] });
  await waiting;
  expect(performance.now() - started).toBeLessThan(LONG_WAIT / 2);
});

it("ends at the timeout when nothing changes, and at once on abort", async () => {
  const started = performance.now();
  await idle.waitForWork({ timeoutMs: 50 });
  expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  const controller = new AbortController();
  const waiting = idle.waitForWork({ timeoutMs: LONG_WAIT, signal: controller.signal });
  controller.abort();
  await waiting;
  await idle.waitForWork({ timeoutMs: LONG_WAIT, signal: controller.signal });
  expect(performance.now() - started).toBeLessThan(LONG_WAIT / 2);
});
