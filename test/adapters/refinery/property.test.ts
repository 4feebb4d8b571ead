// The refinery property test on REAL git: the core's seeded scenarios (test/core/refinery/scenarios.ts)
// become real branches on a real origin, real validation (fixtures/validate.mjs, which records every tree
// it validated) and the scripted agent as engineer. The pure model test runs 250 scenarios exhaustively;
// this one runs as many as fit in about a minute on a 2-core machine (SCENARIOS below).
//
// One deliberate difference: `after` (a branch built on another branch) is dropped. A squash merge keeps
// no ancestry, so on real git a stacked branch conflicts once its base task has merged, the reverse of
// the model's rule; the model test covers that path.
import { appendFile, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runRefinery } from "../../../src/runtime/refinery/pass.js";
import { sampleValue } from "../../../src/core/refinery/review.js";
import type { TaskStatus } from "../../../src/core/status.js";
import { rng, generateScenario, type AnswerKind, type Scenario, type ScenarioTask } from "../../runtime/refinery/scenarios.js";
import { tempDir } from "../../helpers/git.js";
import { createHarness, type Harness, type ReviewScript } from "./harness.js";
import { VALIDATE } from "./helpers.js";

/** Scenarios run here (seeds 1..SCENARIOS): about a minute on 2 cores, next to the rest of the suite. */
const SCENARIOS = 12;

const REVIEW: Record<AnswerKind, ReviewScript> = {
  approve: "approve",
  request_changes: "request_changes add a test for the empty case",
  reject: "reject duplicates existing behaviour",
  none: "none",
  malformed: "malformed",
};

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

/** Where each task must end, and how its reason starts (restated from the issue, not from the core). */
function expected(t: ScenarioTask, s: Scenario): { status: TaskStatus; reason?: string } {
  const kick = (why: string): { status: TaskStatus; reason: string } =>
    t.kickbacks + 1 > s.refinery.max_kickbacks ? { status: "blocked", reason: `kicked back ${t.kickbacks + 1} times; last: ${why}` } : { status: "active", reason: why };
  if (needsReview(t, s)) {
    if (t.answer === "none" || t.answer === "malformed") return { status: "blocked", reason: "review gave no valid answer: " };
    if (t.answer === "reject") return { status: "cancelled", reason: "review rejected: " };
    if (t.answer === "request_changes") return kick("review requested changes: ");
  }
  if (t.fate === "conflict") return kick("conflict: CHANGELOG.md");
  if (t.fate === "bad") return kick("validation failed");
  return { status: "done" };
}

