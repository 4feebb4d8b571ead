// Running the real agent CLIs in tests: where the pinned binaries are, a sandbox (temp HOME + a git
// repository as cwd), and for each CLI the env/argv that points it at a stand-in model server and keeps
// every request on 127.0.0.1 (no telemetry, update checks or error reporting).
import { mkdir, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { execa } from "execa";
import { inject } from "vitest";
import { installedEntry } from "../../../scripts/install-agent-clis.mjs";
import { gitIn, hermeticGitEnv, tempDir } from "../../helpers/git.js";
import type { ModelServer } from "./server.js";

/** The agent CLIs of the manifest. */
export type AgentCliName = "claude" | "gemini" | "codex";

/** The path of a pinned CLI's executable; throws with the install error when the global setup failed. */
export function agentCliBin(name: AgentCliName): string {
  const provided = inject("agentClis");
  const entry = provided && "entry" in provided ? provided.entry : installedEntry();
  if (!entry) throw new Error(`the agent CLIs are not installed: ${provided && "error" in provided ? provided.error : "run node scripts/install-agent-clis.mjs"}`);
  const bin = entry.bins[name];
  if (!bin) throw new Error(`the manifest names no CLI "${name}"`);
  return bin;
}

/** The caller's PATH with the pinned CLIs' directory first, so `claude`, `gemini` and `codex` resolve to them. */
export function pathWithAgentClis(): string {
  return [dirname(agentCliBin("claude")), process.env.PATH ?? "/usr/bin:/bin"].join(delimiter);
}

/** A place to run a CLI: `home` (its HOME, empty), `repo` (a git repository with one commit, the cwd). */
export interface AgentSandbox {
  root: string;
  home: string;
  repo: string;
  /** Environment for git in `repo` (hermetic, test identity). */
  gitEnv: Record<string, string | undefined>;
}

/** Creates a sandbox: a temp HOME and a git repository (README.md committed on `main`). */
export async function agentSandbox(): Promise<AgentSandbox> {
  const root = await tempDir("polecat-agent-");
  const home = join(root, "home");
  const repo = join(root, "repo");
  await mkdir(join(home, ".tmp"), { recursive: true });
  await mkdir(repo);
  const gitEnv = hermeticGitEnv(root);
  await gitIn(repo, ["init", "-q", "-b", "main"], gitEnv);
  await writeFile(join(repo, "README.md"), "# sandbox\n");
  await gitIn(repo, ["add", "."], gitEnv);
  await gitIn(repo, ["commit", "-q", "-m", "init"], gitEnv);
  return { root, home, repo, gitEnv };
}

/** The base of every CLI's environment: PATH, a locale, the sandbox HOME and TMPDIR; nothing of the caller's keys. */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, TMPDIR: join(home, ".tmp"), LANG: "C.UTF-8", TERM: "dumb", NO_COLOR: "1", CI: "1" };
}

/**
 * Points every proxy-aware HTTP client of a CLI at `server`, except for 127.0.0.1 itself: a request
 * that would leave the machine reaches the stand-in instead, which refuses and records it
 * (`server.outbound()`), so a test can show that a CLI stayed on 127.0.0.1.
 */
export function trapOutbound(server: ModelServer): Record<string, string> {
  const proxy = server.url;
  return { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy, NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };
}

/** Claude Code against `server`: base URL + key, bypass-permissions allowed as root, no non-essential traffic. */
export function claudeEnv(server: ModelServer, home: string, opts: { apiKey?: string | null; maxRetries?: number } = {}): Record<string, string> {
  const env: Record<string, string> = {
    ...baseEnv(home),
    ...trapOutbound(server),
    ANTHROPIC_BASE_URL: server.url,
    IS_SANDBOX: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_UPDATES: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_CODE_MAX_RETRIES: String(opts.maxRetries ?? 0),
  };
  if (opts.apiKey !== null) env.ANTHROPIC_API_KEY = opts.apiKey ?? "sk-standin";
  return env;
}

