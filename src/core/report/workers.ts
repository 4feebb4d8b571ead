// The per-worker rollup: each slot's runs, how they ended, how busy it was in the range and what it spent.
import type { TaskRun } from "../views/runs.js";
import { rollup, usd } from "../views/usage.js";
import { dur, esc } from "./html.js";

/** One slot's figures. */
export interface WorkerRow {
  slot: string;
  worker_type: string;
  runs: number;
  finished: number;
  /** Failed or blocked runs. */
  failed: number;
  /** Time in runs, clipped to the range. */
  busy_ms: number;
  /** busy_ms over the range's length. */
  busy_share: number;
  cost_usd?: number;
}

/** One row per slot, by worker type then slot name. */
export function workerRows(runs: readonly TaskRun[], from: number, to: number, now: number): WorkerRow[] {
  const slots = [...new Set(runs.map((r) => r.slot))];
  const span = Math.max(1, to - from);
  const rows = slots.map((slot): WorkerRow => {
    const mine = runs.filter((r) => r.slot === slot);
    const busy = mine.reduce((sum, r) => sum + Math.max(0, Math.min(r.end ?? now, to) - Math.max(r.start, from)), 0);
    const spent = rollup(mine.flatMap((r) => (r.agent === undefined ? [] : [r.agent]))).total.cost_usd;
    return {
      slot,
      worker_type: mine.find((r) => r.worker_type !== undefined)?.worker_type ?? "",
      runs: mine.length,
      finished: mine.filter((r) => r.outcome === "finished").length,
      failed: mine.filter((r) => r.outcome === "failed" || r.outcome === "blocked").length,
      busy_ms: busy,
      busy_share: busy / span,
      ...(spent === undefined ? {} : { cost_usd: spent }),
    };
  });
  return rows.sort((a, b) => a.worker_type.localeCompare(b.worker_type) || a.slot.localeCompare(b.slot));
}

/** The workers section's markup. */
export function workersHtml(rows: readonly WorkerRow[]): string {
  if (rows.length === 0) return `<section id="workers"><h2>Workers</h2><p class="empty">No slot ran in this range.</p></section>`;
  const body = rows.map(
    (r) =>
      `<tr data-slot="${esc(r.slot)}"><td class="id">${esc(r.slot)}</td><td>${esc(r.worker_type)}</td><td class="num">${r.runs}</td>` +
      `<td class="num">${r.finished}</td><td class="num">${r.failed}</td><td class="num">${dur(r.busy_ms)}</td>` +
      `<td class="num">${Math.round(r.busy_share * 100)}%</td><td class="num">${esc(usd(r.cost_usd))}</td></tr>`,
  );
  return `<section id="workers"><h2>Workers</h2>
<table><thead><tr><th>slot</th><th>worker type</th><th>runs</th><th>finished</th><th>failed</th><th>busy</th><th>of the range</th><th>spent</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody></table></section>`;
}
