import { existsSync, readFileSync, utimesSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withMirrorLock } from "../../../src/adapters/git/lock.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { homeLayout } from "../../../src/core/layout.js";
import { tempDir } from "../../helpers/git.js";

describe("withMirrorLock", () => {
  let root: string;
  let ctx: GitContext;
  beforeEach(async () => {
    root = await tempDir();
    ctx = { layout: homeLayout(root), env: {} };
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("never lets two holders of the same project's lock overlap", async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withMirrorLock(ctx, "demo", async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setImmediate(r));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("different projects do not wait for each other", async () => {
    let release!: () => void;
    const held = withMirrorLock(ctx, "a", () => new Promise<void>((r) => (release = r)));
    await expect(withMirrorLock(ctx, "b", () => Promise.resolve("b"))).resolves.toBe("b");
    release();
    await held;
  });

  it("releases the lock when the holder throws", async () => {
    await expect(withMirrorLock(ctx, "demo", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withMirrorLock(ctx, "demo", () => Promise.resolve(1))).resolves.toBe(1);
  });
});

describe("withMirrorLock and a dead holder", () => {
  let root: string;
  beforeEach(async () => {
    root = await tempDir();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  // The test's timeout is below the 30 s a crashed holder's lock takes to go stale: only the takeover of a
  // provably dead holder (this host, pid gone) lets it pass.
  it("takes over at once the lock of a process on this host killed with SIGKILL while holding it", { timeout: 20_000 }, async () => {
    const ctx: GitContext = { layout: homeLayout(root), env: {} };
    const dist = resolve(import.meta.dirname, "../../../dist/adapters/git/lock.js");
    const layout = resolve(import.meta.dirname, "../../../dist/core/layout.js");
    const code = [
      `const { withMirrorLock } = await import(${JSON.stringify(dist)});`,
      `const { homeLayout } = await import(${JSON.stringify(layout)});`,
      `await withMirrorLock({ layout: homeLayout(${JSON.stringify(root)}), env: {} }, "demo", () => { console.log("held"); return new Promise(() => setInterval(() => {}, 1000)); });`,
    ].join("\n");
    const child = execa(process.execPath, ["--input-type=module", "-e", code], { reject: false, buffer: false });
    await new Promise<void>((done) => child.stdout.once("data", () => done()));
    const lockDir = join(ctx.layout.locks, "git-demo.lock");
    expect(readFileSync(join(lockDir, "owner"), "utf8")).toContain(`:${child.pid}:`);

    let got = false;
    const waiting = withMirrorLock(ctx, "demo", () => {
      got = true;
      return Promise.resolve("mine");
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toBe(false); // a live holder is waited for
    child.kill("SIGKILL");
    await child;
    const now = new Date();
    utimesSync(lockDir, now, now); // fresh: staleness is not what frees it
    await expect(waiting).resolves.toBe("mine");
    expect(existsSync(lockDir)).toBe(false);
  });
});
