// `polecat doctor` and validate's PATH warning against the real Claude Code, Gemini CLI and Codex binaries
// (the pinned ones of test/agents-real), put on PATH by symlink: versions, argv, credentials, exit codes.
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { installedEntry } from "../../scripts/install-agent-clis.mjs";
import { agentCliBin, type AgentCliName } from "../agents-real/harness/clis.js";
import { describePg, pgSandbox } from "../adapters/pg-store/harness.js";
import { createOrigin, type TestOrigin } from "../helpers/git.js";
import { runCli } from "../runtime/worker/helpers.js";

const ROOT = resolve(import.meta.dirname, "../..");
const KEYS = { ANTHROPIC_API_KEY: "sk-doctor", GEMINI_API_KEY: "sk-doctor", OPENAI_API_KEY: "sk-doctor" };

interface Check {
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
  check: string;
  type?: string;
}

const origins: TestOrigin[] = [];
afterEach(async () => {
  for (const o of origins.splice(0)) await o.cleanup();
});

/**
 * A project using polecat's own WORKERS.md (claude, gemini and codex can all be routed to through the
 * fallback chain), with only the named CLIs on PATH beside node and the system directories.
 */
async function project(clis: AgentCliName[], edit: (workers: string) => string = (w) => w, repo?: string) {
  const o = await createOrigin();
  origins.push(o);
  const dir = join(o.root, "project");
  const bin = join(o.root, "bin");
  const home = join(o.root, "userhome");
  await mkdir(dir);
  await mkdir(bin);
  await mkdir(home);
  for (const c of clis) await symlink(agentCliBin(c), join(bin, c));
  await writeFile(join(dir, "WORKERS.md"), edit(await readFile(join(ROOT, "WORKERS.md"), "utf8")));
  await writeFile(join(dir, "polecat.yaml"), stringify({ version: 1, project: "demo", repo: repo ?? o.origin, base: "main", tasks: [{ id: "a", title: "A" }] }));
  const env: Record<string, string | undefined> = { ...o.env, HOME: home, PATH: [bin, dirname(process.execPath), "/usr/bin", "/bin"].join(":") };
  for (const k of ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY", "CODEX_API_KEY", "CLAUDE_CONFIG_DIR", "CODEX_HOME", "POLECAT_STORE"]) delete env[k];
  const cli = (extra: Record<string, string>, ...args: string[]) => runCli(dir, { ...env, ...extra }, ["--home", join(o.root, "polecat-home"), ...args]);
  return { o, dir, cli };
}

const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe("polecat doctor", () => {
  it("finds each real CLI on PATH with its version, its argv accepted and its key passed through env_pass: exit 0, --json", { timeout: 120_000 }, async () => {
    const { cli } = await project(["claude", "gemini", "codex"]);
    const r = await cli(KEYS, "doctor", "--json");
    expect(r.err).toBe("");
    const out = JSON.parse(r.out) as { ok: boolean; checks: Check[] };
    const checks = byName(out.checks);
    const versions = installedEntry()?.versions as Record<AgentCliName, string>;
    for (const c of ["claude", "gemini", "codex"] as const) {
      expect(checks[`${c}: binary`]).toMatchObject({ status: "ok", check: "binary", type: c });
      expect(checks[`${c}: binary`]?.detail).toContain(`${c} (${versions[c]})`);
      expect(checks[`${c}: argv`]).toMatchObject({ status: "ok", check: "argv", type: c });
      expect(checks[`${c}: credentials`]).toMatchObject({ status: "ok", check: "credentials" });
    }
    expect(checks["claude: argv"]?.detail).toBe("accepts -p --dangerously-skip-permissions --output-format --verbose");
    expect(checks["codex: argv"]?.detail).toBe("accepts --json --dangerously-bypass-approvals-and-sandbox");
    expect(checks["claude: credentials"]?.detail).toBe("ANTHROPIC_API_KEY set and in env_pass");
    expect(checks.origin).toMatchObject({ status: "ok" });
    expect(checks.store).toMatchObject({ status: "ok" });
    expect(checks.node).toMatchObject({ status: "ok", detail: `${process.versions.node} (polecat needs >=20.19)` });
    expect(Object.keys(out.checks[0] ?? {}).sort()).toEqual(["check", "detail", "name", "status", "type"]);
    expect(out.ok).toBe(true);
    expect(r.code).toBe(0);
  });

  it("a missing binary, a rejected flag and missing credentials each fail their line, naming what to fix: exit 2", { timeout: 120_000 }, async () => {
    // gemini is not installed here; codex's command carries the flag codex-cli 0.17x removed.
    const { cli } = await project(["claude", "codex"], (w) => w.replace('"--dangerously-bypass-approvals-and-sandbox"', '"--full-auto"'));
    const r = await cli({}, "doctor");
    const lines = r.out.trim().split("\n");
    expect(lines).toContain("fail gemini: binary: gemini is not on PATH");
    expect(lines).toContain("warn gemini: argv: not checked: gemini is not on PATH");
    expect(lines).toContain("fail codex: argv: `codex exec --json --full-auto --help` is rejected: error: unexpected argument '--full-auto' found");
    expect(lines).toContain("fail claude: credentials: no credentials: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN) and list it in env_pass, or log in (claude /login)");
    expect(lines).toContain("fail codex: credentials: no credentials: set OPENAI_API_KEY (or CODEX_API_KEY) and list it in env_pass, or log in (codex login)");
    expect(lines.find((l) => l.startsWith("ok   claude: binary: "))).toMatch(/\(\d+\.\d+\.\d+ \(Claude Code\)\)$/);
    expect(lines.at(-1)).toBe("doctor: 5 problems to fix");
    expect(r.code).toBe(2);
  });

  it("a key that is set but not in env_pass fails (the agent would never see it); a login file counts", { timeout: 60_000 }, async () => {
    const drop = (w: string) => w.replace("env_pass: [ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN]", "env_pass: []");
    const { o, cli } = await project([], drop);
    const unpassed = byName((JSON.parse((await cli({ ANTHROPIC_API_KEY: "sk-doctor" }, "doctor", "--json")).out) as { checks: Check[] }).checks);
    expect(unpassed["claude: credentials"]).toMatchObject({ status: "fail" });
    expect(unpassed["claude: credentials"]?.detail).toMatch(/^ANTHROPIC_API_KEY set but the agent would not get it .*add it to the worker's env_pass/);
    const config = join(o.root, "claude-config");
    await mkdir(config);
    await writeFile(join(config, ".credentials.json"), "{}");
    const loggedIn = byName((JSON.parse((await cli({ CLAUDE_CONFIG_DIR: config }, "doctor", "--json")).out) as { checks: Check[] }).checks);
    expect(loggedIn["claude: credentials"]).toMatchObject({ status: "ok", detail: `logged in (${join(config, ".credentials.json")})` });
  });
});

describe("polecat doctor: an origin that never answers", () => {
  it("fails its line after --timeout instead of hanging (the default would outlast this test); a bad --timeout exits 2", { timeout: 20_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s)); // accepts, reads the request, never answers
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    try {
      const repo = `git://127.0.0.1:${(silent.address() as AddressInfo).port}/silent.git`;
      const { cli } = await project([], (w) => w, repo);
      const r = await cli({}, "--json", "doctor", "--timeout", "1s");
      expect(byName((JSON.parse(r.out) as { checks: Check[] }).checks).origin).toEqual({ name: "origin", status: "fail", check: "origin", detail: `${repo} did not answer git ls-remote within 1s` });
      expect(r.code).toBe(2);
      const bad = await cli({}, "doctor", "--timeout", "soon");
      expect(bad.err).toContain('--timeout "soon" is not a duration of at least 100ms');
      expect(bad.code).toBe(2);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((done) => silent.close(done));
    }
  });
});

