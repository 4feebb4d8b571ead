// The Gantt timeline: one lane per worker slot, one bar per run (a task that ran twice shows twice).
import type { RunOutcome, TaskRun } from "../views/runs.js";
import { dur, esc, pct, tickLabel, tickStep, ticks } from "./html.js";

/** What the timeline draws: runs clipped to the range, and when tasks merged. */
export interface TimelineInput {
  runs: readonly TaskRun[];
  merges: readonly { ts: number; task_id: string }[];
  from: number;
  to: number;
  now: number;
  /** A link to each task's agent log, by task id; a bar's label links to it. */
  logs?: ReadonlyMap<string, string>;
}

/** Legend order: the good news first. */
const OUTCOMES: readonly RunOutcome[] = ["finished", "running", "failed", "blocked", "released", "reset", "ended", "cancelled"];

function barTitle(r: TaskRun, end: number): string {
  const stages = r.stages.length > 0 ? ` (${r.stages.map((s) => s.stage).join(" → ")})` : "";
  const type = r.worker_type === undefined ? "" : ` [${r.worker_type}]`;
  return `${r.task_id} #${r.attempt} on ${r.slot}${type}: ${r.outcome}, ${dur(end - r.start)}${stages}`;
}

function label(id: string, href: string | undefined): string {
  return href === undefined ? `<span class="label">${esc(id)}</span>` : `<a class="label" href="${esc(href)}">${esc(id)}</a>`;
}

function bar(r: TaskRun, x: (t: number) => number, input: TimelineInput): string {
  const end = r.end ?? input.now;
  const left = x(Math.max(r.start, input.from));
  const right = x(Math.min(end, input.to));
  const width = right - left;
  const segments = r.stages.map((s, i) => {
    const sEnd = r.stages[i + 1]?.start ?? end;
    const sl = (x(Math.max(s.start, input.from)) - left) / (width || 1);
    const sw = (x(Math.min(sEnd, input.to)) - x(Math.max(s.start, input.from))) / (width || 1);
    return `<span class="stage stage-${i % 3}" style="left:${pct(sl)};width:${pct(Math.max(0, sw))}"></span>`;
  });
  return (
    `<div class="bar ${r.outcome}" data-task="${esc(r.task_id)}" data-attempt="${r.attempt}" ` +
    `style="left:${pct(left)};width:${pct(width)}" title="${esc(barTitle(r, end))}">` +
    `${segments.join("")}${label(r.task_id, input.logs?.get(r.task_id))}</div>`
  );
}

/** The timeline section's markup. */
export function timelineHtml(input: TimelineInput): string {
  const { from, to } = input;
  const span = Math.max(1, to - from);
  const x = (t: number): number => (t - from) / span;
  const runs = input.runs.filter((r) => r.start < to && (r.end ?? input.now) > from);
  const slots = [...new Set(runs.map((r) => r.slot))].sort();
  const multiDay = new Date(from).toISOString().slice(0, 10) !== new Date(to).toISOString().slice(0, 10);
  const axis = ticks(from, to)
    .map((t) => `<span class="tick" style="left:${pct(x(t))}">${esc(tickLabel(t, tickStep(from, to), multiDay))}</span>`)
    .join("");
  const grid = ticks(from, to)
    .map((t) => `<span class="grid" style="left:${pct(x(t))}"></span>`)
    .join("");
  const lanes = slots.map((slot) => {
    const bars = runs.filter((r) => r.slot === slot).map((r) => bar(r, x, input));
    return `<div class="lane"><div class="lane-name">${esc(slot)}</div><div class="track">${grid}${bars.join("")}</div></div>`;
  });
  const merges = new Map<number, string[]>();
  for (const m of input.merges) if (m.ts >= from && m.ts <= to) merges.set(m.ts, [...(merges.get(m.ts) ?? []), m.task_id]);
  if (merges.size > 0) {
    const marks = [...merges].map(
      ([ts, ids]) =>
        `<span class="merge" data-merge="${esc(ids.join(" "))}" style="left:${pct(x(ts))}" title="${esc(`merged: ${ids.join(", ")}`)}"></span>`,
    );
    lanes.push(`<div class="lane merges"><div class="lane-name">merged</div><div class="track">${grid}${marks.join("")}</div></div>`);
  }
  const outcomes = OUTCOMES.filter((o) => runs.some((r) => r.outcome === o));
  const legend = outcomes.map((o) => `<span class="key ${o}"></span>${o}`).join(" ");
  const body = slots.length === 0 ? `<p class="empty">No task ran in this range.</p>` : lanes.join("\n");
  return `<section id="timeline"><h2>Timeline</h2>
<div class="gantt">${body}
<div class="lane axis"><div class="lane-name"></div><div class="track">${axis}</div></div></div>
<p class="legend">${legend} · shades inside a bar are pipeline stages; hover a bar for details</p></section>`;
}
