// The Gemini API as the Gemini CLI uses it (GOOGLE_GEMINI_BASE_URL): POST
// /v1beta/models/<model>:streamGenerateContent?alt=sse (data-only SSE of GenerateContentResponse),
// :generateContent (one JSON answer), :countTokens; usage in usageMetadata; tool calls as functionCall parts.
import type { ServerResponse } from "node:http";
import type { Dialect } from "./server.js";
import { DEFAULT_USAGE, type Turn } from "./turns.js";
import { chunks, sendEvent, startSse } from "./sse.js";

type Answer = Extract<Turn, { kind: "text" | "tool" }>;

const MODEL_PATH = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/;

function usageMetadata(turn: Answer): Record<string, number> {
  const u = turn.usage ?? DEFAULT_USAGE;
  return {
    promptTokenCount: u.input,
    candidatesTokenCount: u.output,
    totalTokenCount: u.input + u.output,
    ...(u.cacheRead ? { cachedContentTokenCount: u.cacheRead } : {}),
  };
}

function partsOf(turn: Answer): Record<string, unknown>[] {
  const parts: Record<string, unknown>[] = [];
  if (turn.text) parts.push({ text: turn.text });
  if (turn.kind === "tool") parts.push({ functionCall: { name: turn.call.name, args: turn.call.input } });
  return parts;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The Gemini dialect of the stand-in server. */
export const gemini: Dialect = {
  name: "gemini",
  route: (method, path) => {
    const m = MODEL_PATH.exec(path);
    if (method !== "POST" || !m) return null;
    return m[2] === "countTokens" ? "static" : "turn";
  },
  key: (req, url) => {
    const h = req.headers["x-goog-api-key"];
    return typeof h === "string" ? h : (url.searchParams.get("key") ?? undefined);
  },
  // The real API answers a wrong key with 400 API_KEY_INVALID, not 401.
  authError: () => ({
    status: 400,
    body: {
      error: {
        code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT",
        details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }],
      },
    },
  }),
  errorBody: (turn) => ({
    error: {
      code: turn.status,
      message: turn.message ?? (turn.status === 429 ? "Resource has been exhausted (e.g. check quota)." : `stand-in error ${turn.status}`),
      status: turn.type ?? (turn.status === 429 ? "RESOURCE_EXHAUSTED" : turn.status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT"),
    },
  }),
  answerStatic: (_path, _body, res) => answer(res, 200, { totalTokens: 42 }),
  answerTurn: (turn, ctx, res) => {
    const model = MODEL_PATH.exec(ctx.path)?.[1] ?? "gemini-standin";
    const parts = partsOf(turn);
    const final = {
      candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
      usageMetadata: usageMetadata(turn),
      modelVersion: model,
      responseId: `resp_standin_${ctx.n}`,
    };
    if (!ctx.path.endsWith(":streamGenerateContent")) return answer(res, 200, final);
    startSse(res);
    // Text streams in pieces; the last chunk carries the tool call (if any), finishReason and usage.
    const pieces = turn.text ? chunks(turn.text) : [];
    const head = turn.kind === "tool" ? pieces : pieces.slice(0, -1);
    for (const t of head) sendEvent(res, null, { candidates: [{ content: { role: "model", parts: [{ text: t }] }, index: 0 }], modelVersion: model });
    const lastParts = turn.kind === "tool" ? [{ functionCall: { name: turn.call.name, args: turn.call.input } }] : pieces.slice(-1).map((t) => ({ text: t }));
    sendEvent(res, null, { ...final, candidates: [{ ...final.candidates[0], content: { role: "model", parts: lastParts } }] });
    res.end();
  },
};
