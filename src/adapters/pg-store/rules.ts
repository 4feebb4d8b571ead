// Runs the file store's pure rules against PostgreSQL: read the rows a rule needs, decide in Node with
// database time, write what it decided only if those rows are still as read.
import type { Pool, PoolClient } from "pg";
import { PolecatError } from "../../core/errors.js";
import type { EventRecord, TaskRecord } from "../../core/ports/store.js";
import { TaskIndex, taskKey, type StateChange, type TaskTable } from "../../core/task-table.js";
import { mirrorEvents } from "./events.js";
import { inTransaction, NOW_MS, type PgDb } from "./sql.js";

/** A pure store rule: the state it may read, database time, and what it decides. */
export type Rule<T> = (table: TaskTable, now: number) => StateChange<T>;

/** The rows a rule reads: a WHERE clause over `tasks` (it may use NOW_MS) and its parameters. */
export interface RowSelect {
  where: string;
  values: unknown[];
}

// Far more than any real contention on one task (a heartbeat racing a finish) can need.
const MAX_TRIES = 50;

/**
 * Runs a rule that reads and rewrites one task (heartbeat, transition, release, note) in two round trips:
 * read the row, then write the rule's record and events in one statement that only updates the row if
 * it is still exactly as read. That compare-and-set covers everything the rule checked (status, lease
 * attempt and owner); a lost race reads again and decides again, so the answer is always the rule's on
 * the latest state, as under the file store's lock.
 */
export async function runOnTask<T>(db: PgDb, project: string, id: string, rule: Rule<T>): Promise<T> {
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const { table, now } = await loadRows(db.pool, { where: "project = $1 AND id = $2", values: [project, id] }, false);
    const change = rule(table, now);
    const [next, ...more] = change.upserts;
    if (next === undefined || more.length > 0 || next.project !== project || next.id !== id) {
      throw new PolecatError("E_CONFLICT", `a rule on task ${project}/${id} must rewrite exactly that task`);
    }
    const { rows } = await db.pool.query<{ updated: number }>(
      `WITH up AS (UPDATE tasks SET doc = $3::jsonb WHERE project = $1 AND id = $2 AND doc = $4::jsonb RETURNING 1),
       ev AS (INSERT INTO events (doc)
         SELECT e.value FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS e(value, n)
         WHERE EXISTS (SELECT 1 FROM up) ORDER BY e.n)
       SELECT count(*)::int AS updated FROM up`,
      [project, id, JSON.stringify(next), JSON.stringify(table.get(taskKey(project, id))), JSON.stringify(change.events)],
    );
    if (rows[0]?.updated !== 1) continue;
    mirrorEvents(db, change.events);
    await notify(db, wakeProjects(table, change.upserts));
    return change.result;
  }
  throw new PolecatError("E_CONFLICT", `task ${project}/${id}: gave up after ${MAX_TRIES} tries against concurrent writers`);
}

/**
 * Runs a rule over many rows (the janitor's reaping and resets): locks them FOR UPDATE in key order, so
 * two janitors never deadlock, and writes the rule's records and events before the locks go.
 */
export async function runRule<T>(db: PgDb, select: RowSelect, rule: Rule<T>): Promise<T> {
  const { change, wake } = await inTransaction(db.pool, async (client) => {
    const { table, now } = await loadRows(client, select, true);
    const change = rule(table, now);
    if (change.upserts.length > 0) {
      await client.query(
        `UPDATE tasks t SET doc = u.value FROM jsonb_array_elements($1::jsonb) u
         WHERE t.project = u.value->>'project' AND t.id = u.value->>'id'`,
        [JSON.stringify(change.upserts)],
      );
    }
    await insertEvents(client, change.events);
    return { change, wake: wakeProjects(table, change.upserts) };
  });
  mirrorEvents(db, change.events);
  await notify(db, wake);
  return change.result;
}

/** Runs a rule for its answer only (dry runs): no locks, nothing written. */
export async function previewRule<T>(db: PgDb, select: RowSelect, rule: Rule<T>): Promise<T> {
  const { table, now } = await loadRows(db.pool, select, false);
  return rule(table, now).result;
}

/** Reads the selected rows into a TaskTable, with the database clock read in the same statement. */
export async function loadRows(db: Pool | PoolClient, select: RowSelect, lock: boolean): Promise<{ table: TaskIndex; now: number }> {
  const { rows } = await db.query<{ now: string; doc: TaskRecord | null }>(
    `SELECT ${NOW_MS} AS now, t.doc FROM (SELECT 1) AS one LEFT JOIN LATERAL (
       SELECT doc FROM tasks WHERE ${select.where} ORDER BY project, id ${lock ? "FOR UPDATE" : ""}) AS t ON true`,
    select.values,
  );
  const table = new TaskIndex();
  for (const row of rows) if (row.doc !== null) table.set(row.doc);
  return { table, now: Number(rows[0]?.now) };
}

/** Appends events in their order. */
export async function insertEvents(client: PoolClient, events: readonly EventRecord[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    "INSERT INTO events (doc) SELECT e.value FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n) ORDER BY e.n",
    [JSON.stringify(events)],
  );
}

/**
 * Wakes idle workers after a change has committed, in a transaction of its own: PostgreSQL serializes
 * notifying commits (to keep notifications in commit order), and one that writes nothing else has no WAL
 * to flush, so its turn is short. A process dying in between loses a wake-up, never a change: waiters
 * still look again when their timeout ends.
 */
export async function notify(db: PgDb, projects: readonly string[]): Promise<void> {
  if (projects.length === 0) return;
  await db.pool.query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", [db.channel, [...new Set(projects)]]);
}

/** The projects where a change may have made work claimable. */
function wakeProjects(before: TaskTable, upserts: readonly TaskRecord[]): string[] {
  return upserts.filter((t) => mayWakeClaimers(before.get(taskKey(t.project, t.id)), t)).map((t) => t.project);
}

/**
 * True when a status change may let some claimer take a task it could not before: a task became `active`,
 * a dependency became `done`, or a task left `in_progress` and freed its worker type's capacity.
 */
export function mayWakeClaimers(before: TaskRecord | undefined, after: TaskRecord): boolean {
  if (before === undefined || before.status === after.status) return false;
  return after.status === "active" || after.status === "done" || before.status === "in_progress";
}
