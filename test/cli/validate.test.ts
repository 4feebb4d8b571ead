import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/program.js";
import { pathWithAgentClis } from "../agents-real/harness/clis.js";
import { memoryWorld } from "../helpers/world.js";

const ROOT = resolve(import.meta.dirname, "../..");
// The example swarm routes to claude, gemini and codex: with them on PATH, validate has nothing to warn about.
const WITH_AGENT_CLIS = { ...process.env, NO_COLOR: "1", PATH: pathWithAgentClis() };
const INVALID = join(ROOT, "test/fixtures/invalid");

/** Every invalid case: the file and LINE:COL the first problem must name, a fragment of its message, and its hint. */
const CASES: Record<string, { at: string; message: string; hint?: string; file?: string }> = {
  "unknown-task-key": { at: "10:5", message: 'unknown key "dependz_on"', hint: 'did you mean "depends_on"?' },
  "unknown-top-level-key": { at: "5:1", message: 'unknown key "taks"', hint: 'did you mean "tasks"?' },
  "title-not-a-string": { at: "7:12", message: "title must be a string, got a list" },
  "tags-not-a-list": { at: "8:11", message: 'tags must be a list, got "security"', hint: "write a list" },
  "bad-task-id": { at: "6:9", message: '"Fix Login" is not a valid id', hint: "git refs" },
  "task-id-too-long": { at: "6:9", message: "is not a valid id", hint: "at most 64 characters" },
  "id-as-number": { at: "6:9", message: "id must be a string, got 1", hint: "quote it" },
  "duplicate-task-id": { at: "8:9", message: 'duplicate task id "setup" (first defined at line 6)' },
  "unknown-dependency": { at: "10:18", message: 'unknown task "setup-dbs" in depends_on', hint: 'did you mean "setup-db"?' },
  "dependency-cycle": { at: "8:18", message: "dependency cycle: a → c → b → a" },
  "self-dependency": { at: "8:18", message: 'task "a" depends on itself' },
  "unknown-pinned-worker": { at: "8:13", message: 'unknown worker "claud"', hint: 'did you mean "claude"?' },
  "unknown-review-worker": { at: "7:13", message: 'unknown worker "reviewer"', hint: "known workers: claude, gemini" },
  "needs-unknown-capability": { at: "8:13", message: 'no worker type has capability "gpu"', hint: "known capabilities" },
  "pinned-worker-lacks-capability": { at: "8:13", message: 'pinned worker "gemini" lacks capability "review"' },
  "bad-cron": { at: "7:11", message: 'invalid cron expression "61 * * * *"', hint: "five fields" },
  "bad-effort-duration": { at: "8:13", message: '"2 hours" is not a valid duration', hint: "30s, 15m, 2h" },
  "bad-lease-duration": { at: "6:10", message: 'lease: "soon" is not a valid duration' },
  "zero-lease": { at: "6:10", message: "lease must be longer than 0" },
  "bad-complexity": { at: "8:17", message: 'complexity must be one of mechanical, chore, requires-judgment, multi-step; got "hard"' },
  "complexity-typo": { at: "8:17", message: 'got "chores"', hint: 'did you mean "chore"?' },
  "missing-title": { at: "6:5", message: 'missing required key "title" in tasks[0]' },
  "missing-project": { at: "1:1", message: 'missing required key "project"' },
  "wrong-version": { at: "1:10", message: "version must be 1, got 2" },
  "yaml-syntax-error": { at: "9:1", message: "invalid YAML: Flow sequence in block collection" },
  "duplicate-yaml-key": { at: "8:5", message: "invalid YAML: Map keys must be unique" },
  "tab-indentation": { at: "7:1", message: "invalid YAML: Tabs are not allowed", hint: "indent with spaces" },
  "validate-shell-string": { at: "6:13", message: "validate must be a list", hint: "never runs a shell string" },
  "bad-store": { at: "5:8", message: '"mysql://db/polecat" is not a valid store', hint: "postgres://" },
  "sample-rate-out-of-range": { at: "7:18", message: "sample_rate must be <= 1, got 1.5" },
  "unknown-schedule-job": { at: "8:10", message: 'job must be one of janitor, refinery, swarm, sync; got "cleanup"' },
  "duplicate-schedule-name": { at: "9:11", message: 'duplicate schedule name "janitor"' },
  "empty-spec": { at: "1:1", message: "the document must be a mapping, got nothing" },
  "spec-not-a-mapping": { at: "1:1", message: "the document must be a mapping, got a list" },
  "missing-registry": { at: "4:10", message: "cannot read worker registry" },
  "priority-not-integer": { at: "8:15", message: 'priority must be a whole number, got "high"' },
  "batch-size-zero": { at: "6:15", message: "batch_size must be >= 1, got 0" },
  "bad-stage-name": { at: "5:23", message: 'pipeline[1]: "Write Tests" is not a valid name' },
  "registry-two-yaml-blocks": { file: "WORKERS.md", at: "14:1", message: "a second ```yaml block (the first is at line 5)" },
  "registry-no-yaml-block": { file: "WORKERS.md", at: "1:1", message: "no ```yaml block found" },
  "registry-unclosed-block": { file: "WORKERS.md", at: "5:1", message: "the ```yaml block is never closed" },
  "registry-unknown-placeholder": { file: "WORKERS.md", at: "8:45", message: "unknown placeholder {task.name} in command", hint: "{task.title}" },
  "registry-command-string": { file: "WORKERS.md", at: "8:14", message: "command must be a list", hint: "never runs a shell string" },
  "registry-capacity-zero": { file: "WORKERS.md", at: "10:21", message: "max_concurrent must be >= 1, got 0" },
  "registry-cost-out-of-range": { file: "WORKERS.md", at: "10:11", message: "cost must be <= 5, got 7" },
  "registry-unknown-fallback": { file: "WORKERS.md", at: "10:15", message: 'unknown worker "gemini"', hint: "known workers: claude" },
  "registry-unknown-default": { file: "WORKERS.md", at: "11:12", message: 'unknown worker "gpt"' },
  "registry-unknown-complexity-worker": { file: "WORKERS.md", at: "12:12", message: 'unknown worker "codex"' },
  "registry-unknown-tag-worker": { file: "WORKERS.md", at: "12:46", message: 'unknown worker "claude-opus"' },
  "registry-unknown-heuristic-worker": { file: "WORKERS.md", at: "12:43", message: 'unknown worker "gemini"' },
  "registry-heuristic-without-bound": { file: "WORKERS.md", at: "12:7", message: "heuristic has no bound", hint: "files_over" },
  "registry-bad-timeout": { file: "WORKERS.md", at: "10:14", message: 'timeout: "an hour" is not a valid duration' },
  "registry-zero-stall-timeout": { file: "WORKERS.md", at: "10:20", message: "stall_timeout must be longer than 0" },
  "registry-unknown-worker-key": { file: "WORKERS.md", at: "9:5", message: 'unknown key "capabilites"', hint: 'did you mean "capabilities"?' },
  "registry-bad-worker-name": { file: "WORKERS.md", at: "10:3", message: 'invalid name "Claude Code" in workers' },
  "registry-yaml-syntax-error": { file: "WORKERS.md", at: "10:1", message: "invalid YAML" },
  "registry-missing-command": { file: "WORKERS.md", at: "8:5", message: 'missing required key "command" in claude' },
  "registry-no-workers": { file: "WORKERS.md", at: "6:10", message: "workers must not be empty" },
  "registry-tiers-not-ascending": { file: "WORKERS.md", at: "13:24", message: "ready_at_most must be more than the previous tier's 10" },
  "registry-complexity-typo": { file: "WORKERS.md", at: "12:5", message: 'unknown key "chores"', hint: 'did you mean "chore"?' },
  "registry-bad-env-pass": { file: "WORKERS.md", at: "10:16", message: '"API-KEY" is not a valid variable name' },
};

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

