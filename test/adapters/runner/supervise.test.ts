// superviseAgent with real processes and real git: literal task text, scrubbed env, stall restarts.
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPolecatError } from "../../../src/core/errors.js";
import { buildPrompt } from "../../../src/core/prompt.js";
import { superviseAgent, type SuperviseOptions } from "../../../src/adapters/runner/supervise.js";
import { baseEnv, DUMP_AGENT, git, script, task, tempDir, tempRepo, worker } from "./helpers.js";

interface Dump {
  argv: string[];
  env: Record<string, string>;
  prompt: string;
}

/** A supervised run in a fresh repo; the home (prompts, logs) sits beside it. */
async function setup(overrides: Partial<SuperviseOptions> = {}, worktreeName = "wt") {
  const root = await tempDir();
  const worktree = join(root, worktreeName);
  await mkdir(worktree);
  await tempRepo(worktree);
  const options: SuperviseOptions = {
    task: task(),
    stage: "implement",
    worker: worker(),
    worktree,
    branch: "polecat/t1",
    registryDir: "/registry",
    promptFile: join(root, "home", "prompts", "t1.md"),
    logFile: join(root, "home", "logs", "t1.log"),
    env: baseEnv(),
    attempt: 1,
    killGraceMs: 1_000,
    ...overrides,
  };
  return { root, worktree, options };
}

async function findFiles(dir: string, name: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => name.test(e.split("/").pop() ?? ""));
}

describe("superviseAgent: task text reaches the agent literally", () => {
  it("passes $(...), backticks, ; and newlines as argv and in the prompt file, and runs none of it", async () => {
    const title = "Fix $(touch pwned) `touch pwned-backtick`; touch pwned-semicolon";
    const description = "Line one $(touch pwned-desc)\n`touch pwned-desc2`\n; touch pwned-desc3 && echo hi | tee pwned-pipe\n'quoted' \"double\" $HOME";
    const command = [process.execPath, DUMP_AGENT, "{prompt}", "--title={task.title}", "{task.id}", "{prompt_file}", "{worktree}"];
    const { root, worktree, options } = await setup(
      { task: task({ title, description }), worker: worker({ command }) },
      "work tree; $(touch pwned-path)",
    );
    const cwdBefore = await readdir(process.cwd());
    const result = await superviseAgent(options);
    expect(result).toMatchObject({ exitCode: 0, restarts: 0, error: undefined });

    const dump = JSON.parse(await readFile(join(worktree, "agent-dump.json"), "utf8")) as Dump;
    const prompt = buildPrompt({ task: options.task, stage: "implement" });
    expect(dump.argv).toEqual([prompt, `--title=${title}`, "t1", options.promptFile, worktree]);
    expect(dump.prompt).toBe(prompt);
    expect(dump.prompt).toContain(description);
    expect(await findFiles(root, /^pwned/)).toEqual([]);
    expect(await readdir(process.cwd())).toEqual(cwdBefore);
  });
});

describe("superviseAgent: environment", () => {
  it("withholds secrets, keeps env_pass, and sets the POLECAT_* variables and the caller's extras", async () => {
    const secrets = {
      MY_API_KEY: "value-api-key",
      GITHUB_TOKEN: "value-github-token",
      DB_PASSWORD: "value-db-password",
      AWS_SECRET_ACCESS_KEY: "value-aws-secret",
      PGPASSWORD: "value-pgpassword",
      DATABASE_URL: "postgres://app:value-db-url@db/app",
      POLECAT_TEST_PG_URL: "postgres://t:value-test-pg@localhost/t",
      POLECAT_TASK_ID: "outer-task",
    };
    const { worktree, options } = await setup({
      env: { ...baseEnv(), ...secrets, ANTHROPIC_API_KEY: "value-passed-key", PLAIN_SETTING: "plain" },
      worker: worker({ command: [process.execPath, DUMP_AGENT], env_pass: ["ANTHROPIC_API_KEY"] }),
      extraEnv: { POLECAT_REVIEW_FILE: "/tmp/review.json" },
      stage: "review",
      attempt: 2,
    });
    const result = await superviseAgent(options);
    expect(result.exitCode).toBe(0);
    const dump = JSON.parse(await readFile(join(worktree, "agent-dump.json"), "utf8")) as Dump;
    for (const name of Object.keys(secrets).filter((n) => n !== "POLECAT_TASK_ID")) expect(dump.env).not.toHaveProperty(name);
    const everything = JSON.stringify(dump.env);
    for (const value of Object.values(secrets)) expect(everything).not.toContain(value);
    expect(dump.env).toMatchObject({
      ANTHROPIC_API_KEY: "value-passed-key",
      PLAIN_SETTING: "plain",
      POLECAT_PROMPT_FILE: options.promptFile,
      POLECAT_TASK_ID: "t1",
      POLECAT_WORKTREE: worktree,
      POLECAT_BRANCH: "polecat/t1",
      POLECAT_STAGE: "review",
      POLECAT_ATTEMPT: "2",
      POLECAT_RESTART: "0",
      POLECAT_REVIEW_FILE: "/tmp/review.json",
    });
    const log = await readFile(options.logFile, "utf8");
    expect(log).toContain("withheld env: ");
    expect(log).toContain("GITHUB_TOKEN");
    expect(log).not.toContain("value-github-token");
  });
});

