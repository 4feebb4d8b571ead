// A newcomer's first run, end to end with the installed package: `npm pack`, `npm i -g --prefix` into a
// temp prefix, then in a fresh repository with a bare origin: polecat new, validate, plan, init, apply, a
// scripted swarm whose refinery merges, summary and report; and every read command piped into `head -1`
// exits 0 (a closed pipe ends polecat quietly).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitIn, hermeticGitEnv, tempDir } from "../helpers/git.js";

const ROOT = join(import.meta.dirname, "..", "..");
const exec = promisify(execFile);

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function sh(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined>): Promise<Ran> {
  try {
    const r = await exec(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, out: e.stdout ?? "", err: e.stderr ?? "" };
  }
}

describe("install from a packed tarball and run on a fresh repository", () => {
  let dir: string;
  let polecat: string;
  let repo: string;
  let origin: string;
  let env: Record<string, string | undefined>;
  const run = (...args: string[]): Promise<Ran> => sh(polecat, args, repo, env);

  beforeAll(async () => {
    dir = await tempDir("polecat-install-");
    // Pack what `npm test` has just built, and install it the way README says, into a prefix of its own.
    const pack = await sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT, process.env);
    expect(pack.code, pack.err).toBe(0);
    const tarball = join(dir, (JSON.parse(pack.out) as { filename: string }[])[0]?.filename ?? "");
    const prefix = join(dir, "prefix");
    const install = await sh("npm", ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", tarball], dir, process.env);
    expect(install.code, install.err).toBe(0);
    polecat = join(prefix, "bin", "polecat");
    env = { ...hermeticGitEnv(dir), NO_COLOR: "1", POLECAT_HOME: join(dir, "home"), PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}` };
    origin = join(dir, "origin.git");
    repo = join(dir, "shop");
    await gitIn(dir, ["init", "--quiet", "--bare", "--initial-branch=main", origin], env);
    await gitIn(dir, ["init", "--quiet", "--initial-branch=main", repo], env);
    await gitIn(repo, ["remote", "add", "origin", origin], env);
    await gitIn(repo, ["commit", "--quiet", "--allow-empty", "-m", "initial commit"], env);
    await gitIn(repo, ["push", "--quiet", "origin", "main"], env);
  }, 600_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("scaffolds, validates, plans, inits, applies, swarms to merged main, and summarises", { timeout: 600_000 }, async () => {
    expect(existsSync(polecat)).toBe(true);
    const created = await run("new");
    expect(created.code, created.err).toBe(0);
    const spec = await readFile(join(repo, "polecat.yaml"), "utf8");
    const modeline = /^# yaml-language-server: \$schema=file:\/\/(\S+)$/m.exec(spec)?.[1];
    expect(modeline, spec).toBeDefined();
    expect(modeline).toMatch(/prefix\/lib\/node_modules\/polecat\/schemas\/swarm-spec\.schema\.json$/);
    expect(existsSync(modeline ?? "")).toBe(true);
    expect(spec).toContain(`repo: ${origin}`);

    for (const step of [["validate"], ["plan"], ["init"], ["apply"]]) {
      const r = await run(...step);
      expect(r.code, `${step.join(" ")}: ${r.out}\n${r.err}`).toBe(0);
    }
    const swarm = await run("swarm", "-w", "scripted=2");
    expect(swarm.code, `${swarm.out}\n${swarm.err}`).toBe(0);
    const log = await gitIn(origin, ["log", "--format=%s", "main"], env);
    expect(log.split("\n")).toEqual(["Add a second file once the first has merged (hello-again)", "Add a first file through the swarm (hello)", "initial commit"]);

    const summary = await run("summary");
    expect(summary.code, summary.err).toBe(0);
    expect(summary.out).toMatch(/^Done: 2 \(hello, hello-again\)$/m);
    const report = await run("report", "--html", join(dir, "run.html"));
    expect(report.code, report.err).toBe(0);
    expect(await readFile(join(dir, "run.html"), "utf8")).toContain("hello-again");

    // Every read command into a reader that stops after one line.
    const reads = [
      "validate",
      "plan",
      "plan --format markdown",
      "workers",
      "task list",
      "task show hello",
      "status",
      "summary",
      "analyze hello",
      "logs",
      "worktree list",
      "store check",
      "doctor",
      "janitor --dry-run",
      "completion bash",
      "refinery --dry-run",
      "apply --dry-run",
      "new --dry-run",
      "--help",
    ];
    for (const read of reads) {
      const r = await sh("bash", ["-o", "pipefail", "-c", `polecat ${read} | head -1`], repo, env);
      expect({ read, code: r.code, err: r.err }).toEqual({ read, code: 0, err: "" });
      expect(r.out.split("\n").filter((l) => l !== "")).toHaveLength(1);
    }
  });
});
