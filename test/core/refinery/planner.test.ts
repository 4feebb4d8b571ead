import { describe, expect, it } from "vitest";
import { isPolecatError } from "../../../src/core/errors.js";
import { advance, batchPolicy, startPlan, type PlanResult, type PlanState, type PlanStep } from "../../../src/core/refinery/planner.js";

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `t${i}`);

/**
 * Drives a plan against trees that pass iff they hold no bad task; main's contents are tracked per
 * head so every validate step is checked against what it would really build.
 */
function drive(n: number, bad: ReadonlySet<string>, strategy: "batch" | "serial" = "batch") {
  const contents = new Map<string, string[]>([["h0", []]]);
  const steps: PlanStep[] = [];
  let state = startPlan("h0", ids(n), strategy);
  let tree: string[] = [];
  while (state.next.kind !== "done") {
    const step = state.next;
    steps.push(step);
    if (step.kind === "validate") {
      tree = [...(contents.get(step.base) ?? []), ...step.ids];
      state = advance(state, { kind: "validated", pass: !tree.some((id) => bad.has(id)), log: `ran ${tree.join(" ")}` });
    } else if (step.kind === "merge") {
      const head = `h${contents.size}`;
      contents.set(head, tree);
      state = advance(state, { kind: "pushed", head });
    } else {
      state = advance(state, { kind: "kicked" });
    }
  }
  return { done: state.next, steps };
}

const culpritsOf = (step: PlanStep): string[] => (step.kind === "done" ? step.kicked.map((k) => k.id).sort() : []);

