// `polecat init` against a real bare origin: home and mirror created, idempotent, refusing a changed origin
// unless --force, exit 2 and no mirror left for a repo that is not there.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createOrigin, gitIn } from "../helpers/git.js";
import { useOriginWithSpec, writeSpec } from "../runtime/worker/helpers.js";

describe("polecat init", () => {
  const setup = useOriginWithSpec();

  it("creates the home and a bare mirror that tracks origin's branches, and is safe to run again", async () => {
    const { o, home, cli } = await setup();
    const first = await cli("init");
    expect(first.code).toBe(0);
    expect(first.err.split("\n").filter((l) => l !== "").every((l) => l.startsWith("demo: "))).toBe(true);
    expect(first.out).toMatch(/^created mirror of /);
    const mirror = join(home, "mirrors", "demo.git");
    expect(first.out).toContain(`mirror: ${mirror}`);
    expect(first.out).toContain(`store:  ${join(home, "store")}`);
    expect(existsSync(join(home, "store"))).toBe(true);
    expect(await gitIn(mirror, ["rev-parse", "--is-bare-repository"], o.env)).toBe("true");
    expect(await gitIn(mirror, ["rev-parse", "refs/remotes/origin/main"], o.env)).toBe(await o.sha("main"));

    const moved = await o.commit({ "b.txt": "b\n" });
    const again = await cli("--json", "init");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ created: false, path: mirror, base: "main", base_sha: moved, project: "demo" });
  });

  it("refuses a mirror that fetched from another origin (exit 2, nothing changed); --force re-points it", async () => {
    const { o, home, cli } = await setup();
    expect((await cli("init")).code).toBe(0);
    const mirror = join(home, "mirrors", "demo.git");
    const other = await createOrigin();
    try {
      await other.commit({ "other.txt": "other\n" }, { branch: "other-only" });
      await writeSpec(o.root, other.origin, { tasks: [{ id: "t1", title: "One" }] });
      const r = await cli("init");
      expect(r.code).toBe(2);
      expect(r.err).toContain(`fetches from ${o.origin}, not ${other.origin}`);
      expect(r.err).toContain("run `polecat init --force` to re-point it");
      expect(await gitIn(mirror, ["config", "remote.origin.url"], o.env)).toBe(o.origin);

      // --force at an origin that cannot be fetched leaves the mirror pointing where it did.
      await writeSpec(o.root, join(o.root, "no-such-origin.git"), { tasks: [{ id: "t1", title: "One" }] });
      expect((await cli("init", "--force")).code).toBe(2);
      expect(await gitIn(mirror, ["config", "remote.origin.url"], o.env)).toBe(o.origin);

      await writeSpec(o.root, other.origin, { tasks: [{ id: "t1", title: "One" }] });
      const forced = await cli("init", "--force");
      expect(forced.code, forced.err).toBe(0);
      expect(forced.out).toContain(`updated mirror of ${other.origin}\n  re-pointed from ${o.origin}\n`);
      expect(await gitIn(mirror, ["config", "remote.origin.url"], o.env)).toBe(other.origin);
      expect(await gitIn(mirror, ["rev-parse", "refs/remotes/origin/main"], o.env)).toBe(await other.sha("main"));
      expect(await gitIn(mirror, ["rev-parse", "refs/remotes/origin/other-only"], o.env)).toBe(await other.sha("other-only"));
    } finally {
      await other.cleanup();
    }
  });

  it("exits 2 when the spec's repo is not a repository, says git's reason once, and leaves no mirror behind", async () => {
    const { o, home, cli } = await setup();
    const wrong = join(o.root, "no-such-origin.git");
    await writeSpec(o.root, wrong, { tasks: [{ id: "t1", title: "One" }] });
    const r = await cli("init");
    expect(r.code).toBe(2);
    expect(r.err).toContain(`polecat: cannot fetch the spec's repo ${wrong}: '${wrong}' does not appear to be a git repository\n`);
    expect(r.err.split("does not appear to be a git repository").length).toBe(2);
    expect(r.err).toContain("fix `repo:` in the spec, then run `polecat init` again");
    expect(existsSync(join(home, "mirrors", "demo.git"))).toBe(false);

    // After fixing the spec, init simply works: nothing to remove by hand.
    await writeSpec(o.root, o.origin, { tasks: [{ id: "t1", title: "One" }] });
    const fixed = await cli("init");
    expect(fixed.code, fixed.err).toBe(0);
    expect(fixed.out).toMatch(/^created mirror of /);
  });

  it("re-points, without --force, a mirror that never fetched anything", async () => {
    const { o, home, cli } = await setup();
    const mirror = join(home, "mirrors", "demo.git");
    await gitIn(o.root, ["init", "--quiet", "--bare", mirror], o.env);
    await gitIn(mirror, ["remote", "add", "origin", join(o.root, "typo.git")], o.env);
    const r = await cli("init");
    expect(r.code, r.err).toBe(0);
    expect(await gitIn(mirror, ["config", "remote.origin.url"], o.env)).toBe(o.origin);
    expect(await gitIn(mirror, ["rev-parse", "refs/remotes/origin/main"], o.env)).toBe(await o.sha("main"));
  });

  it("exits 2 with the spec's problems before touching the home", async () => {
    const { home, cli } = await setup();
    const r = await cli("--spec", "missing.yaml", "init");
    expect(r.code).toBe(2);
    expect(existsSync(home)).toBe(false);
  });
});
