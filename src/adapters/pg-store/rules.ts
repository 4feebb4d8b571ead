// Runs the file store's pure rules against PostgreSQL: lock the rows a rule reads, decide, write, in one transaction.
import { createHash } from "node:crypto";
import type { PoolClient } from "pg";
import type { ApplyInput, ApplyResult, EventRecord, TaskRecord } from "../../core/store.js";
import { applyTasks } from "../../core/task-apply.js";
import { TaskIndex, taskKey, type StateChange, type TaskTable } from "../../core/task-table.js";
import { mirrorEvents } from "./events.js";
import { inTransaction, lockKey, NOW_MS, RETRY, XACT_LOCK, type PgDb } from "./sql.js";

/** A pure store rule: the state it may read, database time, and what it decides. */
export type Rule<T> = (table: TaskTable, now: number) => StateChange<T>;

/** The rows a rule reads: a WHERE clause over `tasks` (it may use NOW_MS) and its parameters. */
export interface RowSelect {
  where: string;
  values: unknown[];
}

/** The rows of one task. */
export function oneTask(project: string, id: string): RowSelect {
  return { where: "project = $1 AND id = $2", values: [project, id] };
}

/**
 * Locks the selected rows (FOR UPDATE, in key order so two writers never deadlock), runs the rule on them
 * with database time, and writes its records and events before the lock is let go: a compare-and-set on
 * whatever the rule checked, such as a lease's (task, attempt, owner).
 */
export async function runRule<T>(db: PgDb, select: RowSelect, rule: Rule<T>): Promise<T> {
  const change = await inTransaction(db.pool, async (client) => {
    const { table, now } = await loadRows(client, select, true);
    const change = rule(table, now);
    await writeChange(db, client, change, table);
    return change;
  });
  mirrorEvents(db, change.events);
  return change.result;
}

/** Runs a rule for its answer only (dry runs): no locks, nothing written. */
export async function previewRule<T>(db: PgDb, select: RowSelect, rule: Rule<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    const { table, now } = await loadRows(client, select, false);
    return rule(table, now).result;
  } finally {
    client.release();
  }
}

/**
 * Applies a spec. Applies of one project take turns (an advisory lock), so two machines never insert the
 * same task; edits are compare-and-set against the rows as read, and a lost race (a claim in between)
 * runs the apply again on fresh rows. New tasks take their `seq` from a sequence shared by all projects.
 */
export async function applySpec(db: PgDb, input: ApplyInput): Promise<ApplyResult> {
  const hash = (text: string): string => createHash("sha256").update(text).digest("hex");
  const ids = input.tasks.map((t) => t.spec.id);
  const change = await inTransaction(db.pool, async (client) => {
    await client.query(XACT_LOCK, [lockKey(db.location.schema, "apply", input.project)]);
    const { table, now } = await loadRows(client, { where: "project = $1 AND id = ANY($2::text[])", values: [input.project, ids] }, false);
    const change = applyTasks(table, input, now, hash);
    const { added, updated } = change.result;
    const fresh = change.upserts.filter((t) => added.includes(t.id));
    if (fresh.length > 0) {
      const seqs = await client.query<{ seq: string }>("SELECT nextval('task_seq') AS seq FROM generate_series(1, $1)", [fresh.length]);
      const ordered = seqs.rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
      const inserted = fresh.map((t, i) => ({ ...t, seq: ordered[i] ?? t.seq }));
      await client.query("INSERT INTO tasks (doc) SELECT value FROM jsonb_array_elements($1::jsonb)", [JSON.stringify(inserted)]);
    }
    const edits = change.upserts
      .filter((t) => updated.includes(t.id))
      .map((t) => ({ old: table.get(taskKey(t.project, t.id)), new: t }));
    if (edits.length > 0) {
      const res = await client.query(
        `UPDATE tasks t SET doc = e.value->'new' FROM jsonb_array_elements($1::jsonb) e
         WHERE t.project = e.value->'new'->>'project' AND t.id = e.value->'new'->>'id' AND t.doc = e.value->'old'`,
        [JSON.stringify(edits)],
      );
      if (res.rowCount !== edits.length) return RETRY;
    }
    await insertEvents(client, change.events);
    if (added.length + updated.length > 0) await notify(db, client, input.project);
    return change;
  });
  mirrorEvents(db, change.events);
  return change.result;
}

async function loadRows(client: PoolClient, select: RowSelect, lock: boolean): Promise<{ table: TaskIndex; now: number }> {
  const { rows } = await client.query<{ now: string; doc: TaskRecord | null }>(
    `SELECT ${NOW_MS} AS now, t.doc FROM (SELECT 1) AS one LEFT JOIN LATERAL (
       SELECT doc FROM tasks WHERE ${select.where} ORDER BY project, id ${lock ? "FOR UPDATE" : ""}) AS t ON true`,
    select.values,
  );
  const table = new TaskIndex();
  for (const row of rows) if (row.doc !== null) table.set(row.doc);
  return { table, now: Number(rows[0]?.now) };
}

/** Writes a rule's records and events; wakes idle workers when the change may have made work claimable. */
async function writeChange<T>(db: PgDb, client: PoolClient, change: StateChange<T>, before: TaskTable): Promise<void> {
  if (change.upserts.length > 0) {
    await client.query(
      `UPDATE tasks t SET doc = u.value FROM jsonb_array_elements($1::jsonb) u
       WHERE t.project = u.value->>'project' AND t.id = u.value->>'id'`,
      [JSON.stringify(change.upserts)],
    );
  }
  await insertEvents(client, change.events);
  const wakes = change.upserts.filter((t) => mayWakeClaimers(before.get(taskKey(t.project, t.id)), t));
  for (const project of new Set(wakes.map((t) => t.project))) await notify(db, client, project);
}

async function insertEvents(client: PoolClient, events: readonly EventRecord[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    "INSERT INTO events (doc) SELECT e.value FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n) ORDER BY e.n",
    [JSON.stringify(events)],
  );
}

/** Queues a wake-up, delivered when the transaction commits (and only then). */
async function notify(db: PgDb, client: PoolClient, project: string): Promise<void> {
  await client.query("SELECT pg_notify($1, $2)", [db.channel, project]);
}

/**
 * True when a status change may let some claimer take a task it could not before: a task became `active`,
 * a dependency became `done`, or a task left `in_progress` and freed its worker type's capacity.
 */
export function mayWakeClaimers(before: TaskRecord | undefined, after: TaskRecord): boolean {
  if (before === undefined || before.status === after.status) return false;
  return after.status === "active" || after.status === "done" || before.status === "in_progress";
}