describe("polecat validate: a worker's program missing from PATH", () => {
  it("is a warning at the worker's command (FILE:LINE:COL), not an error", { timeout: 60_000 }, async () => {
    const { dir, cli } = await project(["claude", "codex"]);
    const r = await cli({}, "validate");
    const text = await readFile(join(dir, "WORKERS.md"), "utf8");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('command: ["gemini"'));
    const col = (lines[line] ?? "").indexOf('"gemini"') + 1;
    expect(r.err).toContain(`WORKERS.md:${line + 1}:${col}: warning: worker "gemini": gemini is not on PATH; a swarm starts no slot for it (at /workers/gemini/command/0)`);
    expect(r.err).not.toContain('worker "claude"');
    expect(r.err).not.toContain('worker "codex"');
    expect(r.out).toContain("ok: polecat.yaml");
    expect(r.code).toBe(0);
  });
});

describePg("polecat doctor: a PostgreSQL store", () => {
  it("answers when the server does; an unreachable one fails with the driver's reason and no password", { timeout: 60_000 }, async () => {
    const pg = await pgSandbox();
    try {
      const { cli } = await project([]);
      const up = byName((JSON.parse((await cli({ POLECAT_STORE: pg.url }, "doctor", "--json")).out) as { checks: Check[] }).checks);
      expect(up.store).toMatchObject({ status: "ok", check: "store" });
      expect(up.store?.detail).toMatch(/^PostgreSQL postgres:\/\/.* reachable$/);
      const down = await cli({ POLECAT_STORE: "postgres://polecat:hunter2@127.0.0.1:1/none" }, "doctor");
      const line = down.out.split("\n").find((l) => l.startsWith("fail store: "));
      expect(line).toMatch(/^fail store: PostgreSQL postgres:\/\/polecat:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
      expect(down.out).not.toContain("hunter2");
      expect(down.code).toBe(2);
    } finally {
      await pg.cleanup();
    }
  });
});
