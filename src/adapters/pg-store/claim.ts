// The claim: one SQL statement picks the best ready task, leases it and logs the event.
import { PolecatError } from "../../core/errors.js";
import type { Claim, ClaimRequest, EventRecord, Lease, TaskRecord } from "../../core/ports/store.js";
import { leaseHolder, taskEvent } from "../../core/task-table.js";
import { claimStatementFor, claimValues } from "./claim-sql.js";
import { mirrorEvents } from "./events.js";
import { inTransaction, lockKey, XACT_LOCK, type PgDb } from "./sql.js";

/**
 * Claims the best ready task for a worker type. Without a capacity for the claimer's type it is one
 * statement (see claim-sql.ts). With one, SKIP LOCKED alone could overshoot it (two claimers both count n-1 running,
 * then lock different rows), so claimers of that type first take a transaction-level advisory lock on
 * (schema, type) and run the statement after it, seeing every claim committed before theirs. Only the
 * claimer's own type needs it: only claimers of a type add to that type's count. The wait is one short
 * statement long, and capacity-limited types are the ones whose work takes minutes.
 */
export async function claimTask(db: PgDb, req: ClaimRequest): Promise<Claim | undefined> {
  const prepared = claimStatementFor(req);
  const statement = { name: prepared.name, text: prepared.text, values: claimValues(prepared, req) };
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
    worker_id: leaseHolder(lease),
    from: "active",
    to: "in_progress",
    data: { worker_type: lease.worker_type, routed_to: task.route.worker },
  });
}
