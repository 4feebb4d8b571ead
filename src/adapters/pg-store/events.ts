// Events in PostgreSQL: the fleet-wide log every machine reads, mirrored to each machine's local JSONL.
import type { Pool } from "pg";
import type { EventFilter, EventRecord } from "../../core/ports/store.js";
import { matchesEventFilter } from "../../core/task-table.js";
import { appendEvents } from "../event-log/jsonl.js";
import { NOW_MS, type PgDb } from "./sql.js";

// The order fields are written in, so JSON lines read the same as the file store's (jsonb keeps no key order).
const FIELD_ORDER: readonly (keyof EventRecord)[] = [
  "ts",
  "event",
  "level",
  "project",
  "task_id",
  "state",
  "attempt",
  "correlation_id",
  "worker_id",
  "from",
  "to",
  "message",
  "data",
];

/** An event read back from jsonb, with its fields in the usual order. */
export function eventFromDoc(doc: EventRecord): EventRecord {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (doc[key] !== undefined) ordered[key] = doc[key];
  return { ...(ordered as unknown as EventRecord), ...doc };
}

/** Mirrors committed events to this machine's JSONL log. */
export function mirrorEvents(db: PgDb, events: readonly EventRecord[]): void {
  appendEvents(db.eventsPath, events);
}

/** Appends an event that is not a task change, stamped with database time. */
export async function logEvent(db: PgDb, event: Omit<EventRecord, "ts">): Promise<void> {
  const { rows } = await db.pool.query<{ doc: EventRecord }>(
    `INSERT INTO events (doc) SELECT jsonb_build_object('ts', ${NOW_MS}) || $1::jsonb RETURNING doc`,
    [JSON.stringify(event)],
  );
  mirrorEvents(db, rows.map((r) => eventFromDoc(r.doc)));
}

/** Reads the fleet's events, oldest first: project, task and time narrow the scan, then the shared filter decides. */
export async function readEvents(pool: Pool, filter: EventFilter = {}): Promise<EventRecord[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (column: string, op: string, value: unknown): void => {
    values.push(value);
    where.push(`${column} ${op} $${values.length}`);
  };
  if (filter.project !== undefined) add("project", "=", filter.project);
  if (filter.task_id !== undefined) add("task_id", "=", filter.task_id);
  if (filter.since !== undefined) add("ts", ">=", filter.since);
  const clause = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`;
  const { rows } = await pool.query<{ doc: EventRecord }>(`SELECT doc FROM events ${clause} ORDER BY id`, values);
  return rows.map((r) => eventFromDoc(r.doc)).filter((e) => matchesEventFilter(e, filter));
}
