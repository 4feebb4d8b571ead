import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorktree, FetchCoalescer, initMirror, listWorktrees, worktreeStatus } from "../../../src/adapters/git/index.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { isPolecatError } from "../../../src/core/errors.js";
import { createOrigin, gitIn, polecatGit, type TestOrigin } from "../../helpers/git.js";

describe("createWorktree", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  beforeEach(async () => {
    o = await createOrigin();
    ctx = polecatGit(o);
    await initMirror(ctx, "demo", o.origin);
  });
  afterEach(() => o.cleanup());

  const create = (taskId: string, extra: Partial<Parameters<typeof createWorktree>[1]> = {}) =>
    createWorktree(ctx, { project: "demo", taskId, base: "main", ...extra });

  it("cuts the worktree from freshly fetched origin/<base>, not the mirror's stale copy", async () => {
    const fresh = await o.commit({ "new.txt": "pushed after init\n" });
    const wt = await create("t1");
    expect(wt).toMatchObject({ ok: true, path: ctx.layout.worktree("demo", "t1"), branch: "polecat/t1", head: fresh, resumed: false });
    expect(await readFile(join(wt.path, "new.txt"), "utf8")).toBe("pushed after init\n");
    expect(await gitIn(wt.path, ["symbolic-ref", "--short", "HEAD"], ctx.env)).toBe("polecat/t1");
    expect(await gitIn(wt.path, ["rev-parse", "HEAD"], ctx.env)).toBe(fresh);
    // No upstream is configured (no writes to the shared config per task).
    expect((await execa("git", ["-C", wt.path, "config", "branch.polecat/t1.remote"], { env: ctx.env, reject: false })).exitCode).toBe(1);
  });

  it("shares a fetch that started at or after freshSince instead of running another", async () => {
    const fetches = new FetchCoalescer();
    const shared = { ...ctx, fetches };
    const before = await o.sha("main");
    await createWorktree(shared, { project: "demo", taskId: "t1", base: "main" });
    await o.commit({ "new.txt": "x" });
    // The first fetch started before the commit but after freshSince: it serves, so t2 starts at the old head.
    expect((await createWorktree(shared, { project: "demo", taskId: "t2", base: "main", freshSince: 0 })).head).toBe(before);
    // A need newer than that fetch gets a fetch of its own, which sees the commit.
    expect((await createWorktree(shared, { project: "demo", taskId: "t3", base: "main", freshSince: Date.now() })).head).toBe(await o.sha("main"));
  });

  it("copies the listed files from the user's checkout, skipping missing ones, before running setup", async () => {
    const checkout = join(o.root, "checkout");
    await mkdir(join(checkout, "conf", "local"), { recursive: true });
    await writeFile(join(checkout, ".env"), "SECRET=1\n");
    await writeFile(join(checkout, "conf", "local", "a.json"), "{}");
    const wt = await create("t1", {
      copyFrom: checkout,
      copy: [".env", "conf/local", "absent.txt"],
      setup: [[process.execPath, "-e", "require('fs').writeFileSync('setup.out', require('fs').readFileSync('.env', 'utf8'))"]],
    });
    expect(wt.ok).toBe(true);
    expect(wt.copied).toEqual([".env", "conf/local"]);
    expect(await readFile(join(wt.path, "conf", "local", "a.json"), "utf8")).toBe("{}");
    expect(await readFile(join(wt.path, "setup.out"), "utf8")).toBe("SECRET=1\n");
    expect(wt.setup).toEqual([expect.objectContaining({ ok: true, exitCode: 0 })]);
  });

  it.each([
    { name: "exit code", argv: [process.execPath, "-e", "console.error('boom'); process.exit(3)"], exitCode: 3, output: /boom/ },
    { name: "missing command", argv: ["polecat-no-such-command"], exitCode: undefined, output: /ENOENT|not found/i },
  ])("a failing setup command ($name) is reported as data and stops the rest", async ({ argv, exitCode, output }) => {
    const wt = await create("t1", { setup: [argv, [process.execPath, "-e", "require('fs').writeFileSync('later', '')"]] });
    expect(wt.ok).toBe(false);
    expect(wt.setup).toHaveLength(1);
    expect(wt.setup[0]?.exitCode).toBe(exitCode);
    expect(wt.setup[0]?.output).toMatch(output);
    expect(existsSync(join(wt.path, "later"))).toBe(false);
  });

  it.each(["../outside", "/etc/passwd", "."])("rejects copy entry %s that is not inside the repository", async (entry) => {
    const err = await create("t1", { copyFrom: o.root, copy: [entry] }).catch((e: unknown) => e);
    expect(isPolecatError(err, "E_CONFIG")).toBe(true);
  });

  it("a base origin does not have is E_NOT_FOUND", async () => {
    const err = await create("t1", { base: "develop" }).catch((e: unknown) => e);
    expect(isPolecatError(err, "E_NOT_FOUND")).toBe(true);
  });

  it("re-creates a leftover worktree of the same task cleanly, dropping unpushed work", async () => {
    const first = await create("t1");
    await writeFile(join(first.path, "dirty.txt"), "x");
    await writeFile(join(first.path, "README.md"), "local commit\n");
    await gitIn(first.path, ["commit", "--quiet", "-am", "unpushed"], ctx.env);
    const again = await create("t1");
    expect(again.head).toBe(await o.sha("main"));
    expect(await gitIn(again.path, ["rev-parse", "HEAD"], ctx.env)).toBe(again.head);
    expect(await gitIn(again.path, ["status", "--porcelain"], ctx.env)).toBe("");
  });

  it("re-creates over a vanished directory whose registration is still there", async () => {
    const first = await create("t1");
    await rm(first.path, { recursive: true, force: true });
    const again = await create("t1");
    expect(existsSync(join(again.path, "README.md"))).toBe(true);
  });

  it("resumes from the task branch an earlier attempt pushed to origin", async () => {
    const pushed = await o.commit({ "progress.txt": "half done\n" }, { branch: "polecat/t1" });
    await o.commit({ "main-moved.txt": "x" });
    const wt = await create("t1");
    expect(wt).toMatchObject({ ok: true, resumed: true, head: pushed });
    expect(await readFile(join(wt.path, "progress.txt"), "utf8")).toBe("half done\n");
  });

  it("many concurrent creations in one process all succeed", async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
    const made = await Promise.all(ids.map((id) => create(id)));
    expect(made.every((w) => w.ok)).toBe(true);
    const listed = await listWorktrees(ctx, "demo");
    expect(listed.filter((e) => e.registered && e.exists).map((e) => e.name)).toEqual(ids);
  });

  it("concurrent creations from several processes all succeed", async () => {
    // The child script imports polecat from dist/ (npm test builds it before vitest runs).
    const script = join(import.meta.dirname, "create-worktrees.mjs");
    const groups = [0, 1, 2, 3].map((p) => [0, 1, 2].map((i) => `p${p}-${i}`));
    const runs = await Promise.all(
      groups.map((ids) => execa(process.execPath, [script, ctx.layout.home, "demo", ...ids], { env: ctx.env, reject: false })),
    );
    for (const r of runs) expect(r.stderr).toBe("");
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    const listed = await listWorktrees(ctx, "demo");
    expect(listed.filter((e) => e.registered && e.exists).map((e) => e.name)).toEqual(groups.flat().sort());
  });
});

