// `polecat sync`: fetches origin into the mirror, progress on stderr, and asks for init when there is no mirror.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitIn } from "../helpers/git.js";
import { useOriginWithSpec } from "../runtime/worker/helpers.js";

describe("polecat sync", () => {
  const setup = useOriginWithSpec();

  it("fetches what origin gained (new commits, new branches) and what it lost, with progress lines on stderr", async () => {
    const { o, home, cli } = await setup();
    await o.commit({ "gone.txt": "x\n" }, { branch: "old" });
    expect((await cli("init")).code).toBe(0);
    const mirror = join(home, "mirrors", "demo.git");
    const moved = await o.commit({ "big.txt": "data\n".repeat(20_000) });
    await o.commit({ "f.txt": "f\n" }, { branch: "feature" });
    await o.git(["push", "--quiet", "origin", "--delete", "old"]);

    const r = await cli("sync");
    expect(r.code).toBe(0);
    expect(r.out).toBe(`synced demo: origin/main at ${moved.slice(0, 12)}\n`);
    expect(r.err.split("\n").filter((l) => l !== "").every((l) => l.startsWith("demo: "))).toBe(true);
    expect(r.err).toMatch(/^demo: .*objects/m);
    const refs = await gitIn(mirror, ["for-each-ref", "--format=%(refname)", "refs/remotes/origin"], o.env);
    expect(refs.split("\n").sort()).toEqual(["refs/remotes/origin/feature", "refs/remotes/origin/main"]);
    expect(await gitIn(mirror, ["rev-parse", "refs/remotes/origin/main"], o.env)).toBe(moved);
  });

  it("reports JSON with --json", async () => {
    const { o, cli } = await setup();
    await cli("init");
    const r = await cli("--json", "sync");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ project: "demo", base: "main", base_sha: await o.sha("main") });
  });

  it("without a mirror it exits 2 and says to run init", async () => {
    const { cli } = await setup();
    const r = await cli("sync");
    expect(r.code).toBe(2);
    expect(r.err).toContain("run `polecat init` first");
  });
});
