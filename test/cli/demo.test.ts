// `polecat demo` end to end, in-process: real git, real scripted-agent processes, the real refinery.
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program.js";
import { hermeticGitEnv, tempDir } from "../helpers/git.js";
import { memoryWorld } from "../helpers/world.js";

describe("polecat demo", () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
    root = undefined;
  });

  /** A world whose HOME, POLECAT_HOME and POLECAT_STORE point where the demo must never go. */
  async function sandbox(): Promise<{ dir: string; home: string; world: ReturnType<typeof memoryWorld> }> {
    root = await tempDir("polecat-demo-test-");
    const home = join(root, "user-home");
    await mkdir(home);
    const env = { ...hermeticGitEnv(root), NO_COLOR: "1", CI: "true", HOME: home, POLECAT_HOME: join(home, "elsewhere"), POLECAT_STORE: "postgres://nowhere.invalid/db" };
    return { dir: join(root, "scratch"), home, world: memoryWorld({ env, cwd: root }) };
  }

  it("runs every demo task to its expected end state, then keeps only the spec, store, logs and report", { timeout: 300_000 }, async () => {
    const { dir, home, world } = await sandbox();
    const code = await run(["demo", "--dir", dir], world.world);
    const out = world.out();
    expect(code, `${out}\n${world.err()}`).toBe(0);

    expect(out).toContain("demo: every task ended as expected");
    expect(out).not.toContain("MISMATCH");
    for (const id of ["broken-agent", "careless-change", "refactor", "release-notes"]) expect(out).toMatch(new RegExp(`^ok {2}${id} `, "m"));
    expect(out).toMatch(/^ok {2}broken-agent +blocked, 2 failed/m);
    expect(out).toMatch(/^ok {2}refactor +done, 1 kicked back, approved/m);
    expect(out).toContain("validation failed"); // the refinery's kickback of careless-change is shown
    expect(out).toMatch(/^Done: 11 /m); // polecat summary
    expect(out).toContain(join(dir, "report.html"));

    expect(existsSync(join(dir, "report.html"))).toBe(true);
    expect((await readdir(join(dir, "home/logs/greeter"))).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, "home/store"))).toBe(true);
    expect(existsSync(join(dir, "origin.git"))).toBe(false);
    expect(existsSync(join(dir, "home/worktrees"))).toBe(false);
    expect(await readdir(home)).toEqual([]); // nothing in the user's home, ~/.polecat included
  });

  it("refuses a --dir that is not empty, before doing anything", async () => {
    const { dir, world } = await sandbox();
    await mkdir(dir);
    await writeFile(join(dir, "precious.txt"), "mine\n");
    const code = await run(["demo", "--dir", dir], world.world);
    expect(code).toBe(2);
    expect(world.err()).toContain("is not empty");
    expect(await readdir(dir)).toEqual(["precious.txt"]);
  });
});
