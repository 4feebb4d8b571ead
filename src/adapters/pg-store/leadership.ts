// Leadership across machines: a session-level advisory lock, held on a connection of its own.
import { Client } from "pg";
import type { Leadership, Release } from "../../core/ports/leadership.js";
import type { PgLocation } from "./location.js";
import { lockKey, unreachable } from "./sql.js";

/** Where leadership is decided, and who hears that a held lock was lost. */
export interface PgLeadershipOptions {
  location: PgLocation;
  project: string;
  /** Called when the connection holding `name` breaks: the database has let the lock go, so stop leading. */
  onLost?: (name: string, error: Error) => void;
}

/**
 * Leadership over `pg_try_advisory_lock`, keyed on (schema, project, name): two refineries or two daemons'
 * runs of one job never lead at once, on any machine. Each held name has its own connection, so a process
 * that dies (even SIGKILLed) lets go as soon as the server notices the connection is gone; keepalive
 * makes sure it notices. A busy lock means "someone else leads": acquire never waits.
 */
export function pgLeadership(opts: PgLeadershipOptions): Leadership {
  return {
    async acquire(name: string): Promise<Release | undefined> {
      const client = new Client({ connectionString: opts.location.connectionString, keepAlive: true });
      let released = false;
      client.on("error", (error) => {
        if (!released) opts.onLost?.(name, error);
      });
      try {
        await client.connect();
      } catch (e) {
        throw unreachable(opts.location, e);
      }
      let held = false;
      try {
        const { rows } = await client.query<{ held: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held", [
          lockKey(opts.location.schema, "leader", opts.project, name),
        ]);
        held = rows[0]?.held === true;
      } finally {
        if (!held) await client.end();
      }
      if (!held) return undefined;
      return async () => {
        if (released) return;
        released = true;
        // Closing the session releases its advisory locks.
        await client.end().catch(() => undefined);
      };
    },
  };
}
