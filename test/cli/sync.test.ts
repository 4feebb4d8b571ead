// `polecat sync`: fetches origin into the mirror, progress on stderr (a few lines, or one redrawn line on a
// terminal), and asks for init when there is no mirror.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitIn } from "../helpers/git.js";
import { runCli, useOriginWithSpec } from "../runtime/worker/helpers.js";

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
    // Without a terminal: a few lines (finished local phases, then the refs count), not git's every step.
    const lines = r.err.split("\n").filter((l) => l !== "");
    expect(lines.every((l) => l.startsWith("demo: "))).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines.at(-1)).toBe("demo: 3 refs updated");
    expect(r.err).not.toMatch(/\d+% \(\d+\/\d+\)\n/);
    const refs = await gitIn(mirror, ["for-each-ref", "--format=%(refname)", "refs/remotes/origin"], o.env);
    expect(refs.split("\n").sort()).toEqual(["refs/remotes/origin/feature", "refs/remotes/origin/main"]);
    expect(await gitIn(mirror, ["rev-parse", "refs/remotes/origin/main"], o.env)).toBe(moved);
  });

  it("on a terminal, shows the fetch as one line redrawn in place", async () => {
    const { o, home } = await setup();
    expect((await runCli(o.root, o.env, ["--home", home, "init"])).code).toBe(0);
    await o.commit({ "big.txt": "data\n".repeat(20_000) });
    const r = await runCli(o.root, { ...o.env, CI: undefined, TERM: "xterm" }, ["--home", home, "sync"], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.err.split("\n")).toHaveLength(2); // one line, ended once
    // Every step starts by going back to the line's start and clearing it; what stays is the refs count.
    const steps = r.err.trimEnd().split("\x1b[1G\x1b[2K").filter((s) => s !== "");
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.every((s) => s.startsWith("demo: "))).toBe(true);
    expect(steps.at(-1)).toMatch(/^demo: (.*done\.; )?1 ref updated$/);
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
