// What agent runs cost, for every view: the run an event carries, totals by worker type, one table row per run.
import { addUsage, formatTokens, formatUsd, type UsageTotals } from "../agent/run.js";
import type { EventRecord, RunFacts, TaskRecord } from "../ports/store.js";

/** Figures of one worker type's runs, added up. */
export interface WorkerUsage extends UsageTotals {
  worker: string;
}

/** Spending over a set of runs: in total and per worker type (types in name order). */
export interface UsageRollup {
  total: UsageTotals;
  by_worker: WorkerUsage[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The agent run an event recorded (`data.run`, written when a run ends), when it carries one. */
export function runFactsOf(e: EventRecord): RunFacts | undefined {
  const run = e.data?.run;
  return isObj(run) && typeof run.worker_type === "string" ? (run as unknown as RunFacts) : undefined;
}

/** Adds up runs in total and per worker type. */
export function rollup(runs: readonly RunFacts[]): UsageRollup {
  let total: UsageTotals = { runs: 0 };
  const by = new Map<string, UsageTotals>();
  for (const r of runs) {
    total = addUsage(total, r);
    by.set(r.worker_type, addUsage(by.get(r.worker_type), r));
  }
  const by_worker = [...by].sort(([a], [b]) => a.localeCompare(b)).map(([worker, u]): WorkerUsage => ({ worker, ...u }));
  return { total, by_worker };
}

/** What the tasks have spent so far, all their runs together (the store's running totals). */
export function taskTotals(tasks: readonly TaskRecord[]): UsageTotals {
  let total: UsageTotals = { runs: 0 };
  for (const t of tasks) if (t.usage !== undefined) total = addUsage(total, t.usage, t.usage.runs);
  return total;
}

/** `$0.0123` or `-` when no run reported a cost. */
export function usd(v: number | undefined): string {
  return v === undefined ? "-" : formatUsd(v);
}

/** `1.2k in / 340 out` or `-`. */
export function tokens(u: { tokens_in?: number; tokens_out?: number; tokens_cached?: number }): string {
  return formatTokens(u) ?? "-";
}

/** `Cost: $0.0123 over 3 runs (tokens 1.2k in / 340 out / 5k cached)`: one line for a total; undefined with no runs reported. */
export function costLine(label: string, u: UsageTotals): string | undefined {
  if (u.runs === 0) return undefined;
  const t = formatTokens(u);
  const runs = `${u.runs} run${u.runs === 1 ? "" : "s"}`;
  return `${label}: ${usd(u.cost_usd)} over ${runs}${t === undefined ? "" : ` (tokens ${t})`}`;
}

/** The columns of one run in a table: session, cost, tokens in/out/cached, turns, model, error. */
export const RUN_COLUMNS = ["session", "cost", "in", "out", "cached", "turns", "model", "error"] as const;

/** One run's cells for {@link RUN_COLUMNS}; `-` where the CLI did not say. */
export function runCells(r: RunFacts | undefined): string[] {
  if (r === undefined) return RUN_COLUMNS.map(() => "-");
  const n = (v: number | undefined): string => (v === undefined ? "-" : String(v));
  const error = r.failure_class ?? (r.is_error === true ? "yes" : r.is_error === false ? "no" : "-");
  return [r.session_id ?? "-", usd(r.cost_usd), n(r.tokens_in), n(r.tokens_out), n(r.tokens_cached), n(r.turns), r.model ?? "-", error];
}
