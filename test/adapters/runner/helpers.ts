// Shared pieces for runner tests: real temp repos, a task and a worker type, and process checks.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { onTestFinished } from "vitest";
import type { TaskSpec, WorkerType } from "../../../src/core/spec.js";

/** The scripted agent shipped with polecat. */
export const SCRIPTED_AGENT = resolve(import.meta.dirname, "../../../agents/scripted-agent.mjs");
/** A test agent that dumps its argv, env and prompt to agent-dump.json. */
export const DUMP_AGENT = resolve(import.meta.dirname, "fixtures/dump-agent.mjs");

/** The test process's env plus a git identity, so nothing depends on a global one. */
export function baseEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: "Polecat Test",
    GIT_AUTHOR_EMAIL: "test@polecat.invalid",
    GIT_COMMITTER_NAME: "Polecat Test",
    GIT_COMMITTER_EMAIL: "test@polecat.invalid",
  };
}

/** A fresh directory under the OS temp dir, removed when the current test ends. */
export async function tempDir(prefix = "polecat-runner-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs git in a directory and returns stdout; fails the test on a git error. */
export async function git(dir: string, ...args: string[]): Promise<string> {
  const r = await execa("git", ["-C", dir, ...args], { env: baseEnv(), reject: false });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A new repository on `main` with one commit, inside `parent` (or a new temp dir). */
export async function tempRepo(parent?: string): Promise<string> {
  const dir = parent === undefined ? await tempDir() : parent;
  await git(dir, "init", "-q", "-b", "main");
  await execa("sh", ["-c", "echo seed > README.md"], { cwd: dir });
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "-m", "seed");
  return dir;
}

/** A task with defaults; tests override what they check. */
export function task(overrides: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: "t1",
    title: "Add a greeting",
    description: "",
    depends_on: [],
    tags: [],
    files: [],
    priority: 0,
    needs: [],
    pipeline: ["implement"],
    acceptance: [],
    ...overrides,
  };
}

/** A worker type running the scripted agent with short test timeouts. */
export function worker(overrides: Partial<WorkerType> = {}): WorkerType {
  return {
    name: "scripted",
    command: [process.execPath, SCRIPTED_AGENT],
    dialect: "generic",
    capabilities: ["code", "review"],
    cost: 1,
    speed: 5,
    max_concurrent: 4,
    best_for: [],
    env_pass: [],
    timeout_ms: 60_000,
    stall_timeout_ms: 0,
    max_restarts: 0,
    ...overrides,
  };
}

/** A task description carrying a scripted-agent script. */
export function script(...steps: string[]): string {
  return ["Scripted steps:", "", "```polecat-script", ...steps, "```", ""].join("\n");
}

/** True when no process with this pid runs (a zombie waiting for its reaper does not run). */
export async function processGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat === "" || stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
}

/** The pid a scripted agent's `spawn_child` printed. */
export function childPid(tail: readonly string[]): number {
  const line = tail.find((l) => l.startsWith("child "));
  if (line === undefined) throw new Error(`no child pid in output: ${tail.join(" | ")}`);
  return Number(line.slice("child ".length));
}
