// Applying a spec to the store: idempotent, adds new tasks, updates edited ones only while unclaimed.
import { PolecatError } from "./errors.js";
import type { TaskStatus } from "./status.js";
import type { ApplyInput, ApplyResult, EventRecord, TaskInput, TaskRecord } from "./ports/store.js";
import { taskEvent, taskKey, type StateChange, type TaskTable } from "./task-table.js";

/** Statuses in which no work is in flight or finished, so an edited spec may replace the task's. */
export const UPDATABLE_STATUSES: readonly TaskStatus[] = ["active", "waiting", "blocked", "cancelled"];

/** JSON with object keys sorted and undefined fields left out, so equal values hash equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The text a task's spec_hash is computed from: everything applying it would write. */
export function specHashText(task: TaskInput): string {
  return canonicalJson({ spec: task.spec, route: task.route, critical_path: task.critical_path });
}

/**
 * Applies a spec's tasks. `hash` turns `specHashText` into a digest (backends bring their own, e.g. sha256).
 * Re-applying the same input changes nothing; a batch name, when given, counts as part of the input.
 */
export function applyTasks(
  table: TaskTable,
  input: ApplyInput,
  now: number,
  hash: (text: string) => string,
): StateChange<ApplyResult> {
  const result: ApplyResult = { added: [], updated: [], unchanged: [], skipped: [] };
  const upserts: TaskRecord[] = [];
  const events: EventRecord[] = [];
  const seen = new Set<string>();
  let seq = 1;
  for (const t of table.values()) seq = Math.max(seq, t.seq + 1);
  for (const item of input.tasks) {
    const id = item.spec.id;
    if (seen.has(id)) throw new PolecatError("E_SPEC_INVALID", `task ${input.project}/${id} appears twice in one apply`);
    seen.add(id);
    const spec_hash = hash(specHashText(item));
    const existing = table.get(taskKey(input.project, id));
    const batch = input.batch ?? existing?.batch;
    const applied = { spec: item.spec, route: item.route, critical_path: item.critical_path, spec_hash };
    if (existing === undefined) {
      const task: TaskRecord = {
        project: input.project,
        id,
        ...applied,
        ...(batch === undefined ? {} : { batch }),
        status: "active",
        attempt: 0,
        failures: 0,
        kickbacks: 0,
        notes: [],
        seq: seq++,
        created_at: now,
        updated_at: now,
      };
      result.added.push(id);
      upserts.push(task);
      events.push(taskEvent(now, "task.added", task, { to: "active", data: { route: item.route.worker } }));
    } else if (existing.spec_hash === spec_hash && existing.batch === batch) {
      result.unchanged.push(id);
    } else if (!UPDATABLE_STATUSES.includes(existing.status)) {
      result.skipped.push(id);
    } else {
      const task: TaskRecord = { ...existing, ...applied, ...(batch === undefined ? {} : { batch }), updated_at: now };
      result.updated.push(id);
      upserts.push(task);
      events.push(taskEvent(now, "task.updated", task, { data: { route: item.route.worker } }));
    }
  }
  return { result, upserts, events };
}
