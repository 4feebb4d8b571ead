// The scripted agent (agents/scripted-agent.mjs) run the way polecat runs it, in real git repositories.
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { superviseAgent, type SuperviseOptions } from "../../../src/adapters/runner/supervise.js";
import { baseEnv, git, script, task, tempDir, tempRepo, worker } from "./helpers.js";

async function runScript(description: string, overrides: Partial<SuperviseOptions> = {}) {
  const root = await tempDir();
  const worktree = join(root, "wt");
  await mkdir(worktree);
  await tempRepo(worktree);
  const result = await superviseAgent({
    task: task({ id: "greet", description }),
    stage: "implement",
    worker: worker(),
    worktree,
    branch: "polecat/greet",
    registryDir: root,
    promptFile: join(root, "prompt.md"),
    logFile: join(root, "agent.log"),
    env: baseEnv(),
    attempt: 1,
    ...overrides,
  });
  const subjects = (await git(worktree, "log", "--format=%s")).split("\n");
  const status = await git(worktree, "status", "--porcelain");
  return { result, worktree, root, subjects, status };
}

const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");

describe("scripted agent", () => {
  it("makes a small deterministic change when the task has no script", async () => {
    const { result, worktree, subjects, status } = await runScript("Just do something.");
    expect(result.exitCode).toBe(0);
    expect(await read(worktree, "polecat-greet.txt")).toBe("greet: done by the scripted agent\n");
    expect(subjects).toEqual(["greet: scripted change", "seed"]);
    expect(status).toBe("");
  });

  it("writes, appends, deletes and commits as told, skipping an empty commit", async () => {
    const { result, worktree, subjects, status } = await runScript(
      script(
        "# a comment",
        "write src/hello.txt hello world",
        "append src/hello.txt again",
        'write data/exact.txt "a\\tb\\nno trailing newline"',
        "delete README.md",
        "commit add hello",
        "",
        "commit nothing new",
        "write leftover.txt not committed",
      ),
    );
    expect(result.exitCode).toBe(0);
    expect(await read(worktree, "src/hello.txt")).toBe("hello world\nagain\n");
    expect(await read(worktree, "data/exact.txt")).toBe("a\tb\nno trailing newline");
    expect(subjects).toEqual(["add hello", "seed"]);
    expect(status).toBe("?? leftover.txt");
    expect(result.tail).toContain('nothing to commit for "nothing new"');
  });

  it("exits with the code it is told to", async () => {
    const { result, subjects } = await runScript(script("print about to fail", "fail 7", "commit never"));
    expect(result.exitCode).toBe(7);
    expect(result.tail).toEqual(["about to fail"]);
    expect(subjects).toEqual(["seed"]);
  });

  it("fails once: on attempt 1 only", async () => {
    const steps = script("fail_once 4", "write ok.txt ok", "commit ok");
    expect((await runScript(steps, { attempt: 1 })).result.exitCode).toBe(4);
    const second = await runScript(steps, { attempt: 2 });
    expect(second.result.exitCode).toBe(0);
    expect(second.subjects).toEqual(["ok", "seed"]);
  });

  it("runs guarded steps only when stage, attempt and restart match", async () => {
    const { worktree, result } = await runScript(
      script("[stage=implement] write impl.txt yes", "[stage=test] write test.txt yes", "[attempt=1] [restart=1] write late.txt yes"),
    );
    expect(result.exitCode).toBe(0);
    expect(await read(worktree, "impl.txt")).toBe("yes\n");
    await expect(read(worktree, "test.txt")).rejects.toThrow();
    await expect(read(worktree, "late.txt")).rejects.toThrow();
  });

  it.each([
    ["approve looks good", '{"decision":"approve","notes":"looks good"}\n'],
    ["request_changes add tests please", '{"decision":"request_changes","notes":"add tests please"}\n'],
    ["reject wrong approach", '{"decision":"reject","notes":"wrong approach"}\n'],
    ["malformed", '{"decision": "approve", '],
  ])("answers a review: %s", async (step, written) => {
    const root = await tempDir();
    const reviewFile = join(root, "review.json");
    const { result } = await runScript(script(`review ${step}`), { extraEnv: { POLECAT_REVIEW_FILE: reviewFile }, stage: "review" });
    expect(result.exitCode).toBe(0);
    expect(await readFile(reviewFile, "utf8")).toBe(written);
  });

  it("gives no review answer when told none", async () => {
    const root = await tempDir();
    const reviewFile = join(root, "review.json");
    const { result } = await runScript(script("review none"), { extraEnv: { POLECAT_REVIEW_FILE: reviewFile } });
    expect(result.exitCode).toBe(0);
    await expect(readFile(reviewFile, "utf8")).rejects.toThrow();
  });

  it.each([
    [["write a.txt x", "frobnicate"], 'line 2: unknown step "frobnicate"'],
    [["write a.txt x", "sleep soon"], '"soon" is not a number'],
    [["write a.txt x", "commit"], '"commit" needs 1 argument(s)'],
    [["write a.txt \"unterminated"], "not a valid JSON string"],
    [["write a.txt x", "review maybe"], 'unknown review verdict "maybe"'],
  ])("rejects a malformed script %j before doing anything", async (steps, message) => {
    const { result, worktree, status } = await runScript(script(...steps));
    expect(result.exitCode).toBe(2);
    expect(result.tail.join("\n")).toContain(message);
    expect(status).toBe("");
    await expect(read(worktree, "a.txt")).rejects.toThrow();
  });
});