describe("batch + bisect planner", () => {
  it("validates a clean batch once and merges it whole", () => {
    const { done, steps } = drive(16, new Set());
    expect(steps).toEqual([
      { kind: "validate", base: "h0", ids: ids(16) },
      { kind: "merge", base: "h0", ids: ids(16) },
    ]);
    expect(done).toEqual({ kind: "done", merged: ids(16), kicked: [], runs: 1 });
  });

  it("always merges exactly the ids and base it just validated, and only after a pass", () => {
    for (const bad of [["t0"], ["t5", "t6"], ["t2", "t9", "t13"], ids(16)]) {
      const { steps } = drive(16, new Set(bad));
      steps.forEach((step, i) => {
        if (step.kind !== "merge") return;
        expect(steps[i - 1]).toEqual({ kind: "validate", base: step.base, ids: step.ids });
      });
    }
  });

  it.each([
    { n: 16, bad: [], maxRuns: 1 },
    { n: 16, bad: ["t0"], maxRuns: 9 },
    { n: 16, bad: ["t15"], maxRuns: 9 },
    { n: 16, bad: ["t3", "t11"], maxRuns: 10 },
    { n: 16, bad: ["t0", "t1"], maxRuns: 10 },
    { n: 16, bad: ["t14", "t15"], maxRuns: 10 },
    { n: 16, bad: ["t1", "t7", "t12"], maxRuns: 16 },
    { n: 1, bad: ["t0"], maxRuns: 1 },
    { n: 2, bad: ["t0", "t1"], maxRuns: 3 },
    // Every task a culprit: still found, at under three runs per task (a batch of 5 halves, to keep one culprit within 5 runs).
    { n: 5, bad: ids(5), maxRuns: 13 },
  ])("finds exactly the culprits $bad among $n", ({ n, bad, maxRuns }) => {
    const { done } = drive(n, new Set(bad));
    expect(culpritsOf(done)).toEqual([...bad].sort());
    expect(done.kind === "done" && done.merged.length).toBe(n - bad.length);
    expect(done.kind === "done" && done.runs).toBeLessThanOrEqual(maxRuns);
  });

  it("keeps every placement of one or two culprits in 16 within 9 and 10 runs", () => {
    let worst1 = 0;
    let worst2 = 0;
    for (let a = 0; a < 16; a++) {
      const one = drive(16, new Set([`t${a}`])).done;
      worst1 = Math.max(worst1, one.kind === "done" ? one.runs : Infinity);
      for (let b = a + 1; b < 16; b++) {
        const two = drive(16, new Set([`t${a}`, `t${b}`])).done;
        expect(culpritsOf(two)).toEqual([`t${a}`, `t${b}`].sort());
        worst2 = Math.max(worst2, two.kind === "done" ? two.runs : Infinity);
      }
    }
    expect({ worst1, worst2 }).toEqual({ worst1: 9, worst2: 10 });
  });

  it("never costs a small batch more validation runs than one at a time, wherever its one culprit is", () => {
    const runs = (n: number, bad: string[], strategy: "batch" | "serial" = "batch"): number => {
      const { done } = drive(n, new Set(bad), strategy);
      expect(culpritsOf(done)).toEqual(bad);
      return done.kind === "done" ? done.runs : Infinity;
    };
    const table: Record<number, { clean: number; worst: number; serial: number }> = {};
    for (let n = 2; n <= 8; n++) {
      const serial = runs(n, [], "serial");
      let worst = 0;
      for (let c = 0; c < n; c++) {
        const batch = runs(n, [`t${c}`]);
        expect(batch, `batch of ${n}, culprit t${c}`).toBeLessThanOrEqual(runs(n, [`t${c}`], "serial"));
        worst = Math.max(worst, batch);
      }
      table[n] = { clean: runs(n, []), worst, serial };
    }
    // A clean batch still costs one run from 4 on (two below); 4 with one culprit now takes 4, not 5.
    expect(table).toEqual({
      2: { clean: 2, worst: 2, serial: 2 },
      3: { clean: 2, worst: 3, serial: 3 },
      4: { clean: 1, worst: 4, serial: 4 },
      5: { clean: 1, worst: 5, serial: 5 },
      6: { clean: 1, worst: 6, serial: 6 },
      7: { clean: 1, worst: 7, serial: 7 },
      8: { clean: 1, worst: 7, serial: 8 },
    });
  });

  it("picks the policy by batch size: the whole batch first with two-culprit split points when that fits, halving or a shorter first prefix when not", () => {
    expect([2, 3, 4, 5, 6, 16].map((n) => [n, batchPolicy(n)])).toEqual([
      [2, { first: 1, planned: 2 }],
      [3, { first: 2, planned: 1 }],
      [4, { first: 4, planned: 1 }],
      [5, { first: 5, planned: 1 }],
      [6, { first: 6, planned: 2 }],
      [16, { first: 16, planned: 2 }],
    ]);
  });

  it("kicks a culprit with the tail of the log of the run that convicted it", () => {
    const { done } = drive(4, new Set(["t2"]));
    expect(done.kind === "done" && done.kicked).toEqual([
      { id: "t2", reason: { kind: "validation failed", log: "ran t0 t1 t2" } },
    ]);
  });

  it("validates one task at a time with the serial strategy", () => {
    const { done, steps } = drive(4, new Set(["t1"]), "serial");
    expect(steps.filter((s) => s.kind === "validate").map((s) => s.kind === "validate" && s.ids)).toEqual([["t0"], ["t1"], ["t2"], ["t3"]]);
    expect(done).toMatchObject({ merged: ["t0", "t2", "t3"], runs: 4 });
  });

  it("kicks a task that conflicts at once and goes on without it", () => {
    let state: PlanState = startPlan("h0", ["a", "b", "c"], "batch");
    state = advance(state, { kind: "conflict", id: "b", files: ["x.ts"] });
    expect(state.next).toEqual({ kind: "kick", id: "b", reason: { kind: "conflict", files: ["x.ts"], base: { branch: "main", commit: "h0", after: ["a"] } } });
    state = advance(state, { kind: "kicked" });
    expect(state.next).toEqual({ kind: "validate", base: "h0", ids: ["a", "c"] });
    expect(state.runs).toBe(0);
  });

  it("drops what it knew about failing prefixes when a rebuild conflicts", () => {
    let state: PlanState = startPlan("h0", ["a", "b", "c", "d"], "batch");
    state = advance(state, { kind: "validated", pass: false, log: "boom" });
    const probe = state.next;
    expect(probe.kind === "validate" && probe.ids.length).toBeLessThan(4);
    state = advance(state, { kind: "conflict", id: "a", files: [] });
    state = advance(state, { kind: "kicked" });
    expect(state.knownFail).toBe(0);
    expect(state.next).toEqual({ kind: "validate", base: "h0", ids: ["b", "c", "d"] });
  });

  it("rebuilds and revalidates on the new head when main moved before the push", () => {
    let state: PlanState = startPlan("h0", ["a", "b", "c", "d"], "batch");
    state = advance(state, { kind: "validated", pass: true, log: "" });
    expect(state.next).toEqual({ kind: "merge", base: "h0", ids: ["a", "b", "c", "d"] });
    state = advance(state, { kind: "moved", head: "h9" });
    expect(state.next).toEqual({ kind: "validate", base: "h9", ids: ["a", "b", "c", "d"] });
    expect(state.runs).toBe(1);
  });

  it("forgets which prefix failed when main moved, since it failed on the old head", () => {
    let state: PlanState = startPlan("h0", ids(4), "batch");
    state = advance(state, { kind: "validated", pass: false, log: "" }); // all 4 fail on h0
    state = advance(state, { kind: "validated", pass: true, log: "" }); // a prefix passes
    state = advance(state, { kind: "moved", head: "h9" });
    expect(state.knownFail).toBe(0);
    expect(state.next).toMatchObject({ kind: "validate", base: "h9" });
  });

  it("ends at once with nothing to merge", () => {
    expect(startPlan("h0", [], "batch").next).toEqual({ kind: "done", merged: [], kicked: [], runs: 0 });
  });

  it.each<{ name: string; result: PlanResult }>([
    { name: "a push result for a validate step", result: { kind: "pushed", head: "h1" } },
    { name: "a conflict naming a task not in the step", result: { kind: "conflict", id: "zz", files: [] } },
    { name: "a kick acknowledgement for a validate step", result: { kind: "kicked" } },
  ])("rejects $name", ({ result }) => {
    let error: unknown;
    try {
      advance(startPlan("h0", ["a"], "batch"), result);
    } catch (e) {
      error = e;
    }
    expect(isPolecatError(error, "E_USAGE")).toBe(true);
  });
});
