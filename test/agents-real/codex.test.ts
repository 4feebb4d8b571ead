// The real Codex CLI against the stand-in Responses API (a model provider given with -c, since Codex
// ignores OPENAI_BASE_URL): apply_patch through its code-mode `exec` tool lands a file, `exec --json`
// prints thread and usage events, and the failure paths (no key, refused key, usage limit, old argv).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { agentCliBin, agentSandbox, codexEnv, codexProviderArgs, jsonLines, runCli, type AgentSandbox, type CliRun } from "./harness/clis.js";
import { matchFixture } from "./harness/fixtures.js";
import { startModelServer, type ModelServer } from "./harness/server.js";
import { httpError, text, tool, type Turn } from "./harness/turns.js";

const servers: ModelServer[] = [];
afterEach(async () => {
  const used = servers.splice(0);
  await Promise.all(used.map((s) => s.close()));
  // Every CLI runs with HTTP(S)_PROXY at the stand-in: nothing may have tried to leave 127.0.0.1.
  expect(used.flatMap((s) => s.outbound().map((r) => `${r.method} ${r.path}`))).toEqual([]);
});

async function setup(turns: Turn[]): Promise<{ sb: AgentSandbox; server: ModelServer }> {
  const sb = await agentSandbox();
  const server = await startModelServer({ turns });
  servers.push(server);
  return { sb, server };
}

async function codex(name: string, sb: AgentSandbox, args: string[], env: Record<string, string>): Promise<CliRun> {
  const run = await runCli(agentCliBin("codex"), args, { cwd: sb.repo, env });
  if (name) matchFixture("codex", name, args, run, sb.root);
  return run;
}

/** `exec --json` in the workspace-write sandbox (what replaced the removed --full-auto), against `server`. */
function execArgs(server: ModelServer, prompt: string, opts: { retries?: number } = {}): string[] {
  return ["exec", "--json", "--sandbox", "workspace-write", ...codexProviderArgs(server, opts), prompt];
}

/** The model's call of Codex's code-mode tool: JavaScript that calls the nested apply_patch tool. */
function applyPatch(patch: string): Turn {
  return tool({ name: "exec", custom: true, input: `const r = await tools.apply_patch(${JSON.stringify(patch)});\ntext(JSON.stringify(r));` }, { usage: { input: 1000, output: 50, cacheRead: 200 } });
}

function events(run: CliRun, type: string): Record<string, unknown>[] {
  return jsonLines(run.stdout).filter((e) => e.type === type);
}

