// The PostgreSQL store: one queue shared by swarms on many machines.
import { mkdir } from "node:fs/promises";
import { Pool } from "pg";
import { isPolecatError } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import type { TaskStore } from "../../core/ports/store.js";
import { parsePgLocation, type PgLocation } from "./location.js";
import { migrate } from "./migrate.js";
import { WorkListener } from "./notify.js";
import { unreachable, workChannel, type PgDb } from "./sql.js";
import { PgStore } from "./store.js";

export { parsePgLocation, DEFAULT_SCHEMA, type PgLocation } from "./location.js";
export { pgLeadership, type PgLeadershipOptions } from "./leadership.js";
export { migrate } from "./migrate.js";
export { MIGRATIONS, type Migration } from "./migrations.js";

/** How to open a PostgreSQL store. */
export interface PgStoreOptions {
  /** `postgres://user@host:port/db`, optionally with `?schema=name` (default `polecat`). */
  url: string;
  /** This machine's polecat home: its events.jsonl mirrors the events this process writes. */
  home: string;
}

/** A pool whose sessions see only polecat's schema, so the SQL names tables without qualifying them. */
export function createPgPool(location: PgLocation): Pool {
  const pool = new Pool({ connectionString: location.connectionString, options: `-c search_path=${location.schema}`, keepAlive: true });
  // An idle connection the server dropped: the pool discards it, and the next query opens a fresh one.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * Opens the store: connects and applies missing migrations (so `polecat init`, which opens the store,
 * sets the schema up). Unreachable or unusable databases are E_CONFIG, naming the URL without its password.
 */
export async function createPgStore(opts: PgStoreOptions): Promise<TaskStore> {
  const location = parsePgLocation(opts.url);
  const layout = homeLayout(opts.home);
  await mkdir(layout.home, { recursive: true });
  const pool = createPgPool(location);
  try {
    await migrate(pool, location.schema);
  } catch (e) {
    await pool.end();
    throw isPolecatError(e) ? e : unreachable(location, e);
  }
  const channel = workChannel(location.schema);
  const db: PgDb = { pool, location, channel, eventsPath: layout.events };
  return new PgStore(db, new WorkListener(location, channel));
}
