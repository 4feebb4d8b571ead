// The results table: one row per task seen in the range, with how its runs went.
import type { TaskStatus } from "../status.js";
import type { TaskRecord } from "../ports/store.js";
import type { TaskRun } from "../views/runs.js";
import { dur, esc } from "./html.js";
import type { UsageTotals } from "../agent/run.js";
import { rollup, tokens, usd } from "../views/usage.js";

/** One row of the results table, as data. */
export interface ResultRow {
  task_id: string;
  title: string;
  /** Slot and worker type of the latest run. */
  worker: string;
  status: TaskStatus | "unknown";
  runs: number;
  /** Time spent in runs, all attempts together. */
  work_ms: number;
  attempts: number;
  failures: number;
  kickbacks: number;
  /** What its agent runs in the range reported (USD, tokens). */
  usage: UsageTotals;
  /** Why it is blocked or cancelled, or why it was last kicked back or failed; "" when nothing went wrong. */
  reason: string;
  /** A link to its agent log, when there is one. */
  log?: string;
}

/** Why a task is blocked or cancelled, else what last sent it back (a kickback, a failed attempt). */
export function reasonOf(t: TaskRecord | undefined): string {
  if (t === undefined) return "";
  if (t.status === "blocked" || t.status === "cancelled") return t.reason ?? "";
  const last = [...t.notes].reverse().find((n) => n.kind === "kickback" || n.kind === "failure");
  if (last === undefined) return "";
  return `${last.kind === "kickback" ? "kicked back" : "failed"}: ${last.text}`;
}

function firstLine(text: string, max = 140): string {
  const line = text.split("\n")[0] ?? "";
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** Rows for the tasks in `ids`, in the store's creation order (ids the store lacks come last). */
export function resultRows(
  ids: ReadonlySet<string>,
  tasks: readonly TaskRecord[],
  runs: readonly TaskRun[],
  now: number,
  logs: ReadonlyMap<string, string> = new Map(),
): ResultRow[] {
  const known = tasks.filter((t) => ids.has(t.id)).sort((a, b) => a.seq - b.seq);
  const unknown = [...ids].filter((id) => !known.some((t) => t.id === id)).sort();
  const row = (id: string, t: TaskRecord | undefined): ResultRow => {
    const mine = runs.filter((r) => r.task_id === id);
    const last = mine[mine.length - 1];
    return {
      task_id: id,
      title: t?.spec.title ?? "",
      worker: last === undefined ? "" : `${last.slot}${last.worker_type === undefined ? "" : ` (${last.worker_type})`}`,
      status: t?.status ?? "unknown",
      runs: mine.length,
      work_ms: mine.reduce((sum, r) => sum + ((r.end ?? now) - r.start), 0),
      attempts: t?.attempt ?? mine.length,
      failures: t?.failures ?? mine.filter((r) => r.outcome === "failed").length,
      kickbacks: t?.kickbacks ?? 0,
      usage: rollup(mine.flatMap((r) => (r.agent === undefined ? [] : [r.agent]))).total,
      reason: reasonOf(t),
      ...(logs.has(id) ? { log: logs.get(id) } : {}),
    };
  };
  return [...known.map((t) => row(t.id, t)), ...unknown.map((id) => row(id, undefined))];
}

/** The results section's markup. */
export function resultsHtml(rows: readonly ResultRow[]): string {
  const body = rows.map(
    (r) =>
      `<tr data-row="${esc(r.task_id)}"><td class="id">${esc(r.task_id)}</td><td>${esc(r.title)}</td><td>${esc(r.worker)}</td>` +
      `<td><span class="pill ${esc(r.status)}">${esc(r.status)}</span></td><td class="num">${r.runs === 0 ? "-" : dur(r.work_ms)}</td>` +
      `<td class="num">${r.attempts}</td><td class="num">${r.failures}</td><td class="num">${r.kickbacks}</td>` +
      `<td class="num">${esc(usd(r.usage.cost_usd))}</td><td class="num">${esc(tokens(r.usage))}</td>` +
      `<td class="why" title="${esc(r.reason)}">${esc(firstLine(r.reason))}</td>` +
      `<td>${r.log === undefined ? "" : `<a href="${esc(r.log)}">log</a>`}</td></tr>`,
  );
  return `<section id="results"><h2>Results</h2>
<table><thead><tr><th>task</th><th>title</th><th>worker</th><th>result</th><th>work time</th><th>attempts</th><th>failed</th><th>kickbacks</th><th>spent</th><th>tokens</th><th>why</th><th>log</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody></table></section>`;
}