/** The `-c` overrides that make Codex use `server` as its model provider (it ignores OPENAI_BASE_URL). */
export function codexProviderArgs(server: ModelServer, opts: { retries?: number } = {}): string[] {
  const retries = opts.retries ?? 0;
  const provider = `{name="standin",base_url="${server.url}/v1",env_key="OPENAI_API_KEY",wire_api="responses",request_max_retries=${retries},stream_max_retries=${retries},stream_idle_timeout_ms=600000}`;
  // Plugins and apps would fetch their marketplaces from github.com and chatgpt.com at start.
  const offline = ["apps", "plugins", "remote_plugin", "plugin_sharing"].flatMap((f) => ["--disable", f]);
  return ["-c", `model_providers.standin=${provider}`, "-c", "model_provider=standin", "-c", "analytics.enabled=false", "-c", "check_for_update_on_startup=false", ...offline];
}

/** Codex's environment: the key its provider reads (none when `apiKey` is null) (its state goes to $HOME/.codex). */
export function codexEnv(server: ModelServer, home: string, opts: { apiKey?: string | null } = {}): Record<string, string> {
  const env: Record<string, string> = { ...baseEnv(home), ...trapOutbound(server) };
  if (opts.apiKey !== null) env.OPENAI_API_KEY = opts.apiKey ?? "sk-standin";
  return env;
}

/**
 * The Gemini CLI's user settings in `home`: API-key auth (GOOGLE_GEMINI_BASE_URL alone would select the
 * "gateway" auth type, which headless mode rejects with "Invalid auth method selected."), no usage
 * statistics, telemetry or update checks.
 */
export async function writeGeminiSettings(home: string, extra: Record<string, unknown> = {}): Promise<void> {
  const settings = {
    security: { auth: { selectedType: "gemini-api-key" } },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    ...extra,
  };
  await mkdir(join(home, ".gemini"), { recursive: true });
  await writeFile(join(home, ".gemini", "settings.json"), JSON.stringify(settings, null, 2));
}

/** Gemini CLI against `server` (GOOGLE_GEMINI_BASE_URL + GEMINI_API_KEY; see {@link writeGeminiSettings}). */
export function geminiEnv(server: ModelServer | null, home: string, opts: { apiKey?: string | null } = {}): Record<string, string> {
  const env: Record<string, string> = { ...baseEnv(home), GEMINI_CLI_NO_RELAUNCH: "true", GEMINI_CLI_TRUST_WORKSPACE: "true", GEMINI_TELEMETRY_ENABLED: "false" };
  if (server) Object.assign(env, trapOutbound(server), { GOOGLE_GEMINI_BASE_URL: server.url });
  if (opts.apiKey !== null) env.GEMINI_API_KEY = opts.apiKey ?? "sk-standin";
  return env;
}

/** What one CLI run gave. */
export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** Why the process did not start (e.g. "spawn codex ENOENT"), when it did not. */
  spawnError?: string;
}

/** Runs a CLI with exactly `env` (nothing inherited), stdin closed, killed after `timeoutMs`. */
export async function runCli(bin: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<CliRun> {
  const started = Date.now();
  const r = await execa(bin, args, { cwd: opts.cwd, env: opts.env, extendEnv: false, stdin: "ignore", reject: false, timeout: opts.timeoutMs ?? 90_000, forceKillAfterDelay: 2000 });
  const run: CliRun = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, durationMs: Date.now() - started };
  if (r.failed && r.exitCode === undefined && !r.timedOut && r.cause instanceof Error) run.spawnError = r.cause.message;
  return run;
}

/** The JSON lines of a CLI's stdout (other lines skipped). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of stdout.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      out.push(JSON.parse(t) as Record<string, unknown>);
    } catch {
      // not a JSON line
    }
  }
  return out;
}
