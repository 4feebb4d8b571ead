// Small text helpers the human renderers share: durations and times.
import { formatDuration } from "../duration.js";

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
