// A polecat project whose workers are the real agent CLIs: a bare origin, polecat.yaml, and a WORKERS.md
// holding polecat's own root entries for claude, gemini and codex; and the one environment a swarm gets
// so that each CLI talks to its own stand-in model server (nothing inherited from the caller).
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { yamlBlockOf } from "../../../src/core/workers-md.js";
import { createOrigin, TEST_IDENTITY, type TestOrigin } from "../../helpers/git.js";
import { agentCliBin, claudeEnv, codexEnv, geminiEnv, trapOutbound, writeGeminiSettings, type AgentCliName } from "./clis.js";
import type { ModelServer } from "./server.js";

/** The model the Gemini CLI is told to use (its default, "auto", first asks a classifier model, which would take a turn). */
export const GEMINI_MODEL = "gemini-2.5-flash";

/** polecat's own root WORKERS.md: the worker type `name` exactly as shipped. */
export function rootWorker(name: AgentCliName): Record<string, unknown> {
  const file = resolve(import.meta.dirname, "../../../WORKERS.md");
  const block = yamlBlockOf(file, readFileSync(file, "utf8"));
  if (!block.ok) throw new Error(`root WORKERS.md: ${JSON.stringify(block.errors)}`);
  const doc = parse(block.value) as { workers: Record<string, Record<string, unknown>> };
  const w = doc.workers[name];
  if (w === undefined) throw new Error(`root WORKERS.md has no worker type ${name}`);
  return w;
}

/** A project on a bare origin, with its home, spec and registry written. */
export interface RealAgentProject {
  o: TestOrigin;
  home: string;
  /** Where the sandboxed CLIs keep their state (HOME). */
  agentHome: string;
}

/**
 * Writes polecat.yaml (`tasks`, `limits`) and a WORKERS.md with the root entries of `types`. Only the
 * swarm's bounds change: one slot per type, no fallback (a paused type's work must wait, not move), and
 * `overrides` per type (timeouts); command, dialect and env_pass stay as shipped.
 */
export async function realAgentProject(opts: {
  types: AgentCliName[];
  tasks: Record<string, unknown>[];
  limits?: Record<string, unknown>;
  overrides?: Partial<Record<AgentCliName, Record<string, unknown>>>;
}): Promise<RealAgentProject> {
  const o = await createOrigin();
  const workers: Record<string, unknown> = {};
  for (const t of opts.types) {
    const { fallback: _none, ...shipped } = rootWorker(t);
    workers[t] = { ...shipped, max_concurrent: 1, ...opts.overrides?.[t] };
  }
  await writeFile(join(o.root, "WORKERS.md"), `# Workers\n\n\`\`\`yaml\n${stringify({ workers, routing: { default: opts.types[0] } })}\`\`\`\n`);
  const spec = { version: 1, project: "demo", repo: o.origin, base: "main", limits: { max_attempts: 3, lease: "5m", backoff: "2s", ...opts.limits }, tasks: opts.tasks };
  await writeFile(join(o.root, "polecat.yaml"), stringify(spec));
  const agentHome = join(o.root, "agent-home");
  await mkdir(join(agentHome, ".tmp"), { recursive: true });
  return { o, home: join(o.root, "home"), agentHome };
}

/** Codex's user config: the stand-in as its model provider (it ignores OPENAI_BASE_URL), nothing fetched at start. */
async function writeCodexConfig(home: string, server: ModelServer): Promise<void> {
  const toml = [
    'model_provider = "standin"',
    "check_for_update_on_startup = false",
    "[analytics]",
    "enabled = false",
    // Plugins and apps would fetch their marketplaces from github.com and chatgpt.com at start.
    "[features]",
    "apps = false",
    "plugins = false",
    "remote_plugin = false",
    "plugin_sharing = false",
    "[model_providers.standin]",
    'name = "standin"',
    `base_url = "${server.url}/v1"`,
    'env_key = "OPENAI_API_KEY"',
    'wire_api = "responses"',
    "request_max_retries = 0",
    "stream_max_retries = 0",
    "stream_idle_timeout_ms = 600000",
  ];
  await mkdir(join(home, ".codex"), { recursive: true });
  await writeFile(join(home, ".codex", "config.toml"), `${toml.join("\n")}\n`);
}

/**
 * The swarm's whole environment: the CLIs' directory first on PATH, git's test identity, and for each CLI
 * that has a server the env (and config files) of its per-CLI tests. Every proxy points at `trap`, so a
 * request meant for another host is caught there. `claudeKey: null` leaves Claude Code not logged in.
 */
export async function swarmEnv(
  p: RealAgentProject,
  servers: Partial<Record<AgentCliName, ModelServer>>,
  trap: ModelServer,
  opts: { claudeKey?: string | null } = {},
): Promise<Record<string, string>> {
  const home = p.agentHome;
  let env: Record<string, string> = {};
  if (servers.claude) env = { ...env, ...claudeEnv(servers.claude, home, opts.claudeKey === undefined ? {} : { apiKey: opts.claudeKey }) };
  if (servers.codex) {
    await writeCodexConfig(home, servers.codex);
    env = { ...env, ...codexEnv(servers.codex, home) };
  }
  if (servers.gemini) {
    await writeGeminiSettings(home);
    env = { ...env, ...geminiEnv(servers.gemini, home), GEMINI_MODEL };
  }
  const bins = dirname(agentCliBin("claude"));
  return {
    ...env,
    ...trapOutbound(trap),
    PATH: `${bins}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: join(p.o.root, "global.gitconfig"),
    GIT_AUTHOR_NAME: TEST_IDENTITY.name,
    GIT_AUTHOR_EMAIL: TEST_IDENTITY.email,
    GIT_COMMITTER_NAME: TEST_IDENTITY.name,
    GIT_COMMITTER_EMAIL: TEST_IDENTITY.email,
  };
}
