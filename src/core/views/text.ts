// Small text helpers the human renderers share: aligned tables and times.
import { formatDuration } from "../duration.js";

/** Columns padded to their widest cell, two spaces apart; the header first. */
export function textTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((c, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), c.length));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map(line)];
}

/** A duration for humans, with "-" for unknown. */
export function span(ms: number | undefined): string {
  return ms === undefined ? "-" : formatDuration(Math.max(0, ms));
}

/** Time of day in UTC (`09:42:05`), for log lines and report axes. */
export function clock(ts: number): string {
  return new Date(ts).toISOString().slice(11, 19);
}

/** A full UTC timestamp without milliseconds (`2025-03-14 09:42:05Z`). */
export function stamp(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 19).replace("T", " ")}Z`;
}
