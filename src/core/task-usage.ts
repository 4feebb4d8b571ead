// A finished agent run folded into its task: usage added up, the run kept as `last_run` (its message bounded).
import { addUsage } from "./agent/run.js";
import type { RunFacts, TaskRecord } from "./ports/store.js";

/** Longest final message a task keeps; the whole output stays in the log file. */
export const MAX_FINAL_MESSAGE = 2_000;

/** The task with one more run: its figures added to `usage`, the run as `last_run`; unchanged without a run. */
export function withRun(task: TaskRecord, run: RunFacts | undefined): TaskRecord {
  if (run === undefined) return task;
  const msg = run.final_message;
  const last: RunFacts = msg !== undefined && msg.length > MAX_FINAL_MESSAGE ? { ...run, final_message: `${msg.slice(0, MAX_FINAL_MESSAGE)}…` } : run;
  return { ...task, usage: addUsage(task.usage, run), last_run: last };
}
