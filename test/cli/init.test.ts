// `polecat init` against a real bare origin: home and mirror created, idempotent, refusing a changed origin.
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

  it("refuses a mirror that fetches from another origin (exit 2, nothing changed)", async () => {
    const { o, home, cli } = await setup();
    expect((await cli("init")).code).toBe(0);
    const other = await createOrigin();
    try {
      await writeSpec(o.root, other.origin, { tasks: [{ id: "t1", title: "One" }] });
      const r = await cli("init");
      expect(r.code).toBe(2);
      expect(r.err).toContain(`fetches from ${o.origin}, not ${other.origin}`);
      expect(await gitIn(join(home, "mirrors", "demo.git"), ["config", "remote.origin.url"], o.env)).toBe(o.origin);
    } finally {
      await other.cleanup();
    }
  });

  it("fails with git's reason when the origin cannot be fetched", async () => {
    const { o, cli } = await setup();
    await writeSpec(o.root, join(o.root, "no-such-origin.git"), { tasks: [{ id: "t1", title: "One" }] });
    const r = await cli("init");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/git fetch .* failed/);
  });

  it("exits 2 with the spec's problems before touching the home", async () => {
    const { home, cli } = await setup();
    const r = await cli("--spec", "missing.yaml", "init");
    expect(r.code).toBe(2);
    expect(existsSync(home)).toBe(false);
  });
});
