// The setup cache: a miss runs setup and keeps what it produced; a hit links it in without running setup.
import { existsSync } from "node:fs";
import { mkdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { linkTree, setupKey, setupWithCache, type SetupCache } from "../../src/adapters/setup-cache.js";
import { hermeticGitEnv, tempDir } from "../helpers/git.js";
import { homeLayout } from "../../src/core/layout.js";
import { rm } from "node:fs/promises";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

// A "setup" that installs: counts its runs in a file outside the worktree and writes node_modules.
const INSTALL = "const fs=require('fs');fs.appendFileSync(process.argv[1],'run\\n');fs.mkdirSync('node_modules/dep/lib',{recursive:true});fs.writeFileSync('node_modules/dep/lib/index.js','module.exports=1\\n');fs.symlinkSync('../dep/lib/index.js','node_modules/.bin-dep')";

async function world(): Promise<{ root: string; cache: SetupCache; wt: (name: string, manifest: string) => Promise<string>; runs: () => Promise<number> }> {
  const root = await tempDir();
  dirs.push(root);
  const counter = join(root, "runs.txt");
  const cache: SetupCache = { dir: join(root, "cache"), setup: [[process.execPath, "-e", INSTALL, counter]], paths: ["node_modules"], runtime: "test" };
  return {
    root,
    cache,
    async wt(name, manifest) {
      const path = join(root, name);
      await mkdir(path, { recursive: true });
      await writeFile(join(path, "package.json"), manifest);
      return path;
    },
    runs: async () => (existsSync(counter) ? (await readFile(counter, "utf8")).split("\n").filter(Boolean).length : 0),
  };
}

describe("setup cache", () => {
  it("runs setup on a miss, then links the same result into a worktree with the same key", async () => {
    const w = await world();
    const ctx = { layout: homeLayout(join(w.root, "home")), env: hermeticGitEnv(w.root) };
    const first = await setupWithCache(ctx, await w.wt("a", '{"dependencies":{"dep":"1"}}'), w.cache);
    expect(first).toMatchObject({ cache: "miss", results: [{ ok: true }] });
    const b = await w.wt("b", '{"dependencies":{"dep":"1"}}');
    const second = await setupWithCache(ctx, b, w.cache);
    expect(second).toMatchObject({ cache: "hit", results: [], key: first.key });
    expect(await w.runs()).toBe(1);
    expect(await readFile(join(b, "node_modules/dep/lib/index.js"), "utf8")).toBe("module.exports=1\n");
    expect(await readlink(join(b, "node_modules/.bin-dep"))).toBe("../dep/lib/index.js");
    expect((await stat(join(b, "node_modules/dep/lib/index.js"))).nlink).toBeGreaterThan(1);

    const c = await w.wt("c", '{"dependencies":{"dep":"2"}}');
    expect(await setupKey(c, w.cache)).not.toBe(first.key);
    expect((await setupWithCache(ctx, c, w.cache)).cache).toBe("miss");
    expect(await w.runs()).toBe(2);
  });

  it("is off without setup or without paths, and refuses paths outside the worktree", async () => {
    const w = await world();
    const ctx = { layout: homeLayout(join(w.root, "home")), env: hermeticGitEnv(w.root) };
    const a = await w.wt("a", "{}");
    expect(await setupKey(a, { ...w.cache, paths: [] })).toBeUndefined();
    expect((await setupWithCache(ctx, a, { ...w.cache, setup: [] })).cache).toBe("off");
    await expect(setupWithCache(ctx, a, { ...w.cache, paths: ["../x"] })).rejects.toMatchObject({ code: "E_CONFIG" });
  });

  it("linkTree recreates directories, files as hardlinks and symlinks as they were", async () => {
    const w = await world();
    const src = join(w.root, "src");
    await mkdir(join(src, "d/e"), { recursive: true });
    await writeFile(join(src, "d/e/f.txt"), "x");
    await symlink("e/f.txt", join(src, "d/link"));
    await linkTree(src, join(w.root, "dst"));
    expect(await readFile(join(w.root, "dst/d/e/f.txt"), "utf8")).toBe("x");
    expect(await readlink(join(w.root, "dst/d/link"))).toBe("e/f.txt");
  });
});
