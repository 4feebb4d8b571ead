import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  diffFiles,
  diffText,
  initMirror,
  originRef,
  prepareIntegration,
  prepareReviewWorktree,
  pushFastForward,
  resetTo,
  revertCommit,
  squashMerge,
  syncMirror,
} from "../../../src/adapters/git/index.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { createOrigin, gitIn, polecatGit, type TestOrigin } from "../../helpers/git.js";

describe("integration primitives", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  beforeEach(async () => {
    o = await createOrigin({ files: { "README.md": "one\ntwo\nthree\n" } });
    ctx = polecatGit(o);
    await initMirror(ctx, "demo", o.origin);
  });
  afterEach(() => o.cleanup());

  const g = (cwd: string, ...args: string[]) => gitIn(cwd, args, ctx.env);
  // A task branch on origin with two commits.
  async function taskBranch(id: string, files: Record<string, string>): Promise<string> {
    const entries = Object.entries(files);
    for (const [i, [path, content]] of entries.entries()) {
      await o.commit({ [path]: content }, { branch: `polecat/${id}`, message: `${id} step ${i + 1}` });
    }
    return originRef(`polecat/${id}`);
  }

  it("prepareIntegration puts the refinery worktree detached and clean at the freshly fetched base", async () => {
    const fresh = await o.commit({ "new.txt": "x" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    expect(wt).toEqual({ path: ctx.layout.refineryWorktree("demo"), head: fresh });
    expect((await gitIn(wt.path, ["symbolic-ref", "-q", "HEAD"], ctx.env).catch(() => "detached"))).toBe("detached");

    // Reused on the next run: leftovers of a failed run are cleaned away.
    await writeFile(join(wt.path, "README.md"), "dirty\n");
    await writeFile(join(wt.path, "stray.txt"), "x");
    const moved = await o.commit({ "newer.txt": "y" });
    expect(await prepareIntegration(ctx, "demo", "main")).toEqual({ path: wt.path, head: moved });
    expect(await g(wt.path, "status", "--porcelain")).toBe("");
  });

  it("squash-merges each task branch as one commit with the given message", async () => {
    const a = await taskBranch("a", { "a1.txt": "1", "a2.txt": "2" });
    const b = await taskBranch("b", { "b1.txt": "1", "b2.txt": "2" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    const ra = await squashMerge(ctx, wt.path, a, "polecat: merge a (task a)");
    const rb = await squashMerge(ctx, wt.path, b, "polecat: merge b (task b)");
    expect(ra.kind).toBe("committed");
    expect(rb.kind).toBe("committed");
    expect(rb.kind === "committed" && (await g(wt.path, "rev-parse", "HEAD"))).toBe(rb.kind === "committed" && rb.commit);
    expect(await g(wt.path, "log", "--format=%s|%P", `${wt.head}..HEAD`)).toBe(
      [`polecat: merge b (task b)|${ra.kind === "committed" ? ra.commit : ""}`, `polecat: merge a (task a)|${wt.head}`].join("\n"),
    );
    expect(await diffFiles(ctx, wt.path, wt.head, "HEAD")).toEqual(["a1.txt", "a2.txt", "b1.txt", "b2.txt"]);
  });

  it("a squash conflict names the files and leaves the worktree clean at its previous HEAD", async () => {
    const a = await taskBranch("a", { "README.md": "one\nA\nthree\n" });
    const b = await taskBranch("b", { "README.md": "one\nB\nthree\n", "b-only.txt": "new file" });
    const c = await taskBranch("c", { "c.txt": "c" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    const ra = await squashMerge(ctx, wt.path, a, "a");
    const before = await g(wt.path, "rev-parse", "HEAD");
    expect(await squashMerge(ctx, wt.path, b, "b")).toEqual({ kind: "conflict", files: ["README.md"] });
    expect(await g(wt.path, "rev-parse", "HEAD")).toBe(ra.kind === "committed" ? ra.commit : "");
    expect(await g(wt.path, "rev-parse", "HEAD")).toBe(before);
    expect(await g(wt.path, "status", "--porcelain", "--ignored")).toBe("");
    expect(existsSync(join(wt.path, "b-only.txt"))).toBe(false);
    // The worktree is usable again right away.
    expect((await squashMerge(ctx, wt.path, c, "c")).kind).toBe("committed");
  });

  it("a branch that brings no change squashes to empty", async () => {
    const a = await taskBranch("a", { "a.txt": "a" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    await squashMerge(ctx, wt.path, a, "a");
    const head = await g(wt.path, "rev-parse", "HEAD");
    expect(await squashMerge(ctx, wt.path, a, "a again")).toEqual({ kind: "empty" });
    expect(await g(wt.path, "rev-parse", "HEAD")).toBe(head);
  });

  it("pushes the tested commit to main fast-forward, and refuses when main moved", async () => {
    const a = await taskBranch("a", { "a.txt": "a" });
    const b = await taskBranch("b", { "b.txt": "b" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    const ra = await squashMerge(ctx, wt.path, a, "a");
    const commit = ra.kind === "committed" ? ra.commit : "";
    expect(await pushFastForward(ctx, "demo", wt.path, commit, "main")).toEqual({ kind: "pushed" });
    expect(await o.sha("main")).toBe(commit);

    const again = await prepareIntegration(ctx, "demo", "main");
    const rb = await squashMerge(ctx, again.path, b, "b");
    const moved = await o.commit({ "hotfix.txt": "x" });
    const r = await pushFastForward(ctx, "demo", again.path, rb.kind === "committed" ? rb.commit : "", "main");
    expect(r).toMatchObject({ kind: "rejected", reason: "non-fast-forward" });
    expect(await o.sha("main")).toBe(moved);
  });

  it("resetTo rebuilds from a known commit", async () => {
    const a = await taskBranch("a", { "a.txt": "a" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    await squashMerge(ctx, wt.path, a, "a");
    await writeFile(join(wt.path, "junk.txt"), "x");
    await resetTo(ctx, wt.path, wt.head);
    expect(await g(wt.path, "rev-parse", "HEAD")).toBe(wt.head);
    expect(await g(wt.path, "status", "--porcelain")).toBe("");
  });

  it("reverts a merged commit as one new commit, and reports a conflicting revert cleanly", async () => {
    const a = await taskBranch("a", { "README.md": "one\nA\nthree\n", "a.txt": "a" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    const ra = await squashMerge(ctx, wt.path, a, "a");
    const merged = ra.kind === "committed" ? ra.commit : "";
    await pushFastForward(ctx, "demo", wt.path, merged, "main");

    const rv = await revertCommit(ctx, wt.path, merged, "polecat: revert a");
    expect(rv.kind).toBe("committed");
    expect(await g(wt.path, "log", "-1", "--format=%s|%P")).toBe(`polecat: revert a|${merged}`);
    expect(existsSync(join(wt.path, "a.txt"))).toBe(false);

    // Once README.md changed again on top, reverting the merge conflicts.
    await resetTo(ctx, wt.path, merged);
    await writeFile(join(wt.path, "README.md"), "one\nA2\nthree\n");
    await g(wt.path, "commit", "--quiet", "-am", "later change");
    const later = await g(wt.path, "rev-parse", "HEAD");
    expect(await revertCommit(ctx, wt.path, merged, "revert")).toEqual({ kind: "conflict", files: ["README.md"] });
    expect(await g(wt.path, "rev-parse", "HEAD")).toBe(later);
    expect(await g(wt.path, "status", "--porcelain")).toBe("");
  });

  it("prepareReviewWorktree checks a candidate out detached in the task's review worktree", async () => {
    const a = await taskBranch("a", { "a.txt": "a" });
    await syncMirror(ctx, "demo");
    const review = await prepareReviewWorktree(ctx, "demo", "a", a);
    expect(review).toEqual({ path: ctx.layout.reviewWorktree("demo", "a"), head: await o.sha("polecat/a") });
    expect(existsSync(join(review.path, "a.txt"))).toBe(true);
  });

  it("diffFiles lists both sides of a rename and diffText is a plain patch", async () => {
    await o.commit({ "old/name.txt": "same content\n".repeat(20) });
    const base = await o.sha("main");
    await o.commit({ "old/name.txt": null, "new/name.txt": "same content\n".repeat(20), "README.md": "one\n" });
    const wt = await prepareIntegration(ctx, "demo", "main");
    expect(await diffFiles(ctx, wt.path, base ?? "", "HEAD")).toEqual(["README.md", "new/name.txt", "old/name.txt"]);
    const patch = await diffText(ctx, wt.path, base ?? "", "HEAD");
    expect(patch).toContain("diff --git a/README.md b/README.md");
    expect(patch).toContain("-two");
    expect(patch).not.toContain("\u001b[");
  });
});
