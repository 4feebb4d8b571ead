import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  commitAll,
  createWorktree,
  finishWorktree,
  hasWork,
  initMirror,
  POLECAT_IDENTITY,
  pushCommit,
  rebaseOntoBase,
  syncMirror,
} from "../../../src/adapters/git/index.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { isPolecatError } from "../../../src/core/errors.js";
import { createOrigin, gitIn, polecatGit, TEST_IDENTITY, type TestOrigin } from "../../helpers/git.js";

describe("finish", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  beforeEach(async () => {
    o = await createOrigin({ files: { "README.md": "line one\nline two\n", "src/app.ts": "export {};\n" } });
    ctx = polecatGit(o);
    await initMirror(ctx, "demo", o.origin);
  });
  afterEach(() => o.cleanup());

  const create = async (taskId = "t1"): Promise<string> => (await createWorktree(ctx, { project: "demo", taskId, base: "main" })).path;
  const finish = (taskId = "t1") => finishWorktree(ctx, { project: "demo", taskId, base: "main", message: `polecat: ${taskId}` });
  const g = (cwd: string, ...args: string[]) => gitIn(cwd, args, ctx.env);

  it("commits what the agent left, pushes the branch, and reports merge_ready with the pushed head", async () => {
    const wt = await create();
    await writeFile(join(wt, "feature.txt"), "new\n");
    const r = await finish();
    expect(r).toEqual({ kind: "merge_ready", branch: "polecat/t1", head: await o.sha("polecat/t1"), autoCommitted: true });
    expect(await o.show("polecat/t1", "feature.txt")).toBe("new");
    expect(await o.log("polecat/t1")).toEqual(["polecat: t1", "initial commit"]);
    expect(await g(wt, "status", "--porcelain")).toBe("");
  });

  it("rebases the agent's own commits onto origin/<base> as the mirror last fetched it, without a fetch of its own", async () => {
    const wt = await create();
    await writeFile(join(wt, "feature.txt"), "new\n");
    await g(wt, "add", "feature.txt");
    await g(wt, "commit", "--quiet", "-m", "agent commit");
    const moved = await o.commit({ "other.txt": "someone else\n" });
    await syncMirror(ctx, "demo"); // another slot's fetch
    const unseen = await o.commit({ "later.txt": "not fetched yet\n" });
    const r = await finish();
    expect(await o.sha("main")).toBe(unseen);
    expect(r).toMatchObject({ kind: "merge_ready", autoCommitted: false });
    expect(await g(wt, "rev-parse", "HEAD~1")).toBe(moved);
    expect(await o.log("polecat/t1")).toEqual(["agent commit", "change other.txt", "initial commit"]);
  });

  it("no commits and no changes is no_changes, and nothing is pushed", async () => {
    await create();
    expect(await finish()).toEqual({ kind: "no_changes" });
    expect(await o.sha("polecat/t1")).toBeUndefined();
  });

  it.each([
    { name: "a change undone by a later commit", act: async (wt: string) => {
      await writeFile(join(wt, "README.md"), "changed\n");
      await g(wt, "commit", "--quiet", "-am", "change");
      await g(wt, "revert", "--no-edit", "HEAD");
    } },
    { name: "an empty commit", act: (wt: string) => g(wt, "commit", "--quiet", "--allow-empty", "-m", "nothing") },
    { name: "a change origin already has", act: async (wt: string) => {
      await o.commit({ "same.txt": "same\n" });
      await syncMirror(ctx, "demo");
      await writeFile(join(wt, "same.txt"), "same\n");
    } },
  ])("$name is no_changes too", async ({ act }) => {
    const wt = await create();
    await act(wt);
    expect(await finish()).toEqual({ kind: "no_changes" });
  });

  it("a rebase conflict is aborted cleanly and names the conflicting files", async () => {
    const wt = await create();
    await writeFile(join(wt, "README.md"), "line one\nmine\n");
    await writeFile(join(wt, "src/app.ts"), "export const mine = 1;\n");
    await writeFile(join(wt, "clean.txt"), "no conflict here\n");
    await o.commit({ "README.md": "line one\ntheirs\n", "src/app.ts": "export const theirs = 1;\n" });
    await syncMirror(ctx, "demo");
    const r = await finish();
    expect(r).toEqual({ kind: "conflict", files: ["README.md", "src/app.ts"], onto: await o.sha("main") });
    expect(await g(wt, "status", "--porcelain")).toBe("");
    expect(await g(wt, "symbolic-ref", "--short", "HEAD")).toBe("polecat/t1");
    expect(await g(wt, "log", "-1", "--format=%s")).toBe("polecat: t1");
    const gitDir = await g(wt, "rev-parse", "--absolute-git-dir");
    expect(existsSync(join(gitDir, "rebase-merge")) || existsSync(join(gitDir, "rebase-apply"))).toBe(false);
    expect(await o.sha("polecat/t1")).toBeUndefined();
  });

  it("an attempt over an earlier attempt's pushed branch starts from the base and pushes over it", async () => {
    await o.commit({ "progress.txt": "1\n" }, { branch: "polecat/t1" });
    const wt = await create();
    await writeFile(join(wt, "progress.txt"), "2\n");
    const r = await finish();
    expect(r.kind).toBe("merge_ready");
    expect(await g(wt, "rev-parse", "HEAD~1")).toBe(await o.sha("main"));
    expect(await o.show("polecat/t1", "progress.txt")).toBe("2");
  });

  it("the lease refuses to overwrite a task branch someone else pushed since the last fetch", async () => {
    const wt = await create();
    await writeFile(join(wt, "mine.txt"), "x");
    await commitAll(ctx, wt, "mine");
    const theirs = await o.commit({ "theirs.txt": "y" }, { branch: "polecat/t1" });
    const head = await g(wt, "rev-parse", "HEAD");
    const r = await pushCommit(ctx, "demo", wt, head, "polecat/t1", "force-with-lease");
    expect(r).toMatchObject({ kind: "rejected", reason: "stale" });
    expect(await o.sha("polecat/t1")).toBe(theirs);
  });

  it("commits as polecat on a machine with no git identity", async () => {
    const bare = polecatGit(o, { identity: false });
    const { path } = await createWorktree(bare, { project: "demo", taskId: "anon", base: "main" });
    await writeFile(join(path, "x.txt"), "x");
    const r = await finishWorktree(bare, { project: "demo", taskId: "anon", base: "main", message: "polecat: anon" });
    expect(r.kind).toBe("merge_ready");
    const who = `${POLECAT_IDENTITY.name} <${POLECAT_IDENTITY.email}>`;
    expect(await gitIn(path, ["log", "-1", "--format=%an <%ae>|%cn <%ce>"], bare.env)).toBe(`${who}|${who}`);
  });

  it("hasWork sees dirty files and commits ahead of origin/<base>", async () => {
    const wt = await create();
    expect(await hasWork(ctx, wt, "main")).toBe(false);
    await writeFile(join(wt, "a.txt"), "a");
    expect(await hasWork(ctx, wt, "main")).toBe(true);
    expect(await commitAll(ctx, wt, "a")).toBe(true);
    expect(await commitAll(ctx, wt, "again")).toBe(false);
    expect(await hasWork(ctx, wt, "main")).toBe(true);
  });

  it("rebaseOntoBase reports whether anything differs from base", async () => {
    const wt = await create();
    expect(await rebaseOntoBase(ctx, wt, "main")).toEqual({ kind: "rebased", head: await o.sha("main"), changed: false });
    await writeFile(join(wt, "a.txt"), "a");
    await commitAll(ctx, wt, "a");
    expect(await rebaseOntoBase(ctx, wt, "main")).toMatchObject({ kind: "rebased", changed: true });
  });

  it("finishing a task without a worktree is E_NOT_FOUND", async () => {
    const err = await finish("nope").catch((e: unknown) => e);
    expect(isPolecatError(err, "E_NOT_FOUND")).toBe(true);
  });

  it("a user's identity wins over polecat's", async () => {
    const wt = await create();
    await writeFile(join(wt, "a.txt"), "a");
    await finish();
    expect(await g(wt, "log", "-1", "--format=%an <%ae>")).toBe(`${TEST_IDENTITY.name} <${TEST_IDENTITY.email}>`);
  });
});
