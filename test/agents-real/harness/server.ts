// A stand-in model provider on 127.0.0.1 (port 0) for the real agent CLIs: it speaks the Anthropic
// Messages API, the OpenAI Responses API and the Gemini API (each CLI finds its own paths), answers
// each model request with the next scripted turn, checks the API key, and records every request.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";
import type { Turn } from "./turns.js";
import { anthropic } from "./anthropic.js";
import { openai } from "./openai.js";
import { gemini } from "./gemini.js";

/** One request the stand-in received, as the CLI sent it. */
export interface RecordedRequest {
  dialect: DialectName | "unknown";
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (or the raw text when it is not JSON). */
  body: unknown;
  /** What the stand-in did: the turn kind it answered with, "auth" for a key refused, "static" or "unrouted". */
  answer: Turn["kind"] | "auth" | "static" | "unrouted" | "exhausted" | "outbound";
}

/** The wire formats the stand-in speaks. */
export type DialectName = "anthropic" | "openai" | "gemini";

/** How one wire format is recognised, authenticated and answered. */
export interface Dialect {
  name: DialectName;
  /** Whether a request path belongs to this dialect; "turn" consumes a scripted turn, "static" does not. */
  route(method: string, path: string): "turn" | "static" | null;
  /** The API key the request carries. */
  key(req: IncomingMessage, url: URL): string | undefined;
  /** The provider's answer to a wrong key. */
  authError(): { status: number; body: unknown };
  /** The provider's error body for an error turn. */
  errorBody(turn: Extract<Turn, { kind: "error" }>): unknown;
  /** Answers a request that needs no turn (token counts, model lists). */
  answerStatic(path: string, body: unknown, res: ServerResponse): void;
  /** Answers a model request with a text or tool turn. */
  answerTurn(turn: Extract<Turn, { kind: "text" | "tool" }>, ctx: { path: string; url: URL; body: unknown; n: number }, res: ServerResponse): void;
}

/** A running stand-in; `close()` ends it (hanging answers included). */
export interface ModelServer {
  /** `http://127.0.0.1:PORT` (no path: each CLI adds its own, see clis.ts). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** The model requests (those that consumed or wanted a turn), in order. */
  modelRequests(dialect?: DialectName): RecordedRequest[];
  /**
   * Requests meant for another host, which reached this server because the CLI's HTTP(S)_PROXY points
   * here (see clis.ts): CONNECTs and absolute-URI requests, refused with 403. Empty when the CLI kept
   * every request on 127.0.0.1.
   */
  outbound(): RecordedRequest[];
  /** Appends turns to the script. */
  push(...turns: Turn[]): void;
  /** Turns not answered yet. */
  remaining(): number;
  /** Changes the accepted key (e.g. to script a key that expires). */
  setApiKey(key: string): void;
  close(): Promise<void>;
}

/** Options of {@link startModelServer}. */
export interface ModelServerOptions {
  /** The only API key accepted (default "sk-standin"). Others get the provider's auth error. */
  apiKey?: string;
  turns?: Turn[];
}

const DIALECTS: Dialect[] = [anthropic, openai, gemini];

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", reject);
    req.on("end", () => {
      let buf = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") buf = gunzipSync(buf);
      const text = buf.toString("utf8");
      try {
        resolve(text === "" ? undefined : (JSON.parse(text) as unknown));
      } catch {
        resolve(text);
      }
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a stand-in model server on 127.0.0.1 with a free port. */
export async function startModelServer(opts: ModelServerOptions = {}): Promise<ModelServer> {
  let apiKey = opts.apiKey ?? "sk-standin";
  const turns: Turn[] = [...(opts.turns ?? [])];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let answered = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const body = await readBody(req);
    if (/^https?:\/\//.test(req.url ?? "")) {
      requests.push({ dialect: "unknown", method, path: req.url ?? "", headers: req.headers, body, answer: "outbound" });
      return sendJson(res, 403, { error: { message: "stand-in model server: requests may not leave 127.0.0.1" } });
    }
    const dialect = DIALECTS.find((d) => d.route(method, url.pathname) !== null);
    const rec: RecordedRequest = { dialect: dialect?.name ?? "unknown", method, path: url.pathname + url.search, headers: req.headers, body, answer: "unrouted" };
    requests.push(rec);
    if (!dialect) return sendJson(res, 404, { error: { message: `stand-in model server: no route for ${method} ${url.pathname}` } });
    if (dialect.key(req, url) !== apiKey) {
      rec.answer = "auth";
      const e = dialect.authError();
      return sendJson(res, e.status, e.body);
    }
    if (dialect.route(method, url.pathname) === "static") {
      rec.answer = "static";
      return dialect.answerStatic(url.pathname, body, res);
    }
    const turn = turns.shift();
    if (!turn) {
      rec.answer = "exhausted";
      return sendJson(res, 400, { error: { type: "invalid_request_error", message: "stand-in model server: no scripted turn left" } });
    }
    rec.answer = turn.kind;
    answered += 1;
    if (turn.kind === "hang") return; // never answered; close() ends the connection
    if (turn.kind === "error") {
      const headers: Record<string, string> = turn.retryAfterSeconds !== undefined ? { "retry-after": String(turn.retryAfterSeconds) } : {};
      return sendJson(res, turn.status, turn.body ?? dialect.errorBody(turn), headers);
    }
    dialect.answerTurn(turn, { path: url.pathname, url, body, n: answered }, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `stand-in model server failed: ${String(e)}` } });
      else res.destroy();
    });
  });
  server.on("connect", (req: IncomingMessage, socket: Socket) => {
    requests.push({ dialect: "unknown", method: "CONNECT", path: req.url ?? "", headers: req.headers, body: undefined, answer: "outbound" });
    socket.on("error", () => undefined); // the client may reset the refused tunnel
    socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
  });
  server.on("connection", (s) => {
    s.on("error", () => undefined); // a CLI killed mid-request resets its connection
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    modelRequests: (d) => requests.filter((r) => !["static", "unrouted", "outbound"].includes(r.answer) && (d === undefined || r.dialect === d)),
    outbound: () => requests.filter((r) => r.answer === "outbound"),
    push: (...t) => void turns.push(...t),
    remaining: () => turns.length,
    setApiKey: (k) => void (apiKey = k),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
