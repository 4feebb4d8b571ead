// Fault injection, issue 18 item 8: an agent runs `git checkout main` in its worktree. Its work is not lost
// as "no changes": finish brings the worktree back to the task branch with what the agent committed, and
// the result says the agent left the branch.
import { describe, expect, it } from "vitest";
import { runOne } from "../../src/runtime/worker/index.js";
import { useWorkerFixture } from "../runtime/worker/helpers.js";

const STAY = { timeout: "1m", stall_timeout: "1m" };

describe("an agent that checks out main", () => {
  const fixture = useWorkerFixture();
  const agent = (shell: string) => ({ tasks: [{ id: "t1", title: "Add a file" }], worker: { ...STAY, command: ["sh", "-c", shell] } });

  it("after committing on the task branch: the work is merge-ready and the result says it left", async () => {
    const w = await fixture(agent("echo a > a.txt && git add a.txt && git commit -qm 'add a' && git checkout -q main"));
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ kind: "done", result: { kind: "merge_ready", strayed: "the agent left polecat/t1 for main; its work on polecat/t1 is kept" } });
    expect(await w.o.show("polecat/t1", "a.txt")).toBe("a");
    expect((await w.task("t1")).status).toBe("merge_ready");
    const finished = (await w.store.events({ task_id: "t1" })).find((e) => e.event === "slot.finished");
    expect(finished?.data?.strayed).toContain("left polecat/t1 for main");
  });

  it("then committing on main: the commits are taken onto the task branch", async () => {
    const w = await fixture(agent("git checkout -q main && echo b > b.txt && git add b.txt && git commit -qm 'add b'"));
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "merge_ready", strayed: "the agent left polecat/t1 for main; what it committed there is taken onto polecat/t1" } });
    expect(await w.o.show("polecat/t1", "b.txt")).toBe("b");
  });

  it("with nothing done anywhere: blocked, and the reason says it left the branch", async () => {
    const w = await fixture(agent("git checkout -q main"));
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "blocked", reason: "no changes (the agent left polecat/t1 for main)" } });
    expect(await w.task("t1")).toMatchObject({ status: "blocked", reason: "no changes (the agent left polecat/t1 for main)" });
  });
});
