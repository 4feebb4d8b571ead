// A small aligned-columns table for terminal output; every command and human-readable view uses it.
import { bold } from "./terminal.js";

/** How a table is drawn. */
export interface TableOptions {
  /** Per-column alignment; columns default to left. Numbers read best right-aligned. */
  align?: readonly ("left" | "right")[];
  /** Bold the header row (only when the terminal wants colour). */
  color?: boolean;
}

/** Renders a header row and data rows as aligned columns separated by two spaces, one line each. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, i) => {
        const cell = cells[i] ?? "";
        return opts.align?.[i] === "right" ? cell.padStart(w) : cell.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  const header = line(headers);
  return [bold(header, opts.color === true), ...rows.map(line)];
}
