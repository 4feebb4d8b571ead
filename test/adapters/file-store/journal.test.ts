// The file store's on-disk format: snapshots and catch-up, damage detection, leftovers of killed writers.
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createFileStore, fileStorePaths } from "../../../src/adapters/file-store/index.js";
import { checkFileStore } from "../../../src/adapters/file-store/check.js";
import { SNAPSHOT_EVERY } from "../../../src/adapters/file-store/journal.js";
import { expectCode, P, taskInput } from "../../core/ports/store-conformance/index.js";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "polecat-journal-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

it("snapshots on schedule; cold readers and readers whose change files were deleted both catch up", { timeout: 180_000 }, async () => {
  const dir = fileStorePaths(home).dir;
  const store = await createFileStore({ home });
  await store.applySpec({ project: P, tasks: [taskInput("a"), taskInput("b")] });
  const behind = await createFileStore({ home });
  expect(await behind.list()).toHaveLength(2);
  const leftover = join(fileStorePaths(home).tmp, "999.dead.tmp");
  writeFileSync(leftover, '{"seq":2,"tas');
  utimesSync(leftover, new Date(0), new Date(0));
  const notes = SNAPSHOT_EVERY + 4; // changes 2 .. notes + 1, after the apply (change 1)
  for (let i = 0; i < notes; i++) await store.appendNote(P, "a", { kind: "note", author: "t", text: `n${i}` });

  const names = readdirSync(dir);
  expect(names).toContain(`snap-${String(SNAPSHOT_EVERY).padStart(12, "0")}.json`);
  expect(names.filter((n) => n.startsWith("log-")).length).toBe(notes + 1 - SNAPSHOT_EVERY);
  expect(existsSync(leftover)).toBe(false);
  const expected = await store.list();
  expect(expected[0]?.notes).toHaveLength(notes);
  expect(await (await createFileStore({ home })).list()).toEqual(expected);
  expect(await behind.list()).toEqual(expected);
});

it.each([
  { name: "an unreadable change file", file: "log-000000000002.json", text: '{"seq":2,"tasks":[' },
  { name: "a change file with the wrong number", file: "log-000000000002.json", text: '{"seq":7,"tasks":[]}' },
  { name: "a CURRENT that is not a number", file: "CURRENT", text: "banana\n" },
  { name: "a CURRENT naming a missing snapshot", file: "CURRENT", text: "5\n" },
])("reports $name as E_STORE_CORRUPT", async ({ file, text }) => {
  const store = await createFileStore({ home });
  await store.applySpec({ project: P, tasks: [taskInput("a")] });
  writeFileSync(join(fileStorePaths(home).dir, file), text);
  await expectCode(store.get(P, "a"), "E_STORE_CORRUPT");
  await expectCode(store.claim({ workerType: "w", owner: "o", leaseMs: 1, capacity: {} }), "E_STORE_CORRUPT");
});

it("reports a record of the wrong shape as E_STORE_CORRUPT naming the task and the fields", async () => {
  const store = await createFileStore({ home });
  await store.applySpec({ project: P, tasks: [taskInput("a")] });
  writeFileSync(join(fileStorePaths(home).dir, "log-000000000002.json"), JSON.stringify({ seq: 2, tasks: [{ project: P, id: "a", status: "active", notes: "x" }] }));
  await expect(store.get(P, "a")).rejects.toThrow(/log-000000000002\.json: proj\/a: spec_hash is missing, .*notes is wrong: "x"/);
});

it("a reader that has caught up still finds a change deleted just past its position, and writes refuse", async () => {
  const store = await createFileStore({ home });
  await store.applySpec({ project: P, tasks: [taskInput("a")] });
  const warm = await createFileStore({ home });
  expect(await warm.list()).toHaveLength(1);
  await store.appendNote(P, "a", { kind: "note", author: "t", text: "two" });
  await store.appendNote(P, "a", { kind: "note", author: "t", text: "three" });
  rmSync(join(fileStorePaths(home).dir, "log-000000000002.json"));
  await expect(warm.get(P, "a")).rejects.toThrow(/log-000000000002\.json: missing, but log-000000000003\.json exists: change 2 is lost/);
  await expectCode(warm.appendNote(P, "a", { kind: "note", author: "t", text: "four" }), "E_STORE_CORRUPT");
  await expectCode((await createFileStore({ home })).list(), "E_STORE_CORRUPT");
  expect(existsSync(join(fileStorePaths(home).dir, "log-000000000004.json"))).toBe(false);
});

it("refuses writes with E_STORE_CORRUPT when the lock directory is a plain file, and store check names it", async () => {
  const store = await createFileStore({ home });
  await store.applySpec({ project: P, tasks: [taskInput("a")] });
  expect(checkFileStore(home)).toMatchObject({ problems: [], tasks: 1, version: 1 });
  const lock = fileStorePaths(home).lock;
  writeFileSync(lock, "x");
  await expectCode(store.appendNote(P, "a", { kind: "note", author: "t", text: "n" }), "E_STORE_CORRUPT");
  expect(checkFileStore(home).problems).toEqual([{ file: lock, problem: "not a directory (the store lock lives here)" }]);
});
