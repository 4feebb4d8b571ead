// The claim statement's text, one prepared statement per request shape, built once when the module loads.
import type { ClaimRequest } from "../../core/ports/store.js";
import { NOW_MS } from "./sql.js";

/** What a claim statement is given, by name; a shape sends only the ones its text uses. */
type ClaimParam = "workerType" | "project" | "batch" | "taskId" | "capacity" | "owner" | "slot" | "leaseMs";

// Every parameter has one SQL type, whichever statement uses it.
const PARAM_TYPES: Readonly<Record<ClaimParam, string>> = {
  workerType: "text",
  project: "text",
  batch: "text",
  taskId: "text",
  capacity: "jsonb",
  owner: "text",
  slot: "text",
  leaseMs: "numeric",
};

/** The parts of the claim rules a request needs. */
interface ClaimShape {
  project: boolean;
  batch: boolean;
  taskId: boolean;
  /** The request caps the claimer's own type: its running tasks are counted against the cap. */
  ownCapacity: boolean;
  /** The request caps some other type: the claimer may step in for it, as a fallback, while it is full. */
  fallback: boolean;
}

/** A named prepared statement and the request fields it takes, in parameter order. */
export interface ClaimStatement {
  name: string;
  text: string;
  params: readonly ClaimParam[];
}

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
 *
 * A rule the request cannot trigger is left out of the text rather than written as `$n IS NULL OR ...`:
 * without a capacity for its own type there is nothing to count, and without a capacity for any other
 * type no fallback can step in (a fallback needs its primary's capacity), so routing is plain equality.
 * Each shape is then a prepared statement whose cached plan walks the claim-order index, with no planning
 * per claim, and whose plan holds only the subqueries it can run: a claim that meets a row another
 * claimer has just taken re-checks it (EvalPlanQual) by setting up every subquery of the statement again.
 * `now()` is the transaction's start, so each NOW_MS in the text is the same instant.
 *
 * A claim waits for its WAL flush like every other change: a claim the caller has heard of survives a
 * database crash, so a task is never handed to a second worker while the first still works on it.
 */
function claimStatement(shape: ClaimShape, name: string): ClaimStatement {
  const params: ClaimParam[] = [];
  const p = (param: ClaimParam): string => {
    const index = params.includes(param) ? params.indexOf(param) : params.push(param) - 1;
    return `$${index + 1}::${PARAM_TYPES[param]}`;
  };
  const running = (type: string): string => `(SELECT count(*) FROM tasks r WHERE r.status = 'in_progress' AND r.lease_worker_type = ${type})`;
  const routed = shape.fallback
    ? `CASE
      WHEN t.route_worker = ${p("workerType")} THEN true
      WHEN NOT (t.doc->'route'->'fallbacks' ? ${p("workerType")} AND ${p("capacity")} ? t.route_worker) THEN false
      ELSE ${running("t.route_worker")} >= (${p("capacity")} ->> t.route_worker)::numeric
    END`
    : `t.route_worker = ${p("workerType")}`;
  const text = `
WITH pick AS (
  SELECT t.project, t.id
  FROM tasks t
  WHERE t.status = 'active'${shape.project ? `\n    AND t.project = ${p("project")}` : ""}${shape.batch ? `\n    AND t.batch = ${p("batch")}` : ""}${
    shape.taskId ? `\n    AND t.id = ${p("taskId")}` : ""
  }
    AND (t.not_before IS NULL OR t.not_before <= ${NOW_MS})${
      shape.ownCapacity ? `\n    AND ${running(p("workerType"))} < (${p("capacity")} ->> ${p("workerType")})::numeric` : ""
    }
    AND ${routed}
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
      'owner', ${p("owner")}, 'worker_type', ${p("workerType")}, 'attempt', (t.doc->>'attempt')::int + 1,
      'claimed_at', ${NOW_MS}, 'heartbeat_at', ${NOW_MS}, 'expires_at', ${NOW_MS} + ${p("leaseMs")})
      || jsonb_strip_nulls(jsonb_build_object('slot', ${p("slot")})),
    'started_at', ${NOW_MS},
    'updated_at', ${NOW_MS})
  FROM pick p
  WHERE t.project = p.project AND t.id = p.id
  RETURNING t.doc
),
logged AS (
  INSERT INTO events (doc)
  SELECT jsonb_build_object(
    'ts', ${NOW_MS}, 'event', 'task.claimed', 'level', 'info', 'project', c.doc->'project', 'task_id', c.doc->'id',
    'state', 'in_progress', 'attempt', c.doc->'attempt',
    'correlation_id', (c.doc->>'project') || '/' || (c.doc->>'id') || '#' || (c.doc->>'attempt'),
    'worker_id', COALESCE(${p("slot")}, ${p("owner")}), 'from', 'active', 'to', 'in_progress',
    'data', jsonb_build_object('worker_type', ${p("workerType")}, 'routed_to', c.doc->'route'->'worker'))
  FROM claimed c
)
SELECT doc AS task FROM claimed`;
  return { name, text, params };
}

const SHAPE_KEYS = ["project", "batch", "taskId", "ownCapacity", "fallback"] as const;

/** A shape's index in STATEMENTS: its flags as bits, in SHAPE_KEYS order. */
function shapeIndex(shape: ClaimShape): number {
  return SHAPE_KEYS.reduce((bits, key, i) => bits | (shape[key] ? 1 << i : 0), 0);
}

function shapeStatement(shape: ClaimShape): ClaimStatement {
  return claimStatement(shape, `polecat-claim-${SHAPE_KEYS.map((key) => Number(shape[key])).join("")}`);
}

// Every shape's statement, at its shapeIndex; built once, never changed.
const STATEMENTS: readonly ClaimStatement[] = Array.from({ length: 2 ** SHAPE_KEYS.length }, (_, bits) => {
  const entries = SHAPE_KEYS.map((key, i) => [key, (bits & (1 << i)) !== 0] as const);
  return shapeStatement(Object.fromEntries(entries) as Record<(typeof SHAPE_KEYS)[number], boolean>);
});

/** The prepared statement for a request's shape (see `claimStatement`). */
export function claimStatementFor(req: ClaimRequest): ClaimStatement {
  const capped = (type: string): boolean => req.capacity[type] !== undefined;
  const shape: ClaimShape = {
    project: req.project !== undefined,
    batch: req.batch !== undefined,
    taskId: req.taskId !== undefined,
    ownCapacity: capped(req.workerType),
    fallback: Object.keys(req.capacity).some((type) => type !== req.workerType && capped(type)),
  };
  return STATEMENTS[shapeIndex(shape)] ?? shapeStatement(shape);
}

/** The request's values for a statement's parameters, in their order. */
export function claimValues(statement: ClaimStatement, req: ClaimRequest): unknown[] {
  return statement.params.map((param) => {
    switch (param) {
      case "capacity":
        return JSON.stringify(req.capacity);
      case "workerType":
        return req.workerType;
      case "owner":
        return req.owner;
      case "slot":
        return req.slot ?? null;
      case "leaseMs":
        return req.leaseMs;
      default:
        return req[param];
    }
  });
}
