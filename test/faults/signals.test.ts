// Fault injection, issue 18 item 9: signals. SIGTERM interrupts `swarm` like Ctrl+C (the second stops now)
// and exits 143; a swarm job the daemon drains on its own SIGTERM is not counted as failed.
import { resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { useOwnedProcesses } from "../helpers/owned.js";
import { script, useWorkerFixture } from "../runtime/worker/helpers.js";

const MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");
const SLOW = { tasks: [{ id: "a", title: "Slow", description: script("print working", "sleep 60") }], worker: { timeout: "5m", stall_timeout: "5m" } };

describe.skipIf(process.platform !== "linux")("signals", () => {
  const fixture = useWorkerFixture();
  const own = useOwnedProcesses();

  it("swarm: a second SIGTERM stops now, the task goes back unharmed, exit 143", async () => {
    const w = await fixture(SLOW);
    const proc = own(execa(process.execPath, [MAIN, "--home", w.home, "swarm", "-w", "scripted=1", "--no-refinery"], { cwd: w.dir, env: { ...w.env, CI: "true" }, extendEnv: false, reject: false, stdin: "ignore" }));
    let stderr = "";
    proc.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    expect(await eventually(async () => (await w.store.events({ task_id: "a" })).some((e) => e.event === "slot.stage"), 60_000)).toBe(true);
    proc.kill("SIGTERM");
    expect(await eventually(() => stderr.includes("draining"), 30_000)).toBe(true);
    const sentAt = Date.now();
    proc.kill("SIGTERM");
    const r = await proc;
    expect(r.exitCode).toBe(143);
    expect(Date.now() - sentAt).toBeLessThan(30_000);
    expect(await w.task("a")).toMatchObject({ status: "active", failures: 0 });
  });

  it("daemon: a swarm job drained by the daemon's SIGTERM is not a failed job", async () => {
    const w = await fixture({ ...SLOW, spec: { schedules: [{ name: "work", cron: "*/1 * * * * *", job: "swarm", args: ["-w", "scripted=1", "--no-refinery"] }] } });
    const proc = own(execa(process.execPath, [MAIN, "--home", w.home, "daemon"], { cwd: w.dir, env: w.env, extendEnv: false, reject: false, all: true }));
    let output = "";
    proc.all?.on("data", (c: Buffer) => (output += c.toString()));
    expect(await eventually(async () => (await w.store.events({ task_id: "a" })).some((e) => e.event === "slot.stage"), 60_000)).toBe(true);
    proc.kill("SIGTERM");
    expect(await eventually(() => output.includes("draining"), 30_000)).toBe(true);
    proc.kill("SIGTERM");
    const r = await proc;
    expect(r.all).toMatch(/daemon: stopped on SIGTERM \(\d+ runs: \d+ finished, 0 failed/);
    const events = await w.store.events({ project: "demo" });
    expect(events.filter((e) => e.event === "daemon.job.failed")).toEqual([]);
  });
});
