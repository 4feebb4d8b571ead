// Brings a schema up to this build's version: safe to run from many processes at once and to run again.
import { DatabaseError, type Pool } from "pg";
import { PolecatError } from "../../core/errors.js";
import { MIGRATIONS, type Migration } from "./migrations.js";
import { inTransaction, lockKey, XACT_LOCK } from "./sql.js";

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies the migrations the schema lacks, all in one transaction under an advisory lock, so concurrent
 * openers wait for one migrator and then find nothing to do. An up-to-date schema costs one query.
 * Returns the versions applied. A schema newer than this build is E_CONFIG: an old polecat must not write to it.
 */
export async function migrate(pool: Pool, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  if ((await appliedVersion(pool, schema, latest)) === latest) return [];
  return inTransaction(pool, async (client) => {
    await client.query(XACT_LOCK, [lockKey(schema, "migrate")]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(BOOKKEEPING);
    const current = await appliedVersion(client, schema, latest);
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** The newest version recorded in the schema; 0 for a schema (or database) polecat has never set up. */
async function appliedVersion(db: Pick<Pool, "query">, schema: string, latest: number): Promise<number> {
  let version: number;
  try {
    const { rows } = await db.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    version = rows[0]?.version ?? 0;
  } catch (e) {
    if (e instanceof DatabaseError && e.code === "42P01") return 0;
    throw e;
  }
  if (version > latest) {
    throw new PolecatError(
      "E_CONFIG",
      `the store schema "${schema}" is at version ${version}, newer than this polecat (${latest}); upgrade polecat`,
    );
  }
  return version;
}