describe("listWorktrees and worktreeStatus", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  beforeEach(async () => {
    o = await createOrigin();
    ctx = polecatGit(o);
    await initMirror(ctx, "demo", o.origin);
  });
  afterEach(() => o.cleanup());

  it("lists registered worktrees, orphan directories and vanished registrations", async () => {
    const a = await createWorktree(ctx, { project: "demo", taskId: "a", base: "main" });
    const gone = await createWorktree(ctx, { project: "demo", taskId: "gone", base: "main" });
    await rm(gone.path, { recursive: true, force: true });
    await mkdir(join(ctx.layout.worktrees("demo"), "stray"));
    expect(await listWorktrees(ctx, "demo")).toEqual([
      { name: "a", kind: "task", taskId: "a", path: a.path, registered: true, exists: true, branch: "polecat/a", head: a.head },
      { name: "gone", kind: "task", taskId: "gone", path: gone.path, registered: true, exists: false, branch: "polecat/gone", head: gone.head },
      { name: "stray", kind: "task", taskId: "stray", path: join(ctx.layout.worktrees("demo"), "stray"), registered: false, exists: true },
    ]);
  });

  it("lists nothing for a project without worktrees", async () => {
    expect(await listWorktrees(ctx, "demo")).toEqual([]);
    expect(await listWorktrees(ctx, "unknown")).toEqual([]);
  });

  it("reports branch, head, ahead/behind origin/<base> and dirty files", async () => {
    const wt = await createWorktree(ctx, { project: "demo", taskId: "t1", base: "main" });
    await writeFile(join(wt.path, "one.txt"), "1");
    await gitIn(wt.path, ["add", "one.txt"], ctx.env);
    await gitIn(wt.path, ["commit", "--quiet", "-m", "one"], ctx.env);
    await writeFile(join(wt.path, "README.md"), "changed\n");
    await writeFile(join(wt.path, "new file.txt"), "untracked");
    await o.commit({ "m1.txt": "1" });
    await o.commit({ "m2.txt": "2" });
    await createWorktree(ctx, { project: "demo", taskId: "other", base: "main" }); // fetches origin's new commits

    const st = await worktreeStatus(ctx, "demo", "t1", "main");
    expect(st).toEqual({
      path: wt.path,
      branch: "polecat/t1",
      head: await gitIn(wt.path, ["rev-parse", "HEAD"], ctx.env),
      ahead: 1,
      behind: 2,
      dirty: ["README.md", "new file.txt"],
    });
  });

  it("status of a task without a worktree is E_NOT_FOUND", async () => {
    const err = await worktreeStatus(ctx, "demo", "nope", "main").catch((e: unknown) => e);
    expect(isPolecatError(err, "E_NOT_FOUND")).toBe(true);
  });
});
