import { describe, expect, it } from "vitest";
import { runRefinery } from "../../../src/runtime/refinery/pass.js";
import { revertPlan } from "../../../src/core/refinery/revert-plan.js";
import { revertTask } from "../../../src/runtime/refinery/revert.js";
import { createModel } from "./model.js";
import { batchScenario } from "./scenarios.js";

async function merged(passes?: (contents: ReadonlySet<string>) => boolean) {
  const s = batchScenario(3, []);
  const world = createModel(s, passes);
  await runRefinery(world.deps);
  return { s, world };
}

describe("revert", () => {
  it("validates the revert, pushes exactly it, and reopens the task with the reason", async () => {
    const { world } = await merged();
    const merge = world.tasks.get("t01")?.merge_commit;
    const result = await revertTask(world.deps, "t01", "broke the nightly export");
    expect(result.ok).toBe(true);
    const head = world.mainHistory.at(-1) ?? "";
    expect(result).toEqual({ ok: true, head });
    expect(world.validated.get(head)).toBe(true);
    expect([...(world.commits.get(head)?.contents ?? [])].sort()).toEqual(["t00", "t02"]);
    expect(world.tasks.get("t01")).toMatchObject({ status: "active", reason: `reverted ${merge}: broke the nightly export` });
    expect(world.tasks.get("t01")?.notes.at(-1)).toMatchObject({ kind: "revert", author: "refinery" });
  });

  it("pushes nothing and keeps the task done when the reverted tree fails validation", async () => {
    let reverting = false;
    const { world } = await merged((contents) => !reverting || contents.has("t01"));
    reverting = true;
    const before = [...world.mainHistory];
    const result = await revertTask(world.deps, "t01", undefined);
    expect(result.ok).toBe(false);
    expect(world.mainHistory).toEqual(before);
    expect(world.tasks.get("t01")?.status).toBe("done");
  });

  it.each([
    { name: "an unknown task", id: "nope", code: "E_NOT_FOUND" },
    { name: "a task that is not merged", id: "t01", code: "E_USAGE" },
  ])("refuses $name", async ({ id, code }) => {
    const world = createModel(batchScenario(3, []));
    await expect(revertTask(world.deps, id, "x")).rejects.toMatchObject({ code });
  });

  it("words the revert commit after the task and the reason", async () => {
    const { world } = await merged();
    const task = world.tasks.get("t02");
    if (task === undefined) throw new Error("no task");
    const plan = revertPlan(task, "  ");
    expect(plan.commit).toBe(task.merge_commit);
    expect(plan.message).toBe(`Revert "task t02" (t02)\n\nThis reverts commit ${task.merge_commit}.\n\nno reason given\n\nPolecat-Revert: t02\n`);
    expect(plan.reopen).toMatchObject({ to: "active", kickback: false });
  });
});
