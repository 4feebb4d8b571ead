import { describe, expect, it } from "vitest";
import { validateRegistry } from "../../src/core/registry-validate.js";
import type { Result } from "../../src/core/result.js";
import type { SwarmSpec, WorkerRegistry } from "../../src/core/spec.js";
import { isGitUrl, registryPathOf, validateSpec } from "../../src/core/spec-validate.js";
import { check, yamlSource } from "../helpers/schemas.js";

const specCheck = check("swarm-spec");
const REGISTRY_TEXT = [
  "workers:",
  "  claude: { command: [claude, '{prompt}'], capabilities: [code, review] }",
  "  gemini: { command: [gemini, '{prompt}'], capabilities: [code, docs] }",
].join("\n");

function registry(text = REGISTRY_TEXT): WorkerRegistry {
  const r = validateRegistry(yamlSource(text, "WORKERS.md"), check("workers"));
  if (!r.ok) throw new Error("fixture registry is invalid");
  return r.value;
}

/** Cron check for tests: five space-separated fields of digits, `*`, `/`, `,` and `-`. */
const isValidCron = (expr: string): boolean => /^([\d*/,-]+ ){4}[\d*/,-]+$/.test(expr.trim());

function validate(text: string, reg: WorkerRegistry | undefined = registry()): Result<SwarmSpec> {
  return validateSpec(yamlSource(text), { check: specCheck, specDir: "/work/project", isValidCron, registry: reg });
}

function problems(text: string, reg?: WorkerRegistry): string[] {
  const r = validate(text, reg ?? registry());
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
}

const HEAD = "version: 1\nproject: demo\nrepo: ../origin\n";

describe("validateSpec normalization", () => {
  it("fills defaults, parses durations and makes paths absolute", () => {
    const r = validate(`${HEAD}tasks:\n  - id: a\n    title: A\n    effort: 1h30m\n  - id: b\n    title: B\n    depends_on: [a]\n    pipeline: [implement, write_tests]\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { tasks, ...rest } = r.value;
    expect(rest).toEqual({
      version: 1,
      project: "demo",
      repo: "/work/origin",
      base: "main",
      workers: "/work/project/WORKERS.md",
      store: "file",
      pipeline: ["implement"],
      worktree: { setup: [], copy: [], retry_from: "fresh", cache: { paths: ["node_modules"] } },
      dispatch: { serialize_overlapping: false },
      refinery: {
        strategy: "batch",
        batch_size: 4,
        review: { complexity: ["requires-judgment", "multi-step"], tags: [], paths: [], sample_rate: 0, seed: 0 },
        max_kickbacks: 3,
      },
      schedules: [],
      limits: { max_attempts: 3, lease_ms: 300_000, stalled_after_ms: 14_400_000, backoff_ms: 30_000 },
    });
    expect(tasks).toEqual([
      {
        id: "a",
        title: "A",
        description: "",
        depends_on: [],
        tags: [],
        files: [],
        effort: "1h30m",
        effort_minutes: 90,
        priority: 0,
        needs: [],
        pipeline: ["implement"],
        acceptance: [],
      },
      {
        id: "b",
        title: "B",
        description: "",
        depends_on: ["a"],
        tags: [],
        files: [],
        priority: 0,
        needs: [],
        pipeline: ["implement", "write_tests"],
        acceptance: [],
      },
    ]);
  });

  it("keeps git URLs and absolute repo paths as they are", () => {
    for (const repo of ["https://github.com/acme/shop.git", "git@github.com:acme/shop.git", "/srv/git/shop.git"]) {
      const r = validate(`version: 1\nproject: demo\nrepo: "${repo}"\ntasks: []\n`);
      expect(r.ok && r.value.repo).toBe(repo);
    }
    expect(isGitUrl("file:///srv/shop.git")).toBe(true);
    expect(isGitUrl("./shop")).toBe(false);
  });

  it("treats an empty value as the default", () => {
    const r = validate(`${HEAD}base:\npipeline:\ntasks:\n  - id: a\n    title: A\n    tags:\n`);
    expect(r.ok && [r.value.base, r.value.pipeline, r.value.tasks[0]?.tags]).toEqual(["main", ["implement"], []]);
  });

  it("finds the registry beside the spec unless the spec names one", () => {
    expect(registryPathOf({}, "/p")).toBe("/p/WORKERS.md");
    expect(registryPathOf({ workers: "../shared/W.md" }, "/p/q")).toBe("/p/shared/W.md");
    expect(registryPathOf(null, "/p")).toBe("/p/WORKERS.md");
  });
});

describe("validateSpec problems", () => {
  it("reports schema and semantic problems together, in file order", () => {
    const text = [
      ...HEAD.trim().split("\n"),
      "schedules:",
      "  - { name: s, cron: 'every day', job: janitor }",
      "tasks:",
      "  - id: a",
      "    title: A",
      "    depends_on: [b, nope]",
      "    worker: gemeni",
      "    colour: red",
      "  - id: b",
      "    title: 7",
      "    depends_on: [a]",
    ].join("\n");
    expect(problems(text)).toEqual([
      '5:22 invalid cron expression "every day"',
      "9:18 dependency cycle: a → b → a",
      '9:21 unknown task "nope" in depends_on',
      '10:13 unknown worker "gemeni" (not in the registry)',
      '11:5 unknown key "colour"',
      "13:12 title must be a string, got 7",
    ]);
  });

  it("skips cross-file checks when there is no registry", () => {
    const r = validateSpec(yamlSource(`${HEAD}tasks:\n  - { id: a, title: A, worker: nobody, needs: [gpu] }\n`), {
      check: specCheck,
      specDir: "/p",
      isValidCron,
    });
    expect(r.ok).toBe(true);
  });

  it("warns when review rules have no reviewer", () => {
    const reg = registry("workers:\n  codex: { command: [codex], capabilities: [code] }\n");
    const r = validate(`${HEAD}tasks: []\n`, reg);
    expect(r.ok).toBe(true);
    expect((r.warnings ?? []).map((w) => w.message)).toEqual(['review rules are set but no worker type has the "review" capability']);
    const off = validate(`${HEAD}refinery: { review: { complexity: [] } }\ntasks: []\n`, reg);
    expect(off.warnings).toEqual([]);
  });

  it("warns when the named reviewer lacks the review capability", () => {
    const r = validate(`${HEAD}refinery:\n  review:\n    worker: gemini\ntasks: []\n`);
    expect((r.warnings ?? []).map((w) => `${w.line}:${w.col} ${w.message}`)).toEqual(['6:13 reviewer "gemini" does not have the "review" capability']);
  });

  it("reports one dependency cycle with its path", () => {
    const text = `${HEAD}tasks:\n  - { id: x, title: X, depends_on: [y] }\n  - { id: y, title: Y, depends_on: [z] }\n  - { id: z, title: Z, depends_on: [x] }\n`;
    expect(problems(text)).toEqual(["5:37 dependency cycle: x → y → z → x"]);
  });

  it("validates a large spec without reporting anything", () => {
    const lines = [HEAD.trim(), "tasks:"];
    for (let i = 0; i < 2000; i++) lines.push(`  - { id: t${i}, title: T${i}, depends_on: [${i > 0 ? `t${i - 1}` : ""}] }`);
    const r = validate(lines.join("\n"));
    expect(r.ok && r.value.tasks).toHaveLength(2000);
  });
});
