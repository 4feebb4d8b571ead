// The daemon's scheduling machinery, in one import for the CLI.
export { Scheduler, assertCron } from "./scheduler.js";
export type {
  EventSink,
  JobContext,
  JobRunner,
  JobTable,
  Leadership,
  ReleaseLeadership,
  SchedulerOptions,
  SchedulerStats,
} from "./scheduler.js";
export { fileLeadership } from "./leadership.js";
export { describeSchedule, listSchedules, nextRuns } from "./describe.js";
export type { ScheduleListing } from "./describe.js";
export { runDaemon } from "./daemon.js";
export type { DaemonOptions, DaemonResult, SignalSource, StopSignal } from "./daemon.js";
