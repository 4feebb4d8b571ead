// `polecat new` in-process: what it writes in a repository with or without an origin, that the files
// validate as written, that it refuses to clobber without --force, and a plain workers.yaml's positions.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program.js";
import { gitIn, hermeticGitEnv, tempDir } from "../helpers/git.js";
import { memoryWorld } from "../helpers/world.js";

describe("polecat new", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function repo(opts: { origin: boolean }): Promise<{ cwd: string; env: Record<string, string | undefined> }> {
    dir = await tempDir("polecat-new-");
    const env = { ...hermeticGitEnv(dir), NO_COLOR: "1", POLECAT_HOME: join(dir, "home") };
    const cwd = join(dir, "My Shop");
    await gitIn(dir, ["init", "--quiet", "--initial-branch=trunk", cwd], env);
    if (opts.origin) await gitIn(cwd, ["remote", "add", "origin", "git@example.com:team/shop.git"], env);
    return { cwd, env };
  }

  const polecat = async (cwd: string, env: Record<string, string | undefined>, ...args: string[]) => {
    const w = memoryWorld({ cwd, env });
    const code = await run(args, w.world);
    return { code, out: w.out(), err: w.err() };
  };

  it("writes polecat.yaml and workers.yaml from the repository's origin, branch and name; they validate and plan", async () => {
    const { cwd, env } = await repo({ origin: true });
    const made = await polecat(cwd, env, "new");
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain("wrote polecat.yaml\nwrote workers.yaml\n");
    const spec = await readFile(join(cwd, "polecat.yaml"), "utf8");
    expect(spec).toMatch(/^# yaml-language-server: \$schema=file:\/\/\S+\/schemas\/swarm-spec\.schema\.json$/m);
    expect(spec).toMatch(/^project: my-shop$/m);
    expect(spec).toMatch(/^repo: git@example.com:team\/shop.git$/m);
    expect(spec).toMatch(/^base: trunk$/m);
    const workers = await readFile(join(cwd, "workers.yaml"), "utf8");
    expect(workers).toContain('command: ["node", "{polecat_dir}/agents/scripted-agent.mjs"]');
    const valid = await polecat(cwd, env, "validate");
    expect(valid.out + valid.err).toBe("ok: polecat.yaml: 2 tasks, 4 worker types\n");
    const plan = await polecat(cwd, env, "plan", "--format", "json");
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain('"hello-again"');
  });

  it("points repo at the repository itself without an origin", async () => {
    const { cwd, env } = await repo({ origin: false });
    expect((await polecat(cwd, env, "new")).code).toBe(0);
    expect(await readFile(join(cwd, "polecat.yaml"), "utf8")).toMatch(/^repo: "\."$|^repo: \.$/m);
  });

  it("refuses to overwrite with exit 2, plans with --dry-run, and replaces with --force", async () => {
    const { cwd, env } = await repo({ origin: true });
    await writeFile(join(cwd, "workers.yaml"), "mine\n");
    const refused = await polecat(cwd, env, "new");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("workers.yaml already exists");
    expect(await readFile(join(cwd, "workers.yaml"), "utf8")).toBe("mine\n");
    const dry = await polecat(cwd, env, "new", "--dry-run");
    expect(dry.out).toBe("would write polecat.yaml\nwould write workers.yaml (exists: needs --force)\n");
    expect((await polecat(cwd, env, "new", "--force")).code).toBe(0);
    expect(await readFile(join(cwd, "workers.yaml"), "utf8")).toContain("scripted:");
  });

  it("exits 2 outside a git repository", async () => {
    dir = await tempDir("polecat-new-");
    const r = await polecat(dir, { ...hermeticGitEnv(dir), POLECAT_HOME: join(dir, "home") }, "new");
    expect(r.code).toBe(2);
    expect(r.err).toContain("is not inside a git repository");
  });

  it("reports a plain workers.yaml's problems at the file's own lines", async () => {
    const { cwd, env } = await repo({ origin: true });
    expect((await polecat(cwd, env, "new")).code).toBe(0);
    const text = await readFile(join(cwd, "workers.yaml"), "utf8");
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l === "    cost: 4");
    lines[at] = "    cost: 9";
    await writeFile(join(cwd, "workers.yaml"), lines.join("\n"));
    const r = await polecat(cwd, env, "validate");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`workers\\.yaml:${at + 1}:\\d+: `));
  });
});
