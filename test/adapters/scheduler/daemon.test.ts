// runDaemon: in-process with an emitter for signals, and as a real child process stopped by SIGTERM.
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileLeadership } from "../../../src/adapters/file-store/leadership.js";
import { runDaemon } from "../../../src/adapters/scheduler/index.js";
import type { JobRunner, JobTable } from "../../../src/adapters/scheduler/index.js";
import type { EventRecord } from "../../../src/core/ports/store.js";
import { eventually } from "../../helpers/eventually.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "polecat-daemon-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const idle: JobRunner = () => Promise.resolve();

describe("runDaemon in process", () => {
  it("drains on the first signal and aborts running jobs on the second", async () => {
    const signals = new EventEmitter();
    const events: Omit<EventRecord, "ts">[] = [];
    let sawDrain = false;
    let sawAbort = false;
    const swarm: JobRunner = async (_args, ctx) => {
      await new Promise<void>((r) => ctx.drain.addEventListener("abort", () => r(), { once: true }));
      sawDrain = true;
      await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
      sawAbort = true;
    };
    const jobs: JobTable = { janitor: idle, refinery: idle, swarm, sync: idle };
    const done = runDaemon({
      project: "demo",
      schedules: [{ name: "swarm", cron: "*/1 * * * * *", job: "swarm", args: [] }],
      jobs,
      log: (e) => void events.push(e),
      leadership: fileLeadership(join(dir, "locks")),
      signals,
    });
    expect(await eventually(() => events.some((e) => e.event === "daemon.job.started")), "the swarm job to start").toBe(true);
    signals.emit("SIGINT");
    expect(await eventually(() => sawDrain), "the drain signal").toBe(true);
    expect(sawAbort).toBe(false);
    signals.emit("SIGINT");
    const result = await done;
    expect(sawAbort).toBe(true);
    expect(result.signal).toBe("SIGINT");
    expect(result.stats).toMatchObject({ started: 1, finished: 1, failed: 0 });
    expect(events.map((e) => e.event).filter((e) => e.startsWith("daemon.") && !e.startsWith("daemon.job"))).toEqual([
      "daemon.started",
      "daemon.stopping",
      "daemon.stopped",
    ]);
    expect(signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM")).toBe(0);
  });
});

describe("runDaemon as a process", () => {
  // The child imports from dist/ (built by `npm test` before vitest runs).
  const child = fileURLToPath(new URL("./daemon-child.mjs", import.meta.url));

  it("stops cleanly on SIGTERM after the running job drains", async () => {
    const marks = (): string[] => (existsSync(join(dir, "marks")) ? readFileSync(join(dir, "marks"), "utf8").split("\n").filter(Boolean) : []);
    const proc = execa("node", [child, dir], { reject: false });
    expect(await eventually(() => marks().includes("started")), "a job to start").toBe(true);
    proc.kill("SIGTERM");
    const result = await proc;
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = marks();
    expect(lines.at(-1)).toBe("finished");
    expect(lines.filter((l) => l === "started").length).toBe(lines.filter((l) => l === "finished").length);

    const events = readFileSync(join(dir, "events.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as EventRecord);
    const stopping = events.find((e) => e.event === "daemon.stopping");
    expect(stopping?.message).toMatch(/^SIGTERM: draining 1 running job/);
    const lateStarts = events.filter((e) => e.event === "daemon.job.started" && e.ts > (stopping?.ts ?? 0));
    expect(lateStarts).toEqual([]);
    expect(events.at(-1)?.event).toBe("daemon.stopped");
    expect(JSON.parse(readFileSync(join(dir, "result.json"), "utf8"))).toMatchObject({ signal: "SIGTERM" });
  });
});
