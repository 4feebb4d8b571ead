// What an agent CLI says about its own run (session, cost, tokens, final message), read from its output.

/** How a worker type's CLI reports its run: each known CLI prints its own machine-readable result. */
export type Dialect = "claude" | "gemini" | "codex" | "generic";

/** Every dialect, for the schema and messages. */
export const DIALECTS: readonly Dialect[] = ["claude", "gemini", "codex", "generic"];

/** One run as the agent reported it; a field is absent when the CLI did not say. */
export interface AgentRun {
  session_id?: string;
  model?: string;
  cost_usd?: number;
  tokens_in?: number;
  tokens_out?: number;
  tokens_cached?: number;
  turns?: number;
  /** The agent's last message to the user (its answer, or its own error text). */
  final_message?: string;
  /** The CLI said the run ended in an error (even when it exited 0). */
  is_error?: boolean;
}

/** The numeric fields, summed over runs for totals. */
export const RUN_COUNTERS = ["cost_usd", "tokens_in", "tokens_out", "tokens_cached", "turns"] as const;

/** Totals over many runs: what summaries, budgets and `task show` add up. */
export interface UsageTotals {
  runs: number;
  cost_usd?: number;
  tokens_in?: number;
  tokens_out?: number;
  tokens_cached?: number;
  turns?: number;
}

/** Adds one run's figures to totals (a figure no run reported stays absent). */
export function addUsage(total: UsageTotals | undefined, r: AgentRun | UsageTotals, runs = 1): UsageTotals {
  const out: UsageTotals = { ...(total ?? { runs: 0 }), runs: (total?.runs ?? 0) + runs };
  for (const k of RUN_COUNTERS) {
    const v = r[k];
    if (typeof v === "number" && Number.isFinite(v)) out[k] = roundTo(k, (out[k] ?? 0) + v);
  }
  return out;
}

// Cost sums keep 6 decimals so repeated float additions print cleanly; token counts are integers anyway.
function roundTo(key: (typeof RUN_COUNTERS)[number], v: number): number {
  return key === "cost_usd" ? Math.round(v * 1e6) / 1e6 : v;
}

/** `$0.0123` with enough digits for small runs. */
export function formatUsd(v: number): string {
  return v >= 1 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`;
}

/** `1.2k in / 340 out / 5k cached` style token counts. */
export function formatTokens(t: { tokens_in?: number; tokens_out?: number; tokens_cached?: number }): string | undefined {
  const parts: string[] = [];
  if (t.tokens_in !== undefined) parts.push(`${compact(t.tokens_in)} in`);
  if (t.tokens_out !== undefined) parts.push(`${compact(t.tokens_out)} out`);
  if (t.tokens_cached !== undefined && t.tokens_cached > 0) parts.push(`${compact(t.tokens_cached)} cached`);
  return parts.length === 0 ? undefined : parts.join(" / ");
}

function compact(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1_000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** One line for humans: cost, tokens, turns, model; undefined when the run reported nothing. */
export function usageLine(u: AgentRun | UsageTotals): string | undefined {
  const parts: string[] = [];
  if (u.cost_usd !== undefined) parts.push(formatUsd(u.cost_usd));
  const tokens = formatTokens(u);
  if (tokens !== undefined) parts.push(`tokens ${tokens}`);
  if (u.turns !== undefined) parts.push(`${u.turns} turn${u.turns === 1 ? "" : "s"}`);
  if ("model" in u && u.model !== undefined) parts.push(u.model);
  return parts.length === 0 ? undefined : parts.join(", ");
}
