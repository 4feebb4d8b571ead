// The real Claude Code CLI against the stand-in Anthropic server: a Write tool call that lands in the
// repository, the `-p --output-format json` result line, and the failure paths polecat classifies
// (no key, a refused key, 429 with retry-after, a provider that goes silent, argv it rejects).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { agentCliBin, agentSandbox, claudeEnv, jsonLines, runCli, type AgentSandbox, type CliRun } from "./harness/clis.js";
import { matchFixture } from "./harness/fixtures.js";
import { startModelServer, type ModelServer } from "./harness/server.js";
import { hang, httpError, text, tool, type Turn } from "./harness/turns.js";

const ARGV = ["-p", "--output-format", "json", "--dangerously-skip-permissions", "--model", "claude-sonnet-4-5"];
const servers: ModelServer[] = [];
afterEach(async () => {
  const used = servers.splice(0);
  await Promise.all(used.map((s) => s.close()));
  // Every CLI runs with HTTP(S)_PROXY at the stand-in: nothing may have tried to leave 127.0.0.1.
  expect(used.flatMap((s) => s.outbound().map((r) => `${r.method} ${r.path}`))).toEqual([]);
});

async function setup(turns: Turn[], apiKey?: string): Promise<{ sb: AgentSandbox; server: ModelServer }> {
  const sb = await agentSandbox();
  const server = await startModelServer({ turns, ...(apiKey ? { apiKey } : {}) });
  servers.push(server);
  return { sb, server };
}

async function claude(name: string, sb: AgentSandbox, args: string[], env: Record<string, string>, timeoutMs?: number): Promise<CliRun> {
  const run = await runCli(agentCliBin("claude"), args, { cwd: sb.repo, env, ...(timeoutMs ? { timeoutMs } : {}) });
  if (name) matchFixture("claude", name, args, run, sb.root);
  return run;
}

