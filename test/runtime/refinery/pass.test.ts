import { describe, expect, it } from "vitest";
import { runRefinery } from "../../../src/runtime/refinery/pass.js";
import { createModel } from "./model.js";
import { batchScenario, type Scenario, type ScenarioTask } from "./scenarios.js";

/** Three tasks: a mechanical one, one whose complexity needs review, one touching an auth path. */
function reviewScenario(answer: ScenarioTask["answer"]): Scenario {
  const s = batchScenario(3, []);
  const [plain, judged, auth] = s.tasks;
  if (plain === undefined || judged === undefined || auth === undefined) throw new Error("scenario");
  judged.complexity = "requires-judgment";
  judged.answer = answer;
  auth.files = ["src/auth/session.ts"];
  auth.answer = "approve";
  return s;
}

describe("runRefinery", () => {
  it("records the routing rule of every merge_ready task", async () => {
    const world = createModel(reviewScenario("approve"));
    await runRefinery(world.deps);
    const routes = world.events.filter((e) => e.event === "refinery.route").map((e) => `${e.task_id} ${e.message}`);
    expect(routes).toHaveLength(3);
    expect(routes[0]).toMatch(/^t00 no review: mechanical, not sampled \(/);
    expect(routes.slice(1)).toEqual(["t01 review: complexity requires-judgment", "t02 review: path src/auth/** matched src/auth/session.ts"]);
    expect(world.tasks.get("t01")?.notes.map((n) => n.text)).toEqual([
      "sent to review: complexity requires-judgment",
      "approved: looks right",
      `merged as ${world.tasks.get("t01")?.merge_commit}`,
    ]);
  });

  it("logs each review run under the reviewing worker type and signs its answer with it", async () => {
    const world = createModel(reviewScenario("approve"));
    world.deps.reviewer = "gemini";
    await runRefinery(world.deps);
    const reviews = world.events.filter((e) => e.event === "refinery.review");
    expect(reviews.map((e) => [e.task_id, e.message, e.data?.worker_type, e.data?.decision])).toEqual([
      ["t01", "gemini: approve", "gemini", "approve"],
      ["t02", "gemini: approve", "gemini", "approve"],
    ]);
    expect(world.tasks.get("t01")?.notes.map((n) => `${n.author}: ${n.text.split(":")[0]}`)).toEqual(["refinery: sent to review", "gemini: approved", `refinery: merged as ${world.tasks.get("t01")?.merge_commit ?? ""}`]);
  });

  it("routes work that became merge_ready while the run was going before it can join a batch", async () => {
    const world = createModel(reviewScenario("approve"));
    const judged = world.tasks.get("t01");
    if (judged === undefined) throw new Error("scenario");
    world.tasks.set("t01", { ...judged, status: "in_progress" });
    // A swarm finishes t01 just after the review pass listed the queue.
    const list = world.deps.store.list;
    let calls = 0;
    world.deps.store.list = async (filter) => {
      const listed = await list(filter);
      if (++calls === 1) world.tasks.set("t01", { ...judged, status: "merge_ready" });
      return listed;
    };
    const summary = await runRefinery(world.deps);
    expect(summary.merged.sort()).toEqual(["t00", "t01", "t02"]);
    expect(world.tasks.get("t01")?.notes.map((n) => n.text.split(":")[0])).toEqual(["sent to review", "approved", "merged as c3"]);
  });

  it.each([
    { answer: "approve", status: "done", reason: undefined, kickbacks: 0 },
    { answer: "request_changes", status: "active", reason: "review requested changes: add a test for the empty case", kickbacks: 1 },
    { answer: "reject", status: "cancelled", reason: "review rejected: duplicates existing behaviour", kickbacks: 0 },
    { answer: "none", status: "blocked", reason: "review gave no valid answer: the reviewer wrote no answer file", kickbacks: 0 },
    { answer: "malformed", status: "blocked", reason: "review gave no valid answer: the answer is not JSON: ", kickbacks: 0 },
  ] as const)("carries out a review that answers $answer", async ({ answer, status, reason, kickbacks }) => {
    const world = createModel(reviewScenario(answer));
    const summary = await runRefinery(world.deps);
    const t = world.tasks.get("t01");
    // A malformed answer's reason goes on with the JSON parser's own words.
    const stored = answer === "malformed" ? t?.reason?.slice(0, reason?.length) : t?.reason;
    expect({ status: t?.status, reason: stored, kickbacks: t?.kickbacks }).toEqual({ status, reason, kickbacks });
    // The others merge either way; a batch of 2 or 3 is validated in two steps (a first prefix, then the
    // rest), so one culprit in it never costs more runs than one at a time would.
    expect(world.tasks.get("t00")?.status).toBe("done");
    expect(world.tasks.get("t02")?.status).toBe("done");
    expect(summary.validations).toBe(2);
  });

  it("merges in batches of batch_size until the queue is empty", async () => {
    const s = batchScenario(10, [4]);
    s.refinery.batch_size = 4;
    const world = createModel(s);
    const summary = await runRefinery(world.deps);
    expect(summary.merged).toEqual(["t00", "t01", "t02", "t03", "t05", "t06", "t07", "t08", "t09"]);
    expect(summary.decisions.map((d) => [d.id, d.to])).toEqual([["t04", "active"]]);
    expect(summary.decisions[0]?.reason).toMatch(/^validation failed: FAIL t04\n\nValidation output \(whole\):\n\n```\nFAIL t04\n```$/);
    expect(world.events.filter((e) => e.event === "refinery.push").length).toBe(summary.pushes);
  });

  it("does nothing on an empty queue", async () => {
    const world = createModel(batchScenario(0, []));
    expect(await runRefinery(world.deps)).toEqual({ merged: [], decisions: [], validations: 0, pushes: 0 });
    expect(world.mainHistory).toEqual(["root"]);
  });
});
