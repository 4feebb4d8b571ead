// Reads an agent CLI's machine-readable output line by line into an AgentRun: one pure fold per dialect.
import type { AgentRun, Dialect } from "./run.js";

/** What one output line meant: the report so far, and the line as a person would want to read it. */
export interface Folded {
  report: AgentRun;
  /** A readable form of a JSON event (the agent's text, a tool call); undefined keeps the raw line. */
  display?: string;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const sum = (...vs: (number | undefined)[]): number | undefined =>
  vs.every((v) => v === undefined) ? undefined : vs.reduce<number>((a, v) => a + (v ?? 0), 0);

/** A line holding one JSON object, or undefined (plain text, a fragment, an array). */
export function jsonLine(line: string): Obj | undefined {
  const t = line.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return undefined;
  try {
    return obj(JSON.parse(t));
  } catch {
    return undefined;
  }
}

function defined(r: AgentRun): AgentRun {
  const out: AgentRun = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined) (out as Obj)[k] = v;
  return out;
}

const firstLine = (s: string): string => s.trim().split("\n")[0] ?? "";

// Claude Code `-p --output-format stream-json --verbose` (and `json`, whose one line is the result event).
function foldClaude(r: AgentRun, e: Obj): Folded {
  const type = e.type;
  if (type === "system" && e.subtype === "init") {
    return { report: defined({ ...r, session_id: str(e.session_id) ?? r.session_id, model: str(e.model) ?? r.model }), display: `session ${String(e.session_id)} (${String(e.model)})` };
  }
  if (type === "assistant") {
    const msg = obj(e.message);
    const content = Array.isArray(msg?.content) ? msg.content.map(obj) : [];
    const texts = content.filter((c) => c?.type === "text").map((c) => str(c?.text)).filter((t) => t !== undefined);
    const tools = content.filter((c) => c?.type === "tool_use").map((c) => `${String(c?.name)}(${toolArg(obj(c?.input))})`);
    const text = texts.join("\n");
    return {
      report: defined({ ...r, model: realModel(str(msg?.model)) ?? r.model, final_message: text === "" ? r.final_message : text }),
      display: [...(text === "" ? [] : [firstLine(text)]), ...tools.map((t) => `→ ${t}`)].join(" ") || undefined,
    };
  }
  if (type === "user") return { report: r, display: "" };
  if (type !== "result") return { report: r };
  const usage = obj(e.usage);
  const cacheRead = num(usage?.cache_read_input_tokens);
  const models = Object.entries(obj(e.modelUsage) ?? {}).sort((a, b) => (num(obj(b[1])?.costUSD) ?? 0) - (num(obj(a[1])?.costUSD) ?? 0));
  const result = str(e.result) ?? (Array.isArray(e.errors) ? e.errors.map(String).join("; ") : undefined);
  const report = defined({
    ...r,
    session_id: str(e.session_id) ?? r.session_id,
    model: r.model ?? models[0]?.[0],
    cost_usd: num(e.total_cost_usd) ?? num(e.cost_usd) ?? r.cost_usd,
    tokens_in: sum(num(usage?.input_tokens), num(usage?.cache_creation_input_tokens), cacheRead) ?? r.tokens_in,
    tokens_out: num(usage?.output_tokens) ?? r.tokens_out,
    tokens_cached: cacheRead ?? r.tokens_cached,
    turns: num(e.num_turns) ?? r.turns,
    final_message: result ?? r.final_message,
    is_error: typeof e.is_error === "boolean" ? e.is_error : e.subtype !== "success",
  });
  return { report, display: `result: ${firstLine(result ?? String(e.subtype))}` };
}

// Claude Code marks messages it made up itself (an auth error shown as a reply) with the model `<synthetic>`.
function realModel(m: string | undefined): string | undefined {
  return m === undefined || m.startsWith("<") ? undefined : m;
}

function toolArg(input: Obj | undefined): string {
  const v = input?.file_path ?? input?.path ?? input?.command ?? input?.pattern ?? input?.url;
  return typeof v === "string" ? v.slice(0, 80) : "";
}

// Gemini CLI `-o stream-json`: init, message (deltas), tool_use, error and a closing result with stats.
function foldGemini(r: AgentRun, e: Obj): Folded {
  switch (e.type) {
    case "init":
      return { report: defined({ ...r, session_id: str(e.session_id) ?? r.session_id, model: str(e.model) ?? r.model }) };
    case "message": {
      if (e.role !== "assistant") return { report: r, display: "" };
      const text = str(e.content) ?? "";
      const final = e.delta === true ? `${r.final_message ?? ""}${text}` : text;
      return { report: defined({ ...r, final_message: final === "" ? undefined : final }), display: firstLine(text) };
    }
    case "tool_use":
      return { report: r, display: `→ ${String(e.tool_name)}(${toolArg(obj(e.parameters))})` };
    case "error":
      return { report: defined({ ...r, final_message: str(e.message) ?? r.final_message }), display: `error: ${String(e.message)}` };
    case "result": {
      const stats = obj(e.stats);
      const error = obj(e.error);
      const report = defined({
        ...r,
        tokens_in: num(stats?.input_tokens) ?? num(stats?.input) ?? r.tokens_in,
        tokens_out: num(stats?.output_tokens) ?? r.tokens_out,
        tokens_cached: num(stats?.cached) ?? num(stats?.cached_tokens) ?? r.tokens_cached,
        turns: num(stats?.turns) ?? r.turns,
        final_message: str(error?.message) ?? r.final_message,
        is_error: e.status !== "success",
      });
      return { report, display: `result: ${String(e.status)}` };
    }
    default:
      return geminiJson(r, e);
  }
}

