// The real Gemini CLI against the stand-in Gemini API (GOOGLE_GEMINI_BASE_URL with API-key auth): a
// write_file tool call lands a file, `-o json` reports the session and per-model token stats, and the
// failure paths (no auth at all, a refused key, argv it rejects).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { agentCliBin, agentSandbox, geminiEnv, jsonLines, runCli, writeGeminiSettings, type AgentSandbox, type CliRun } from "./harness/clis.js";
import { matchFixture } from "./harness/fixtures.js";
import { startModelServer, type ModelServer } from "./harness/server.js";
import { text, tool, type Turn } from "./harness/turns.js";

// An explicit model: with the default ("auto") the CLI first asks a classifier model to route the
// prompt, which would take the scripted turns.
const MODEL = "gemini-2.5-flash";
const ARGV = ["-o", "json", "--yolo", "-m", MODEL];
const servers: ModelServer[] = [];
afterEach(async () => {
  const used = servers.splice(0);
  await Promise.all(used.map((s) => s.close()));
  // Every CLI runs with HTTP(S)_PROXY at the stand-in: nothing may have tried to leave 127.0.0.1.
  expect(used.flatMap((s) => s.outbound().map((r) => `${r.method} ${r.path}`))).toEqual([]);
});

async function setup(turns: Turn[], settings = true): Promise<{ sb: AgentSandbox; server: ModelServer }> {
  const sb = await agentSandbox();
  if (settings) await writeGeminiSettings(sb.home);
  const server = await startModelServer({ turns });
  servers.push(server);
  return { sb, server };
}

async function gemini(name: string, sb: AgentSandbox, args: string[], env: Record<string, string>): Promise<CliRun> {
  // The Gemini CLI loads a large bundle: on a busy machine one run takes tens of seconds.
  const run = await runCli(agentCliBin("gemini"), args, { cwd: sb.repo, env, timeoutMs: 200_000 });
  if (name) matchFixture("gemini", name, args, run, sb.root);
  return run;
}

/** The `-o json` document (pretty-printed over several lines, on stdout for success, stderr for errors). */
function doc(s: string): Record<string, unknown> {
  const start = s.indexOf("{\n");
  if (start < 0) throw new Error(`no JSON document in:\n${s}`);
  return JSON.parse(s.slice(start)) as Record<string, unknown>;
}

describe("Gemini CLI (real CLI, stand-in Gemini API)", { timeout: 240_000 }, () => {
  it("writes a file with write_file and reports the session and token stats", async () => {
    const { sb, server } = await setup([]);
    server.push(
      tool({ name: "write_file", input: { file_path: join(sb.repo, "hello.txt"), content: "hello from gemini\n" } }, { usage: { input: 1000, output: 50, cacheRead: 200 } }),
      text("Wrote hello.txt.", { input: 1200, output: 10 }),
    );
    const run = await gemini("success", sb, [...ARGV, "-p", "Create hello.txt"], geminiEnv(server, sb.home));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(join(sb.repo, "hello.txt"), "utf8")).toBe("hello from gemini\n");
    const out = doc(run.stdout);
    expect(out.response).toBe("Wrote hello.txt.");
    expect(out.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const models = (out.stats as { models: Record<string, { api: unknown; tokens: unknown }> }).models;
    expect(Object.keys(models)).toEqual([MODEL]);
    expect(models[MODEL]!.tokens).toMatchObject({ prompt: 2200, candidates: 60, total: 2260, cached: 200, input: 2000 });
    expect(models[MODEL]!.api).toMatchObject({ totalRequests: 2, totalErrors: 0 });
    const reqs = server.modelRequests();
    expect(reqs.map((q) => q.path)).toEqual([`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`]);
    expect(reqs.every((q) => q.headers["x-goog-api-key"] === "sk-standin")).toBe(true);
    expect(JSON.stringify(reqs[1]!.body)).toContain('"functionResponse"');
    expect(jsonLines(run.stdout)).toEqual([]); // one pretty-printed document, not JSON lines
  });

  it("with no auth configured at all exits 41 naming the settings and env vars, asking nothing", async () => {
    const { sb, server } = await setup([], false);
    const run = await gemini("no_auth", sb, [...ARGV, "-p", "hi"], geminiEnv(null, sb.home, { apiKey: null }));
    expect(run.exitCode).toBe(41);
    expect((doc(run.stderr).error as { message: string }).message).toContain("Please set an Auth method");
    expect(server.requests).toHaveLength(0);
  });

  it("with API-key auth selected but no key exits 41 naming GEMINI_API_KEY", async () => {
    const { sb, server } = await setup([]);
    const run = await gemini("no_key", sb, [...ARGV, "-p", "hi"], geminiEnv(server, sb.home, { apiKey: null }));
    expect(run.exitCode).toBe(41);
    expect((doc(run.stderr).error as { message: string }).message).toContain("you must specify the GEMINI_API_KEY environment variable");
    expect(server.requests).toHaveLength(0);
  });

  it("with a refused key reports the provider's API_KEY_INVALID; the exit code is the HTTP status mod 256", async () => {
    const { sb, server } = await setup([text("never sent")]);
    const run = await gemini("bad_key", sb, [...ARGV, "-p", "hi"], geminiEnv(server, sb.home, { apiKey: "sk-wrong" }));
    expect(run.exitCode).toBe(400 % 256);
    const error = doc(run.stderr.slice(run.stderr.lastIndexOf('{\n  "session_id"'))).error as { message: string; code: number };
    expect(error.code).toBe(400);
    expect(error.message).toContain("API key not valid. Please pass a valid API key.");
    expect(server.requests.some((q) => q.answer === "auth")).toBe(true);
  });

  it("rejects an unknown option before any request", async () => {
    const { sb, server } = await setup([]);
    // (yargs reads `--no-x` as the negation of `x`, so the unknown flag must not start with --no-.)
    const run = await gemini("bad_argv", sb, ["--bogus-flag", "-p", "hi"], geminiEnv(server, sb.home));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^Unknown arguments: bogus-flag, bogusFlag\n/);
    expect(server.requests).toHaveLength(0);
  });
});
