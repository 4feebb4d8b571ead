// The demo's promise, checked: every task of examples/demo ends as examples/demo/expected.json says.
import { PolecatError } from "../../core/errors.js";
import { STATUSES, type TaskStatus } from "../../core/status.js";
import type { TaskRecord } from "../../core/ports/store.js";

/** How one demo task must end, and why, in words for the final table. */
export interface Expectation {
  status: TaskStatus;
  /** Failed attempts; 0 when not given. */
  failures: number;
  /** Times the refinery or a rebase sent the task back; 0 when not given. */
  kickbacks: number;
  /** True when an engineer review must have approved it. */
  approved: boolean;
  why: string;
}

/** One task's outcome against its expectation. */
export interface Verdict {
  id: string;
  expected: string;
  actual: string;
  ok: boolean;
  why: string;
}

const KEYS = new Set(["status", "failures", "kickbacks", "approved", "why"]);

function fail(message: string): never {
  throw new PolecatError("E_CONFIG", `examples/demo/expected.json: ${message}`);
}

function count(value: unknown, where: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) fail(`${where} must be a whole number >= 0`);
  return value;
}

/** Reads expected.json: task id → expectation. A malformed file is a broken checkout, reported as E_CONFIG. */
export function parseExpectations(text: string): Map<string, Expectation> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    fail(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) fail("must be an object of task id → expectation");
  const out = new Map<string, Expectation>();
  for (const [id, raw] of Object.entries(doc as Record<string, unknown>)) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail(`${id} must be an object`);
    const e = raw as Record<string, unknown>;
    const unknown = Object.keys(e).find((k) => !KEYS.has(k));
    if (unknown !== undefined) fail(`${id}: unknown key "${unknown}"`);
    if (!STATUSES.includes(e.status as TaskStatus)) fail(`${id}.status must be one of ${STATUSES.join(", ")}`);
    if (e.approved !== undefined && typeof e.approved !== "boolean") fail(`${id}.approved must be true or false`);
    if (typeof e.why !== "string") fail(`${id}.why must be a string`);
    out.set(id, {
      status: e.status as TaskStatus,
      failures: count(e.failures, `${id}.failures`),
      kickbacks: count(e.kickbacks, `${id}.kickbacks`),
      approved: e.approved === true,
      why: e.why,
    });
  }
  return out;
}

function approved(task: TaskRecord): boolean {
  return task.notes.some((n) => n.kind === "review" && n.text.startsWith("approved"));
}

function describe(status: string, failures: number, kickbacks: number, isApproved: boolean): string {
  const parts = [status];
  if (failures > 0) parts.push(`${failures} failed`);
  if (kickbacks > 0) parts.push(`${kickbacks} kicked back`);
  if (isApproved) parts.push("approved");
  return parts.join(", ");
}

/** Compares the store's tasks with the expectations: one verdict per expected task, then per unexpected one. */
export function checkExpectations(expected: ReadonlyMap<string, Expectation>, tasks: readonly TaskRecord[]): Verdict[] {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const verdicts: Verdict[] = [...expected].map(([id, e]) => {
    const want = describe(e.status, e.failures, e.kickbacks, e.approved);
    const task = byId.get(id);
    if (task === undefined) return { id, expected: want, actual: "not in the store", ok: false, why: e.why };
    const got = describe(task.status, task.failures, task.kickbacks, approved(task));
    return { id, expected: want, actual: got, ok: got === want, why: e.why };
  });
  for (const task of tasks) {
    if (!expected.has(task.id)) verdicts.push({ id: task.id, expected: "no expectation", actual: task.status, ok: false, why: "add it to expected.json" });
  }
  return verdicts;
}
