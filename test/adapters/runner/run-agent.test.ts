// Real agent processes (the scripted agent) end by exit, timeout, stall or stop, and leave no process behind.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitFingerprint } from "../../../src/adapters/runner/git-probes.js";
import { groupAlive } from "../../../src/adapters/runner/process-group.js";
import { LineRing } from "../../../src/adapters/runner/line-ring.js";
import { runAgent, type RunAgentOptions } from "../../../src/adapters/runner/run-agent.js";
import { baseEnv, childPid, processGone, SCRIPTED_AGENT, script, tempDir, tempRepo } from "./helpers.js";
import { eventually } from "../../helpers/eventually.js";

/** Runs the scripted agent with `steps` in `cwd` (default: a fresh directory); prompt and log sit in a temp home. */
async function scripted(steps: string[], options: Partial<RunAgentOptions> = {}, cwd?: string) {
  const home = await tempDir();
  const promptFile = join(home, "prompt.md");
  await writeFile(promptFile, script(...steps));
  const logFile = join(home, "logs", "agent.log");
  const gitIdentity = Object.entries(baseEnv()).filter((e): e is [string, string] => e[0].startsWith("GIT_") && e[1] !== undefined);
  const result = await runAgent({
    argv: [process.execPath, SCRIPTED_AGENT],
    cwd: cwd ?? home,
    env: { PATH: process.env.PATH ?? "", POLECAT_PROMPT_FILE: promptFile, ...Object.fromEntries(gitIdentity) },
    logFile,
    timeoutMs: 60_000,
    stallTimeoutMs: 0,
    killGraceMs: 1_000,
    ...options,
  });
  return { result, logFile };
}

async function allGone(...pids: number[]): Promise<boolean> {
  return eventually(async () => (await Promise.all(pids.map(processGone))).every(Boolean), 5_000);
}

describe("runAgent", () => {
  it("writes all output to the log file and keeps the last lines in the ring", async () => {
    const ring = new LineRing(50);
    const steps = Array.from({ length: 120 }, (_, i) => `print line ${i}`);
    const { result, logFile } = await scripted([...steps, "eprint on stderr", "fail 3"], { ring });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, stalled: false, stopped: false, error: undefined });
    expect(ring.lines()).toHaveLength(50);
    expect(ring.lines().slice(-2)).toEqual(["line 119", "on stderr"]);
    expect(result.tail).toEqual(ring.lines());
    const log = await readFile(logFile, "utf8");
    expect(log).toMatch(/^\[polecat [^\]]+\] start: /);
    expect(log).toContain("line 0\n");
    expect(log).toContain("line 119\non stderr\n");
    expect(log.trimEnd().split("\n").pop()).toMatch(/exit code 3 after/);
  });

  it("kills the whole process tree on timeout", async () => {
    const { result } = await scripted(["spawn_child 60", "print started", "sleep 60"], { timeoutMs: 1_500 });
    expect(result).toMatchObject({ timedOut: true, stalled: false, stopped: false, signal: "SIGTERM", exitCode: undefined });
    const pid = result.pid ?? 0;
    expect(await allGone(pid, childPid(result.tail))).toBe(true);
    expect(await groupAlive(pid)).toBe(false);
  });

  it("sends KILL after the grace period when the agent ignores TERM", async () => {
    const { result, logFile } = await scripted(["ignore_term", "spawn_child 60", "print started", "sleep 60"], {
      timeoutMs: 1_500,
      killGraceMs: 500,
    });
    expect(result).toMatchObject({ timedOut: true, signal: "SIGKILL" });
    expect(await allGone(result.pid ?? 0, childPid(result.tail))).toBe(true);
    expect(await readFile(logFile, "utf8")).toContain("ignoring SIGTERM");
  });

  it("leaves no child behind when the agent exits on its own", async () => {
    const { result } = await scripted(["spawn_child 60", "print done"]);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, stopped: false });
    expect(await allGone(childPid(result.tail))).toBe(true);
  });

  it("stops the agent and its group when the caller aborts", async () => {
    const controller = new AbortController();
    const ring = new LineRing(10);
    const running = scripted(["spawn_child 60", "sleep 60"], { signal: controller.signal, ring });
    expect(await eventually(() => ring.lines().some((l) => l.startsWith("child ")))).toBe(true);
    controller.abort();
    const { result, logFile } = await running;
    expect(result).toMatchObject({ stopped: true, timedOut: false, stalled: false, signal: "SIGTERM" });
    expect(await allGone(result.pid ?? 0, childPid(result.tail))).toBe(true);
    expect(await readFile(logFile, "utf8")).toContain("stopped on request");
  });

  it("does not start an agent whose signal is already aborted", async () => {
    const { result } = await scripted(["write started.txt yes"], { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ stopped: true, pid: undefined, exitCode: undefined });
  });

  it("reports an agent that cannot start as data", async () => {
    const dir = await tempDir();
    const result = await runAgent({
      argv: ["polecat-no-such-agent-program"],
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      logFile: join(dir, "agent.log"),
      timeoutMs: 10_000,
      stallTimeoutMs: 1_000,
    });
    expect(result.pid).toBeUndefined();
    expect(result.exitCode).toBeUndefined();
    expect(result.error).toContain("ENOENT");
  });

  it("stops a silent agent as stalled", async () => {
    const { result, logFile } = await scripted(["print thinking", "stall"], { stallTimeoutMs: 1_500 });
    expect(result).toMatchObject({ stalled: true, timedOut: false, stopped: false });
    expect(result.tail).toEqual(["thinking"]);
    expect(await groupAlive(result.pid ?? 0)).toBe(false);
    expect(await readFile(logFile, "utf8")).toContain("stalled: no output and no worktree change");
  });

  it("does not call an agent that keeps printing (a rate-limit wait) stalled", async () => {
    const { result } = await scripted(["repeat 10 0.3 Rate limit reached, retrying in 30s"], { stallTimeoutMs: 2_000 });
    expect(result).toMatchObject({ exitCode: 0, stalled: false });
    expect(result.tail).toHaveLength(10);
  });

  it("does not call a silent agent that keeps changing the worktree stalled", async () => {
    const repo = await tempRepo();
    const steps = Array.from({ length: 8 }, (_, i) => [`write work.txt step ${i}`, "sleep 0.3"]).flat();
    const { result } = await scripted(
      steps,
      { stallTimeoutMs: 2_000, fingerprint: () => gitFingerprint(repo, baseEnv()) },
      repo,
    );
    expect(result).toMatchObject({ exitCode: 0, stalled: false });
    expect(result.tail).toEqual([]);
  });
});
