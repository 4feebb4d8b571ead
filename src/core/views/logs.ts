// `polecat logs`: which events to show and how one reads as a line.
import type { EventRecord } from "../ports/store.js";
import { stamp } from "./text.js";

/** A log level. */
export type Level = EventRecord["level"];

/** Levels from least to most severe. */
export const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

/** The level named by `--level`, or undefined when the text is not one. */
export function parseLevel(text: string): Level | undefined {
  return LEVELS.find((l) => l === text.toLowerCase());
}

/** What `polecat logs` selects; `level` is a minimum severity, like any log viewer's. */
export interface LogFilter {
  project?: string;
  task?: string;
  level?: Level;
  since?: number;
}

/** True when an event passes the filter. */
export function matchesLog(e: EventRecord, f: LogFilter): boolean {
  return (
    (f.project === undefined || e.project === f.project) &&
    (f.task === undefined || e.task_id === f.task) &&
    (f.since === undefined || e.ts >= f.since) &&
    (f.level === undefined || LEVELS.indexOf(e.level) >= LEVELS.indexOf(f.level))
  );
}

/** The events a filter selects, in their order. */
export function filterEvents(events: readonly EventRecord[], f: LogFilter): EventRecord[] {
  return events.filter((e) => matchesLog(e, f));
}

/** First line of a message, noting how many lines were left out (validation logs are long). */
function firstLine(message: string): string {
  const lines = message.split("\n");
  return lines.length > 1 ? `${lines[0]} (+${lines.length - 1} lines)` : message;
}

/** One event as a human log line: time, level, event, then the labels it has. */
export function formatEvent(e: EventRecord): string {
  const parts = [stamp(e.ts), e.level.toUpperCase().padEnd(5), e.event];
  if (e.task_id !== undefined) parts.push(e.task_id);
  if (e.worker_id !== undefined) parts.push(`@${e.worker_id}`);
  if (e.from !== undefined && e.to !== undefined) parts.push(`${e.from} → ${e.to}`);
  else if (e.to !== undefined) parts.push(`→ ${e.to}`);
  if (e.attempt !== undefined && e.attempt > 0) parts.push(`#${e.attempt}`);
  if (typeof e.data?.stage === "string") parts.push(`[${e.data.stage}]`);
  if (e.message !== undefined && e.message !== "") parts.push(`— ${firstLine(e.message)}`);
  return parts.join(" ");
}
