// Fault injection, issue 18 item 2: a swarm is killed with SIGKILL while its agent will write by absolute
// path a few seconds later. The agent dies with the swarm (its parent guard), the retry works in a worktree
// of its own (`<task>@<attempt>`), and the task merges the retry's files only.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it, onTestFinished } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { useOwnedProcesses } from "../helpers/owned.js";
import { processGone } from "../adapters/runner/helpers.js";
import { useWorkerFixture } from "../runtime/worker/helpers.js";

const MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");
const AGENT = resolve(import.meta.dirname, "fixtures/orphan-agent.mjs");

/** The runs the agent recorded: attempt, pid and the worktree it was given. */
async function runs(file: string): Promise<{ attempt: string; pid: number; worktree: string }[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [attempt = "", pid = "", ...rest] = l.split(" ");
      return { attempt, pid: Number(pid), worktree: rest.join(" ") };
    });
}

describe.skipIf(process.platform !== "linux")("an agent still writing after its swarm was killed", () => {
  const fixture = useWorkerFixture();
  const own = useOwnedProcesses();

  it("dies with the swarm, and only the retry's files are merged", async () => {
    const record = join(tmpdir(), `polecat-orphan-runs-${process.pid}-${Date.now()}.txt`);
    onTestFinished(() => rm(record, { force: true }));
    // A long lease: only the dead owner rule gives the task back within this test.
    const w = await fixture({
      tasks: [{ id: "t", title: "Write" }],
      spec: { limits: { max_attempts: 3, lease: "10m", backoff: "1ms" } },
      worker: { command: [process.execPath, AGENT, record], timeout: "5m", stall_timeout: "5m" },
    });
    const cli = (args: string[]) =>
      execa(process.execPath, [MAIN, "--home", w.home, ...args], { cwd: w.dir, env: { ...w.env, NO_COLOR: "1" }, extendEnv: false, reject: false, stdin: "ignore", timeout: 120_000 });

    const first = own(cli(["swarm", "-w", "scripted=1"]));
    expect(await eventually(async () => (await runs(record)).length === 1, 60_000)).toBe(true);
    first.kill("SIGKILL");
    await first;
    const [orphan] = await runs(record);
    if (orphan === undefined) throw new Error("no first run recorded");
    expect(await eventually(() => processGone(orphan.pid), 10_000)).toBe(true);

    const second = await own(cli(["swarm", "-w", "scripted=1"]));
    expect(second.exitCode).toBe(0);
    const all = await runs(record);
    expect(all.map((r) => r.attempt)).toEqual(["1", "2"]);
    expect(all[1]?.worktree).not.toBe(orphan.worktree);
    // The retry stayed 6 s: past the instant a surviving first run would have written late.txt.
    expect(existsSync(join(orphan.worktree, "late.txt"))).toBe(false);
    expect(await w.task("t")).toMatchObject({ status: "done", failures: 0 });
    const files = (await w.o.git(["ls-tree", "-r", "--name-only", "main"], w.o.origin)).split("\n").filter(Boolean);
    expect(files).toContain("retry.txt");
    expect(files).not.toContain("first.txt");
    expect(files).not.toContain("late.txt");
  });
});
