// What one refinery pass did, and its one line: the driver fills it, the CLI prints it.
import type { TaskStatus } from "../status.js";

/** What a pass did, for the CLI's last line and its exit code. */
export interface RefineryPassResult {
  merged: string[];
  /** Every other status change: review verdicts, kickbacks, blocks. */
  decisions: { id: string; to: TaskStatus; reason?: string }[];
  validations: number;
  pushes: number;
}

/** The run in one line: merged tasks, every other ending by status, validation runs and pushes. */
export function passLine(s: RefineryPassResult): string {
  const counts = new Map<string, number>();
  for (const d of s.decisions) counts.set(d.to, (counts.get(d.to) ?? 0) + 1);
  const others = [...counts].map(([to, n]) => `${n} ${to === "active" ? "kicked back" : to}`);
  const merged = s.merged.length === 0 ? "merged nothing" : `merged ${s.merged.length} (${s.merged.join(", ")})`;
  const runs = `${s.validations} validation run${s.validations === 1 ? "" : "s"}, ${s.pushes} push${s.pushes === 1 ? "" : "es"}`;
  return `refinery: ${[merged, ...others, runs].join("; ")}`;
}
