// The end of a swarm: its exit code, the summary table, and the Worker Dispatch Log written to the parent task.
import { formatUsd, usageLine } from "../../core/agent/run.js";
import { formatDuration } from "../../core/duration.js";
import { formatSwarm, markdownTable, type TableRows } from "../../core/plan-format.js";
import type { WorkerRegistry } from "../../core/spec.js";
import { STATUSES, type TaskStatus } from "../../core/status.js";
import type { TaskRecord, TaskStore } from "../../core/ports/store.js";
import type { Interrupt } from "./control.js";
import type { SlotEnd, SlotRun, SwarmResult } from "./types.js";

/** Where a claimed task counts as a success: merge-ready, or further along in the refinery. */
const SUCCEEDED: ReadonlySet<TaskStatus> = new Set(["merge_ready", "review", "approved", "done"]);

/**
 * 130 when interrupted (143 when the first interrupt was SIGTERM); 1 when a slot gave up, a claimed task did
 * not get to merge-ready, or ready work was left unclaimed; else 0.
 */
export function swarmExitCode(interrupted: Interrupt | undefined, slots: readonly SlotEnd[], tasks: readonly TaskRecord[], unclaimed = 0, signal?: string): number {
  if (interrupted !== undefined) return signal === "SIGTERM" ? 143 : 130;
  if (slots.some((s) => s.kind === "failed" || s.kind === "paused") || unclaimed > 0) return 1;
  return tasks.every((t) => SUCCEEDED.has(t.status)) ? 0 : 1;
}

/**
 * What the swarm left and why, one line each: merge-waiting work and what waits on it (with the command
 * that merges it), and ready work no slot took (with the slots that would). Nothing when nothing is left.
 */
export function leftLines(report: Pick<SwarmResult, "left" | "merger" | "interrupted">): string[] {
  const { merging, behind, unclaimed } = report.left;
  const lines: string[] = [];
  if (merging.length > 0 && report.interrupted === undefined) {
    const waits = behind.map((b) => `${b.id} waits on ${b.on.join(", ")}`);
    const what = `with the refinery: ${merging.join(", ")}${waits.length === 0 ? "" : `; ${waits.join("; ")}`}`;
    if (report.merger === "off") lines.push(`waiting on merges: ${what}. Run \`polecat refinery --once\` to merge, then \`polecat swarm\` again (or \`polecat swarm\` without --no-refinery does both)`);
    else if (report.merger === "other") lines.push(`left to the other refinery: ${what}`);
  }
  if (unclaimed.length > 0) {
    const types = [...new Set(unclaimed.map((u) => u.worker))];
    const list = unclaimed.map((u) => `${u.id} (${u.worker})`).join(", ");
    lines.push(`ready but unclaimed: ${list}: no slot of this swarm runs ${types.join(" or ")}; run \`polecat swarm ${types.map((t) => `-w ${t}=1`).join(" ")}\``);
  }
  return lines;
}

const MAX_REASON = 80;

/** A run's result in a few words: `merge_ready`, `failed: stage implement: agent exited with code 1`. */
export function resultText(run: Pick<SlotRun, "result" | "reason">): string {
  if (run.reason === undefined || run.reason === "") return run.result;
  const reason = run.reason.replace(/\s+/g, " ").trim();
  return `${run.result}: ${reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason}`;
}

/** The summary table: one row per claimed attempt, in start order; cost and tokens when an agent reported them. */
export function summaryTable(report: Pick<SwarmResult, "runs">): TableRows {
  const runs = [...report.runs].sort((a, b) => a.startedAt - b.startedAt);
  const usage = runs.some((r) => r.agent !== undefined && usageLine(r.agent) !== undefined);
  return {
    columns: ["task", "worker", "result", "duration", "attempt", ...(usage ? ["usage"] : [])],
    rows: runs.map((r) => [r.task, r.slot, resultText(r), formatDuration(r.durationMs), String(r.attempt), ...(usage ? [r.agent === undefined ? "" : (usageLine(r.agent) ?? "")] : [])]),
  };
}

/** One line under the table: how many tasks ended where (in workflow order), how slots ended, the exit code. */
export function summaryLine(report: SwarmResult): string {
  const count = (s: TaskStatus): number => report.tasks.filter((t) => t.status === s).length;
  const statuses = STATUSES.filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`).join(", ") || "no tasks claimed";
  const failed = report.slots.filter((s) => s.kind === "failed" || s.kind === "paused");
  const slots = failed.length === 0 ? "" : `; ${failed.length} slot${failed.length === 1 ? "" : "s"} stopped (${failed.map((s) => s.slot).join(", ")})`;
  const cost = report.cost_usd === undefined ? "" : `; agents reported ${formatUsd(report.cost_usd)}`;
  const interrupted = report.interrupted === undefined ? "" : report.interrupted === "drain" ? "; interrupted (drained)" : "; interrupted (stopped)";
  return `${statuses} in ${formatDuration(report.finishedAt - report.startedAt)}${cost}${slots}${interrupted}; exit ${report.exitCode}`;
}

/** Why a slot of this type took the task: the routing rule, a fallback, or a retry. */
export function assignmentReason(task: Pick<TaskRecord, "route">, type: string, attempt: number): string {
  const rule = task.route.worker === type ? task.route.rule : `fallback for ${task.route.worker} (at capacity): ${task.route.rule}`;
  return attempt > 1 ? `retry, attempt ${attempt}: ${rule}` : rule;
}

/**
 * The "## Worker Dispatch Log" section in the format supervisors append to the parent task (the one
 * `polecat plan --markdown` prints), for what the swarm actually dispatched, followed by the results.
 */
export function dispatchLog(report: SwarmResult, registry: WorkerRegistry): string {
  const runs = [...report.runs].sort((a, b) => a.startedAt - b.startedAt);
  const capacity = Object.entries(report.composition).map(([type, n]) => `- ${type}: ${n}/${registry.workers[type]?.max_concurrent ?? n}`);
  const results = summaryTable(report);
  return [
    "## Worker Dispatch Log",
    "",
    `**Dispatched**: ${new Date(report.startedAt).toISOString()}`,
    `**Swarm**: ${formatSwarm(report.composition)}${report.batch === undefined ? "" : ` (batch ${report.batch})`}`,
    "",
    "### Task Assignments",
    "",
    ...markdownTable(
      ["Task", "Worker Type", "Reason"],
      runs.map((r) => [r.task, r.type, r.rule]),
    ),
    "",
    "### Capacity Status",
    "",
    ...capacity,
    "",
    "### Results",
    "",
    ...markdownTable(["Task", "Worker", "Result", "Duration", "Attempt"], results.rows),
    "",
    `**Finished**: ${new Date(report.finishedAt).toISOString()}: ${summaryLine(report)}`,
    "",
  ].join("\n");
}

/**
 * Keeps the dispatch log: as a note on the parent task when there is one (001's "appended to parent task
 * body"), else as a `swarm.dispatch_log` event. Returns the Markdown it wrote.
 */
export async function recordDispatchLog(
  store: Pick<TaskStore, "appendNote" | "logEvent">,
  report: SwarmResult,
  registry: WorkerRegistry,
  parent: string | undefined,
): Promise<string> {
  const text = dispatchLog(report, registry);
  if (parent !== undefined) await store.appendNote(report.project, parent, { kind: "note", author: "polecat swarm", text });
  else await store.logEvent({ event: "swarm.dispatch_log", level: "info", project: report.project, message: text, data: { exit_code: report.exitCode } });
  return text;
}
