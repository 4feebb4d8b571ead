// Escaping and small markup helpers: every string that reaches the report goes through `esc`.
import { formatDuration } from "../duration.js";

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A percentage for CSS, rounded so the page stays small. */
export function pct(n: number): string {
  return `${Math.round(n * 10_000) / 100}%`;
}

/** A duration as the report shows it. */
export function dur(ms: number): string {
  return formatDuration(Math.max(0, ms));
}

/** Axis tick steps, seconds to weeks: a 30-second run gets seconds, a day-long one hours. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800].map((s) => s * 1_000);

/** The smallest round step that keeps the axis of `[from, to]` to about `max` labels. */
export function tickStep(from: number, to: number, max = 8): number {
  return STEPS.find((s) => (to - from) / s <= max - 1) ?? STEPS[STEPS.length - 1] ?? 604_800_000;
}

/** Tick times on a round step inside `[from, to]`. */
export function ticks(from: number, to: number, max = 8): number[] {
  const step = tickStep(from, to, max);
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** A tick's label in UTC at the step's grain: `09:40:15` under a minute, `09:40` under a day, `03-14 09:40` across days, `03-14` by days. */
export function tickLabel(ts: number, step: number, multiDay: boolean): string {
  const iso = new Date(ts).toISOString();
  if (step >= 86_400_000) return iso.slice(5, 10);
  if (step < 60_000) return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
  return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}
