// `polecat store check|repair` for PostgreSQL: the database keeps its rows whole, so what can be wrong is the schema.
import { DatabaseError, type Pool } from "pg";
import type { RepairPlan, StoreCheck, StoreProblem } from "../../core/ports/store-check.js";
import { createPgPool } from "./index.js";
import { parsePgLocation, type PgLocation } from "./location.js";
import { migrate } from "./migrate.js";
import { MIGRATIONS } from "./migrations.js";
import { unreachable } from "./sql.js";

const LATEST = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

async function inspect(pool: Pool, location: PgLocation): Promise<StoreCheck> {
  const where = `schema ${location.schema}`;
  let version: number;
  try {
    const { rows } = await pool.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    version = rows[0]?.version ?? 0;
  } catch (e) {
    if (e instanceof DatabaseError && e.code === "42P01") {
      return { location: location.display, problems: [{ file: where, problem: "has no polecat tables (run `polecat init`)" }], version: 0 };
    }
    throw unreachable(location, e);
  }
  const problems: StoreProblem[] = [];
  if (version < LATEST) problems.push({ file: where, problem: `at version ${version}, this polecat needs ${LATEST} (run \`polecat store repair\` or \`polecat init\`)` });
  if (version > LATEST) problems.push({ file: where, problem: `at version ${version}, newer than this polecat (${LATEST}): upgrade polecat` });
  if (version < 1) return { location: location.display, problems, version };
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM tasks");
  return { location: location.display, problems, version, tasks: Number(rows[0]?.n ?? 0) };
}

async function withPool<T>(url: string, fn: (pool: Pool, location: PgLocation) => Promise<T>): Promise<T> {
  const location = parsePgLocation(url);
  const pool = createPgPool(location);
  try {
    return await fn(pool, location);
  } finally {
    await pool.end();
  }
}

/** Checks a PostgreSQL store: its schema present and at this polecat's version. Opens nothing else and migrates nothing. */
export function checkPgStore(url: string): Promise<StoreCheck> {
  return withPool(url, inspect);
}

/** Repairs a PostgreSQL store: applies missing migrations (all a repair can do there); nothing else to do. */
export function repairPgStore(url: string, opts: { dryRun: boolean }): Promise<RepairPlan> {
  return withPool(url, async (pool, location) => {
    const before = await inspect(pool, location);
    const fixable = before.problems.length > 0 && (before.version ?? 0) < LATEST;
    const steps = fixable ? [`apply the migrations from version ${before.version ?? 0} to ${LATEST}`] : [];
    if (fixable && !opts.dryRun) await migrate(pool, location.schema).catch((e: unknown) => Promise.reject(unreachable(location, e)));
    const after = fixable && !opts.dryRun ? await inspect(pool, location) : before;
    return { location: location.display, problems: before.problems, steps, movedAside: [], lost: [], stale: [], tasks: after.tasks ?? 0 };
  });
}