function result(run: CliRun): Record<string, unknown> {
  const last = jsonLines(run.stdout).at(-1);
  if (!last) throw new Error(`no JSON result line; exit ${run.exitCode}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return last;
}

describe("Claude Code (real CLI, stand-in Anthropic API)", { timeout: 120_000 }, () => {
  it("writes a file with its Write tool and reports cost, tokens, turns and session", async () => {
    const { sb, server } = await setup([]);
    server.push(
      tool({ name: "Write", input: { file_path: join(sb.repo, "hello.txt"), content: "hello from claude\n" } }, { text: "Writing it.", usage: { input: 1000, output: 50, cacheRead: 200, cacheWrite: 30 } }),
      text("Wrote hello.txt.", { input: 1200, output: 10 }),
    );
    const run = await claude("success", sb, [...ARGV, "Create hello.txt"], claudeEnv(server, sb.home));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(join(sb.repo, "hello.txt"), "utf8")).toBe("hello from claude\n");
    const r = result(run);
    expect(r).toMatchObject({ type: "result", subtype: "success", is_error: false, num_turns: 2, result: "Wrote hello.txt." });
    expect(r.usage).toMatchObject({ input_tokens: 2200, output_tokens: 60, cache_read_input_tokens: 200, cache_creation_input_tokens: 30 });
    // Claude Code prices the usage itself (Sonnet 4.5 list price: $3 / $15 per M in / out, cache read
    // $0.30, cache write $3.75): 2200·3 + 60·15 + 200·0.3 + 30·3.75 = 7672.5 µ$.
    expect(r.total_cost_usd).toBeCloseTo(0.0076725, 9);
    expect(r.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(r.modelUsage as object)).toEqual(["claude-sonnet-4-5"]);
    const reqs = server.modelRequests();
    expect(reqs).toHaveLength(2);
    expect(reqs.every((q) => q.path.startsWith("/v1/messages") && q.headers["x-api-key"] === "sk-standin")).toBe(true);
    expect(JSON.stringify(reqs[1]!.body)).toContain('"tool_use_id":"toolu_standin_1"');
  });

  it("resumes a session with --resume <session_id>: the earlier conversation is sent again", async () => {
    const { sb, server } = await setup([text("first answer"), text("second answer")]);
    const first = result(await claude("", sb, [...ARGV, "remember the word polecat-resume"], claudeEnv(server, sb.home)));
    const run = await claude("resume", sb, [...ARGV, "--resume", String(first.session_id), "what was the word?"], claudeEnv(server, sb.home));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(result(run)).toMatchObject({ session_id: first.session_id, result: "second answer", is_error: false });
    const resumed = JSON.stringify(server.modelRequests()[1]!.body);
    expect(resumed).toContain("remember the word polecat-resume");
    expect(resumed).toContain("first answer");
  });

  it("without a key says Not logged in and exits 1, asking the provider nothing", async () => {
    const { sb, server } = await setup([text("never sent")]);
    const run = await claude("no_key", sb, [...ARGV, "hi"], claudeEnv(server, sb.home, { apiKey: null }));
    expect(run.exitCode).toBe(1);
    expect(result(run)).toMatchObject({ is_error: true, result: "Not logged in · Please run /login", api_error_status: null });
    expect(server.modelRequests()).toHaveLength(0);
  });

  it("with a refused key reports the 401 as an error result", async () => {
    const { sb, server } = await setup([text("never sent")]);
    const run = await claude("bad_key", sb, [...ARGV, "hi"], claudeEnv(server, sb.home, { apiKey: "sk-wrong" }));
    expect(run.exitCode).toBe(1);
    expect(result(run)).toMatchObject({ is_error: true, api_error_status: 401, api_error_type: "authentication_error", result: "Invalid API key · Fix external API key" });
    expect(server.requests.some((q) => q.answer === "auth")).toBe(true);
  });

  it("retries a 429 after retry-after and then succeeds", async () => {
    const { sb, server } = await setup([httpError(429, { retryAfterSeconds: 1 }), text("after the limit", { input: 10, output: 5 })]);
    const run = await claude("rate_limit_then_ok", sb, [...ARGV, "hi"], claudeEnv(server, sb.home, { maxRetries: 2 }));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(result(run)).toMatchObject({ is_error: false, result: "after the limit" });
    expect(server.modelRequests().map((q) => q.answer)).toEqual(["error", "text"]);
  });

  it("with no retries left reports the 429 as an error result", async () => {
    const { sb, server } = await setup([httpError(429, { retryAfterSeconds: 30, message: "rate limited by the stand-in" })]);
    const run = await claude("rate_limit", sb, [...ARGV, "hi"], claudeEnv(server, sb.home, { maxRetries: 0 }));
    expect(run.exitCode).toBe(1);
    expect(result(run)).toMatchObject({ is_error: true, api_error_status: 429, api_error_type: "rate_limit_error", result: "API Error: Request rejected (429) · rate limited by the stand-in" });
  });

  it("prints nothing while the provider is silent", async () => {
    const { sb, server } = await setup([hang()]);
    const run = await claude("", sb, [...ARGV, "hi"], claudeEnv(server, sb.home), 8000);
    expect(run.timedOut).toBe(true);
    expect(run.stdout).toBe("");
    expect(server.modelRequests().map((q) => q.answer)).toEqual(["hang"]);
  });

  it("would send a request meant for api.anthropic.com to the trap, not to the network", async () => {
    const { sb, server } = await setup([]);
    const { ANTHROPIC_BASE_URL: _unused, ...env } = claudeEnv(server, sb.home);
    const run = await claude("", sb, [...ARGV, "hi"], env);
    expect(run.exitCode).toBe(1);
    expect(server.outbound().map((r) => `${r.method} ${r.path}`)).toContain("CONNECT api.anthropic.com:443");
    servers.splice(servers.indexOf(server), 1);
    await server.close();
  });

  it("rejects an unknown option before any request", async () => {
    const { sb, server } = await setup([]);
    const run = await claude("bad_argv", sb, ["-p", "--no-such-flag", "hi"], claudeEnv(server, sb.home));
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("unknown option '--no-such-flag'");
    expect(server.requests).toHaveLength(0);
  });
});
