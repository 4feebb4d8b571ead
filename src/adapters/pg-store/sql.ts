// What every PostgreSQL store operation shares: the pool, database time, lock keys and transactions.
import { DatabaseError, type Pool, type PoolClient } from "pg";
import { PolecatError } from "../../core/errors.js";
import type { PgLocation } from "./location.js";

/** One open PostgreSQL store: its pool (search_path set to the schema), where it is, and its local event log. */
export interface PgDb {
  pool: Pool;
  location: PgLocation;
  /** The NOTIFY channel idle workers listen on. */
  channel: string;
  /** This machine's JSONL event log (the fleet-wide log is the events table). */
  eventsPath: string;
}

/** The database clock in epoch milliseconds; every time the store writes comes from here, never from a worker. */
export const NOW_MS = "floor(extract(epoch FROM now()) * 1000)::bigint";

/** The NOTIFY channel of a schema: one per schema, so test runs sharing a database never wake each other. */
export function workChannel(schema: string): string {
  return `polecat_work:${schema}`;
}

/** Text hashed into a 64-bit advisory-lock key; the schema is part of it because advisory locks are database-wide. */
export function lockKey(schema: string, ...parts: string[]): string {
  return JSON.stringify([schema, ...parts]);
}

/** SQL taking a transaction-level advisory lock on `lockKey(...)` passed as the first parameter. */
export const XACT_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

/** Returned by a transaction body to roll back and run again on fresh state (a compare-and-set lost a race). */
export const RETRY = Symbol("retry");

// Deadlock and serialization failures are the database's way of saying "run it again".
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_TRIES = 20;

/** Runs `body` in a transaction, again on a deadlock or when it returns RETRY; rolls back on any throw. */
export async function inTransaction<T>(pool: Pool, body: (client: PoolClient) => Promise<T | typeof RETRY>): Promise<T> {
  for (let tries = 1; ; tries++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    let outcome: T | typeof RETRY;
    try {
      await client.query("BEGIN");
      outcome = await body(client);
      await client.query(outcome === RETRY ? "ROLLBACK" : "COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      if (tries < MAX_TRIES && e instanceof DatabaseError && RETRYABLE_CODES.has(e.code ?? "")) continue;
      throw e;
    } finally {
      // A client whose rollback failed is in an unknown state: the pool drops it instead of reusing it.
      client.release(broken);
    }
    if (outcome !== RETRY) return outcome;
    if (tries >= MAX_TRIES) throw new PolecatError("E_CONFLICT", `gave up after ${MAX_TRIES} tries against concurrent writers`);
  }
}

/** The error for a database polecat cannot reach or use, naming the URL without its password. */
export function unreachable(location: PgLocation, cause: unknown): PolecatError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new PolecatError("E_CONFIG", `cannot use the PostgreSQL store at ${location.display}: ${why}`, { cause });
}
