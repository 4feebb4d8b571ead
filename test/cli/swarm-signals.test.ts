// Ctrl+C with real processes: `node dist/cli/main.js swarm` (built by `npm test` before vitest runs) on a
// temp origin and home, with scripted agents that sleep. One SIGINT drains; two stop now and leave no
// process of the agents' groups behind.
import { readdir, readFile, readlink } from "node:fs/promises";
import { resolve } from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { script, workerFixture, type WorkerFixture } from "../runtime/worker/helpers.js";
import { eventually } from "../helpers/eventually.js";

const MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");

/** Processes whose working directory lies under `dir` (the agents and their children), with their groups. */
async function processesUnder(dir: string): Promise<{ pid: number; pgid: number }[]> {
  const found: { pid: number; pgid: number }[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = await readlink(`/proc/${name}/cwd`);
      if (!cwd.startsWith(dir)) continue;
      const stat = await readFile(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z") found.push({ pid: Number(name), pgid: Number(fields[2]) });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Living processes in any of the groups. */
async function inGroups(pgids: ReadonlySet<number>): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z" && pgids.has(Number(fields[2]))) pids.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

describe.skipIf(process.platform !== "linux")("polecat swarm under Ctrl+C", () => {
  let f: WorkerFixture | undefined;
  let child: ResultPromise | undefined;
  afterEach(async () => {
    child?.kill("SIGKILL");
    await child?.catch(() => undefined);
    child = undefined;
    await f?.cleanup();
    f = undefined;
  });

  async function start(steps: string[]) {
    const tasks = ["a", "b", "c", "d"].map((id) => ({ id, title: `Task ${id}`, description: script(...steps) }));
    const w = (f = await workerFixture({ tasks, worker: { timeout: "5m", stall_timeout: "5m" } }));
    const proc = execa(process.execPath, [MAIN, "--home", w.home, "swarm", "-w", "scripted=2", "--stagger", "0", "--no-refinery"], {
      cwd: w.dir,
      env: { ...w.env, CI: "true" },
      extendEnv: false,
      reject: false,
      stdin: "ignore",
    });
    child = proc;
    const worktrees = w.git.layout.worktrees("demo");
    // Both slots have claimed and their agents are running.
    const running = await eventually(async () => (await w.store.list({ project: "demo", status: "in_progress" })).length === 2 && (await processesUnder(worktrees)).length >= 2, 60_000);
    expect(running).toBe(true);
    return { w, proc, worktrees };
  }

  it("one SIGINT drains: the running tasks finish merge-ready, nothing new is claimed, exit 130", async () => {
    const { w, proc } = await start(["sleep 2", "write out.txt done"]);
    const claimed = (await w.store.list({ project: "demo", status: "in_progress" })).map((t) => t.id).sort();
    proc.kill("SIGINT");
    const r = await proc;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain("draining");
    const tasks = await w.store.list({ project: "demo" });
    for (const t of tasks) {
      if (claimed.includes(t.id)) expect(t).toMatchObject({ status: "merge_ready", attempt: 1 });
      else expect(t).toMatchObject({ status: "active", attempt: 0 });
    }
    expect(r.stdout).toMatch(/interrupted \(drained\); exit 130/);
  });

  it("two SIGINTs stop now: exit within seconds, no process of the agents' groups left, tasks back to active", async () => {
    const { w, proc, worktrees } = await start(["spawn_child 120", "sleep 120"]);
    // Each agent and the child it spawned share the agent's process group.
    await eventually(async () => (await processesUnder(worktrees)).length >= 4, 30_000);
    const groups = new Set((await processesUnder(worktrees)).map((p) => p.pgid));
    expect(groups.size).toBe(2);
    const sentAt = Date.now();
    let stderr = "";
    proc.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    proc.kill("SIGINT");
    // Two signals sent before the first is handled may arrive as one: wait until it is seen to drain.
    expect(await eventually(() => stderr.includes("draining"), 30_000)).toBe(true);
    proc.kill("SIGINT");
    const r = await proc;
    const tookMs = Date.now() - sentAt;
    expect(r.exitCode).toBe(130);
    expect(tookMs).toBeLessThan(20_000);
    expect(await inGroups(groups)).toEqual([]);
    const tasks = await w.store.list({ project: "demo" });
    expect(tasks.map((t) => [t.id, t.status, t.failures])).toEqual([
      ["a", "active", 0],
      ["b", "active", 0],
      ["c", "active", 0],
      ["d", "active", 0],
    ]);
    expect(tasks.filter((t) => t.attempt === 1)).toHaveLength(2);
  });
});
