import { describe, expect, it } from "vitest";
import { PLACEHOLDERS } from "../../src/core/prompt.js";
import { validateRegistry } from "../../src/core/registry-validate.js";
import type { Result } from "../../src/core/result.js";
import type { WorkerRegistry } from "../../src/core/spec.js";
import { check, yamlSource } from "../helpers/schemas.js";

const registryCheck = check("workers");

function validate(text: string): Result<WorkerRegistry> {
  return validateRegistry(yamlSource(text, "WORKERS.md"), registryCheck);
}

function messages(text: string): string[] {
  const r = validate(text);
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
}

describe("validateRegistry normalization", () => {
  it("fills every default and names the first worker as the default route", () => {
    const r = validate("workers:\n  solo:\n    command: [agent, '{prompt}']\n");
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        workers: {
          solo: {
            name: "solo",
            command: ["agent", "{prompt}"],
            capabilities: [],
            cost: 3,
            dialect: "generic",
            speed: 3,
            max_concurrent: 1,
            best_for: [],
            env_pass: [],
            timeout_ms: 3_600_000,
            stall_timeout_ms: 900_000,
            max_restarts: 2,
          },
        },
        routing: { default: "solo", complexity: {}, tags: { high_stakes: undefined, bulk: undefined }, heuristics: [] },
        sizing: { max_total: 4, tiers: [] },
      },
    });
  });

  it("keeps a worker type's squash-commit author, and rejects one that is not `Name <email>`", () => {
    const r = validate("workers:\n  a: { command: [a], author: 'Claude Code <noreply@anthropic.com>' }\n");
    expect(r.ok && r.value.workers.a?.author).toBe("Claude Code <noreply@anthropic.com>");
    for (const bad of ["noreply@anthropic.com", "<a@b>", "Name <a b@c>", "Name <a@b> extra"]) {
      expect(messages(`workers:\n  a: { command: [a], author: '${bad}' }\n`), bad).toEqual([expect.stringMatching(/^2:\d+ author: ".*" does not match /)]);
    }
  });

  it("converts durations and keeps routing rules", () => {
    const r = validate(
      [
        "workers:",
        "  a: { command: [a], timeout: 1h30m, stall_timeout: 90s, fallback: b, max_restarts: 0 }",
        "  b: { command: [b] }",
        "routing:",
        "  default: b",
        "  complexity: { chore: b }",
        "  tags: { bulk: { tags: [docs], worker: b } }",
        "  heuristics:",
        "    - { name: big, files_over: 8, effort_over: 2h, worker: a }",
        "    - { name: small, files_at_most: 1, effort_at_most: 30m, worker: b }",
        "sizing: { max_total: 6, tiers: [{ ready_at_most: 3, total: 2 }] }",
      ].join("\n"),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.workers.a).toMatchObject({ timeout_ms: 5_400_000, stall_timeout_ms: 90_000, fallback: "b", max_restarts: 0 });
    expect(r.value.routing).toEqual({
      default: "b",
      complexity: { chore: "b" },
      tags: { high_stakes: undefined, bulk: { tags: ["docs"], worker: "b" } },
      heuristics: [
        { name: "big", files_over: 8, effort_over_minutes: 120, worker: "a" },
        { name: "small", files_at_most: 1, effort_at_most_minutes: 30, worker: "b" },
      ],
    });
    expect(r.value.sizing).toEqual({ max_total: 6, tiers: [{ ready_at_most: 3, total: 2 }] });
  });

  it("accepts every documented placeholder and leaves other braces alone", () => {
    const argv = [...PLACEHOLDERS.map((n) => `{${n}}`), "--json={\"a\":1}", "pre-{task.id}-post"].map((a) => JSON.stringify(a)).join(", ");
    expect(messages(`workers:\n  a:\n    command: [${argv}]\n`)).toEqual([]);
  });
});

describe("validateRegistry problems", () => {
  it("reports schema and semantic problems together, in file order", () => {
    const text = [
      "workers:",
      "  a:",
      "    command: [a, '{promt}']",
      "    cost: 0",
      "    fallback: zz",
      "routing:",
      "  default: nobody",
      "  heuristics:",
      "    - { name: x, worker: a }",
      "    - { name: x, files_over: 2, worker: a }",
    ].join("\n");
    expect(messages(text)).toEqual([
      "3:18 unknown placeholder {promt} in command",
      "4:11 cost must be >= 1, got 0",
      "5:15 unknown worker \"zz\"",
      "7:12 unknown worker \"nobody\"",
      "9:7 heuristic has no bound, so it would match every task",
      "10:15 duplicate heuristic name \"x\"",
    ]);
  });

  it("suggests the placeholder that was meant", () => {
    const r = validate("workers:\n  a:\n    command: [a, '{promt}']\n");
    expect(!r.ok && r.errors[0]?.hint).toBe('did you mean "{prompt}"?');
  });

  it("still checks references when a worker entry is malformed", () => {
    expect(messages("workers:\n  a: just a string\nrouting:\n  default: b\n")).toEqual([
      "2:6 a must be a mapping, got \"just a string\"",
      "4:12 unknown worker \"b\"",
    ]);
  });
});
