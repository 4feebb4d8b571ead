import { rm } from "node:fs/promises";
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
