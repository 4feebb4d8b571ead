// Queue depth over time: replay every status change and draw active / in_progress / merge_ready as steps.
import type { TaskStatus } from "../status.js";
import type { EventRecord } from "../ports/store.js";
import { byTime, statusAfter } from "../views/runs.js";
import { esc, tickLabel, tickStep, ticks } from "./html.js";

/** The statuses the chart follows. */
export const QUEUE_SERIES: readonly TaskStatus[] = ["active", "in_progress", "merge_ready"];

/** One sample: the counts after the changes at `ts`. */
export interface QueuePoint {
  ts: number;
  counts: Record<string, number>;
}

/** Counts of the followed statuses at `from`, at every change inside the range, and at `to`. */
export function queueDepth(events: readonly EventRecord[], from: number, to: number): QueuePoint[] {
  const status = new Map<string, TaskStatus>();
  const live: Record<string, number> = Object.fromEntries(QUEUE_SERIES.map((s) => [s, 0]));
  const counts = (): Record<string, number> => ({ ...live });
  const move = (key: string, next: TaskStatus): void => {
    const prev = status.get(key);
    if (prev !== undefined && prev in live) live[prev] = (live[prev] ?? 0) - 1;
    if (next in live) live[next] = (live[next] ?? 0) + 1;
    status.set(key, next);
  };
  const points: QueuePoint[] = [];
  let started = false;
  for (const e of byTime(events)) {
    const next = e.task_id === undefined ? undefined : statusAfter(e);
    if (next === undefined || e.task_id === undefined) continue;
    if (e.ts > to) break;
    if (!started && e.ts >= from) {
      points.push({ ts: from, counts: counts() });
      started = true;
    }
    move(`${e.project}/${e.task_id}`, next);
    if (started) {
      const last = points[points.length - 1];
      if (last?.ts === e.ts) last.counts = counts();
      else points.push({ ts: e.ts, counts: counts() });
    }
  }
  if (!started) points.push({ ts: from, counts: counts() });
  points.push({ ts: to, counts: counts() });
  return points;
}

const W = 1000;
const H = 180;
const PAD = { left: 36, right: 12, top: 10, bottom: 24 };

/** The chart section's markup: an inline SVG with one step line per status. */
export function queueHtml(points: readonly QueuePoint[], from: number, to: number): string {
  const max = Math.max(1, ...points.flatMap((p) => QUEUE_SERIES.map((s) => p.counts[s] ?? 0)));
  const x = (t: number): number => PAD.left + ((t - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
  const y = (n: number): number => PAD.top + (1 - n / max) * (H - PAD.top - PAD.bottom);
  const f = (n: number): string => n.toFixed(1);
  const lines = QUEUE_SERIES.map((s) => {
    const d = points
      .map((p, i) => (i === 0 ? `M${f(x(p.ts))},${f(y(p.counts[s] ?? 0))}` : `H${f(x(p.ts))}V${f(y(p.counts[s] ?? 0))}`))
      .join("");
    return `<path class="series ${s}" d="${d}"><title>${esc(s)}</title></path>`;
  });
  const yTicks = [...new Set([0, Math.round(max / 2), max])].map(
    (n) => `<line class="gridline" x1="${PAD.left}" x2="${W - PAD.right}" y1="${f(y(n))}" y2="${f(y(n))}"/>` +
      `<text class="ylabel" x="${PAD.left - 6}" y="${f(y(n) + 4)}">${n}</text>`,
  );
  const multiDay = new Date(from).toISOString().slice(0, 10) !== new Date(to).toISOString().slice(0, 10);
  const xTicks = ticks(from, to).map((t) => `<text class="xlabel" x="${f(x(t))}" y="${H - 6}">${esc(tickLabel(t, tickStep(from, to), multiDay))}</text>`);
  const legend = QUEUE_SERIES.map((s) => `<span class="swatch ${s}"></span>${esc(s)}`).join(" ");
  return `<section id="queue"><h2>Queue depth</h2>
<svg class="queue" viewBox="0 0 ${W} ${H}" role="img" aria-label="queue depth over time">
${yTicks.join("")}${xTicks.join("")}${lines.join("")}</svg>
<p class="legend">${legend}</p></section>`;
}