async function validate(dir: string, ...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const w = memoryWorld({ cwd: dir });
  const code = await run(["validate", "--spec", "polecat.yaml", ...extra], w.world);
  return { code, out: w.out(), err: w.err() };
}

describe("polecat validate on invalid specs and registries", () => {
  it("has a table entry for every fixture directory, and at least 30 of them", () => {
    const dirs = readdirSync(INVALID).sort();
    expect(dirs).toEqual(Object.keys(CASES).sort());
    expect(dirs.length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.entries(CASES))("%s: exits 2 and names the problem at FILE:LINE:COL", async (name, c) => {
    const { code, out, err } = await validate(join(INVALID, name));
    expect(code).toBe(2);
    expect(out).toBe("");
    const prefix = `${c.file ?? "polecat.yaml"}:${c.at}: `;
    const lines = err.split("\n");
    const i = lines.findIndex((l) => l.startsWith(prefix));
    expect(i, `no line starting with ${prefix} in:\n${err}`).toBeGreaterThan(-1);
    expect(lines[i]).toContain(c.message);
    if (c.hint !== undefined) {
      expect(lines[i + 1]).toMatch(/^ {2}hint: /);
      expect(lines[i + 1]).toContain(c.hint);
    }
    expect(err).not.toMatch(STACK_TRACE);
    expect(err).not.toContain("internal error");
  });
});

describe("polecat validate", () => {
  it("accepts the example swarm and reports its size", async () => {
    const w = memoryWorld({ cwd: ROOT, env: WITH_AGENT_CLIS });
    const code = await run(["validate", "--spec", "examples/swarm.yaml"], w.world);
    expect(w.err()).toBe("");
    expect(code).toBe(0);
    expect(w.out()).toBe("ok: examples/swarm.yaml: 12 tasks, 4 worker types\n");
  });

  it("reports every problem at once, in file order", async () => {
    const { code, err } = await validate(join(ROOT, "test/fixtures/multi/three-problems"));
    expect(code).toBe(2);
    const problems = err.split("\n").filter((l) => /^polecat\.yaml:\d+:\d+: /.test(l));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^polecat\.yaml:7:11: invalid cron expression "every hour"/);
    expect(problems[1]).toMatch(/^polecat\.yaml:12:5: unknown key "dependz_on"/);
    expect(problems[2]).toMatch(/^polecat\.yaml:15:18: unknown task "build"/);
    expect(err).toContain("polecat.yaml: 3 problems");
  });

  it("reports problems in the spec and in its registry together", async () => {
    const { code, err } = await validate(join(ROOT, "test/fixtures/multi/both-files"));
    expect(code).toBe(2);
    expect(err).toMatch(/^polecat\.yaml:8:18: unknown task "compile"/m);
    expect(err).toMatch(/^WORKERS\.md:9:11: cost must be <= 5/m);
  });

  it("prints {ok, errors, warnings} with --json and still exits 2", async () => {
    const w = memoryWorld({ cwd: join(INVALID, "unknown-task-key") });
    const code = await run(["validate", "--spec", "polecat.yaml", "--json"], w.world);
    expect(code).toBe(2);
    const report = JSON.parse(w.out()) as { ok: boolean; errors: { line: number; col: number; path: string }[]; warnings: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.errors).toMatchObject([{ line: 10, col: 5, path: "/tasks/1/dependz_on" }]);
    expect(report.warnings).toEqual([]);
  });

  it("prints {ok: true} with --json for a valid spec", async () => {
    const w = memoryWorld({ cwd: ROOT, env: WITH_AGENT_CLIS });
    const code = await run(["validate", "--spec", "examples/swarm.yaml", "--json"], w.world);
    expect(code).toBe(0);
    expect(JSON.parse(w.out())).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it("uses --workers instead of the spec's registry", async () => {
    const dir = join(INVALID, "registry-cost-out-of-range");
    const { code, out } = await validate(dir, "--workers", join(ROOT, "WORKERS.md"));
    expect(code).toBe(0);
    expect(out).toBe("ok: polecat.yaml: 1 task, 4 worker types\n");
  });

  it("reports a missing spec file at 1:1 with a hint", async () => {
    const w = memoryWorld({ cwd: INVALID });
    const code = await run(["validate"], w.world);
    expect(code).toBe(2);
    expect(w.err()).toMatch(/^polecat\.yaml:1:1: cannot read spec .*: file not found$/m);
    expect(w.err()).toContain("hint: pass --spec FILE");
  });

  it("prints warnings but passes when only warnings remain", async () => {
    const { code, out, err } = await validate(join(ROOT, "test/fixtures/multi/warning-only"));
    expect(code).toBe(0);
    expect(out).toContain("ok: polecat.yaml: 1 task, 1 worker type");
    expect(err).toMatch(/^polecat\.yaml:\d+:\d+: warning: review rules are set but no worker type has the "review" capability/m);
  });
});

// These run the built CLI (`npm test` builds dist/ before vitest) as a real process.
describe("polecat validate as a subprocess", () => {
  const bin = join(ROOT, "dist/cli/main.js");

  it("exits 0 on the example swarm", async () => {
    const r = await execa("node", [bin, "validate", "--spec", "examples/swarm.yaml"], { cwd: ROOT, reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("ok: examples/swarm.yaml: 12 tasks, 4 worker types");
  });

  it.each(["dependency-cycle", "registry-unknown-placeholder", "yaml-syntax-error"])("exits 2 on %s without a stack trace", async (name) => {
    const c = CASES[name] as { at: string; file?: string };
    const r = await execa("node", [bin, "validate", "--spec", "polecat.yaml"], { cwd: join(INVALID, name), reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${c.file ?? "polecat.yaml"}:${c.at}: `);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
