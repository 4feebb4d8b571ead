import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createWorktree,
  finishWorktree,
  initMirror,
  listWorktrees,
  prepareIntegration,
  prepareReviewWorktree,
  pruneWorktrees,
  removeWorktree,
  removeWorktreeAt,
  type DeleteBranch,
} from "../../../src/adapters/git/index.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { createOrigin, gitIn, gitTry, polecatGit, type TestOrigin } from "../../helpers/git.js";

describe("removeWorktree and pruneWorktrees", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  let mirror: string;
  beforeEach(async () => {
    o = await createOrigin();
    ctx = polecatGit(o);
    mirror = (await initMirror(ctx, "demo", o.origin)).path;
  });
  afterEach(() => o.cleanup());

  const create = (taskId: string) => createWorktree(ctx, { project: "demo", taskId, base: "main" });
  const registered = async (): Promise<string[]> =>
    (await gitIn(mirror, ["worktree", "list", "--porcelain"], ctx.env))
      .split("\n")
      .filter((l) => l.startsWith("worktree ") && l !== `worktree ${mirror}`)
      .map((l) => l.slice("worktree ".length));
  const localBranch = async (b: string): Promise<boolean> => (await gitTry(mirror, ["rev-parse", "--verify", "--quiet", `refs/heads/${b}`], ctx.env)).code === 0;

  // A task whose branch is on origin: worktree created, a change made, finished.
  async function pushedTask(taskId: string): Promise<string> {
    const wt = await create(taskId);
    await writeFile(join(wt.path, `${taskId}.txt`), taskId);
    const r = await finishWorktree(ctx, { project: "demo", taskId, base: "main", message: `polecat: ${taskId}` });
    expect(r.kind).toBe("merge_ready");
    return wt.path;
  }

  it("fails when the registration a worktree's .git file names survives the removal", async () => {
    const wt = await create("t1");
    // Point the worktree at a registration directory outside the mirror, which git's removal will not touch.
    const stray = join(o.root, "stray-registration");
    await mkdir(stray, { recursive: true });
    await writeFile(join(wt.path, ".git"), `gitdir: ${stray}\n`);
    await expect(removeWorktree(ctx, { project: "demo", taskId: "t1", deleteBranch: "local" })).rejects.toMatchObject({ code: "E_GIT" });
    expect(existsSync(wt.path)).toBe(false);
  });

  it.each<{ mode: DeleteBranch; local: boolean; remote: boolean }>([
    { mode: "keep", local: true, remote: true },
    { mode: "local", local: false, remote: true },
    { mode: "local-and-remote", local: false, remote: false },
  ])("removes a dirty worktree and handles the branch: $mode", async ({ mode, local, remote }) => {
    const path = await pushedTask("t1");
    await writeFile(join(path, "uncommitted.txt"), "x");
    expect(await removeWorktree(ctx, { project: "demo", taskId: "t1", deleteBranch: mode })).toEqual({ path, existed: true });
    expect(existsSync(path)).toBe(false);
    expect(await registered()).toEqual([]);
    expect(await localBranch("polecat/t1")).toBe(local);
    expect((await o.sha("polecat/t1")) !== undefined).toBe(remote);
  });

  it("removes the registration of a worktree whose directory was deleted by hand", async () => {
    const wt = await create("t1");
    await rm(wt.path, { recursive: true, force: true });
    expect(await removeWorktree(ctx, { project: "demo", taskId: "t1", deleteBranch: "local" })).toEqual({ path: wt.path, existed: false });
    expect(await registered()).toEqual([]);
    expect(await localBranch("polecat/t1")).toBe(false);
  });

  it("removing a worktree that never existed is a verified no-op", async () => {
    const r = await removeWorktree(ctx, { project: "demo", taskId: "ghost", deleteBranch: "local-and-remote" });
    expect(r.existed).toBe(false);
  });

  it("removes a refinery or review worktree by path", async () => {
    const ref = await prepareIntegration(ctx, "demo", "main");
    const review = await prepareReviewWorktree(ctx, "demo", "t1", "refs/remotes/origin/main");
    await removeWorktreeAt(ctx, "demo", ref.path);
    await removeWorktreeAt(ctx, "demo", review.path);
    expect(existsSync(ref.path) || existsSync(review.path)).toBe(false);
    expect(await registered()).toEqual([]);
  });

  it("prune removes finished tasks' worktrees and every orphan, and leaves the rest", async () => {
    const done = await pushedTask("done1");
    const cancelled = await create("cancelled1");
    const active = await create("active1");
    const vanished = await create("vanished1");
    await rm(vanished.path, { recursive: true, force: true });
    const stray = join(ctx.layout.worktrees("demo"), "stray");
    await mkdir(join(stray, "sub"), { recursive: true });
    const refinery = await prepareIntegration(ctx, "demo", "main");
    const review = await prepareReviewWorktree(ctx, "demo", "done1", "refs/remotes/origin/main");

    const finished = new Set(["done1", "cancelled1", "stray"]);
    const pruned = await pruneWorktrees(ctx, "demo", (id) => Promise.resolve(finished.has(id)));

    expect(pruned).toEqual([
      { name: "_review-done1", path: review.path, reason: "finished" },
      { name: "cancelled1", path: cancelled.path, reason: "finished" },
      { name: "done1", path: done, reason: "finished" },
      { name: "stray", path: stray, reason: "orphan" },
      { name: "vanished1", path: vanished.path, reason: "vanished" },
    ]);
    for (const p of pruned) expect(existsSync(p.path)).toBe(false);
    expect((await registered()).sort()).toEqual([refinery.path, active.path].sort());
    expect((await listWorktrees(ctx, "demo")).map((e) => e.name)).toEqual(["_refinery", "active1"]);
    // Finished tasks lose their local branch; origin's copy is the refinery's business.
    expect(await localBranch("polecat/done1")).toBe(false);
    expect(await localBranch("polecat/cancelled1")).toBe(false);
    expect(await localBranch("polecat/active1")).toBe(true);
    expect(await o.sha("polecat/done1")).toBeDefined();
  });

  it("prune with nothing to do returns nothing", async () => {
    await create("a");
    expect(await pruneWorktrees(ctx, "demo", () => false)).toEqual([]);
  });
});
