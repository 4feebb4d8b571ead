// Why an agent run failed, from its exit and its own words: the class decides whether the task or the worker type pays.
import type { AgentRun } from "./run.js";

/** Failure classes. The first five point at the worker type (its CLI, login or quota), the rest at the run. */
export type FailureClass = "auth" | "rate_limit" | "usage_limit" | "bad_invocation" | "missing_binary" | "crash" | "timeout" | "stalled";

/** Classes that pause the whole worker type, charge no task and block nothing. */
export const WORKER_TYPE_CLASSES: readonly FailureClass[] = ["auth", "rate_limit", "usage_limit", "bad_invocation", "missing_binary"];

/** True for a class that points at the agent (its login, quota, argv or binary) rather than at the task. */
export function isWorkerTypeClass(c: FailureClass): boolean {
  return WORKER_TYPE_CLASSES.includes(c);
}

/** How one run ended, as the classifier needs it. */
export interface RunEnd {
  exitCode: number | undefined;
  signal: string | undefined;
  /** Why the process could not start (`spawn codex ENOENT`). */
  error: string | undefined;
  timedOut: boolean;
  stalled: boolean;
  /** The last lines the agent printed, oldest first. */
  tail: readonly string[];
  report: AgentRun;
  /** Epoch ms when the run ended: retry-after and "try again in" are counted from here. */
  now: number;
}

/** A classified failure: its class, the agent's own words, and when a limit says to try again. */
export interface Failure {
  class: FailureClass;
  /** The agent's own message (the line that gave the class away), or how the run ended. */
  message: string;
  /** Epoch ms when the worker type may run again (limits that said so). */
  retry_at?: number;
}

const AUTH = [
  /not logged in/i,
  /please run \/login/i,
  /invalid api key/i,
  /invalid x-api-key/i,
  /incorrect api key/i,
  /authentication_error/i,
  /api key not valid/i,
  /\b401\b.*(unauthori[sz]ed|invalid|key)/i,
  /unauthori[sz]ed/i,
  /(missing|no|set (the|an?)) .*api[ _-]?key/i,
  /please set an auth method/i,
  /OAuth token has expired/i,
  /not authenticated/i,
];
const USAGE = [/usage limit/i, /limit reached.*reset/i, /resets? at\b/i, /exhausted your (daily )?quota/i, /quota exceeded/i, /insufficient_quota/i, /out of credits|credit balance is too low/i];
const RATE = [/\b429\b/, /rate[ _-]?limit/i, /too many requests/i, /resource[ _]exhausted/i, /overloaded/i];
const BAD_ARGV = [/unexpected argument/i, /unknown (option|argument|flag|command)/i, /unrecognized (option|argument)/i, /invalid value .* for '--?[\w-]+'/i, /error: the argument .* cannot be used/i, /^usage: /i, /for more information, try '--help'/i, /cannot be used with root\/sudo/i];

// Lines worth reading: the agent's final message first (its own verdict), then the end of its output.
function lines(end: RunEnd): string[] {
  const out: string[] = [];
  if (end.report.final_message !== undefined) out.push(...end.report.final_message.split("\n"));
  out.push(...end.tail.slice(-20));
  return out.map((l) => l.trim()).filter((l) => l !== "");
}

function find(ls: readonly string[], patterns: readonly RegExp[]): string | undefined {
  return ls.find((l) => patterns.some((p) => p.test(l)));
}

const UNIT_MS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * When a limit message says to come back: `retry-after: 30`, `try again in 2 hours 5 minutes`, `retry in 12.5s`,
 * Claude's `usage limit reached|<epoch seconds>`, or an ISO time. Undefined when it does not say.
 */
export function retryAt(text: string, now: number): number | undefined {
  const epoch = /limit reached\|(\d{10})\b/i.exec(text);
  if (epoch?.[1] !== undefined) return Number(epoch[1]) * 1000;
  const after = /retry[- ]after["':\s]+(\d+(?:\.\d+)?)/i.exec(text);
  if (after?.[1] !== undefined) return now + Math.ceil(Number(after[1]) * 1000);
  const rel = /(?:try again|retry|resets?) in ((?:\s*(?:and\s*)?\d+(?:\.\d+)?\s*(?:h|hours?|m|min|minutes?|s|sec|seconds?)\b,?)+)/i.exec(text);
  if (rel?.[1] !== undefined) {
    let ms = 0;
    for (const m of rel[1].matchAll(/(\d+(?:\.\d+)?)\s*(h|hour|m|min|minute|s|sec|second)/gi)) ms += Number(m[1]) * (UNIT_MS[(m[2] ?? "s").toLowerCase()] ?? 1000);
    if (ms > 0) return now + Math.ceil(ms);
  }
  const iso = /resets? at (\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2}))/i.exec(text);
  if (iso?.[1] !== undefined) {
    const t = Date.parse(iso[1]);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/** A run that failed (or said `is_error`) → its class; undefined when the run succeeded. */
export function classifyRun(end: RunEnd): Failure | undefined {
  if (end.error !== undefined) {
    const missing = /ENOENT|not found|no such file/i.test(end.error);
    return { class: missing ? "missing_binary" : "crash", message: end.error };
  }
  if (end.timedOut) return { class: "timeout", message: "timed out" };
  if (end.stalled) return { class: "stalled", message: "stalled" };
  const failed = end.exitCode !== 0 || end.signal !== undefined || end.report.is_error === true;
  if (!failed) return undefined;
  const ls = lines(end);
  const usage = find(ls, USAGE);
  if (usage !== undefined) return withRetry("usage_limit", usage, ls, end.now);
  const rate = find(ls, RATE);
  if (rate !== undefined) return withRetry("rate_limit", rate, ls, end.now);
  const auth = find(ls, AUTH);
  if (auth !== undefined) return { class: "auth", message: auth };
  // A CLI rejecting its argv never started a session; the same words later are the agent's own work.
  const argv = end.report.session_id === undefined ? find(ls, BAD_ARGV) : undefined;
  if (argv !== undefined) return { class: "bad_invocation", message: argv };
  const how = end.signal !== undefined ? `killed by ${end.signal}` : `exited with code ${String(end.exitCode)}`;
  const last = end.report.is_error === true ? end.report.final_message : undefined;
  return { class: "crash", message: last === undefined ? how : `${how}: ${last.split("\n")[0] ?? ""}` };
}

function withRetry(c: "rate_limit" | "usage_limit", message: string, ls: readonly string[], now: number): Failure {
  const at = retryAt(message, now) ?? retryAt(ls.join("\n"), now);
  return at === undefined ? { class: c, message } : { class: c, message, retry_at: at };
}

/** The last lines a failed run printed, for a task-level failure's reason. */
export function lastLines(tail: readonly string[], n = 5): string {
  return tail.map((l) => l.trimEnd()).filter((l) => l.trim() !== "").slice(-n).join("\n");
}
