// `polecat analyze TASK`: why a task is where it is, and the one thing to do about it.
import type { TaskStatus } from "../status.js";
import type { EventRecord, Note, TaskRecord } from "../ports/store.js";
import { formatEvent } from "./logs.js";
import { nextStep } from "./next-step.js";
import { taskRuns } from "./runs.js";
import { leaseView } from "./lease.js";
import { span, stamp } from "./text.js";
import { renderTable } from "../table.js";
import type { AnalyzeView, Blocker } from "./analyze-view.js";
import { renderKickback } from "../kickback.js";
import { costLine, tokens, usd } from "./usage.js";

const HISTORY = 12;
/** Statuses the task's `reason` explains; on others it is a leftover from an earlier kickback. */
const EXPLAINED: readonly TaskStatus[] = ["active", "waiting", "blocked", "cancelled"];

/** Builds the analysis of one task from the store's tasks and events and its agent log's last lines. */
export function analyzeView(
  task: TaskRecord,
  allTasks: readonly TaskRecord[],
  events: readonly EventRecord[],
  logTail: readonly string[],
  now: number,
): AnalyzeView {
  const byId = new Map(allTasks.filter((t) => t.project === task.project).map((t) => [t.id, t]));
  const blockers = task.spec.depends_on
    .map((id): Blocker => ({ task_id: id, status: byId.get(id)?.status ?? "missing" }))
    .filter((b) => b.status !== "done");
  const dependents = [...byId.values()]
    .filter((t) => t.spec.depends_on.includes(task.id) && t.status !== "done" && t.status !== "cancelled")
    .map((t) => t.id);
  const mine = events.filter((e) => e.task_id === task.id && e.project === task.project);

  const view: AnalyzeView = {
    task_id: task.id,
    title: task.spec.title,
    status: task.status,
    route: task.route,
    blockers,
    dependents,
    attempts: task.attempt,
    failures: task.failures,
    kickbacks: task.notes.filter((n) => n.kind === "kickback"),
    failure_notes: task.notes.filter((n) => n.kind === "failure"),
    runs: taskRuns(mine),
    history: mine.filter((e) => e.level !== "debug").slice(-HISTORY),
    log_tail: [...logTail],
    next_step: "",
  };
  if (task.reason !== undefined && EXPLAINED.includes(task.status)) view.reason = task.reason;
  if (task.merge_commit !== undefined) view.merge_commit = task.merge_commit;
  if (task.usage !== undefined) view.usage = task.usage;
  if (task.status === "in_progress" && task.lease !== undefined) {
    view.lease = leaseView(task.lease, now);
  }
  if (task.status === "active" && task.not_before !== undefined && task.not_before > now) {
    view.backoff_ms = task.not_before - now;
  }
  const lastSetback = task.notes.filter((n) => n.kind === "failure" || n.kind === "kickback").at(-1);
  view.next_step = nextStep(view, lastSetback);
  return view;
}

function noteLines(notes: readonly Note[]): string[] {
  return notes.map((n) => `  ${stamp(n.ts)} ${n.author}: ${n.text.split("\n")[0] ?? ""}`);
}

/** Each kickback whole: its line, then (when the note keeps its evidence) kind, notes, files and base, failing tests. */
function kickbackLines(notes: readonly Note[]): string[] {
  return notes.flatMap((n) => {
    const head = `  ${stamp(n.ts)} ${n.author}: ${n.text.split("\n")[0] ?? ""}`;
    if (n.kickback === undefined) return [head];
    const body = renderKickback(n.kickback).split("\n").map((l) => (l === "" ? "" : `    ${l}`));
    return [head, `    kind: ${n.kickback.kind}, attempt ${n.kickback.attempt}, found by ${n.kickback.found_by}`, "", ...body, ""];
  });
}

/** The human `polecat analyze`. */
export function renderAnalyze(v: AnalyzeView): string[] {
  const lines = [`${v.task_id}: ${v.title}`, `Status: ${v.status}${v.reason === undefined ? "" : ` (${v.reason.split("\n")[0] ?? ""})`}`];
  const fallbacks = v.route.fallbacks.length > 0 ? `; fallbacks ${v.route.fallbacks.join(", ")}` : "";
  lines.push(`Route: ${v.route.worker} (${v.route.rule}${fallbacks})`);
  lines.push(`Attempts: ${v.attempts}, failed: ${v.failures}, kickbacks: ${v.kickbacks.length}`);
  lines.push(`Blockers: ${v.blockers.length === 0 ? "none" : v.blockers.map((b) => `${b.task_id} (${b.status})`).join(", ")}`);
  if (v.dependents.length > 0) lines.push(`Waiting on it: ${v.dependents.join(", ")}`);
  if (v.lease !== undefined) {
    const l = v.lease;
    const expiry = l.expired ? `expired ${span(-l.expires_in_ms)} ago` : `expires in ${span(l.expires_in_ms)}`;
    lines.push(
      `Lease: ${l.slot} (${l.worker_type}, owner ${l.owner}) attempt #${l.attempt}, running ${span(l.elapsed_ms)}, heartbeat ${span(l.heartbeat_age_ms)} ago, ${expiry}`,
    );
  }
  if (v.backoff_ms !== undefined) lines.push(`Back-off: claimable in ${span(v.backoff_ms)}`);
  const cost = v.usage === undefined ? undefined : costLine("Cost", v.usage);
  if (cost !== undefined) lines.push(cost);
  if (v.runs.length > 0) {
    lines.push("Runs:");
    const rows = v.runs.map((r) => [
      `#${r.attempt}`,
      r.slot,
      stamp(r.start),
      r.end === undefined ? "-" : span(r.end - r.start),
      r.outcome,
      r.stages.map((s) => s.stage).join(" → "),
      usd(r.agent?.cost_usd),
      r.agent === undefined ? "-" : tokens(r.agent),
      r.agent?.session_id ?? "-",
    ]);
    lines.push(...renderTable(["attempt", "slot", "started", "took", "outcome", "stages", "spent", "tokens", "session"], rows).map((l) => `  ${l}`));
  }
  if (v.kickbacks.length > 0) lines.push("Kickbacks:", ...kickbackLines(v.kickbacks));
  if (v.failure_notes.length > 0) lines.push("Failures:", ...noteLines(v.failure_notes));
  if (v.history.length > 0) lines.push("Recent events:", ...v.history.map((e) => `  ${formatEvent(e)}`));
  if (v.log_tail.length > 0) lines.push("Last log lines:", ...v.log_tail.map((l) => `  | ${l}`));
  lines.push(`Next step: ${v.next_step}`);
  return lines;
}
