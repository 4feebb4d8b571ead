// The daemon's scheduling machinery, in one import for the CLI.
export { Scheduler, assertCron, daemonLockName } from "./scheduler.js";
export type {
  EventSink,
  JobContext,
  JobRunner,
  JobTable,
  SchedulerOptions,
  SchedulerStats,
} from "./scheduler.js";
export { describeSchedule, listSchedules, nextRuns } from "./describe.js";
export type { ScheduleListing } from "./describe.js";
export { runDaemon } from "./daemon.js";
export type { DaemonOptions, DaemonResult, SignalSource, StopSignal } from "./daemon.js";
