// The refinery's figures for the report: batches, validation runs and their time, bisection steps, merge commits.
import type { EventRecord } from "../ports/store.js";
import { dur, esc } from "./html.js";

/** One push of a validated build: the commit the base moved to and the tasks it carried. */
export interface MergeCommit {
  ts: number;
  head: string;
  ids: string[];
}

/** What the refinery did in the range, read off its events. */
export interface RefineryFigures {
  batches: number;
  validations: number;
  failed_validations: number;
  /** Validation runs after a batch's first one: the steps that looked for the culprit. */
  bisection_steps: number;
  /** From `refinery.validating` to its `refinery.validate`, for the runs that logged both. */
  validation_ms: number[];
  merges: MergeCommit[];
}

function ids(e: EventRecord): string[] {
  const v = e.data?.ids;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Reads the figures off the events in time order (one refinery per project at a time). */
export function refineryFigures(events: readonly EventRecord[]): RefineryFigures {
  const f: RefineryFigures = { batches: 0, validations: 0, failed_validations: 0, bisection_steps: 0, validation_ms: [], merges: [] };
  /** Failed runs so far in each project's current batch. */
  const runsInBatch = new Map<string, number>();
  const started = new Map<string, number>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    const project = e.project ?? "";
    if (e.event === "refinery.batch") {
      f.batches++;
      runsInBatch.set(project, 0);
    } else if (e.event === "refinery.validating") {
      started.set(project, e.ts);
    } else if (e.event === "refinery.validate") {
      f.validations++;
      if (e.data?.pass === false) f.failed_validations++;
      // A bisection step: a run after one of the same batch failed (a clean batch may take two runs, the
      // planner's first prefix and the rest, without bisecting).
      const failedBefore = runsInBatch.get(project);
      if (failedBefore !== undefined) {
        if (failedBefore > 0) f.bisection_steps++;
        if (e.data?.pass === false) runsInBatch.set(project, failedBefore + 1);
      }
      const start = started.get(project);
      if (start !== undefined) f.validation_ms.push(e.ts - start);
      started.delete(project);
    } else if (e.event === "refinery.push" && typeof e.data?.head === "string") {
      f.merges.push({ ts: e.ts, head: e.data.head, ids: ids(e) });
    }
  }
  return f;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function time(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** The refinery section's markup. */
export function refineryHtml(f: RefineryFigures): string {
  const total = f.validation_ms.reduce((a, b) => a + b, 0);
  const figures: [string, string][] = [
    [String(f.batches), "batches"],
    [`${f.validations}${f.failed_validations > 0 ? ` (${f.failed_validations} failed)` : ""}`, "validation runs"],
    [String(f.bisection_steps), "bisection steps"],
    [f.validation_ms.length === 0 ? "-" : dur(total), "validating"],
    [f.validation_ms.length === 0 ? "-" : dur(median(f.validation_ms)), "median validation"],
    [String(f.merges.length), "merge commits"],
  ];
  const rows = f.merges.map(
    (m) => `<tr data-merge-commit="${esc(m.head)}"><td>${esc(time(m.ts))}</td><td class="id">${esc(m.head.slice(0, 12))}</td><td>${esc(m.ids.join(", "))}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? `<p class="empty">Nothing merged in this range.</p>`
      : `<table><thead><tr><th>pushed</th><th>commit</th><th>tasks</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
  return `<section id="refinery"><h2>Refinery</h2>
<ul class="stats">${figures.map(([n, label]) => `<li><b>${esc(n)}</b>${esc(label)}</li>`).join("")}</ul>
${table}</section>`;
}
