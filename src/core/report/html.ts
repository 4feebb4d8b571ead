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

/** Axis tick spacing: the smallest step that keeps the axis to about eight labels. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1_440].map((m) => m * 60_000);

/** Tick times on a round step inside `[from, to]`. */
export function ticks(from: number, to: number, max = 8): number[] {
  const step = STEPS.find((s) => (to - from) / s <= max - 1) ?? STEPS[STEPS.length - 1] ?? 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** `09:40` in UTC, or `03-14 09:40` when the range spans days. */
export function tickLabel(ts: number, multiDay: boolean): string {
  const iso = new Date(ts).toISOString();
  return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}
