// Applying a spec to PostgreSQL with the shared applyTasks rule.
import { createHash } from "node:crypto";
import type { ApplyInput, ApplyResult } from "../../core/ports/store.js";
import { applyTasks } from "../../core/task-apply.js";
import { taskKey } from "../../core/task-table.js";
import { mirrorEvents } from "./events.js";
import { insertEvents, loadRows, notify } from "./rules.js";
import { inTransaction, lockKey, RETRY, XACT_LOCK, type PgDb } from "./sql.js";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * Applies a spec. Applies of one project take turns (an advisory lock), so two machines never insert the
 * same task; edits are compare-and-set against the rows as read, so a claim in between makes the apply run
 * again on fresh rows instead of overwriting it. Nothing is locked that the apply leaves unchanged, so
 * claimers are never held up by a re-apply. New tasks take `seq` from a sequence shared by all projects.
 */
export async function applySpec(db: PgDb, input: ApplyInput): Promise<ApplyResult> {
  const ids = input.tasks.map((t) => t.spec.id);
  const change = await inTransaction(db.pool, async (client) => {
    await client.query(XACT_LOCK, [lockKey(db.location.schema, "apply", input.project)]);
    const select = { where: "project = $1 AND id = ANY($2::text[])", values: [input.project, ids] };
    const { table, now } = await loadRows(client, select, false);
    const change = applyTasks(table, input, now, sha256);
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
    return change;
  });
  mirrorEvents(db, change.events);
  if (change.result.added.length + change.result.updated.length > 0) await notify(db, [input.project]);
  return change.result;
}