// Gemini CLI `-o json` prints one object {response, stats: {models: {<name>: {tokens}}}, error?}.
function geminiJson(r: AgentRun, e: Obj): Folded {
  if (!("response" in e) && !("stats" in e)) return { report: r };
  const models = Object.entries(obj(obj(e.stats)?.models) ?? {});
  const tokens = models.map(([, m]) => obj(obj(m)?.tokens));
  const total = (k: string): number | undefined => sum(...tokens.map((t) => num(t?.[k])));
  const error = obj(e.error);
  return {
    report: defined({
      ...r,
      session_id: str(e.session_id) ?? r.session_id,
      model: models[0]?.[0] ?? r.model,
      tokens_in: total("prompt") ?? r.tokens_in,
      tokens_out: sum(total("candidates"), total("thoughts")) ?? r.tokens_out,
      tokens_cached: total("cached") ?? r.tokens_cached,
      turns: sum(...models.map(([, m]) => num(obj(obj(m)?.api)?.totalRequests))) ?? r.turns,
      final_message: str(error?.message) ?? str(e.response) ?? r.final_message,
      is_error: error !== undefined,
    }),
  };
}

// Codex `exec --json`: thread.started, item.* (agent_message, command_execution, ...), turn.completed with usage.
function foldCodex(r: AgentRun, e: Obj): Folded {
  switch (e.type) {
    case "thread.started":
      return { report: defined({ ...r, session_id: str(e.thread_id) ?? r.session_id }), display: `session ${String(e.thread_id)}` };
    case "item.completed": {
      const item = obj(e.item);
      if (item?.type === "agent_message") return { report: defined({ ...r, final_message: str(item.text) ?? r.final_message }), display: firstLine(String(item.text)) };
      if (item?.type === "command_execution") return { report: r, display: `$ ${String(item.command)}` };
      if (item?.type === "error") return { report: r, display: `error: ${String(item.message)}` };
      return { report: r, display: item?.type === "reasoning" ? "" : undefined };
    }
    case "turn.completed": {
      const u = obj(e.usage);
      return {
        report: defined({
          ...r,
          tokens_in: sum(r.tokens_in, num(u?.input_tokens)),
          tokens_out: sum(r.tokens_out, num(u?.output_tokens)),
          tokens_cached: sum(r.tokens_cached, num(u?.cached_input_tokens)),
          turns: (r.turns ?? 0) + 1,
          is_error: false,
        }),
        display: "turn completed",
      };
    }
    case "turn.failed":
      return { report: defined({ ...r, final_message: str(obj(e.error)?.message) ?? r.final_message, is_error: true }), display: `turn failed: ${String(obj(e.error)?.message)}` };
    case "error":
      return { report: defined({ ...r, final_message: str(e.message) ?? r.final_message, is_error: true }), display: `error: ${String(e.message)}` };
    default:
      return { report: r, display: typeof e.type === "string" && e.type.startsWith("item.") ? "" : undefined };
  }
}

const GENERIC_KEYS = ["session_id", "model", "cost_usd", "tokens_in", "tokens_out", "tokens_cached", "turns", "final_message", "is_error"] as const;

// Any command: a JSON line carrying any of the AgentRun fields (by their own names) adds them.
function foldGeneric(r: AgentRun, e: Obj): Folded {
  if (!GENERIC_KEYS.some((k) => k in e)) return { report: r };
  const next: Obj = { ...r };
  for (const k of GENERIC_KEYS) {
    const v = e[k];
    const ok = k === "is_error" ? typeof v === "boolean" : k === "session_id" || k === "model" || k === "final_message" ? str(v) !== undefined : num(v) !== undefined;
    if (ok) next[k] = v;
  }
  return { report: next };
}

const FOLDS: Record<Dialect, (r: AgentRun, e: Obj) => Folded> = {
  claude: foldClaude,
  gemini: foldGemini,
  codex: foldCodex,
  generic: foldGeneric,
};

/** Folds one output line into the report; a line that is not a JSON object changes nothing. */
export function foldLine(dialect: Dialect, report: AgentRun, line: string): Folded {
  const e = jsonLine(line);
  if (e === undefined) return { report };
  return FOLDS[dialect](report, e);
}

/**
 * Reads a whole output: every line folded in order, then (for CLIs that pretty-print one JSON document, such as
 * `gemini -o json`) the trailing multi-line object, when no line said anything.
 */
export function parseOutput(dialect: Dialect, text: string): AgentRun {
  let report: AgentRun = {};
  for (const line of text.split("\n")) report = foldLine(dialect, report, line).report;
  if (Object.keys(report).length > 0) return report;
  const start = text.search(/^\{/m);
  if (start < 0) return report;
  return foldLine(dialect, report, text.slice(start).replace(/\n/g, " ")).report;
}
