// The GitHub Actions swarm example, run: its workflow is parsed and every `run:` step executed in order, as
// the runner would (bash -e, the job's and step's env, GITHUB_ACTIONS=true, GITHUB_STEP_SUMMARY a temp file),
// in a fresh repository with a bare origin. The install step clones this checkout's HEAD (the repository variables
// POLECAT_GIT and POLECAT_REF point here instead of at a hosted copy), so it installs what is committed, the README way.
import { readFile, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { gitIn, hermeticGitEnv, tempDir } from "../helpers/git.js";

const ROOT = resolve(import.meta.dirname, "../..");
const WORKFLOW = join(ROOT, "examples/github-actions/swarm.yml");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  shell?: string;
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

/** `${{ secrets.NAME }}` as the test's secrets give it; any other expression is a test failure to look at. */
/** What `${{ secrets.X }}` and `${{ vars.X }}` give (unset: the empty string, as on GitHub). */
interface Contexts {
  secrets: Record<string, string>;
  vars: Record<string, string>;
}

function expand(value: string, ctx: Contexts): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const m = /^(secrets|vars)\.([A-Z_]+)$/.exec(expr);
    if (m === null) throw new Error(`the test does not evaluate \${{ ${expr} }}`);
    return ctx[m[1] as keyof Contexts][m[2] ?? ""] ?? "";
  });
}

function expandAll(env: Record<string, string> | undefined, ctx: Contexts): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, expand(String(v), ctx)]));
}

describe("examples/github-actions/swarm.yml", () => {
  it("installs polecat from a git checkout (no registry package), swarms to a merged main and fills the job summary", { timeout: 900_000 }, async () => {
    const workflow = parse(await readFile(WORKFLOW, "utf8")) as Workflow;
    const job = Object.values(workflow.jobs)[0];
    expect(job).toBeDefined();
    const steps = job?.steps ?? [];
    expect(steps.some((s) => s.run?.includes("npx polecat") === true)).toBe(false);

    const dir = await tempDir("polecat-gha-");
    try {
      // The repository the workflow runs in (what actions/checkout gives): a scaffolded spec, pushed to a bare origin.
      const origin = join(dir, "origin.git");
      const work = join(dir, "work");
      const base = hermeticGitEnv(dir);
      await gitIn(dir, ["init", "--quiet", "--bare", "--initial-branch=main", origin], base);
      await gitIn(dir, ["init", "--quiet", "--initial-branch=main", work], base);
      await gitIn(work, ["remote", "add", "origin", origin], base);
      await gitIn(work, ["commit", "--quiet", "--allow-empty", "-m", "initial commit"], base);
      const scaffold = await execa(process.execPath, [join(ROOT, "dist/cli/main.js"), "new"], { cwd: work, env: base, extendEnv: false, reject: false });
      expect(scaffold.exitCode, scaffold.stderr).toBe(0);
      await gitIn(work, ["add", "."], base);
      await gitIn(work, ["commit", "--quiet", "-m", "polecat spec"], base);
      await gitIn(work, ["push", "--quiet", "origin", "main"], base);

      const summary = join(dir, "step-summary.md");
      const prefix = join(dir, "npm-global");
      const runner = {
        ...base,
        HOME: join(dir, "home"),
        POLECAT_HOME: undefined,
        NO_COLOR: undefined,
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_WORKSPACE: work,
        RUNNER_TEMP: join(dir, "runner-temp"),
        // `npm install --global` goes to a prefix of the test's; npm keeps using the machine's package cache.
        npm_config_prefix: prefix,
        npm_config_cache: process.env.npm_config_cache ?? join(homedir(), ".npm"),
        npm_config_prefer_offline: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
        PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}`,
      };
      await execa("mkdir", ["-p", runner.RUNNER_TEMP, runner.HOME]);
      const head = (await gitIn(ROOT, ["rev-parse", "HEAD"], base)).trim();
      // The repository variables point the install step at this checkout's HEAD.
      const ctx: Contexts = { secrets: {}, vars: { POLECAT_GIT: ROOT, POLECAT_REF: head } };

      let failed = false;
      const ran: string[] = [];
      for (const step of steps) {
        if (step.run === undefined) continue; // `uses:` steps: the checkout is `work`, Node is this one
        if (failed && !/always\(\)/.test(step.if ?? "")) continue;
        const env = { ...runner, ...expandAll(workflow.env, ctx), ...expandAll(job?.env, ctx), ...expandAll(step.env, ctx) };
        const r = await execa("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], { cwd: work, env, extendEnv: false, reject: false, all: true });
        ran.push(step.name ?? step.run.split("\n")[0] ?? "");
        expect(r.exitCode, `step ${step.name ?? step.run}:\n${r.all}`).toBe(0);
        failed ||= r.exitCode !== 0;
      }
      expect(ran).toContain("Install polecat from its git repository");
      expect(ran).toContain("Swarm");

      // The swarm merged both scaffold tasks onto origin's main.
      const log = await gitIn(origin, ["log", "--format=%s", "main"], base);
      expect(log.split("\n").slice(0, 2)).toEqual(["Add a second file once the first has merged (hello-again)", "Add a first file through the swarm (hello)"]);
      // The job summary got the swarm's dispatch log (by itself, in GitHub Actions) and `polecat summary`.
      const text = await readFile(summary, "utf8");
      expect(text).toMatch(/^## Worker Dispatch Log\n\n\*\*Dispatched\*\*: \S+\n\*\*Swarm\*\*: scripted: \d\n/m);
      expect(text).toMatch(/\| hello +\| scripted-\d +\| (merge_ready|done) +\|/);
      expect(text).toMatch(/^\*\*Finished\*\*: \S+: .*; exit 0$/m);
      expect(text).toContain("## polecat summary\n\n```\n");
      expect(text).toMatch(/```\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
