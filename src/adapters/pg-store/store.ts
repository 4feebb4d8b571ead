// The PostgreSQL backend of TaskStore: one queue for swarms on many machines, with the file store's rules.
import type {
  ApplyInput,
  ApplyResult,
  Claim,
  ClaimRequest,
  EventFilter,
  EventRecord,
  Lease,
  LeaseRef,
  Note,
  ReleaseRequest,
  ResetStalledRequest,
  StalledReport,
  TaskFilter,
  TaskRecord,
  TaskStore,
  TransitionRequest,
  WaitForWorkOptions,
} from "../../core/ports/store.js";
import { reapExpiredLeases, releaseLease, renewLease, resetStalledTasks, type ReapOptions } from "../../core/task-lease.js";
import { appendTaskNote, transitionTask } from "../../core/task-transition.js";
import { claimTask } from "./claim.js";
import { logEvent, readEvents } from "./events.js";
import type { WorkListener } from "./notify.js";
import { applySpec } from "./apply.js";
import { previewRule, runOnTask, runRule, type RowSelect } from "./rules.js";
import { NOW_MS, type PgDb } from "./sql.js";

/** The in-progress rows of a project (or all), optionally only those whose lease has expired. */
function inProgress(project: string | undefined, expiredOnly: boolean, deadOwners: readonly string[] = []): RowSelect {
  const values: unknown[] = project === undefined ? [] : [project];
  const where = project === undefined ? ["status = 'in_progress'"] : ["status = 'in_progress'", "project = $1"];
  if (expiredOnly) {
    if (deadOwners.length === 0) where.push(`lease_expires_at <= ${NOW_MS}`);
    else {
      values.push([...deadOwners]);
      where.push(`(lease_expires_at <= ${NOW_MS} OR doc->'lease'->>'owner' = ANY($${values.length}::text[]))`);
    }
  }
  return { where: where.join(" AND "), values };
}

/** The SQL of a `list` filter; every field given must match, as in `matchesFilter`. */
function listQuery(filter: TaskFilter = {}): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (param: string) => string, value: unknown): void => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  const statuses = typeof filter.status === "string" ? [filter.status] : filter.status;
  if (filter.project !== undefined) add((p) => `project = ${p}`, filter.project);
  if (statuses !== undefined) add((p) => `status = ANY(${p}::text[])`, statuses);
  if (filter.batch !== undefined) add((p) => `batch = ${p}`, filter.batch);
  if (filter.tag !== undefined) add((p) => `doc->'spec'->'tags' ? ${p}`, filter.tag);
  if (filter.ids !== undefined) add((p) => `id = ANY(${p}::text[])`, filter.ids);
  const clause = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`;
  return { text: `SELECT doc FROM tasks ${clause} ORDER BY seq`, values };
}

/**
 * TaskStore over PostgreSQL. Claims are one statement (see claim.ts). Every other change runs the same pure
 * rule as the file store, with database time, on the rows it reads, and writes the rule's records and
 * events only if those rows are unchanged (one task: compare-and-set; the janitor's many: row locks), so
 * both backends agree on every answer and every error. Reads see the whole fleet.
 */
export class PgStore implements TaskStore {
  constructor(
    private readonly db: PgDb,
    private readonly listener: WorkListener,
  ) {}

  applySpec(input: ApplyInput): Promise<ApplyResult> {
    return applySpec(this.db, input);
  }

  async get(project: string, id: string): Promise<TaskRecord | undefined> {
    const { rows } = await this.db.pool.query<{ doc: TaskRecord }>("SELECT doc FROM tasks WHERE project = $1 AND id = $2", [project, id]);
    return rows[0]?.doc;
  }

  async list(filter?: TaskFilter): Promise<TaskRecord[]> {
    const { text, values } = listQuery(filter);
    const { rows } = await this.db.pool.query<{ doc: TaskRecord }>(text, values);
    return rows.map((r) => r.doc);
  }

  claim(req: ClaimRequest): Promise<Claim | undefined> {
    return claimTask(this.db, req);
  }

  heartbeat(ref: LeaseRef, leaseMs: number): Promise<Lease> {
    return runOnTask(this.db, ref.project, ref.id, (table, now) => renewLease(table, ref, leaseMs, now));
  }

  transition(req: TransitionRequest): Promise<TaskRecord> {
    return runOnTask(this.db, req.project, req.id, (table, now) => transitionTask(table, req, now));
  }

  release(req: ReleaseRequest): Promise<TaskRecord> {
    return runOnTask(this.db, req.lease.project, req.lease.id, (table, now) => releaseLease(table, req, now));
  }

  appendNote(project: string, id: string, note: Omit<Note, "ts">): Promise<TaskRecord> {
    return runOnTask(this.db, project, id, (table, now) => appendTaskNote(table, project, id, note, now));
  }

  resetStalled(req: ResetStalledRequest): Promise<StalledReport[]> {
    const run = req.dryRun ? previewRule : runRule;
    return run(this.db, inProgress(req.project, false), (table, now) => resetStalledTasks(table, req, now));
  }

  reapExpired(opts: ReapOptions = {}): Promise<TaskRecord[]> {
    const run = opts.dryRun === true ? previewRule : runRule;
    return run(this.db, inProgress(opts.project, true, opts.deadOwners), (table, now) => reapExpiredLeases(table, opts, now));
  }

  logEvent(event: Omit<EventRecord, "ts">): Promise<void> {
    return logEvent(this.db, event);
  }

  events(filter?: EventFilter): Promise<EventRecord[]> {
    return readEvents(this.db.pool, filter);
  }

  waitForWork(opts: WaitForWorkOptions): Promise<void> {
    return this.listener.wait(opts);
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.db.pool.end();
  }
}
