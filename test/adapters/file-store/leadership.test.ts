import { existsSync } from "node:fs";
import { mkdir, rm, utimes } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileLeadership } from "../../../src/adapters/file-store/leadership.js";
import { refineryLockName } from "../../../src/adapters/refinery/index.js";
import { tempDir } from "../../helpers/git.js";

describe("fileLeadership", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("gives a name to one holder at a time, and again after release", async () => {
    const leadership = fileLeadership(join(dir, "locks"));
    const name = refineryLockName("demo");
    const first = await leadership.acquire(name);
    expect(first).toBeTypeOf("function");
    expect(await leadership.acquire(name)).toBeUndefined();
    // Another project's refinery is independent.
    const other = await leadership.acquire(refineryLockName("other"));
    expect(other).toBeTypeOf("function");
    await first?.();
    await first?.(); // releasing twice is harmless
    const again = await leadership.acquire(name);
    expect(again).toBeTypeOf("function");
    await again?.();
    await other?.();
  });

  it("takes over at once the lock of a holder on this host whose process is gone (kill -9)", async () => {
    const locks = join(dir, "locks");
    const dist = resolve(import.meta.dirname, "../../../dist/adapters/file-store/leadership.js");
    const code = `const { fileLeadership } = await import(${JSON.stringify(dist)}); await fileLeadership(${JSON.stringify(locks)}).acquire("refinery-demo"); console.log("held"); setInterval(() => {}, 1000);`;
    const child = execa(process.execPath, ["--input-type=module", "-e", code], { reject: false, buffer: false });
    await new Promise<void>((done) => child.stdout.once("data", () => done()));
    const leadership = fileLeadership(locks);
    expect(await leadership.acquire("refinery-demo")).toBeUndefined(); // alive: held
    child.kill("SIGKILL");
    await child;
    const taken = await leadership.acquire("refinery-demo");
    expect(taken).toBeTypeOf("function");
    expect(await fileLeadership(locks).acquire("refinery-demo")).toBeUndefined();
    await taken?.();
  });

  it("takes over a lock its holder stopped refreshing (a crashed refinery)", async () => {
    const locks = join(dir, "locks");
    // What a killed holder leaves behind: proper-lockfile's lock directory, no longer refreshed.
    const left = join(locks, `${refineryLockName("demo")}.lock`);
    await mkdir(left, { recursive: true });
    expect(await fileLeadership(locks).acquire(refineryLockName("demo"))).toBeUndefined();
    const old = new Date(Date.now() - 120_000);
    await utimes(left, old, old);
    const release = await fileLeadership(locks).acquire(refineryLockName("demo"));
    expect(release).toBeTypeOf("function");
    await release?.();
    expect(existsSync(left)).toBe(false);
  });
});
