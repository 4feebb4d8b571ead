import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteRemoteBranch, initMirror, originSha, POLECAT_IDENTITY, syncMirror } from "../../../src/adapters/git/index.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { isPolecatError } from "../../../src/core/errors.js";
import { createOrigin, gitIn, gitTry, polecatGit, type TestOrigin } from "../../helpers/git.js";

describe("mirror", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  beforeEach(async () => {
    o = await createOrigin();
    ctx = polecatGit(o);
  });
  afterEach(() => o.cleanup());

  const refs = async (): Promise<string[]> =>
    (await gitIn(ctx.layout.mirror("demo"), ["for-each-ref", "--format=%(refname)"], ctx.env)).split("\n").filter(Boolean);

  it("init makes a bare mirror that tracks origin's branches as origin/* and has no local branches", async () => {
    const info = await initMirror(ctx, "demo", o.origin);
    expect(info).toEqual({ path: ctx.layout.mirror("demo"), created: true });
    expect(await gitIn(info.path, ["config", "--bool", "core.bare"], ctx.env)).toBe("true");
    expect(await refs()).toEqual(["refs/remotes/origin/main"]);
    expect(await originSha(ctx, "demo", "main")).toBe(await o.sha("main"));
    expect(await originSha(ctx, "demo", "nope")).toBeUndefined();
  });

  it("init is idempotent and fetches again", async () => {
    await initMirror(ctx, "demo", o.origin);
    const sha = await o.commit({ "a.txt": "a" });
    expect((await initMirror(ctx, "demo", o.origin)).created).toBe(false);
    expect(await originSha(ctx, "demo", "main")).toBe(sha);
  });

  it("init refuses an existing mirror of another origin", async () => {
    await initMirror(ctx, "demo", o.origin);
    const err = await initMirror(ctx, "demo", `${o.root}/elsewhere.git`).catch((e: unknown) => e);
    expect(isPolecatError(err, "E_CONFIG")).toBe(true);
  });

  it("init of an origin that is not there is E_CONFIG (the spec's repo) with git's message, and leaves no mirror", async () => {
    const err = await initMirror(ctx, "demo", `${o.root}/missing.git`).catch((e: unknown) => e);
    expect(isPolecatError(err, "E_CONFIG")).toBe(true);
    expect(isPolecatError(err) && err.message).toMatch(/missing\.git' does not appear to be a git repository$/);
    expect(existsSync(ctx.layout.mirror("demo"))).toBe(false);
  });

  it("sync sees commits and branches pushed after init, reports progress, and prunes deleted branches", async () => {
    await initMirror(ctx, "demo", o.origin);
    const main = await o.commit({ "src/a.ts": "export const a = 1;\n".repeat(200) });
    await o.commit({ "b.txt": "b" }, { branch: "feature" });
    const lines: string[] = [];
    await syncMirror(ctx, "demo", (l) => lines.push(l));
    expect(await originSha(ctx, "demo", "main")).toBe(main);
    expect(await refs()).toEqual(["refs/remotes/origin/feature", "refs/remotes/origin/main"]);
    expect(lines.some((l) => /objects/i.test(l))).toBe(true);

    await o.git(["push", "--quiet", "origin", "--delete", "feature"]);
    await syncMirror(ctx, "demo");
    expect(await refs()).toEqual(["refs/remotes/origin/main"]);
  });

  it("sync without a mirror is E_NOT_FOUND", async () => {
    const err = await syncMirror(ctx, "demo").catch((e: unknown) => e);
    expect(isPolecatError(err, "E_NOT_FOUND")).toBe(true);
  });

  it("seeds polecat's identity into the mirror only when git has none", async () => {
    const bare = polecatGit(o, { identity: false });
    await initMirror(bare, "demo", o.origin);
    const mirror = bare.layout.mirror("demo");
    expect(await gitIn(mirror, ["config", "--local", "user.name"], bare.env)).toBe(POLECAT_IDENTITY.name);
    expect(await gitIn(mirror, ["config", "--local", "user.email"], bare.env)).toBe(POLECAT_IDENTITY.email);

    // A user-level identity is respected: nothing is written into the mirror.
    await writeFile(bare.env.GIT_CONFIG_GLOBAL ?? "", "[user]\n\tname = Someone\n\temail = someone@example.com\n");
    await initMirror(bare, "other", o.origin);
    expect((await gitTry(bare.layout.mirror("other"), ["config", "--local", "user.name"], bare.env)).code).toBe(1);
  });

  it("deleteRemoteBranch deletes origin's branch and the mirror's tracking ref; a missing branch is fine", async () => {
    await o.commit({ "b.txt": "b" }, { branch: "polecat/x" });
    await initMirror(ctx, "demo", o.origin);
    await deleteRemoteBranch(ctx, "demo", "polecat/x");
    expect(await o.sha("polecat/x")).toBeUndefined();
    expect(await refs()).toEqual(["refs/remotes/origin/main"]);
    await expect(deleteRemoteBranch(ctx, "demo", "polecat/x")).resolves.toBeUndefined();
  });
});
