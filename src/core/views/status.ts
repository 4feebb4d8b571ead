// `polecat status`: what runs now, how the queue stands, what waits for the refinery.
import { REFINERY_QUEUE, STATUSES } from "../status.js";
import type { TaskStatus } from "../status.js";
import type { WorkerRegistry } from "../spec.js";
import type { EventRecord, TaskRecord } from "../ports/store.js";
import { leaseView, type LeaseView } from "./lease.js";
import { span } from "./text.js";
import { renderTable } from "../table.js";
import type { UsageTotals } from "../agent/run.js";
import { costLine, taskTotals, usd } from "./usage.js";

/** One busy slot: the task its lease holds and how alive it looks (the lease fields are `LeaseView`'s). */
export interface RunningSlot extends LeaseView {
  task_id: string;
  title: string;
  /** The pipeline stage, when the swarm logged one for this attempt. */
  stage?: string;
  /** What the task's finished runs reported so far (earlier attempts and stages). */
  usage?: UsageTotals;
}

/** Slots busy per worker type against the registry's max_concurrent. */
export interface SlotUse {
  worker: string;
  running: number;
  max?: number;
}

/** A task the refinery still has to merge, review or finish. */
export interface RefineryItem {
  task_id: string;
  status: TaskStatus;
  waiting_ms: number;
}

/** The `status --json` document. */
export interface StatusView {
  now: number;
  running: RunningSlot[];
  /** Leases whose owner is provably dead (same host, pid gone): nothing runs them; the next swarm or janitor takes them back. */
  abandoned: RunningSlot[];
  slots: SlotUse[];
  counts: Record<TaskStatus, number>;
  total: number;
  refinery: RefineryItem[];
  /** What every finished agent run of these tasks reported, added up: the cost so far. */
  usage: UsageTotals;
}

/** The last `slot.stage` of each task's current attempt. */
function currentStages(events: readonly EventRecord[]): Map<string, { attempt?: number; stage: string }> {
  const stages = new Map<string, { attempt?: number; stage: string }>();
  for (const e of events) {
    const stage = e.data?.stage;
    if (e.event !== "slot.stage" || e.task_id === undefined || typeof stage !== "string") continue;
    const prev = stages.get(e.task_id);
    if (prev === undefined || (e.attempt ?? 0) >= (prev.attempt ?? 0)) stages.set(e.task_id, { attempt: e.attempt, stage });
  }
  return stages;
}

/** Builds the status view from the store's tasks (and, for stages, its events). */
export function statusView(
  tasks: readonly TaskRecord[],
  now: number,
  opts: { registry?: WorkerRegistry; events?: readonly EventRecord[]; deadOwners?: readonly string[] } = {},
): StatusView {
  const stages = currentStages(opts.events ?? []);
  const dead = new Set(opts.deadOwners ?? []);
  const running: RunningSlot[] = [];
  const abandoned: RunningSlot[] = [];
  for (const t of tasks) {
    if (t.status !== "in_progress" || t.lease === undefined) continue;
    const l = t.lease;
    const slot: RunningSlot = { task_id: t.id, title: t.spec.title, ...leaseView(l, now) };
    const stage = stages.get(t.id);
    if (stage !== undefined && (stage.attempt === undefined || stage.attempt === l.attempt)) slot.stage = stage.stage;
    if (t.usage !== undefined) slot.usage = t.usage;
    (dead.has(l.owner) ? abandoned : running).push(slot);
  }
  const bySlot = (a: RunningSlot, b: RunningSlot): number => a.slot.localeCompare(b.slot) || a.task_id.localeCompare(b.task_id);
  running.sort(bySlot);
  abandoned.sort(bySlot);

  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const t of tasks) counts[t.status]++;

  const types = new Set([...Object.keys(opts.registry?.workers ?? {}), ...running.map((r) => r.worker_type)]);
  const slots = [...types].sort().map((worker): SlotUse => {
    const use: SlotUse = { worker, running: running.filter((r) => r.worker_type === worker).length };
    const max = opts.registry?.workers[worker]?.max_concurrent;
    if (max !== undefined) use.max = max;
    return use;
  });

  const refinery = tasks
    .filter((t) => REFINERY_QUEUE.includes(t.status))
    .sort((a, b) => a.updated_at - b.updated_at)
    .map((t) => ({ task_id: t.id, status: t.status, waiting_ms: now - t.updated_at }));

  return { now, running, abandoned, slots, counts, total: tasks.length, refinery, usage: taskTotals(tasks) };
}

function lease(ms: number): string {
  return ms < 0 ? `expired ${span(-ms)} ago` : `${span(ms)} left`;
}

/** The human `polecat status`. */
export function renderStatus(view: StatusView): string[] {
  const lines: string[] = [];
  if (view.running.length === 0) {
    lines.push("Running: nothing");
  } else {
    lines.push(`Running (${view.running.length}):`);
    const rows = view.running.map((r) => [
      r.slot,
      r.task_id,
      r.worker_type,
      r.stage ?? "-",
      `#${r.attempt}`,
      span(r.elapsed_ms),
      `${span(r.heartbeat_age_ms)} ago`,
      lease(r.expires_in_ms),
      usd(r.usage?.cost_usd),
    ]);
    lines.push(...renderTable(["slot", "task", "worker", "stage", "attempt", "elapsed", "heartbeat", "lease", "spent"], rows).map((l) => `  ${l}`));
  }
  if (view.abandoned.length > 0) {
    const tasks = view.abandoned.map((r) => `${r.task_id} (#${r.attempt}, ${r.slot})`).join(", ");
    lines.push(`Abandoned (${view.abandoned.length}): ${tasks}: their process is gone; the next swarm or \`polecat janitor\` returns them to the queue`);
  }
  if (view.slots.length > 0) {
    lines.push(`Slots: ${view.slots.map((s) => `${s.worker} ${s.running}/${s.max ?? "?"}`).join(", ")}`);
  }
  const counts = STATUSES.filter((s) => view.counts[s] > 0).map((s) => `${s} ${view.counts[s]}`);
  lines.push(`Queue (${view.total} tasks): ${counts.length === 0 ? "empty" : counts.join(", ")}`);
  lines.push(costLine("Cost so far", view.usage) ?? "Cost so far: no agent reported any");
  if (view.refinery.length === 0) {
    lines.push("Refinery queue: empty");
  } else {
    lines.push(`Refinery queue (${view.refinery.length}):`);
    const rows = view.refinery.map((r) => [r.task_id, r.status, `${span(r.waiting_ms)}`]);
    lines.push(...renderTable(["task", "status", "waiting"], rows).map((l) => `  ${l}`));
  }
  return lines;
}
