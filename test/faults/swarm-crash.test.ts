// Fault injection, issue 18 item 5: a swarm killed with SIGKILL mid-run. Right after, `status` does not list
// its slots as running and `reset-stalled` does not call their heartbeat live; a new swarm started at once
// takes the dead swarm's leases back without counting a failure and finishes every task, none merged twice.
import { resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { useOwnedProcesses } from "../helpers/owned.js";
import { script, useWorkerFixture } from "../runtime/worker/helpers.js";

const MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");
const IDS = ["t1", "t2", "t3", "t4", "t5", "t6"];
const TASKS = IDS.map((id) => ({ id, title: `Task ${id}`, description: script(`write src/${id}.txt ${id}`, "sleep 1.5", `commit add ${id}`) }));

describe.skipIf(process.platform !== "linux")("a swarm killed with SIGKILL", () => {
  const fixture = useWorkerFixture();
  const own = useOwnedProcesses();

  it("is recovered by the next swarm at once: every task done once, no attempt charged", async () => {
    // A long lease: only the dead owner rule can give the tasks back within this test.
    const w = await fixture({ tasks: TASKS, spec: { limits: { max_attempts: 3, lease: "10m", backoff: "1ms" } }, worker: { timeout: "5m", stall_timeout: "5m" } });
    const cli = (args: string[], timeout = 60_000) =>
      execa(process.execPath, [MAIN, "--home", w.home, ...args], { cwd: w.dir, env: { ...w.env, NO_COLOR: "1" }, extendEnv: false, reject: false, stdin: "ignore", timeout });
    const first = own(cli(["swarm", "-w", "scripted=3"]));
    const midRun = async (): Promise<boolean> => {
      const tasks = await w.store.list({ project: "demo" });
      return tasks.some((t) => t.status === "done") && tasks.some((t) => t.status === "in_progress");
    };
    expect(await eventually(midRun, 90_000)).toBe(true);
    first.kill("SIGKILL");
    expect((await first).signal).toBe("SIGKILL");
    const held = (await w.store.list({ project: "demo", status: "in_progress" })).map((t) => t.id);
    expect(held.length).toBeGreaterThan(0);

    const status = await cli(["status"]);
    expect(status.stdout).toContain("Running: nothing");
    expect(status.stdout).toMatch(new RegExp(`Abandoned \\(${held.length}\\): .*their process is gone`));
    const reset = await cli(["reset-stalled", "--hours", "0", "--dry-run"]);
    expect(reset.stdout).not.toContain("heartbeat still live");
    expect(reset.stdout).toContain(`${held.length} task${held.length === 1 ? "" : "s"} would reset`);

    const second = await own(cli(["swarm", "-w", "scripted=3"], 120_000));
    expect(second.stderr).not.toContain("internal error");
    expect(second.exitCode).toBe(0);
    const tasks = await w.store.list({ project: "demo" });
    expect(tasks.map((t) => [t.id, t.status, t.failures])).toEqual(IDS.map((id) => [id, "done", 0]));
    for (const id of IDS) {
      const carriers = (await w.o.git(["log", "--format=%H", `--grep=^Polecat-Task: ${id}$`, "main"], w.o.origin)).split("\n").filter(Boolean);
      expect(carriers, id).toHaveLength(1);
    }
    const reaped = (await w.store.events({ project: "demo" })).filter((e) => e.event === "task.reaped");
    expect(reaped.map((e) => e.task_id).sort()).toEqual([...held].sort());
    for (const e of reaped) expect(e.data).toMatchObject({ cause: "owner_dead", charged: false });
  });
});
