// The lock-file seam: a lock that names its holder is still cleared whole once its holder stopped refreshing it.
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { clearDeadLock } from "../../src/adapters/lockfile.js";
import { tempDir } from "../helpers/git.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("clears a stale lock directory holding an owner file, and leaves a fresh one", async () => {
  const file = join(dir, "git-demo");
  mkdirSync(`${file}.lock`);
  writeFileSync(`${file}.lock/owner`, "elsewhere:1:abcd\n");
  expect(await clearDeadLock(file, 60_000)).toBe(false);
  expect(existsSync(`${file}.lock`)).toBe(true);
  const old = new Date(Date.now() - 120_000);
  utimesSync(`${file}.lock`, old, old);
  expect(await clearDeadLock(file, 60_000)).toBe(true);
  expect(existsSync(`${file}.lock`)).toBe(false);
});
