// doctor's plan (which checks, for which worker types, with which probe argv) and its verdicts on what probes saw.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadSpec } from "../../src/adapters/spec-loader.js";
import { credentialNeeds, credentialVerdict, loginFile } from "../../src/core/agent/credentials.js";
import { flagsOf, helpProbe, planDoctor, routableTypes } from "../../src/core/doctor.js";
import { argvVerdict, nodeVerdict, originVerdict, versionText } from "../../src/core/doctor-verdicts.js";
import type { LoadedSpec } from "../../src/core/spec.js";

const ROOT = resolve(import.meta.dirname, "../..");
const places = { cwd: "/work", registryDir: "/reg", polecatDir: "/opt/polecat" };
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A spec over polecat's own WORKERS.md with these tasks. */
async function loaded(tasks: Record<string, unknown>[], spec: Record<string, unknown> = {}): Promise<LoadedSpec> {
  const dir = await mkdtemp(join(tmpdir(), "polecat-doctor-"));
  dirs.push(dir);
  await writeFile(join(dir, "polecat.yaml"), stringify({ version: 1, project: "demo", repo: "/origin.git", workers: join(ROOT, "WORKERS.md"), ...spec, tasks }));
  const r = await loadSpec({ specPath: join(dir, "polecat.yaml") });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe("doctor's plan", () => {
  it("checks the types a spec can route to (routes and their fallbacks), not every type in the registry", async () => {
    expect(routableTypes(await loaded([{ id: "a", title: "A", worker: "scripted" }]))).toEqual(["scripted"]);
    // The engineer reviewer (the first type with `review`) counts once a listed task would go to review.
    const reviewed = [{ id: "a", title: "A", worker: "scripted", tags: ["auth"] }];
    expect(routableTypes(await loaded(reviewed, { refinery: { review: { tags: ["auth"] } } }))).toEqual(["claude", "scripted"]);
    expect(routableTypes(await loaded([{ id: "a", title: "A", complexity: "chore", needs: ["tests"] }]))).toEqual(["claude", "gemini", "codex"]);
    expect(routableTypes(await loaded([]))).toEqual(["claude", "gemini", "codex"]);
  });

  it("a known CLI gets binary, argv and credential checks; a generic agent only its binary (no --version: it might start working)", async () => {
    const plan = planDoctor(await loaded([{ id: "a", title: "A", worker: "scripted" }, { id: "b", title: "B", worker: "codex" }]), places, "file", ">=20.19");
    // codex's fallback chain (gemini, then claude) can take its work too.
    expect(plan.map((c) => c.name)).toEqual([
      "claude: binary",
      "claude: argv",
      "claude: credentials",
      "gemini: binary",
      "gemini: argv",
      "gemini: credentials",
      "codex: binary",
      "codex: argv",
      "codex: credentials",
      "scripted: binary",
      "git identity",
      "origin",
      "store",
      "node",
    ]);
    expect(plan.find((c) => c.name === "scripted: binary")).toMatchObject({ program: "node", version: false });
    expect(plan.find((c) => c.name === "codex: argv")).toMatchObject({
      probe: ["codex", "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--help"],
      help: ["codex", "exec", "--help"],
      flags: ["--json", "--dangerously-bypass-approvals-and-sandbox"],
      added: [],
    });
  });

  it("the probe is the command polecat runs: dialect flags added, prompt dropped, placeholders filled, --help last", () => {
    const probe = helpProbe({ command: ["claude", "-p", "{prompt}", "--add-dir", "{worktree}", "--settings={registry_dir}/s.json"], dialect: "claude" }, places);
    expect(probe).toEqual(["claude", "--output-format", "stream-json", "--verbose", "-p", "--add-dir", "/work", "--settings=/reg/s.json", "--help"]);
    expect(flagsOf(probe.slice(1, -1))).toEqual(["--output-format", "--verbose", "-p", "--add-dir", "--settings"]);
    expect(flagsOf(["-c", "x", "--", "--not-a-flag", "-1"])).toEqual(["-c"]);
  });
});

describe("doctor's verdicts", () => {
  const probe = ["codex", "exec", "--json", "--full-auto", "--help"];
  const help = { exitCode: 0, output: "Usage: codex exec [OPTIONS]\n      --json\n  -s, --sandbox <MODE>\n" };

  it("an argument the CLI rejects fails, with the CLI's own line", () => {
    const rejected = { exitCode: 2, output: "error: unexpected argument '--full-auto' found\n\n  tip: to pass '--full-auto' as a value, use '-- --full-auto'\n" };
    expect(argvVerdict("codex: argv", probe, ["--json", "--full-auto"], [], rejected, help)).toEqual({
      name: "codex: argv",
      status: "fail",
      detail: "`codex exec --json --full-auto --help` is rejected: error: unexpected argument '--full-auto' found",
    });
  });

  it("a flag the plain --help does not list is a warning; listed flags are accepted, with what polecat adds", () => {
    expect(argvVerdict("codex: argv", probe, ["--json", "--full-auto"], [], { exitCode: 0, output: "" }, help)).toMatchObject({ status: "warn", detail: "not in its --help: --full-auto (a hidden flag, or one it will reject)" });
    expect(argvVerdict("codex: argv", probe, ["--json", "-s"], ["--json"], { exitCode: 0, output: "" }, help)).toMatchObject({ status: "ok", detail: "accepts --json -s; polecat adds --json" });
    // `--json` inside a longer flag does not count as listing it.
    expect(argvVerdict("x", probe, ["--js"], [], { exitCode: 0, output: "" }, help)).toMatchObject({ status: "warn" });
    expect(argvVerdict("x", probe, [], [], { exitCode: undefined, output: "", error: "spawn codex ENOENT" }, help)).toMatchObject({ status: "fail", detail: "`codex exec --json --full-auto --help` did not run: spawn codex ENOENT" });
  });

  it("reads a version's first line past warnings; Node against the engines range", () => {
    expect(versionText({ exitCode: 0, output: "WARNING: proceeding, even though...\ncodex-cli 0.171.0\n" })).toBe("codex-cli 0.171.0");
    expect(versionText({ exitCode: 1, output: "" })).toBe("--version exited 1");
    expect(nodeVerdict("node", "20.19.0", ">=20.19").status).toBe("ok");
    expect(nodeVerdict("node", "22.1.0", ">=20.19").status).toBe("ok");
    expect(nodeVerdict("node", "20.18.9", ">=20.19")).toEqual({ name: "node", status: "fail", detail: "20.18.9 (polecat needs >=20.19)" });
    expect(nodeVerdict("node", "20.18.9", "^20 || ^22").status).toBe("warn");
  });

  it("origin: git's fatal line when unreachable, the base branch when reachable, a missing base fails, no answer in time fails", () => {
    expect(originVerdict("origin", "/x.git", "main", { exitCode: 128, stdout: "", stderr: "fatal: '/x.git' does not appear to be a git repository\nfatal: Could not read from remote repository." }, 30_000)).toMatchObject({
      status: "fail",
      detail: "/x.git unreachable (git ls-remote exit 128): fatal: '/x.git' does not appear to be a git repository",
    });
    expect(originVerdict("origin", "/x.git", "main", { exitCode: 0, stdout: "", stderr: "" }, 30_000)).toMatchObject({ status: "fail", detail: "/x.git has no branch main" });
    expect(originVerdict("origin", "/x.git", "main", { exitCode: 0, stdout: "0123456789abcdef\trefs/heads/main\n", stderr: "" }, 30_000).status).toBe("ok");
    expect(originVerdict("origin", "git://h/x.git", "main", { exitCode: 124, stdout: "", stderr: "", timedOut: true }, 30_000)).toEqual({
      name: "origin",
      status: "fail",
      detail: "git://h/x.git did not answer git ls-remote within 30s",
    });
  });

  it("credentials count as the agent sees them: a passed variable or a login file; else the variables to set", () => {
    const claude = credentialNeeds("claude");
    if (claude === undefined) throw new Error("claude has credential needs");
    expect(credentialNeeds("generic")).toBeUndefined();
    expect(loginFile(claude, { HOME: "/h" })).toBe("/h/.claude/.credentials.json");
    expect(loginFile(claude, { HOME: "/h", CLAUDE_CONFIG_DIR: "/c" })).toBe("/c/.credentials.json");
    expect(credentialVerdict(claude, { CLAUDE_CODE_OAUTH_TOKEN: "t" }, ["CLAUDE_CODE_OAUTH_TOKEN"], undefined)).toEqual({ ok: true, detail: "CLAUDE_CODE_OAUTH_TOKEN set and in env_pass" });
    expect(credentialVerdict(claude, { ANTHROPIC_API_KEY: "k" }, [], "/h/.claude/.credentials.json")).toEqual({ ok: true, detail: "logged in (/h/.claude/.credentials.json)" });
    expect(credentialVerdict(claude, { ANTHROPIC_API_KEY: "" }, ["ANTHROPIC_API_KEY"], undefined)).toMatchObject({ ok: false, detail: expect.stringMatching(/^no credentials: set ANTHROPIC_API_KEY/) as unknown });
  });
});
