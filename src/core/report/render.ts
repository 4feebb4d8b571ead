// `polecat report --html`: one self-contained page for a run or a time range (timeline, workers, queue, refinery, results, cost).
import type { EventRecord, TaskRecord } from "../ports/store.js";
import { isFailure, isKickback, taskRuns } from "../views/runs.js";
import { dur, esc } from "./html.js";
import { queueDepth, queueHtml } from "./queue.js";
import { resultRows, resultsHtml } from "./results.js";
import { REPORT_CSS } from "./style.js";
import { costHtml } from "./cost.js";
import { rollup, usd } from "../views/usage.js";
import { timelineHtml } from "./timeline.js";
import { refineryFigures, refineryHtml } from "./refinery.js";
import { workerRows, workersHtml } from "./workers.js";

/** What the report is drawn from. */
export interface ReportInput {
  tasks: readonly TaskRecord[];
  events: readonly EventRecord[];
  /** Start of the range; default: the first event. */
  from?: number;
  /** End of the range; default: now. */
  to?: number;
  title: string;
  now: number;
  /** Links to the tasks' agent logs, by task id (the CLI gives `file://` URLs of the logs that exist). */
  logs?: ReadonlyMap<string, string>;
}

function stamp(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The whole page as one HTML string: inline CSS and SVG, no scripts, every string escaped; its only links are to log files. */
export function renderReport(input: ReportInput): string {
  const to = input.to ?? input.now;
  const from = input.from ?? input.events.reduce((min, e) => Math.min(min, e.ts), to);
  const inRange = input.events.filter((e) => e.ts >= from && e.ts <= to);
  const runs = taskRuns(input.events).filter((r) => r.start < to && (r.end ?? input.now) > from);
  const ids = new Set([...runs.map((r) => r.task_id), ...inRange.flatMap((e) => (e.task_id === undefined ? [] : [e.task_id]))]);
  const merges = inRange.filter((e) => e.to === "done" && e.task_id !== undefined).map((e) => ({ ts: e.ts, task_id: e.task_id ?? "" }));
  const spent = rollup(runs.flatMap((r) => (r.agent === undefined ? [] : [r.agent])));
  const stats: [number | string, string][] = [
    [ids.size, "tasks"],
    [runs.length, "runs"],
    [new Set(runs.map((r) => r.slot)).size, "slots"],
    [merges.length, "merged"],
    [inRange.filter(isFailure).length, "failed attempts"],
    [inRange.filter(isKickback).length, "kickbacks"],
    [runs.filter((r) => r.outcome === "running").length, "running"],
    [usd(spent.total.cost_usd), "spent"],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title><style>${REPORT_CSS}</style></head>
<body>
<header><h1>${esc(input.title)}</h1>
<p class="meta">${esc(stamp(from))} → ${esc(stamp(to))} (${esc(dur(to - from))}) · generated ${esc(stamp(input.now))}</p>
<ul class="stats">${stats.map(([n, label]) => `<li><b>${esc(String(n))}</b>${esc(label)}</li>`).join("")}</ul></header>
${timelineHtml({ runs, merges, from, to, now: input.now, ...(input.logs === undefined ? {} : { logs: input.logs }) })}
${workersHtml(workerRows(runs, from, to, input.now))}
${queueHtml(queueDepth(input.events, from, to), from, to)}
${refineryHtml(refineryFigures(inRange))}
${resultsHtml(resultRows(ids, input.tasks, runs, input.now, input.logs))}
${costHtml(spent)}
</body></html>
`;
}
