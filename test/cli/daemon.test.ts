// `polecat daemon`: --list in words, and a real daemon process running the janitor (and a refinery schedule another refinery's lock turns away) every second until SIGTERM.
import { execa } from "execa";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useWorkerFixture } from "../runtime/worker/helpers.js";
import { eventually } from "../helpers/eventually.js";
import { fileLeadership } from "../../src/adapters/file-store/leadership.js";
import { refineryLockName } from "../../src/adapters/refinery/index.js";
import { homeLayout } from "../../src/core/layout.js";

const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");

describe("polecat daemon", () => {
  const fixture = useWorkerFixture();

  it("--list prints every schedule with its next runs in words", async () => {
    const w = await fixture({
      tasks: [{ id: "t1", title: "One" }],
      spec: { schedules: [{ name: "nightly", cron: "0 2 * * *", job: "janitor" }, { name: "merge", cron: "*/5 * * * *", job: "refinery", args: ["--batch-size", "4"] }] },
    });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "daemon", "--list"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^nightly +janitor +at 02:00 every day +\d{4}-/m);
    expect(r.out).toMatch(/^merge +refinery --batch-size 4 +every 5 minutes/m);
  });

  it("runs its jobs on schedule and stops cleanly on SIGTERM", async () => {
    const w = await fixture({ tasks: [{ id: "t1", title: "One" }], spec: { schedules: [{ name: "tidy", cron: "*/1 * * * * *", job: "janitor" }] } });
    const child = execa(process.execPath, [CLI, "--home", w.home, "daemon"], { cwd: w.dir, env: w.env, extendEnv: false, reject: false, all: true });
    let output = "";
    child.all.on("data", (c: Buffer) => (output += c.toString()));
    expect(await eventually(() => (output.match(/\[tidy\] nothing to clean/g) ?? []).length >= 2, 20_000)).toBe(true);
    child.kill("SIGTERM");
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(r.all).toMatch(/daemon: stopped on SIGTERM \(\d+ runs: \d+ finished, 0 failed/);
    const events = await w.store.events({ project: "demo" });
    expect(events.filter((e) => e.event === "daemon.job.finished").length).toBeGreaterThanOrEqual(2);
  });

  it("a refinery schedule while another refinery holds the lock (a swarm's merge queue) is not a failure", async () => {
    const w = await fixture({ tasks: [{ id: "t1", title: "One" }], spec: { schedules: [{ name: "merge", cron: "*/1 * * * * *", job: "refinery" }] } });
    const release = await fileLeadership(homeLayout(w.home).locks).acquire(refineryLockName("demo"));
    const child = execa(process.execPath, [CLI, "--home", w.home, "daemon"], { cwd: w.dir, env: w.env, extendEnv: false, reject: false, all: true });
    let output = "";
    child.all.on("data", (c: Buffer) => (output += c.toString()));
    try {
      expect(await eventually(() => (output.match(/\[merge\] polecat: another refinery is running for demo .*nothing was done here/g) ?? []).length >= 2, 20_000), output).toBe(true);
    } finally {
      child.kill("SIGTERM");
      await release?.();
    }
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(r.all).toMatch(/daemon: stopped on SIGTERM \(\d+ runs: \d+ finished, 0 failed/);
  });
});
