// Property test of the refinery decision core, driven through runRefinery against the pure model.
import { describe, expect, it } from "vitest";
import type { RefineryPassResult } from "../../../src/core/refinery/pass-result.js";
import { runRefinery } from "../../../src/runtime/refinery/pass.js";
import { sampleValue } from "../../../src/core/refinery/review.js";
import type { TaskStatus } from "../../../src/core/status.js";
import { createModel, type ModelWorld } from "./model.js";
import { batchScenario, generateScenario, type Scenario, type ScenarioTask } from "./scenarios.js";

interface Expected {
  status: TaskStatus;
  /** The stored reason starts with this. */
  reason?: string;
}

/** The routing rules restated independently of reviewDecision (the sample uses the same hash). */
function needsReview(t: ScenarioTask, s: Scenario): boolean {
  if (t.status === "review") return true;
  if (t.status === "approved") return false;
  const rules = s.refinery.review;
  return (
    rules.complexity.includes(t.complexity) ||
    t.tags.some((tag) => rules.tags.includes(tag)) ||
    t.files.some((f) => f.startsWith("src/auth/")) ||
    sampleValue(rules.seed, t.id) < rules.sample_rate
  );
}

function expected(t: ScenarioTask, s: Scenario, world: ModelWorld): Expected {
  const kick = (why: string): Expected => {
    const count = t.kickbacks + 1;
    return count > s.refinery.max_kickbacks
      ? { status: "blocked", reason: `kicked back ${count} times; last: ${why}` }
      : { status: "active", reason: why };
  };
  if (needsReview(t, s)) {
    if (t.answer === "none" || t.answer === "malformed") return { status: "blocked", reason: "review gave no valid answer: " };
    if (t.answer === "reject") return { status: "cancelled", reason: "review rejected: " };
    if (t.answer === "request_changes") return kick("review requested changes: ");
  }
  const base = t.after === undefined ? undefined : world.tasks.get(t.after);
  if (t.fate === "conflict" || (base !== undefined && base.status !== "done")) return kick("conflict: ");
  if (t.fate === "bad") return kick("validation failed");
  return { status: "done" };
}

function checkInvariants(s: Scenario, world: ModelWorld, summary: RefineryPassResult): void {
  const label = `scenario seed ${s.seed}`;
  // Main only ever moved to commits that passed validation (or that someone else pushed, all clean).
  for (const sha of world.mainHistory.slice(1)) {
    const c = world.commits.get(sha);
    expect(c, label).toBeDefined();
    if (c?.foreign !== true) expect(world.validated.get(sha), `${label}: main moved to unvalidated ${sha}`).toBe(true);
    expect([...(c?.contents ?? [])].filter((id) => world.bad.has(id)), label).toEqual([]);
  }
  const done = [...world.tasks.values()].filter((t) => t.status === "done").map((t) => t.id).sort();
  // Every task ended as the scenario implies, with a reason unless it merged.
  for (const t of s.tasks) {
    const want = expected(t, s, world);
    const got = world.tasks.get(t.id);
    expect({ id: t.id, status: got?.status }, label).toEqual({ id: t.id, status: want.status });
    if (want.reason !== undefined) expect(got?.reason?.startsWith(want.reason), `${label}: ${t.id} reason ${got?.reason}`).toBe(true);
  }
  // Branches are deleted exactly for merged tasks, main holds exactly the merged tasks.
  expect([...world.deletedBranches].sort(), label).toEqual(done);
  const head = world.commits.get(world.mainHistory[world.mainHistory.length - 1] ?? "root");
  expect([...(head?.contents ?? [])].sort(), label).toEqual(done);
  for (const id of done) {
    const merge = world.tasks.get(id)?.merge_commit ?? "";
    expect(world.commits.get(merge)?.task, `${label}: merge commit of ${id}`).toBe(id);
  }
  expect([...summary.merged].sort(), label).toEqual(done);
  expect(summary.validations, label).toBe(world.validations);
}

async function run(s: Scenario): Promise<{ world: ModelWorld; summary: RefineryPassResult }> {
  const world = createModel(s);
  const summary = await runRefinery(world.deps);
  checkInvariants(s, world, summary);
  return { world, summary };
}

describe("refinery model", () => {
  it("holds every invariant over 250 random scenarios", async () => {
    const seen = new Map<string, number>();
    const count = (what: string): void => void seen.set(what, (seen.get(what) ?? 0) + 1);
    for (let seed = 1; seed <= 250; seed++) {
      const s = generateScenario(seed);
      const { world } = await run(s);
      for (const t of world.tasks.values()) {
        count(t.status);
        if (t.reason?.startsWith("kicked back")) count("blocked after max kickbacks");
        if (t.reason?.startsWith("conflict") && s.tasks.find((x) => x.id === t.id)?.fate !== "conflict") count("conflict on rebuild");
      }
      if (world.mainHistory.some((sha) => world.commits.get(sha)?.foreign === true)) count("main moved");
      if (s.refinery.strategy === "serial") count("serial");
    }
    // The generator reaches every ending and every path, so the invariants were checked on each.
    expect([...seen.keys()].sort()).toEqual(
      ["active", "blocked", "blocked after max kickbacks", "cancelled", "conflict on rebuild", "done", "main moved", "serial"],
    );
  });

  it("merges a clean batch of 16 with one validation run and one push", async () => {
    const { summary } = await run(batchScenario(16, []));
    expect(summary).toMatchObject({ validations: 1, pushes: 1 });
    expect(summary.merged).toHaveLength(16);
  });

  it("finds both culprits among 16 within 10 runs wherever they sit", async () => {
    const runs: number[] = [];
    for (let a = 0; a < 16; a++) {
      for (let b = a + 1; b < 16; b++) {
        const { summary, world } = await run(batchScenario(16, [a, b]));
        expect(summary.merged).toHaveLength(14);
        const kicked = summary.decisions.map((d) => d.id).sort();
        expect(kicked).toEqual([...world.bad].sort());
        runs.push(summary.validations);
      }
    }
    expect(runs).toHaveLength(120);
    expect(Math.max(...runs)).toBeLessThanOrEqual(10);
  });

  it("validates one task at a time with the serial strategy", async () => {
    const { summary } = await run(batchScenario(16, [3], "serial"));
    expect(summary).toMatchObject({ validations: 16, pushes: 15 });
  });
});
