import { describe, expect, it } from "vitest";
import { reviewDecision, sampleValue } from "../../../src/core/refinery/review.js";
import type { ReviewRules, TaskSpec } from "../../../src/core/spec.js";

const task = (over: Partial<TaskSpec> = {}): TaskSpec => ({
  id: "fix-login",
  title: "Fix login",
  description: "",
  depends_on: [],
  tags: [],
  complexity: "mechanical",
  files: [],
  priority: 0,
  needs: [],
  pipeline: ["implement"],
  acceptance: [],
  ...over,
});

const rules = (over: Partial<ReviewRules> = {}): ReviewRules => ({
  complexity: ["requires-judgment", "multi-step"],
  tags: ["security", "api"],
  paths: ["src/auth/**", "*.sql"],
  sample_rate: 0,
  seed: 7,
  ...over,
});

describe("reviewDecision", () => {
  it.each([
    { name: "complexity", t: task({ complexity: "requires-judgment" }), paths: [], rule: "complexity requires-judgment" },
    { name: "the other complexity", t: task({ complexity: "multi-step" }), paths: [], rule: "complexity multi-step" },
    { name: "a tag", t: task({ tags: ["docs", "api"] }), paths: [], rule: "tag api" },
    { name: "a path glob", t: task(), paths: ["README.md", "src/auth/login.ts"], rule: "path src/auth/** matched src/auth/login.ts" },
    { name: "a dot file under a glob", t: task(), paths: ["src/auth/.env.example"], rule: "path src/auth/** matched src/auth/.env.example" },
    { name: "a top-level glob", t: task(), paths: ["schema.sql"], rule: "path *.sql matched schema.sql" },
    {
      name: "complexity before tags and paths",
      t: task({ complexity: "multi-step", tags: ["security"] }),
      paths: ["src/auth/a.ts"],
      rule: "complexity multi-step",
    },
  ])("sends to review on $name", ({ t, paths, rule }) => {
    expect(reviewDecision(t, paths, rules())).toEqual({ review: true, rule });
  });

  it("lets mechanical and chore work through when no rule matches and nothing is sampled", () => {
    const d = reviewDecision(task(), ["src/ui/button.ts", "lib/auth/x.ts"], rules());
    expect(d.review).toBe(false);
    expect(d.rule).toMatch(/^mechanical, not sampled \(0\.\d{3} >= 0, seed 7\)$/);
    expect(reviewDecision(task({ complexity: "chore" }), [], rules()).rule).toMatch(/^chore, not sampled/);
    expect(reviewDecision(task({ complexity: undefined }), [], rules()).rule).toMatch(/^no complexity, not sampled/);
  });

  it("samples every task at rate 1 and says why", () => {
    const d = reviewDecision(task(), [], rules({ sample_rate: 1 }));
    expect(d.review).toBe(true);
    expect(d.rule).toMatch(/^sampled \(0\.\d{3} < 1, seed 7\)$/);
  });

  it("decides the sample from (seed, task id) alone, so decisions are reproducible", () => {
    const at = (seed: number, rate: number) =>
      Array.from({ length: 50 }, (_, i) => reviewDecision(task({ id: `t${i}` }), [], rules({ seed, sample_rate: rate })).review);
    expect(at(7, 0.3)).toEqual(at(7, 0.3));
    expect(at(7, 0.3)).not.toEqual(at(8, 0.3));
  });

  it("samples close to the configured rate", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `task-${i}`);
    const hits = ids.filter((id) => reviewDecision(task({ id }), [], rules({ sample_rate: 0.2, seed: 3 })).review).length;
    expect(hits / ids.length).toBeGreaterThan(0.18);
    expect(hits / ids.length).toBeLessThan(0.22);
  });

  it("maps (seed, id) into [0, 1) and spreads neighbouring ids", () => {
    const values = Array.from({ length: 1000 }, (_, i) => sampleValue(42, `t${i}`));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const deciles = new Set(values.map((v) => Math.floor(v * 10)));
    expect(deciles.size).toBe(10);
    expect(sampleValue(42, "t1")).toBe(sampleValue(42, "t1"));
  });
});
