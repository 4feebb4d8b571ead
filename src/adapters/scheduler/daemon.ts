// `polecat daemon`: start the schedules, and on SIGTERM/SIGINT stop after the running jobs drain.
import { Scheduler } from "./scheduler.js";
import type { SchedulerOptions, SchedulerStats } from "./scheduler.js";

/** The signals the daemon stops on. */
export type StopSignal = "SIGTERM" | "SIGINT";

/** Where stop signals come from: `process` in the CLI, any emitter in tests. */
export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  off(event: StopSignal, listener: () => void): unknown;
}

/** What `runDaemon` needs: the scheduler's options plus the signal source and an optional grace. */
export interface DaemonOptions extends SchedulerOptions {
  signals: SignalSource;
  /** After a stop signal, abort the running jobs' signal once this long has passed; none means wait. */
  graceMs?: number;
}

/** How the daemon ended. */
export interface DaemonResult {
  signal: StopSignal;
  stats: SchedulerStats;
}

const STOP_SIGNALS: readonly StopSignal[] = ["SIGTERM", "SIGINT"];

/**
 * Runs until the first stop signal, then drains: no new ticks, running jobs finish (their `drain` signal
 * says so). A second signal aborts the running jobs at once. Resolves when nothing runs any more.
 */
export async function runDaemon(opts: DaemonOptions): Promise<DaemonResult> {
  const scheduler = new Scheduler(opts);
  let received: StopSignal | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const handlers = STOP_SIGNALS.map((sig) => {
    const handler = (): void => {
      if (received === undefined) {
        received = sig;
        wake();
      } else {
        scheduler.abortRunning();
      }
    };
    opts.signals.on(sig, handler);
    return { sig, handler };
  });
  try {
    scheduler.start();
    await log(opts, "daemon.started", `${opts.schedules.length} schedule(s)`, {
      schedules: opts.schedules.map((s) => ({ name: s.name, cron: s.cron, job: s.job })),
    });
    await stopped;
    const sig = received ?? "SIGTERM";
    await log(opts, "daemon.stopping", `${sig}: draining ${scheduler.runningNow().length} running job(s)`, {
      running: scheduler.runningNow(),
    });
    await scheduler.stop(opts.graceMs);
    await log(opts, "daemon.stopped", "stopped", { ...scheduler.stats });
    return { signal: sig, stats: { ...scheduler.stats } };
  } finally {
    for (const { sig, handler } of handlers) opts.signals.off(sig, handler);
  }
}

async function log(opts: DaemonOptions, event: string, message: string, data: Record<string, unknown>): Promise<void> {
  try {
    await opts.log({ event, level: "info", project: opts.project, worker_id: "daemon", message, data });
  } catch {
    // The event log is down; starting and stopping go on.
  }
}