describe("Codex (real CLI, stand-in Responses API)", { timeout: 120_000 }, () => {
  it("applies a patch that adds a file and reports the thread and token usage", async () => {
    const { sb, server } = await setup([applyPatch("*** Begin Patch\n*** Add File: hello.txt\n+hello from codex\n*** End Patch\n"), text("Added hello.txt.", { input: 1200, output: 10 })]);
    const run = await codex("success", sb, execArgs(server, "Create hello.txt"), codexEnv(server, sb.home));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(join(sb.repo, "hello.txt"), "utf8")).toBe("hello from codex\n");
    expect(events(run, "thread.started")[0]?.thread_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events(run, "turn.completed")).toEqual([
      { type: "turn.completed", usage: { input_tokens: 2200, cached_input_tokens: 200, cache_write_input_tokens: 0, output_tokens: 60, reasoning_output_tokens: 0 } },
    ]);
    expect(events(run, "item.completed").map((e) => (e.item as { type: string }).type)).toEqual(["file_change", "agent_message"]);
    expect(events(run, "item.completed").at(-1)?.item).toMatchObject({ type: "agent_message", text: "Added hello.txt." });
    const reqs = server.modelRequests();
    expect(reqs.map((q) => `${q.method} ${q.path} ${String(q.headers.authorization)}`)).toEqual(["POST /v1/responses Bearer sk-standin", "POST /v1/responses Bearer sk-standin"]);
    const followUp = (reqs[1]!.body as { input: { type: string; call_id?: string }[] }).input;
    expect(followUp.some((i) => i.type === "custom_tool_call_output" && i.call_id === "call_standin_1")).toBe(true);
  });

  it("resumes a thread with `exec resume <thread_id>`: the earlier conversation is sent again", async () => {
    const { sb, server } = await setup([text("first answer"), text("second answer")]);
    const first = await codex("", sb, execArgs(server, "remember the word polecat-resume"), codexEnv(server, sb.home));
    const threadId = String(events(first, "thread.started")[0]?.thread_id);
    const args = ["exec", "resume", "--json", ...codexProviderArgs(server), threadId, "what was the word?"];
    const run = await codex("resume", sb, args, codexEnv(server, sb.home));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(events(run, "thread.started")[0]?.thread_id).toBe(threadId);
    const resumed = JSON.stringify(server.modelRequests()[1]!.body);
    expect(resumed).toContain("remember the word polecat-resume");
    expect(resumed).toContain("first answer");
  });

  it("without a key fails the turn naming the missing variable, exit 1, asking the provider nothing", async () => {
    const { sb, server } = await setup([text("never sent")]);
    const run = await codex("no_key", sb, execArgs(server, "hi"), codexEnv(server, sb.home, { apiKey: null }));
    expect(run.exitCode).toBe(1);
    expect(events(run, "turn.failed")).toEqual([{ type: "turn.failed", error: { message: "Missing environment variable: `OPENAI_API_KEY`." } }]);
    expect(server.modelRequests()).toHaveLength(0);
  });

  it("with a refused key fails the turn with the 401", async () => {
    const { sb, server } = await setup([text("never sent")]);
    const run = await codex("bad_key", sb, execArgs(server, "hi"), codexEnv(server, sb.home, { apiKey: "sk-wrong" }));
    expect(run.exitCode).toBe(1);
    expect(String((events(run, "turn.failed")[0]?.error as { message: string }).message)).toMatch(/^unexpected status 401 Unauthorized: Incorrect API key provided/);
  });

  it("reports a usage limit (429 usage_limit_reached) as a failed turn", async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 3600;
    const body = { error: { type: "usage_limit_reached", message: "The usage limit has been reached", plan_type: "plus", resets_at: resetsAt, resets_in_seconds: 3600 } };
    const { sb, server } = await setup([httpError(429, { body })]);
    const run = await codex("usage_limit", sb, execArgs(server, "hi"), codexEnv(server, sb.home));
    expect(run.exitCode).toBe(1);
    expect(String((events(run, "turn.failed")[0]?.error as { message: string }).message)).toMatch(/^You’ve hit your usage limit\. .* try again at \d{1,2}:\d\d [AP]M\.$/);
  });

  it("with no retries left fails the turn on a 429", async () => {
    const { sb, server } = await setup([httpError(429, { retryAfterSeconds: 30 })]);
    const run = await codex("rate_limit", sb, execArgs(server, "hi", { retries: 0 }), codexEnv(server, sb.home));
    expect(run.exitCode).toBe(1);
    expect(String((events(run, "turn.failed")[0]?.error as { message: string }).message)).toContain("429 Too Many Requests");
  });

  it("retries a rate limit (429 with retry-after) and then succeeds", async () => {
    const { sb, server } = await setup([httpError(429, { retryAfterSeconds: 1 }), text("after the limit", { input: 10, output: 5 })]);
    const run = await codex("rate_limit_then_ok", sb, execArgs(server, "hi", { retries: 2 }), codexEnv(server, sb.home));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(server.modelRequests().map((q) => q.answer)).toEqual(["error", "text"]);
    // The retry shows as an `error` event in a run that succeeds: an error event alone is no failure.
    expect(events(run, "error")[0]?.message).toMatch(/^Reconnecting\.\.\. 1\/2 .*429 Too Many Requests/);
    expect(events(run, "turn.completed")[0]?.usage).toMatchObject({ input_tokens: 10, output_tokens: 5 });
  });

  it("would send a request meant for api.openai.com to the trap, not to the network", async () => {
    const { sb, server } = await setup([]);
    // Without the stand-in provider Codex keeps reconnecting ("waiting for network"): stop it after a while.
    const run = await runCli(agentCliBin("codex"), ["exec", "--json", "hi"], { cwd: sb.repo, env: codexEnv(server, sb.home), timeoutMs: 15_000 });
    expect(server.outbound().map((r) => `${r.method} ${r.path}`), run.stdout + run.stderr).toContain("CONNECT api.openai.com:443");
    servers.splice(servers.indexOf(server), 1);
    await server.close();
  });

  it("is a spawn error (ENOENT) when the binary is not on PATH", async () => {
    const { sb, server } = await setup([]);
    const run = await runCli("codex", ["exec", "hi"], { cwd: sb.repo, env: { ...codexEnv(server, sb.home), PATH: "/nonexistent" } });
    expect(run.exitCode).toBeUndefined();
    expect(run.spawnError).toMatch(/spawn codex ENOENT/);
    matchFixture("codex", "missing_binary", ["exec", "hi"], run, sb.root);
  });

  it("rejects --full-auto (removed) with exit 2 before any request", async () => {
    const { sb, server } = await setup([]);
    const run = await codex("bad_argv_full_auto", sb, ["exec", "--full-auto", "hi"], codexEnv(server, sb.home));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unexpected argument '--full-auto' found");
    expect(server.requests).toHaveLength(0);
  });
});
