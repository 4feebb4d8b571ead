// The stand-in model server itself, over real HTTP: scripted turns in order, the providers' auth and
// error answers, retry-after, a silent provider, and the record of requests.
import { afterEach, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "./harness/server.js";
import { hang, httpError, text, tool } from "./harness/turns.js";

const servers: ModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(...turns: Parameters<ModelServer["push"]>): Promise<ModelServer> {
  const s = await startModelServer({ turns });
  servers.push(s);
  return s;
}

function post(s: ModelServer, path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${s.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}

function sseData(body: string): Record<string, unknown>[] {
  return body.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

describe("stand-in model server", () => {
  it("streams an Anthropic tool_use turn with the scripted usage, then a text turn", async () => {
    const s = await server(tool({ name: "Write", input: { file_path: "/x", content: "y" } }, { usage: { input: 7, output: 3, cacheRead: 2 } }), text("ok"));
    const key = { "x-api-key": "sk-standin" };
    const events = sseData(await (await post(s, "/v1/messages?beta=true", { model: "m", stream: true }, key)).text());
    expect(events.map((e) => e.type)).toEqual(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    expect(events[0]).toMatchObject({ message: { usage: { input_tokens: 7, cache_read_input_tokens: 2 } } });
    expect(events[2]).toMatchObject({ content_block: { type: "tool_use", name: "Write", id: "toolu_standin_1" } });
    const json = events.filter((e) => e.type === "content_block_delta").map((e) => (e.delta as { partial_json: string }).partial_json).join("");
    expect(JSON.parse(json)).toEqual({ file_path: "/x", content: "y" });
    expect(events[7]).toMatchObject({ delta: { stop_reason: "tool_use" }, usage: { output_tokens: 3 } });
    const plain = (await (await post(s, "/v1/messages", { model: "m", stream: false }, key)).json()) as Record<string, unknown>;
    expect(plain).toMatchObject({ content: [{ type: "text", text: "ok" }], stop_reason: "end_turn", usage: { input_tokens: 100, output_tokens: 20 } });
    expect(s.modelRequests().map((r) => r.answer)).toEqual(["tool", "text"]);
  });

  it("streams an OpenAI custom tool call and a Gemini function call", async () => {
    const s = await server(tool({ name: "exec", input: "text(1)" }, { usage: { input: 5, output: 1 } }), tool({ name: "write_file", input: { file_path: "a" } }));
    const oa = sseData(await (await post(s, "/v1/responses", { model: "g" }, { authorization: "Bearer sk-standin" })).text());
    expect(oa.map((e) => e.type)).toEqual(["response.created", "response.in_progress", "response.output_item.added", "response.output_item.done", "response.completed"]);
    expect(oa[3]).toMatchObject({ item: { type: "custom_tool_call", name: "exec", input: "text(1)", call_id: "call_standin_1" } });
    expect(oa[4]).toMatchObject({ response: { status: "completed", usage: { input_tokens: 5, output_tokens: 1, total_tokens: 6 } } });
    const gm = sseData(await (await post(s, "/v1beta/models/gm:streamGenerateContent?alt=sse", {}, { "x-goog-api-key": "sk-standin" })).text());
    expect(gm.at(-1)).toMatchObject({ candidates: [{ content: { parts: [{ functionCall: { name: "write_file", args: { file_path: "a" } } }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 100 } });
  });

  it("answers a wrong key with each provider's auth error and takes no turn", async () => {
    const s = await server(text("kept"));
    const a = await post(s, "/v1/messages", {}, { "x-api-key": "bad" });
    expect([a.status, await a.json()]).toEqual([401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }]);
    expect((await post(s, "/v1/responses", {}, { authorization: "Bearer bad" })).status).toBe(401);
    expect((await post(s, "/v1beta/models/m:generateContent", {}, {})).status).toBe(400);
    expect(s.remaining()).toBe(1);
    expect(s.requests.map((r) => r.answer)).toEqual(["auth", "auth", "auth"]);
  });

  it("answers an error turn with retry-after, says when the script is used up, and hangs until closed", async () => {
    const s = await server(httpError(429, { retryAfterSeconds: 7 }), hang());
    const key = { "x-api-key": "sk-standin" };
    const limited = await post(s, "/v1/messages", {}, key);
    expect([limited.status, limited.headers.get("retry-after"), await limited.json()]).toEqual([429, "7", { type: "error", error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" } }]);
    const silent = post(s, "/v1/messages", {}, key).then(() => "answered", () => "connection closed");
    await new Promise((r) => setTimeout(r, 300));
    const none = await post(s, "/v1/messages", {}, key);
    expect([none.status, ((await none.json()) as { error: { message: string } }).error.message]).toEqual([400, "stand-in model server: no scripted turn left"]);
    await s.close();
    expect(await silent).toBe("connection closed");
    expect(s.requests.map((r) => r.answer)).toEqual(["error", "hang", "exhausted"]);
  });
});
