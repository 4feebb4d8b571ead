// Runs the spec's schedules on cron timers: one run per schedule at a time, throws logged, clean drain.
import { randomUUID } from "node:crypto";
import type { Leadership, Release } from "../../core/ports/leadership.js";
import { CronJob, validateCronExpression } from "cron";
import { PolecatError } from "../../core/errors.js";
import type { ScheduleJob, ScheduleSpec } from "../../core/spec.js";
import type { EventRecord } from "../../core/ports/store.js";

/** Where the scheduler writes its events; `store.logEvent` fits. */
export type EventSink = (event: Omit<EventRecord, "ts">) => void | Promise<void>;

/** What a job run gets besides its args. */
export interface JobContext {
  /** Aborted when the run must stop now (the grace after a stop ran out, or a second signal). */
  signal: AbortSignal;
  /** Aborted as soon as the daemon starts stopping: finish the work in hand, start nothing new. */
  drain: AbortSignal;
  log: EventSink;
  schedule: ScheduleSpec;
  /** Tags every event of this run. */
  correlationId: string;
}

/** One built-in job; the real janitor, refinery, swarm and sync are plugged in by the CLI. */
export type JobRunner = (args: string[], ctx: JobContext) => Promise<unknown>;

/** The job table: every schedulable job name has a runner. */
export type JobTable = Record<ScheduleJob, JobRunner>;

/** What the scheduler needs to run. */
export interface SchedulerOptions {
  project: string;
  schedules: readonly ScheduleSpec[];
  jobs: JobTable;
  log: EventSink;
  leadership: Leadership;
}

/** Counters of what happened, for the daemon's last words and for tests. */
export interface SchedulerStats {
  started: number;
  finished: number;
  failed: number;
  skipped: number;
}

interface Run {
  controller: AbortController;
  done: Promise<void>;
}

/** The cron-driven runner behind `polecat daemon`. */
export class Scheduler {
  readonly stats: SchedulerStats = { started: 0, finished: 0, failed: 0, skipped: 0 };
  private readonly opts: SchedulerOptions;
  private readonly timers: CronJob[] = [];
  private readonly running = new Map<string, Run>();
  private readonly pending = new Set<Promise<void>>();
  private readonly drain = new AbortController();

  constructor(opts: SchedulerOptions) {
    this.opts = opts;
  }

  /** Checks every expression first (a bad one starts nothing), then arms one timer per schedule. */
  start(): void {
    for (const s of this.opts.schedules) assertCron(s);
    for (const s of this.opts.schedules) {
      const job = CronJob.from({ cronTime: s.cron, onTick: () => this.tick(s), name: s.name });
      this.timers.push(job);
      job.start();
    }
  }

  /** Names of the schedules whose job is running now. */
  runningNow(): string[] {
    return [...this.running.keys()];
  }

  /** Stops the timers and waits for running jobs; after `graceMs` (if given) their signal is aborted. */
  async stop(graceMs?: number): Promise<void> {
    for (const t of this.timers) void t.stop();
    this.drain.abort();
    const grace = graceMs === undefined ? undefined : setTimeout(() => this.abortRunning(), graceMs);
    try {
      while (this.pending.size > 0) await Promise.all(this.pending);
    } finally {
      clearTimeout(grace);
    }
  }

  /** Aborts the signal of every running job (a second Ctrl+C). */
  abortRunning(): void {
    for (const run of this.running.values()) run.controller.abort();
  }

  private tick(s: ScheduleSpec): void {
    if (this.drain.signal.aborted) return;
    if (this.running.has(s.name)) {
      this.stats.skipped++;
      this.emit(s, "daemon.job.skipped", "warn", "skipped: previous run still going");
      return;
    }
    const controller = new AbortController();
    const correlationId = `${s.name}-${randomUUID()}`;
    const done = this.runOnce(s, controller.signal, correlationId).finally(() => this.running.delete(s.name));
    this.running.set(s.name, { controller, done });
    this.track(done);
  }

  private async runOnce(s: ScheduleSpec, signal: AbortSignal, correlationId: string): Promise<void> {
    let release: Release | undefined;
    try {
      release = await this.opts.leadership.acquire(daemonLockName(s.name));
    } catch (e) {
      this.stats.failed++;
      await this.write(s, "daemon.job.failed", "error", `cannot take the job's lock: ${errorText(e)}`, correlationId);
      return;
    }
    if (release === undefined) {
      this.stats.skipped++;
      await this.write(s, "daemon.job.skipped", "info", "skipped: another daemon runs this job", correlationId);
      return;
    }
    const startedAt = Date.now();
    this.stats.started++;
    await this.write(s, "daemon.job.started", "info", `${s.job} ${s.args.join(" ")}`.trim(), correlationId);
    try {
      const ctx: JobContext = { signal, drain: this.drain.signal, log: this.opts.log, schedule: s, correlationId };
      await this.opts.jobs[s.job]([...s.args], ctx);
      this.stats.finished++;
      await this.write(s, "daemon.job.finished", "info", "finished", correlationId, Date.now() - startedAt);
    } catch (e) {
      this.stats.failed++;
      await this.write(s, "daemon.job.failed", "error", errorText(e), correlationId, Date.now() - startedAt);
    } finally {
      await release().catch(() => undefined);
    }
  }

  private emit(s: ScheduleSpec, event: string, level: EventRecord["level"], message: string): void {
    this.track(this.write(s, event, level, message));
  }

  /** Writes one event; a failing sink must not take the daemon down, so its errors are dropped. */
  private async write(
    s: ScheduleSpec,
    event: string,
    level: EventRecord["level"],
    message: string,
    correlationId?: string,
    durationMs?: number,
  ): Promise<void> {
    const data: Record<string, unknown> = { schedule: s.name, job: s.job, args: s.args };
    if (durationMs !== undefined) data.duration_ms = durationMs;
    const record: Omit<EventRecord, "ts"> = { event, level, project: this.opts.project, worker_id: "daemon", message, data };
    if (correlationId !== undefined) record.correlation_id = correlationId;
    try {
      await this.opts.log(record);
    } catch {
      // The event log is down; the schedule itself goes on.
    }
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

/** Throws E_SPEC_INVALID for an expression the cron package cannot parse. */
export function assertCron(s: Pick<ScheduleSpec, "name" | "cron">): void {
  const check = validateCronExpression(s.cron);
  if (!check.valid) {
    throw new PolecatError("E_SPEC_INVALID", `schedule ${s.name}: invalid cron expression "${s.cron}"`, {
      cause: check.error,
    });
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The leadership name of a daemon job: one run of a schedule at a time across daemons sharing a store. */
export function daemonLockName(schedule: string): string {
  return `daemon-${schedule}`;
}
