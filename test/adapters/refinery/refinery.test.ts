// The refinery end to end on real parts: real repos, the file store, the validate script and the
// scripted agent as engineer, driven by the core's runRefinery and revertTask.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { runRefinery } from "../../../src/runtime/refinery/pass.js";
import { revertTask } from "../../../src/runtime/refinery/revert.js";
import { createModel } from "../../runtime/refinery/model.js";
import { batchScenario } from "../../runtime/refinery/scenarios.js";
import { createHarness, type Harness } from "./harness.js";

describe("refinery on real git", () => {
  let h: Harness;
  afterEach(() => h.cleanup());

  /** Subjects of main's first-parent history since the setup, oldest first. */
  async function mainSubjects(since: string): Promise<string[]> {
    const out = await h.repo.o.git(["log", "--first-parent", "--reverse", "--format=%s", `${since}..main`], h.repo.o.origin);
    return out === "" ? [] : out.split("\n");
  }

  it("merges a clean batch with one validation run, one commit per task, and cleans up", async () => {
    h = await createHarness();
    const start = (await h.repo.o.sha()) ?? "";
    const ids = ["t1", "t2", "t3", "t4"];
    await h.queue(ids.map((id) => ({ id, files: { [`src/${id}.ts`]: `export const ${id} = 1;\n` } })));
    const summary = await runRefinery(h.deps);
    expect(summary).toMatchObject({ merged: ids, decisions: [], validations: 1, pushes: 1 });
    expect(await mainSubjects(start)).toEqual(ids.map((id) => `Task ${id} (${id})`));
    for (const id of ids) {
      const t = await h.task(id);
      expect(t.status).toBe("done");
      expect(await h.repo.o.git(["log", "-1", "--format=%s", t.merge_commit ?? ""], h.repo.o.origin)).toBe(`Task ${id} (${id})`);
      expect(await h.repo.o.sha(`polecat/${id}`)).toBeUndefined();
    }
  });

  it("bisects a batch of 8 with one bad branch: the other 7 merge, the culprit is kicked back with the log tail", async () => {
    h = await createHarness();
    const start = (await h.repo.o.sha()) ?? "";
    const scenario = batchScenario(8, [5]);
    const ids = scenario.tasks.map((t) => t.id);
    await h.queue(ids.map((id) => ({ id, files: { [`src/${id}.ts`]: "x\n", ...(id === "t05" ? { "BAD-t05": "broken\n" } : {}) } })));
    const summary = await runRefinery(h.deps);
    expect([...summary.merged].sort()).toEqual(ids.filter((id) => id !== "t05"));
    // Real git takes exactly the runs the pure model takes, far fewer than one per task.
    const model = createModel(scenario);
    expect(summary.validations).toBe((await runRefinery(model.deps)).validations);
    expect(summary.validations).toBeLessThan(8);
    const culprit = await h.task("t05");
    expect(culprit).toMatchObject({ status: "active", kickbacks: 1 });
    expect(culprit.reason).toMatch(/^validation failed:\n/);
    expect(culprit.reason).toContain("FAIL: marker files BAD-t05");
    expect(culprit.reason).toContain("validation exited with code 1");
    expect(await h.repo.o.sha("polecat/t05")).toBeDefined();
    expect(await h.repo.o.show("main", "BAD-t05")).toBeUndefined();
    expect((await mainSubjects(start)).length).toBe(7);
  });

  it("kicks a conflicting task back at once, naming the files, and the batch goes on", async () => {
    h = await createHarness();
    await h.queue([
      { id: "a", files: { "a.txt": "a\n" } },
      { id: "clash", files: { "CHANGELOG.md": "one\nclash\nthree\n" } },
      { id: "b", files: { "b.txt": "b\n" } },
    ]);
    await h.repo.o.commit({ "CHANGELOG.md": "one\nmain moved\nthree\n" });
    const summary = await runRefinery(h.deps);
    expect(summary.merged).toEqual(["a", "b"]);
    expect(summary.decisions).toEqual([{ id: "clash", to: "active", reason: "conflict: CHANGELOG.md" }]);
    expect(await h.task("clash")).toMatchObject({ status: "active", kickbacks: 1, reason: "conflict: CHANGELOG.md" });
    expect(await h.repo.o.sha("polecat/clash")).toBeDefined();
  });

  it("blocks a task past max_kickbacks instead of sending it back again", async () => {
    h = await createHarness({ refinery: { max_kickbacks: 1 } });
    await h.queue([{ id: "bad", files: { "BAD-bad": "x\n" }, kickbacks: 1 }]);
    await runRefinery(h.deps);
    const t = await h.task("bad");
    expect(t.status).toBe("blocked");
    expect(t.reason).toMatch(/^kicked back 2 times; last: validation failed/);
  });

  it("runs the engineer on tasks that need review: approve merges, request_changes, reject and no answer do not", async () => {
    h = await createHarness({ mainFiles: { "AXIOMS.md": "Every change has a test.\n", "HEURISTICS.md": "Prefer small functions.\n" } });
    const judged = { complexity: "requires-judgment" as const };
    await h.queue([
      { id: "ok", files: { "src/ok.ts": "ok\n" }, ...judged, review: "approve" },
      { id: "redo", files: { "src/redo.ts": "redo\n" }, ...judged, review: "request_changes add a test for the empty case" },
      { id: "nope", files: { "src/nope.ts": "nope\n" }, ...judged, review: "reject duplicates existing behaviour" },
      { id: "silent", files: { "src/silent.ts": "s\n" }, ...judged, review: "none" },
      { id: "garbled", files: { "src/garbled.ts": "g\n" }, ...judged, review: "malformed" },
      { id: "auth", files: { "src/auth/login.ts": "login\n" }, review: "approve" },
      { id: "plain", files: { "src/plain.ts": "p\n" }, complexity: "mechanical" },
    ]);
    const summary = await runRefinery(h.deps);
    expect([...summary.merged].sort()).toEqual(["auth", "ok", "plain"]);
    expect(await h.task("redo")).toMatchObject({ status: "active", kickbacks: 1, reason: "review requested changes: add a test for the empty case" });
    expect(await h.task("nope")).toMatchObject({ status: "cancelled", reason: "review rejected: duplicates existing behaviour" });
    expect((await h.task("silent")).reason).toBe("review gave no valid answer: the reviewer wrote no answer file");
    expect(await h.task("silent")).toMatchObject({ status: "blocked", kickbacks: 0 });
    expect((await h.task("garbled")).status).toBe("blocked");
    expect((await h.task("garbled")).reason).toMatch(/^review gave no valid answer: the answer is not JSON/);
    for (const id of ["redo", "nope", "silent", "garbled"]) expect(await h.repo.o.sha(`polecat/${id}`), id).toBeDefined();
    // The engineer's prompt: review instructions, the rule that sent it, the diff and the guideline files.
    const prompt = await readFile(h.repo.ctx.layout.prompt("demo", "_review-auth"), "utf8");
    expect(prompt).toContain("Pipeline stage: review");
    expect(prompt).toContain("POLECAT_REVIEW_FILE");
    expect(prompt).toContain("It was sent to review because: path src/auth/** matched src/auth/login.ts.");
    expect(prompt).toContain("+++ b/src/auth/login.ts\n@@ -0,0 +1 @@\n+login");
    expect(prompt).toContain("## Guidelines: AXIOMS.md\n\nEvery change has a test.");
    expect(prompt).toContain("## Guidelines: HEURISTICS.md\n\nPrefer small functions.");
    expect((await h.task("auth")).notes.map((n) => n.text)).toContain("sent to review: path src/auth/** matched src/auth/login.ts");
  });

  it("reverts a merged task through validation and a fast-forward push, and reopens it with the reason", async () => {
    h = await createHarness();
    await h.queue([
      { id: "a", files: { "src/a.ts": "a\n" } },
      { id: "b", files: { "src/b.ts": "b\n" } },
    ]);
    await runRefinery(h.deps);
    const merged = (await h.task("a")).merge_commit ?? "";
    const before = (await h.repo.o.sha()) ?? "";
    const r = await revertTask(h.deps, "a", "breaks the login page");
    expect(r.ok).toBe(true);
    const head = (await h.repo.o.sha()) ?? "";
    expect(r.ok && r.head).toBe(head);
    expect(await h.repo.o.git(["rev-parse", `${head}^`], h.repo.o.origin)).toBe(before);
    expect(await h.repo.o.show("main", "src/a.ts")).toBeUndefined();
    expect(await h.repo.o.show("main", "src/b.ts")).toBe("b");
    expect(await h.repo.o.git(["log", "-1", "--format=%B", head], h.repo.o.origin)).toContain(`This reverts commit ${merged}.`);
    const t = await h.task("a");
    expect(t).toMatchObject({ status: "active", reason: `reverted ${merged}: breaks the login page` });
    expect(t.notes.at(-1)).toMatchObject({ kind: "revert", text: `reverted ${merged}: breaks the login page` });
    const log = await readFile(h.repo.ctx.layout.log("demo", "_refinery"), "utf8");
    expect(log).toContain(`validate ${head}`);
  });
});
