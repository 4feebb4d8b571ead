// `polecat summary`: a digest of recent work (what merged, failed, came back), and how each worker type did.
import type { WorkerRegistry } from "../spec.js";
import type { EventRecord, TaskRecord } from "../ports/store.js";
import { isFailure, isKickback, taskRuns } from "./runs.js";
import { span, stamp } from "./text.js";
import { renderTable } from "../table.js";
import type { UsageTotals } from "../agent/run.js";
import { costLine, rollup, tokens, usd } from "./usage.js";

/** Something that happened to a task, with the reason the log gives. */
export interface TaskMention {
  task_id: string;
  ts: number;
  reason?: string;
}

/** How one worker type did in the window, with the registry's cost and speed beside it. */
export interface WorkerSummary {
  worker: string;
  /** Agent runs: task attempts claimed plus engineer reviews run. */
  runs: number;
  /** Of the runs, engineer reviews (the refinery's `refinery.review` events). */
  reviews: number;
  finished: number;
  failed: number;
  /** Median claim → merge_ready of its finished runs. */
  median_ms?: number;
  cost?: number;
  speed?: number;
  /** What its agents reported (USD, tokens, turns), over the runs that reported anything. */
  usage: UsageTotals;
}

/** The `summary --json` document. */
export interface SummaryView {
  since?: number;
  now: number;
  window_ms: number;
  /** Tasks merged in the window. */
  done: TaskMention[];
  /** Failed attempts in the window (a task may appear more than once). */
  failed: TaskMention[];
  kicked_back: TaskMention[];
  /** Tasks blocked now, whenever they got there. */
  blocked: TaskMention[];
  throughput_per_hour: number;
  workers: WorkerSummary[];
  /** What every agent run in the window reported, added up. */
  usage: UsageTotals;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The first line of a reason: a validation kickback's later lines (failing tests, output) are `analyze`'s. */
function firstLine(text: string): string {
  return text.split("\n")[0]?.trimEnd() ?? "";
}

function mention(e: EventRecord): TaskMention {
  const m: TaskMention = { task_id: e.task_id ?? "?", ts: e.ts };
  if (e.message !== undefined) m.reason = firstLine(e.message);
  return m;
}

/** Builds the digest of the events in `[since, now]` (all of them without `since`). */
export function summaryView(
  tasks: readonly TaskRecord[],
  events: readonly EventRecord[],
  registry: WorkerRegistry | undefined,
  opts: { since?: number; now: number },
): SummaryView {
  const inWindow = (ts: number): boolean => (opts.since === undefined || ts >= opts.since) && ts <= opts.now;
  const recent = events.filter((e) => inWindow(e.ts));
  const start = opts.since ?? recent.reduce((min, e) => Math.min(min, e.ts), opts.now);
  const window_ms = opts.now - start;

  const done = recent.filter((e) => e.to === "done" && e.task_id !== undefined).map(mention);
  const failed = recent.filter(isFailure).map(mention);
  const kicked_back = recent.filter(isKickback).map(mention);
  const blocked = tasks
    .filter((t) => t.status === "blocked")
    .map((t): TaskMention => ({ task_id: t.id, ts: t.updated_at, ...(t.reason === undefined ? {} : { reason: firstLine(t.reason) }) }));

  const runs = taskRuns(events).filter((r) => inWindow(r.start));
  const reviews = recent.filter((e) => e.event === "refinery.review").map((e) => (typeof e.data?.worker_type === "string" ? e.data.worker_type : "unknown"));
  const types = new Set([...Object.keys(registry?.workers ?? {}), ...runs.map((r) => r.worker_type ?? "unknown"), ...reviews]);
  const workers = [...types].sort().map((worker): WorkerSummary => {
    const mine = runs.filter((r) => (r.worker_type ?? "unknown") === worker);
    const finished = mine.filter((r) => r.outcome === "finished");
    const reviewed = reviews.filter((w) => w === worker).length;
    const row: WorkerSummary = {
      worker,
      runs: mine.length + reviewed,
      reviews: reviewed,
      finished: finished.length,
      failed: mine.filter((r) => r.outcome === "failed" || r.outcome === "blocked").length,
      usage: rollup(mine.flatMap((r) => (r.agent === undefined ? [] : [r.agent]))).total,
    };
    const med = median(finished.map((r) => (r.end ?? r.start) - r.start));
    if (med !== undefined) row.median_ms = med;
    const type = registry?.workers[worker];
    if (type !== undefined) Object.assign(row, { cost: type.cost, speed: type.speed });
    return row;
  });

  const hours = window_ms / 3_600_000;
  const throughput_per_hour = hours > 0 ? Math.round((done.length / hours) * 100) / 100 : 0;
  const usage = rollup(runs.flatMap((r) => (r.agent === undefined ? [] : [r.agent]))).total;
  const view: SummaryView = { now: opts.now, window_ms, done, failed, kicked_back, blocked, throughput_per_hour, workers, usage };
  if (opts.since !== undefined) view.since = opts.since;
  return view;
}

/** "cache, flaky-test ×3": ids in first-seen order with repeat counts. */
function ids(items: readonly TaskMention[]): string {
  const counts = new Map<string, number>();
  for (const m of items) counts.set(m.task_id, (counts.get(m.task_id) ?? 0) + 1);
  return [...counts].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(", ");
}

const REASON_CHARS = 120;

/** One line per mention: the reason's first line, clipped, and where the whole of it is. */
function withReasons(items: readonly TaskMention[]): string[] {
  return items.map((m) => {
    const reason = m.reason ?? "(no reason given)";
    const clipped = reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS - 1)}…` : reason;
    return `  ${m.task_id}: ${clipped} (more: polecat analyze ${m.task_id})`;
  });
}

/** The human `polecat summary`. */
export function renderSummary(view: SummaryView): string[] {
  const from = stamp(view.now - view.window_ms);
  const lines = [`Summary ${from} → ${stamp(view.now)} (${span(view.window_ms)})`];
  lines.push(`Done: ${view.done.length}${view.done.length > 0 ? ` (${ids(view.done)})` : ""}`);
  lines.push(`Throughput: ${view.throughput_per_hour} tasks/hour`);
  lines.push(costLine("Cost", view.usage) ?? "Cost: no agent reported any");
  lines.push(`Failed attempts: ${view.failed.length}${view.failed.length > 0 ? ` (${ids(view.failed)})` : ""}`);
  lines.push(`Kicked back: ${view.kicked_back.length}`, ...withReasons(view.kicked_back));
  lines.push(`Blocked now: ${view.blocked.length}`, ...withReasons(view.blocked));
  lines.push("");
  const rows = view.workers.map((w) => [
    w.worker,
    String(w.runs),
    String(w.reviews),
    String(w.finished),
    String(w.failed),
    span(w.median_ms),
    w.cost === undefined ? "-" : String(w.cost),
    w.speed === undefined ? "-" : String(w.speed),
    usd(w.usage.cost_usd),
    tokens(w.usage),
  ]);
  lines.push(...renderTable(["worker", "runs", "reviews", "finished", "failed", "median", "cost", "speed", "spent", "tokens"], rows));
  return lines;
}
