// Shape checks for task records read back from a store: a damaged or hand-edited record is named, not crashed on.
import { STATUSES } from "./status.js";

type Check = (v: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === "string";
const num: Check = (v) => typeof v === "number" && Number.isFinite(v);
const strings: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === "string");
const array: Check = (v) => Array.isArray(v);
const object: Check = isObject;

// The fields every rule and view reads without a guard; optional ones are checked only when present.
const RECORD: Record<string, Check> = {
  project: str,
  id: str,
  spec_hash: str,
  status: (v) => STATUSES.includes(v as never),
  critical_path: num,
  attempt: num,
  failures: num,
  kickbacks: num,
  notes: (v) => Array.isArray(v) && v.every((n) => isObject(n) && str(n.kind) && str(n.text) && num(n.ts)),
  seq: num,
  created_at: num,
  updated_at: num,
};
const RECORD_OPTIONAL: Record<string, Check> = { batch: str, not_before: num, reason: str, usage: object, last_run: object };
const SPEC: Record<string, Check> = {
  id: str,
  title: str,
  depends_on: strings,
  tags: strings,
  files: strings,
  priority: num,
  needs: strings,
  pipeline: strings,
  acceptance: array,
};
const ROUTE: Record<string, Check> = { worker: str, fallbacks: strings };
const LEASE: Record<string, Check> = { owner: str, worker_type: str, attempt: num, claimed_at: num, heartbeat_at: num, expires_at: num };

function fieldProblems(where: string, value: Record<string, unknown>, required: Record<string, Check>, optional: Record<string, Check> = {}): string[] {
  const out: string[] = [];
  for (const [key, ok] of Object.entries(required)) if (!ok(value[key])) out.push(`${where}${key} is ${describe(value[key])}`);
  for (const [key, ok] of Object.entries(optional)) if (value[key] !== undefined && !ok(value[key])) out.push(`${where}${key} is ${describe(value[key])}`);
  return out;
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  const text = JSON.stringify(v);
  return `wrong: ${text.length > 40 ? `${text.slice(0, 40)}...` : text}`;
}

/**
 * Every way `value` fails to be a task record the store rules can work on, in words ("spec.title is
 * missing"); empty when it is one. Checks the fields code reads unguarded, not every optional detail.
 */
export function taskRecordProblems(value: unknown): string[] {
  if (!isObject(value)) return [`not a task record: ${describe(value)}`];
  const out = fieldProblems("", value, RECORD, RECORD_OPTIONAL);
  for (const [key, shape] of [
    ["spec", SPEC],
    ["route", ROUTE],
  ] as const) {
    const part = value[key];
    if (isObject(part)) out.push(...fieldProblems(`${key}.`, part, shape));
    else out.push(`${key} is ${describe(part)}`);
  }
  if (value.lease !== undefined) {
    if (isObject(value.lease)) out.push(...fieldProblems("lease.", value.lease, LEASE));
    else out.push(`lease is ${describe(value.lease)}`);
  }
  return out;
}

/** A record's name for a report: `project/id` when those are readable, else its position. */
export function recordName(value: unknown, index: number): string {
  return isObject(value) && typeof value.project === "string" && typeof value.id === "string" ? `${value.project}/${value.id}` : `record ${index + 1}`;
}
