// The scheduler with second-resolution cron expressions and real lock files, on fake timers: a tick a second
// of fake time, so the runs, skips and drains take no wall-clock time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Leadership } from "../../../src/core/ports/leadership.js";
import { fileLeadership } from "../../../src/adapters/file-store/leadership.js";
import { Scheduler, daemonLockName } from "../../../src/adapters/scheduler/index.js";
import type { JobRunner, JobTable } from "../../../src/adapters/scheduler/index.js";
import { isPolecatError } from "../../../src/core/errors.js";
import type { ScheduleSpec } from "../../../src/core/spec.js";
import type { EventRecord } from "../../../src/core/ports/store.js";
import { eventually, FAKED_TIMERS, passFakeTime } from "../../helpers/eventually.js";

const EVERY_SECOND = "*/1 * * * * *";

let dir: string;
let events: Omit<EventRecord, "ts">[];
let leadership: Leadership;
let scheduler: Scheduler | undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
  dir = mkdtempSync(join(tmpdir(), "polecat-sched-"));
  events = [];
  leadership = fileLeadership(join(dir, "locks"));
});

afterEach(async () => {
  let stopped = false;
  const stopping = scheduler?.stop(0).finally(() => void (stopped = true));
  await eventually(() => stopped || stopping === undefined, 60_000);
  await stopping;
  scheduler = undefined;
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const idle: JobRunner = () => Promise.resolve();

function jobs(overrides: Partial<JobTable>): JobTable {
  return { janitor: idle, refinery: idle, swarm: idle, sync: idle, ...overrides };
}

function schedule(name: string, job: ScheduleSpec["job"], cron = EVERY_SECOND, args: string[] = []): ScheduleSpec {
  return { name, cron, job, args };
}

function start(schedules: ScheduleSpec[], table: JobTable): Scheduler {
  scheduler = new Scheduler({ project: "demo", schedules, jobs: table, log: (e) => void events.push(e), leadership });
  scheduler.start();
  return scheduler;
}

const count = (event: string, name?: string): number =>
  events.filter((e) => e.event === event && (name === undefined || e.data?.schedule === name)).length;

/** A job that runs until told to go on (or aborted), so tests decide when a run ends. */
function gate(): { job: JobRunner; open: () => void; runs: () => number; maxConcurrent: () => number } {
  let release: () => void = () => undefined;
  let runs = 0;
  let now = 0;
  let max = 0;
  return {
    job: async (_args, ctx) => {
      runs++;
      now++;
      max = Math.max(max, now);
      await new Promise<void>((r) => {
        release = r;
        ctx.signal.addEventListener("abort", () => r(), { once: true });
      });
      now--;
    },
    open: () => release(),
    runs: () => runs,
    maxConcurrent: () => max,
  };
}

describe("Scheduler", () => {
  it("fires a job every second, passing its args", async () => {
    const seen: string[][] = [];
    start([schedule("sync", "sync", EVERY_SECOND, ["--batch", "b1"])], jobs({ sync: (args) => Promise.resolve(seen.push(args)) }));
    expect(await eventually(() => count("daemon.job.finished") >= 3), "three runs").toBe(true);
    expect(seen.slice(0, 3)).toEqual([["--batch", "b1"], ["--batch", "b1"], ["--batch", "b1"]]);
    const finished = events.find((e) => e.event === "daemon.job.finished");
    expect(finished).toMatchObject({ level: "info", project: "demo", worker_id: "daemon", data: { schedule: "sync", job: "sync" } });
    expect(typeof finished?.data?.duration_ms).toBe("number");
    expect(finished?.correlation_id).toMatch(/^sync-/);
  });

  it("never overlaps a slow job with itself: later ticks are skipped and logged", async () => {
    const slow = gate();
    start([schedule("swarm", "swarm")], jobs({ swarm: slow.job }));
    expect(await eventually(() => slow.runs() === 1), "a first run").toBe(true);
    const skippedBefore = count("daemon.job.skipped");
    expect(await eventually(() => count("daemon.job.skipped") >= skippedBefore + 2), "two skipped ticks").toBe(true);
    expect(slow.runs()).toBe(1);
    slow.open();
    expect(await eventually(() => slow.runs() >= 2), "a second run").toBe(true);
    slow.open();
    expect(await eventually(() => count("daemon.job.skipped") >= 3), "another skip").toBe(true);
    expect(slow.maxConcurrent()).toBe(1);
    const skip = events.find((e) => e.event === "daemon.job.skipped");
    expect(skip).toMatchObject({ level: "warn", message: "skipped: previous run still going", data: { schedule: "swarm" } });
  });

  it("logs a throwing job and keeps firing it and the others", async () => {
    let calls = 0;
    const boom: JobRunner = () => {
      calls++;
      return Promise.reject(new Error(`janitor exploded #${calls}`));
    };
    start([schedule("janitor", "janitor"), schedule("sync", "sync")], jobs({ janitor: boom }));
    expect(await eventually(() => count("daemon.job.failed") >= 2 && count("daemon.job.finished", "sync") >= 2), "two failures and two syncs").toBe(true);
    const failures = events.filter((e) => e.event === "daemon.job.failed");
    expect(failures[0]).toMatchObject({ level: "error", message: "janitor exploded #1", data: { schedule: "janitor" } });
    expect(failures[1]?.message).toBe("janitor exploded #2");
    expect(scheduler?.stats.failed).toBeGreaterThanOrEqual(2);
  });

  it("stop waits for the running job, which sees the drain signal, and starts nothing after", async () => {
    let drained = false;
    let finished = false;
    const job: JobRunner = async (_args, ctx) => {
      await new Promise<void>((r) => ctx.drain.addEventListener("abort", () => r(), { once: true }));
      drained = true;
      await new Promise((r) => setTimeout(r, 200));
      finished = true;
    };
    const s = start([schedule("refinery", "refinery")], jobs({ refinery: job }));
    expect(await eventually(() => count("daemon.job.started") === 1), "the job to start").toBe(true);
    let stopped = false;
    const stopping = s.stop().then(() => void (stopped = true));
    expect(await eventually(() => drained, 10_000), "the job to see the drain").toBe(true);
    expect(stopped).toBe(false);
    await passFakeTime(200);
    await stopping;
    expect(finished).toBe(true);
    expect(s.runningNow()).toEqual([]);
    const startedBefore = count("daemon.job.started");
    await passFakeTime(5_000);
    expect(count("daemon.job.started")).toBe(startedBefore);
  });

  it("aborts the running job's signal once the grace runs out", async () => {
    let aborted = false;
    const job: JobRunner = async (_args, ctx) => {
      await new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r(), { once: true }));
      aborted = true;
    };
    const s = start([schedule("swarm", "swarm")], jobs({ swarm: job }));
    expect(await eventually(() => count("daemon.job.started") === 1), "the job to start").toBe(true);
    const stopping = s.stop(1_000);
    await passFakeTime(900);
    expect(aborted).toBe(false);
    await passFakeTime(200);
    await stopping;
    expect(aborted).toBe(true);
    expect(count("daemon.job.finished")).toBe(1);
  });

  it("skips a tick while another daemon holds the schedule's lock", async () => {
    const release = await leadership.acquire(daemonLockName("janitor"));
    expect(release).toBeDefined();
    let calls = 0;
    start([schedule("janitor", "janitor")], jobs({ janitor: () => Promise.resolve(calls++) }));
    expect(await eventually(() => count("daemon.job.skipped") >= 1), "a skipped tick").toBe(true);
    expect(calls).toBe(0);
    expect(events.find((e) => e.event === "daemon.job.skipped")?.message).toBe("skipped: another daemon runs this job");
    await release?.();
    expect(await eventually(() => calls >= 1), "a run once the lock is free").toBe(true);
  });

  it.each([["not a cron"], ["*/1 * * * * * * *"], ["61 * * * *"]])("refuses to start on %j", (cron) => {
    let calls = 0;
    const s = new Scheduler({
      project: "demo",
      schedules: [schedule("ok", "sync"), schedule("bad", "sync", cron)],
      jobs: jobs({ sync: () => Promise.resolve(calls++) }),
      log: (e) => void events.push(e),
      leadership,
    });
    let error: unknown;
    try {
      s.start();
    } catch (e) {
      error = e;
    }
    expect(isPolecatError(error, "E_SPEC_INVALID")).toBe(true);
    expect(s.runningNow()).toEqual([]);
  });
});
