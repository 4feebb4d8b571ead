// What a test scripts the stand-in model to answer, one turn per model request, in the shape every
// dialect (Anthropic Messages, OpenAI Responses, Gemini) renders in its own wire format.

/** Token counts the stand-in reports for a turn; the test picks them so cost/token parsing can be checked. */
export interface TurnUsage {
  input: number;
  output: number;
  /** Prompt tokens served from cache (Anthropic cache_read_input_tokens, OpenAI cached_tokens, Gemini cachedContentTokenCount). */
  cacheRead?: number;
  /** Anthropic cache_creation_input_tokens. */
  cacheWrite?: number;
}

/** A tool call the model makes: the CLI's own tool name and its input (an object, or a string for free-form tools). */
export interface ToolCall {
  name: string;
  input: Record<string, unknown> | string;
  /** OpenAI Responses: a `custom_tool_call` (free-form input) instead of a `function_call`. */
  custom?: boolean;
}

/** One scripted answer to one model request. */
export type Turn =
  | { kind: "text"; text: string; usage?: TurnUsage }
  | { kind: "tool"; call: ToolCall; text?: string; usage?: TurnUsage }
  | { kind: "error"; status: number; retryAfterSeconds?: number; type?: string; message?: string; body?: unknown }
  | { kind: "hang" };

/** The model answers with text and ends its turn. */
export function text(t: string, usage?: TurnUsage): Turn {
  return { kind: "text", text: t, ...(usage ? { usage } : {}) };
}

/** The model calls one tool (optionally saying something first). */
export function tool(call: ToolCall, opts: { text?: string; usage?: TurnUsage } = {}): Turn {
  return { kind: "tool", call, ...opts };
}

/** The provider answers with an HTTP error (401, 429 with retry-after, 500, ...). */
export function httpError(status: number, opts: { retryAfterSeconds?: number; type?: string; message?: string; body?: unknown } = {}): Turn {
  return { kind: "error", status, ...opts };
}

/** The provider accepts the request and never answers (the connection stays open until the server stops). */
export function hang(): Turn {
  return { kind: "hang" };
}

/** The default usage when a turn names none. */
export const DEFAULT_USAGE: TurnUsage = { input: 100, output: 20 };
