// The event log's line and its read filter: every store writes these, every view reads them.
import type { TaskStatus } from "../status.js";

/** A line of the append-only event log; labels are stable so any log stack can ingest them. */
export interface EventRecord {
  ts: number;
  event: string;
  level: "debug" | "info" | "warn" | "error";
  project: string;
  task_id?: string;
  worker_id?: string;
  /** The status after the event, when it changed one. */
  state?: TaskStatus;
  from?: TaskStatus;
  to?: TaskStatus;
  attempt?: number;
  correlation_id?: string;
  message?: string;
  data?: Record<string, unknown>;
}

/** Filters for reading events. */
export interface EventFilter {
  project?: string;
  task_id?: string;
  since?: number;
  level?: EventRecord["level"];
}
