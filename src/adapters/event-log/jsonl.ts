// The append-only event log: one JSON line per change, readable by any log stack.
import { appendFileSync, readFileSync } from "node:fs";
import type { EventFilter, EventRecord } from "../../core/ports/store.js";
import { matchesEventFilter } from "../../core/task-table.js";

/** Appends events in one write (O_APPEND), so concurrent appenders never interleave inside a line. */
export function appendEvents(path: string, events: readonly EventRecord[]): void {
  if (events.length === 0) return;
  appendFileSync(path, events.map((e) => `${JSON.stringify(e)}\n`).join(""));
}

/** Reads the events a filter selects, oldest first; a line torn by a kill mid-append is skipped. */
export function readEvents(path: string, filter: EventFilter = {}): EventRecord[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const events: EventRecord[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    let event: EventRecord;
    try {
      event = JSON.parse(line) as EventRecord;
    } catch {
      continue;
    }
    if (matchesEventFilter(event, filter)) events.push(event);
  }
  return events;
}
