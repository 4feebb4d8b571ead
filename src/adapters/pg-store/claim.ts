// The claim: one SQL statement picks the best ready task, leases it and logs the event.
import { PolecatError } from "../../core/errors.js";
import type { Claim, ClaimRequest, EventRecord, Lease, TaskRecord } from "../../core/store.js";
import { taskEvent } from "../../core/task-table.js";
import { mirrorEvents } from "./events.js";
import { inTransaction, lockKey, NOW_MS, XACT_LOCK, type PgDb } from "./sql.js";

/**
 * The same rules as `claimTask` in src/core/task-claim.ts, in SQL:
 * - ready: `active`, past `not_before`, and every dependency in the task's project `done` (NOT EXISTS);
 * - routed: to the claimer's type, or to a type that lists it as fallback while that type is at its
 *   capacity (in-progress counts are store-wide, like the file store's);
 * - the claimer's own type below its capacity, when one is given;
 * - best first: priority, critical path, age; FOR UPDATE SKIP LOCKED, so concurrent claimers each lock a
 *   different row instead of queueing on the best one;
 * then the row becomes `in_progress` with attempt + 1 and a lease timed by the database clock, and the
 * `task.claimed` event (the fields `taskEvent` writes) goes to the events table in the same statement.
 * Parameters: $1 worker type, $2 project, $3 batch, $4 task id, $5 capacity (jsonb), $6 owner, $7 lease ms.
 * Filters the request leaves out are left out of the text, not written `$n IS NULL OR ...`: each shape is
 * then a prepared statement whose cached plan walks the claim-order index, with no planning per claim.
 *
 * A claim waits for its WAL flush like every other change: a claim the caller has heard of survives a
 * database crash, so a task is never handed to a second worker while the first still works on it.
 */
function claimSql(shape: { project: boolean; batch: boolean; taskId: boolean }): string {
  return `
WITH clock AS (SELECT ${NOW_MS} AS now),
pick AS (
  SELECT t.project, t.id
  FROM tasks t
  WHERE t.status = 'active'
    ${shape.project ? "AND t.project = $2::text" : "AND $2::text IS NULL"}
    ${shape.batch ? "AND t.batch = $3::text" : "AND $3::text IS NULL"}
    ${shape.taskId ? "AND t.id = $4::text" : "AND $4::text IS NULL"}
    AND (t.not_before IS NULL OR t.not_before <= (SELECT now FROM clock))
    AND (NOT ($5::jsonb ? $1::text)
      OR (SELECT count(*) FROM tasks r WHERE r.status = 'in_progress' AND r.lease_worker_type = $1::text)
         < ($5::jsonb ->> $1::text)::numeric)
    AND CASE
      WHEN t.route_worker = $1::text THEN true
      WHEN NOT (t.doc->'route'->'fallbacks' ? $1::text AND $5::jsonb ? t.route_worker) THEN false
      ELSE (SELECT count(*) FROM tasks r WHERE r.status = 'in_progress' AND r.lease_worker_type = t.route_worker)
           >= ($5::jsonb ->> t.route_worker)::numeric
    END
    AND NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements_text(t.doc->'spec'->'depends_on') AS d(id)
      WHERE NOT EXISTS (SELECT 1 FROM tasks x WHERE x.project = t.project AND x.id = d.id AND x.status = 'done'))
  ORDER BY t.priority DESC, t.critical_path DESC, t.seq
  LIMIT 1
  FOR UPDATE OF t SKIP LOCKED
),
claimed AS (
  UPDATE tasks t
  SET doc = t.doc || jsonb_build_object(
    'status', 'in_progress',
    'attempt', (t.doc->>'attempt')::int + 1,
    'lease', jsonb_build_object(
      'owner', $6::text, 'worker_type', $1::text, 'attempt', (t.doc->>'attempt')::int + 1,
      'claimed_at', c.now, 'heartbeat_at', c.now, 'expires_at', c.now + $7::numeric),
    'started_at', c.now,
    'updated_at', c.now)
  FROM pick p, clock c
  WHERE t.project = p.project AND t.id = p.id
  RETURNING t.doc, c.now
),
logged AS (
  INSERT INTO events (doc)
  SELECT jsonb_build_object(
    'ts', c.now, 'event', 'task.claimed', 'level', 'info', 'project', c.doc->'project', 'task_id', c.doc->'id',
    'state', 'in_progress', 'attempt', c.doc->'attempt',
    'correlation_id', (c.doc->>'project') || '/' || (c.doc->>'id') || '#' || (c.doc->>'attempt'),
    'worker_id', $6::text, 'from', 'active', 'to', 'in_progress',
    'data', jsonb_build_object('worker_type', $1::text, 'routed_to', c.doc->'route'->'worker'))
  FROM claimed c
)
SELECT doc AS task FROM claimed`;
}

/**
 * Claims the best ready task for a worker type. Without a capacity for the claimer's type it is the one
 * statement above. With one, SKIP LOCKED alone could overshoot it (two claimers both count n-1 running,
 * then lock different rows), so claimers of that type first take a transaction-level advisory lock on
 * (schema, type) and run the statement after it, seeing every claim committed before theirs. Only the
 * claimer's own type needs it: only claimers of a type add to that type's count. The wait is one short
 * statement long, and capacity-limited types are the ones whose work takes minutes.
 */
export async function claimTask(db: PgDb, req: ClaimRequest): Promise<Claim | undefined> {
  const values = [
    req.workerType,
    req.project ?? null,
    req.batch ?? null,
    req.taskId ?? null,
    JSON.stringify(req.capacity),
    req.owner,
    req.leaseMs,
  ];
  const shape = { project: req.project !== undefined, batch: req.batch !== undefined, taskId: req.taskId !== undefined };
  const statement = {
    name: `polecat-claim-${Number(shape.project)}${Number(shape.batch)}${Number(shape.taskId)}`,
    text: claimSql(shape),
    values,
  };
  type Row = { task: TaskRecord };
  const { rows } =
    req.capacity[req.workerType] === undefined
      ? await db.pool.query<Row>(statement)
      : await inTransaction(db.pool, async (client) => {
          await client.query(XACT_LOCK, [lockKey(db.location.schema, "claim", req.workerType)]);
          return client.query<Row>(statement);
        });
  const task = rows[0]?.task;
  if (task === undefined) return undefined;
  const lease = task.lease;
  if (lease === undefined) throw new PolecatError("E_STORE_CORRUPT", `claimed task ${task.id} came back without a lease`);
  // The statement logged this same event (a test holds the two equal); the local mirror gets it from the rule's helper.
  mirrorEvents(db, [claimedEvent(task, lease)]);
  return { task, lease };
}

/** The `task.claimed` event as `claimTask` in src/core/task-claim.ts writes it. */
function claimedEvent(task: TaskRecord, lease: Lease): EventRecord {
  return taskEvent(lease.claimed_at, "task.claimed", task, {
    worker_id: lease.owner,
    from: "active",
    to: "in_progress",
    data: { worker_type: lease.worker_type, routed_to: task.route.worker },
  });
}
