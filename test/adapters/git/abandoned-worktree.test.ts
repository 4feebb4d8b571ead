// A worktree whose `git worktree add` was killed midway leaves an admin directory with an empty `commondir`:
// git fails every `worktree list` on it from then on and never repairs it. polecat removes it once it is old
// enough that no add can still be writing it, and leaves a young one alone.
import { existsSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ABANDONED_WORKTREE_MS, clearAbandonedWorktree, runGitRetrying } from "../../../src/adapters/git/contention.js";
import { homeLayout } from "../../../src/core/layout.js";
import { createOrigin, type TestOrigin } from "../../helpers/git.js";

let o: TestOrigin | undefined;
afterEach(async () => {
  await o?.cleanup();
  o = undefined;
});

/** The origin (a bare repository, as polecat's mirror is) with worktree `t1@1` half made: `commondir` empty. */
async function halfMade(ageMs: number): Promise<{ repo: string; admin: string }> {
  o = await createOrigin();
  const repo = o.origin;
  await o.git(["worktree", "add", "--quiet", "-b", "polecat/t1", join(o.root, "t1@1"), "main"], repo);
  const admin = join(repo, "worktrees", "t1@1");
  writeFileSync(join(admin, "commondir"), "");
  const then = new Date(Date.now() - ageMs);
  utimesSync(admin, then, then);
  return { repo, admin };
}

describe("an abandoned half-made worktree", () => {
  it("is removed, and the git step that met it then succeeds", async () => {
    const { repo, admin } = await halfMade(ABANDONED_WORKTREE_MS + 60_000);
    const ctx = { layout: homeLayout(join((o as TestOrigin).root, "home")), env: (o as TestOrigin).env };
    const listed = await runGitRetrying(ctx, repo, ["worktree", "list", "--porcelain", "-z"]);
    expect(listed.exitCode).toBe(0);
    expect(existsSync(admin)).toBe(false);
    expect(listed.stdout).not.toContain("t1@1");
  });

  it("is left alone while it may still be in the making", async () => {
    const { repo, admin } = await halfMade(0);
    const failed = { exitCode: 128, stdout: "", stderr: "fatal: failed to read worktrees/t1@1/commondir: Success\n" };
    expect(await clearAbandonedWorktree(repo, failed, Date.now())).toBeUndefined();
    expect(existsSync(admin)).toBe(true);
    expect(await clearAbandonedWorktree(repo, failed, Date.now() + ABANDONED_WORKTREE_MS + 1)).toBe(admin);
    expect(existsSync(admin)).toBe(false);
  });
});
