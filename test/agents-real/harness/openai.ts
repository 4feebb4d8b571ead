// The OpenAI Responses API as Codex uses it: POST /v1/responses, streamed as response.created,
// response.output_item.added / .done (message, function_call or custom_tool_call), text deltas and
// response.completed with usage.
import type { Dialect } from "./server.js";
import { DEFAULT_USAGE, type Turn } from "./turns.js";
import { chunks, sendEvent, startSse } from "./sse.js";

type Answer = Extract<Turn, { kind: "text" | "tool" }>;

function itemsOf(turn: Answer, n: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const said = turn.text;
  if (said) {
    items.push({ id: `msg_standin_${n}`, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: said, annotations: [] }] });
  }
  if (turn.kind === "tool") {
    const { name, input, custom } = turn.call;
    const base = { id: `fc_standin_${n}`, call_id: `call_standin_${n}`, name, status: "completed" };
    items.push(custom || typeof input === "string"
      ? { ...base, type: "custom_tool_call", input: typeof input === "string" ? input : JSON.stringify(input) }
      : { ...base, type: "function_call", arguments: JSON.stringify(input) });
  }
  return items;
}

/** The OpenAI Responses dialect of the stand-in server. */
export const openai: Dialect = {
  name: "openai",
  route: (method, path) => {
    if (method === "POST" && path === "/v1/responses") return "turn";
    if (method === "GET" && path === "/v1/models") return "static";
    return null;
  },
  key: (req) => {
    const auth = req.headers.authorization;
    return auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
  },
  authError: () => ({
    status: 401,
    body: { error: { message: "Incorrect API key provided. You can find your API key at your provider's dashboard.", type: "invalid_request_error", param: null, code: "invalid_api_key" } },
  }),
  errorBody: (turn) => ({
    error: {
      message: turn.message ?? (turn.status === 429 ? "Rate limit reached for requests. Please try again shortly." : `stand-in error ${turn.status}`),
      type: turn.type ?? (turn.status === 429 ? "requests" : "server_error"),
      param: null,
      code: turn.status === 429 && !turn.type ? "rate_limit_exceeded" : null,
    },
  }),
  answerStatic: (_path, _body, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: [], models: [] }));
  },
  answerTurn: (turn, ctx, res) => {
    const usage = turn.usage ?? DEFAULT_USAGE;
    const model = (ctx.body as { model?: string } | undefined)?.model ?? "gpt-standin";
    const id = `resp_standin_${ctx.n}`;
    const created_at = Math.floor(Date.now() / 1000);
    const items = itemsOf(turn, ctx.n);
    let seq = 0;
    const ev = (type: string, data: Record<string, unknown>): void => sendEvent(res, type, { type, sequence_number: seq++, ...data });
    startSse(res, { "x-request-id": `req_standin_${ctx.n}` });
    ev("response.created", { response: { id, object: "response", created_at, status: "in_progress", model, output: [], usage: null } });
    ev("response.in_progress", { response: { id, object: "response", created_at, status: "in_progress", model, output: [], usage: null } });
    items.forEach((item, output_index) => {
      if (item.type === "message") {
        const textOut = (item.content as { text: string }[])[0]!.text;
        ev("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
        ev("response.content_part.added", { item_id: item.id, output_index, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
        for (const delta of chunks(textOut)) ev("response.output_text.delta", { item_id: item.id, output_index, content_index: 0, delta });
        ev("response.output_text.done", { item_id: item.id, output_index, content_index: 0, text: textOut });
        ev("response.content_part.done", { item_id: item.id, output_index, content_index: 0, part: { type: "output_text", text: textOut, annotations: [] } });
      } else {
        ev("response.output_item.added", { output_index, item: { ...item, status: "in_progress" } });
      }
      ev("response.output_item.done", { output_index, item });
    });
    ev("response.completed", {
      response: {
        id, object: "response", created_at, status: "completed", model, output: items,
        usage: {
          input_tokens: usage.input,
          input_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
          output_tokens: usage.output,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.input + usage.output,
        },
      },
    });
    res.end();
  },
};