describe("superviseAgent: stalls", () => {
  it("restarts a stalled agent with a progress summary in the new prompt", async () => {
    const description = script(
      "write notes.txt first notes",
      "commit add notes",
      "write draft.txt unfinished",
      "print working on the parser",
      "stall_once",
      "write done.txt finished",
      "commit finish the task",
    );
    const { worktree, options } = await setup({
      task: task({ description }),
      worker: worker({ stall_timeout_ms: 1_500, max_restarts: 2 }),
    });
    const result = await superviseAgent(options);
    expect(result).toMatchObject({ exitCode: 0, stalled: false, restarts: 1 });

    const prompt = await readFile(options.promptFile, "utf8");
    expect(prompt).toContain("## Restart 1");
    expect(prompt).toContain("Why it was restarted: no output and no change in the worktree for 2s (restart 1 of at most 2)");
    expect(prompt).toMatch(/Commits so far \(1\):\n- [0-9a-f]+ add notes/);
    expect(prompt).toContain("Files changed (2):\n- draft.txt\n- notes.txt");
    expect(prompt).toContain("    working on the parser");
    expect(prompt.indexOf("## Restart 1")).toBeGreaterThan(prompt.indexOf("```polecat-script"));

    // The restarted run replays the script: its first commit picks up the draft the stalled run left.
    expect((await git(worktree, "log", "--format=%s")).split("\n")).toEqual(["finish the task", "add notes", "add notes", "seed"]);
    expect(await git(worktree, "status", "--porcelain")).toBe("");
    const log = await readFile(options.logFile, "utf8");
    expect(log).toContain("attempt 1 restart 0");
    expect(log).toContain("attempt 1 restart 1");
    expect(log).toContain("stalled: no output and no worktree change for 2s");
  });

  it("gives up after max_restarts and reports the stall", async () => {
    const { options } = await setup({
      task: task({ description: script("print hello", "stall") }),
      worker: worker({ stall_timeout_ms: 600, max_restarts: 1 }),
    });
    const result = await superviseAgent(options);
    expect(result).toMatchObject({ stalled: true, restarts: 1, exitCode: undefined, timedOut: false });
    expect(await readFile(options.promptFile, "utf8")).toContain("## Restart 1");
  });

  it("bounds the whole run, restarts included, by the worker's timeout", async () => {
    const { options } = await setup({
      task: task({ description: script("stall") }),
      worker: worker({ stall_timeout_ms: 300, max_restarts: 50, timeout_ms: 2_500 }),
      killGraceMs: 200,
    });
    const result = await superviseAgent(options);
    expect(result.restarts).toBeLessThan(50);
    expect(result.timedOut || result.stalled).toBe(true);
  });
});

describe("superviseAgent: configuration", () => {
  it("rejects an unknown placeholder before starting anything", async () => {
    const { worktree, options } = await setup({ worker: worker({ command: [process.execPath, DUMP_AGENT, "{task.name}"] }) });
    await expect(superviseAgent(options)).rejects.toSatisfy((e) => isPolecatError(e, "E_CONFIG"));
    expect(await findFiles(worktree, /agent-dump/)).toEqual([]);
  });
});
