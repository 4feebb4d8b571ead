import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { foldLine, parseOutput } from "../../../src/core/agent/parse.js";
import type { AgentRun } from "../../../src/core/agent/run.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/agents/${name}`, import.meta.url), "utf8");

describe("claude stream-json", () => {
  it("reads the recorded no-login run: session, is_error and the CLI's own words", () => {
    const r = parseOutput("claude", fixture("claude-not-logged-in.jsonl"));
    expect(r).toMatchObject({
      session_id: "30e33a5b-22be-4188-a845-3d5356099bda",
      model: "claude-opus-4-8[1m]",
      cost_usd: 0,
      turns: 1,
      final_message: "Not logged in · Please run /login",
      is_error: true,
    });
  });

  it("adds cache creation and cache reads to the input tokens and reports the reads as cached", () => {
    const result = {
      type: "result",
      subtype: "success",
      is_error: false,
      num_turns: 3,
      result: "Wrote hello.txt",
      session_id: "s-1",
      total_cost_usd: 0.0421,
      usage: { input_tokens: 12, cache_creation_input_tokens: 300, cache_read_input_tokens: 5000, output_tokens: 80 },
      modelUsage: { "claude-haiku": { costUSD: 0.001 }, "claude-sonnet": { costUSD: 0.04 } },
    };
    const r = parseOutput("claude", JSON.stringify(result));
    expect(r).toEqual({ session_id: "s-1", model: "claude-sonnet", cost_usd: 0.0421, tokens_in: 5312, tokens_out: 80, tokens_cached: 5000, turns: 3, final_message: "Wrote hello.txt", is_error: false });
  });

  it("shows an assistant event as its text and tool calls, and hides tool results", () => {
    const line = JSON.stringify({ type: "assistant", message: { model: "m", content: [{ type: "text", text: "Writing it\nnow" }, { type: "tool_use", name: "Write", input: { file_path: "a.txt" } }] } });
    expect(foldLine("claude", {}, line)).toEqual({ report: { model: "m", final_message: "Writing it\nnow" }, display: "Writing it → Write(a.txt)" });
    expect(foldLine("claude", {}, JSON.stringify({ type: "user", message: {} })).display).toBe("");
  });
});

describe("codex exec --json", () => {
  const lines = [
    { type: "thread.started", thread_id: "0199-abc" },
    { type: "turn.started" },
    { type: "item.completed", item: { id: "item_0", type: "command_execution", command: "ls" } },
    { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "Done: added a.txt" } },
    { type: "turn.completed", usage: { input_tokens: 1000, cached_input_tokens: 600, output_tokens: 50 } },
  ];

  it("sums usage per turn and keeps the thread as the session", () => {
    const r = parseOutput("codex", lines.map((l) => JSON.stringify(l)).join("\n"));
    expect(r).toEqual({ session_id: "0199-abc", final_message: "Done: added a.txt", tokens_in: 1000, tokens_out: 50, tokens_cached: 600, turns: 1, is_error: false });
  });

  it("a failed turn is an error with its message", () => {
    const r = parseOutput("codex", [lines[0], { type: "turn.failed", error: { message: "unexpected status 401 Unauthorized" } }].map((l) => JSON.stringify(l)).join("\n"));
    expect(r).toMatchObject({ is_error: true, final_message: "unexpected status 401 Unauthorized" });
  });
});

describe("gemini", () => {
  it("stream-json: init, assistant deltas and the result's stats", () => {
    const lines = [
      { type: "init", session_id: "g-1", model: "gemini-2.5-flash" },
      { type: "message", role: "user", content: "task" },
      { type: "message", role: "assistant", content: "Hel", delta: true },
      { type: "message", role: "assistant", content: "lo", delta: true },
      { type: "result", status: "success", stats: { total_tokens: 30, input_tokens: 20, output_tokens: 10, cached: 4 } },
    ];
    const r = parseOutput("gemini", lines.map((l) => JSON.stringify(l)).join("\n"));
    expect(r).toEqual({ session_id: "g-1", model: "gemini-2.5-flash", final_message: "Hello", tokens_in: 20, tokens_out: 10, tokens_cached: 4, is_error: false });
  });

  it("-o json: the pretty-printed document at the end", () => {
    const doc = { response: "ok", stats: { models: { "gemini-2.5-pro": { api: { totalRequests: 2 }, tokens: { prompt: 100, candidates: 20, cached: 10, thoughts: 5 } } } } };
    const r = parseOutput("gemini", `some banner\n${JSON.stringify(doc, null, 2)}\n`);
    expect(r).toEqual({ model: "gemini-2.5-pro", tokens_in: 100, tokens_out: 25, tokens_cached: 10, turns: 2, final_message: "ok", is_error: false });
  });

  it("the recorded no-key run has no JSON: nothing is reported", () => {
    expect(parseOutput("gemini", fixture("gemini-no-key.txt"))).toEqual({});
  });
});

describe("generic", () => {
  it("takes the AgentRun fields from any JSON line and ignores the rest", () => {
    const out = ["working", JSON.stringify({ cost_usd: 0.5, tokens_in: 10, turns: "three", model: "local" }), JSON.stringify({ unrelated: 1 })].join("\n");
    const r: AgentRun = parseOutput("generic", out);
    expect(r).toEqual({ cost_usd: 0.5, tokens_in: 10, model: "local" });
  });
});