describe("refinery property on real git", () => {
  let h: Harness | undefined;
  let records: string | undefined;
  afterEach(async () => {
    await h?.cleanup();
    if (records !== undefined) await rm(records, { recursive: true, force: true });
  });

  const seeds = Array.from({ length: SCENARIOS }, (_, i) => i + 1);

  it("the seeds reach every ending, a moving main and the serial strategy", () => {
    const seen = new Set<string>();
    for (const seed of seeds) {
      const s = generateScenario(seed);
      for (const t of s.tasks) {
        const want = expected(t, s);
        seen.add(want.reason?.startsWith("kicked back") === true ? "blocked after max kickbacks" : want.status);
      }
      if (s.foreignPushes > 0) seen.add("main moved");
      if (s.refinery.strategy === "serial") seen.add("serial");
    }
    expect([...seen].sort()).toEqual(["active", "blocked", "blocked after max kickbacks", "cancelled", "done", "main moved", "serial"]);
  });

  it.each(seeds)("scenario seed %i: main only ever moves to validated trees; every task ends with a reason", { timeout: 300_000 }, async (seed) => {
    const s = generateScenario(seed);
    const tasks = s.tasks.map(({ after: _after, ...t }) => t);
    records = await tempDir("polecat-validated-");
    const recordFile = join(records, "trees");
    await appendFile(recordFile, "");
    h = await createHarness({ refinery: { ...s.refinery, validate: VALIDATE }, env: { VALIDATE_RECORD: recordFile } });
    const { o } = h.repo;
    const git = (...args: string[]) => o.git(args, o.origin);
    await h.queue(
      tasks.map((t) => ({
        id: t.id,
        files: {
          [t.files[0] ?? `src/${t.id}.ts`]: `export const id = "${t.id}";\n`,
          ...(t.fate === "bad" ? { [`BAD-${t.id}`]: "breaks the tests\n" } : {}),
          ...(t.fate === "conflict" ? { "CHANGELOG.md": `one\n${t.id}\nthree\n` } : {}),
        },
        complexity: t.complexity,
        tags: t.tags,
        priority: t.priority,
        review: REVIEW[t.answer],
        status: t.status,
        kickbacks: t.kickbacks,
      })),
    );
    // Main moves after the branches forked, so every `conflict` branch conflicts wherever it lands.
    await git("config", "core.logAllRefUpdates", "always");
    await o.commit({ "CHANGELOG.md": "one\nmain\nthree\n" }, { message: "main moves" });
    const start = (await o.sha()) ?? "";

    // Someone else pushes clean commits to main right before some refinery pushes, as in the model.
    const r = rng(seed + 1);
    let foreignLeft = s.foreignPushes;
    const foreign = new Set<string>();
    const real = h.deps.git;
    const deps = {
      ...h.deps,
      git: {
        ...h.deps.git,
        async push(base: string, head: string) {
          if (foreignLeft > 0 && r() < 0.5) {
            foreignLeft -= 1;
            foreign.add(await o.commit({ [`foreign-${foreignLeft}.txt`]: "someone else\n" }, { message: "foreign push" }));
          }
          return real.push(base, head);
        },
      },
    };
    await runRefinery(deps);

    // Every commit main pointed to since the start (origin's reflog) is on main's first-parent line, and
    // each one not pushed by someone else has a tree that the validate script saw pass.
    const reflog = (await git("reflog", "show", "--format=%H", "refs/heads/main")).split("\n");
    const moves = reflog.slice(0, reflog.indexOf(start));
    const firstParent = new Set((await git("log", "--first-parent", "--format=%H", "main")).split("\n"));
    const verdicts = new Map<string, Set<string>>();
    for (const line of (await readFile(recordFile, "utf8")).split("\n").filter(Boolean)) {
      const [tree = "", verdict = ""] = line.split(" ");
      verdicts.set(tree, (verdicts.get(tree) ?? new Set()).add(verdict));
    }
    for (const sha of moves) {
      expect(firstParent.has(sha), `seed ${seed}: ${sha} not on main's first-parent history`).toBe(true);
      if (foreign.has(sha)) continue;
      const tree = await git("rev-parse", `${sha}^{tree}`);
      expect([...(verdicts.get(tree) ?? [])], `seed ${seed}: main moved to ${sha}, tree ${tree}`).toEqual(["pass"]);
    }
    expect(moves[0] ?? start).toBe(await o.sha());

    // Every task ended where the rules say, with a reason unless merged; only merged tasks lost their branch.
    const mainFiles = new Set((await git("ls-tree", "-r", "--name-only", "main")).split("\n"));
    for (const t of tasks) {
      const want = expected(t, s);
      const got = await h.task(t.id);
      expect({ id: t.id, status: got.status }, `seed ${seed}`).toEqual({ id: t.id, status: want.status });
      if (want.reason !== undefined) expect(got.reason?.startsWith(want.reason), `seed ${seed}: ${t.id}: ${got.reason}`).toBe(true);
      const done = got.status === "done";
      expect(await o.sha(`polecat/${t.id}`) === undefined, `seed ${seed}: branch of ${t.id} (${got.status})`).toBe(done);
      expect(mainFiles.has(t.files[0] ?? ""), `seed ${seed}: ${t.id} on main`).toBe(done);
      if (done) {
        expect(firstParent.has(got.merge_commit ?? ""), `seed ${seed}: merge commit of ${t.id}`).toBe(true);
        expect(await git("log", "-1", "--format=%(trailers:key=Polecat-Task,valueonly)", got.merge_commit ?? "")).toBe(t.id);
      }
    }
  });
});
