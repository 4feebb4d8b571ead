// The Anthropic Messages API as Claude Code uses it: POST /v1/messages (streaming SSE, or one JSON
// message for its non-streaming fallback), tool_use blocks, usage in message_start / message_delta,
// and POST /v1/messages/count_tokens.
import type { ServerResponse } from "node:http";
import type { Dialect } from "./server.js";
import { DEFAULT_USAGE, type Turn } from "./turns.js";
import { chunks, sendEvent, startSse } from "./sse.js";

type Answer = Extract<Turn, { kind: "text" | "tool" }>;

function contentOf(turn: Answer, n: number): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  const said = turn.kind === "text" ? turn.text : turn.text;
  if (said) blocks.push({ type: "text", text: said });
  if (turn.kind === "tool") {
    blocks.push({ type: "tool_use", id: `toolu_standin_${n}`, name: turn.call.name, input: turn.call.input });
  }
  return blocks;
}

function modelOf(body: unknown): string {
  const m = (body as { model?: unknown } | undefined)?.model;
  return typeof m === "string" ? m : "claude-standin";
}

function streamMessage(turn: Answer, body: unknown, n: number, res: ServerResponse): void {
  const usage = turn.usage ?? DEFAULT_USAGE;
  const id = `msg_standin_${n}`;
  startSse(res, { "request-id": `req_standin_${n}` });
  sendEvent(res, "message_start", {
    type: "message_start",
    message: {
      id, type: "message", role: "assistant", model: modelOf(body), content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: usage.input, cache_creation_input_tokens: usage.cacheWrite ?? 0, cache_read_input_tokens: usage.cacheRead ?? 0, output_tokens: 1 },
    },
  });
  sendEvent(res, "ping", { type: "ping" });
  contentOf(turn, n).forEach((block, index) => {
    if (block.type === "text") {
      sendEvent(res, "content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
      for (const piece of chunks(block.text as string)) {
        sendEvent(res, "content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } });
      }
    } else {
      sendEvent(res, "content_block_start", { type: "content_block_start", index, content_block: { ...block, input: {} } });
      for (const piece of chunks(JSON.stringify(block.input), 3)) {
        sendEvent(res, "content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } });
      }
    }
    sendEvent(res, "content_block_stop", { type: "content_block_stop", index });
  });
  sendEvent(res, "message_delta", {
    type: "message_delta",
    delta: { stop_reason: turn.kind === "tool" ? "tool_use" : "end_turn", stop_sequence: null },
    usage: { output_tokens: usage.output },
  });
  sendEvent(res, "message_stop", { type: "message_stop" });
  res.end();
}

/** The Anthropic dialect of the stand-in server. */
export const anthropic: Dialect = {
  name: "anthropic",
  route: (method, path) => {
    if (method !== "POST") return null;
    if (path === "/v1/messages") return "turn";
    if (path === "/v1/messages/count_tokens") return "static";
    return null;
  },
  key: (req) => {
    const x = req.headers["x-api-key"];
    if (typeof x === "string") return x;
    const auth = req.headers.authorization;
    return auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
  },
  authError: () => ({ status: 401, body: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } } }),
  errorBody: (turn) => {
    const type = turn.type ?? (turn.status === 429 ? "rate_limit_error" : turn.status === 529 ? "overloaded_error" : turn.status >= 500 ? "api_error" : "invalid_request_error");
    const message = turn.message ?? (turn.status === 429 ? "Number of request tokens has exceeded your per-minute rate limit" : `stand-in error ${turn.status}`);
    return { type: "error", error: { type, message } };
  },
  answerStatic: (_path, _body, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ input_tokens: 42 }));
  },
  answerTurn: (turn, ctx, res) => {
    if ((ctx.body as { stream?: unknown } | undefined)?.stream === true) return streamMessage(turn, ctx.body, ctx.n, res);
    const usage = turn.usage ?? DEFAULT_USAGE;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({
      id: `msg_standin_${ctx.n}`, type: "message", role: "assistant", model: modelOf(ctx.body), content: contentOf(turn, ctx.n),
      stop_reason: turn.kind === "tool" ? "tool_use" : "end_turn", stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: usage.cacheWrite ?? 0, cache_read_input_tokens: usage.cacheRead ?? 0 },
    }));
  },
};
