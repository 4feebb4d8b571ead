// `polecat worktree list|status|remove|prune` on real worktrees left by real runs.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWorktree } from "../../src/adapters/git/index.js";
import { gitIn, gitTry } from "../helpers/git.js";
import { runCli, script, useWorkerFixture, type WorkerFixture } from "../runtime/worker/helpers.js";
import { eventually } from "../helpers/eventually.js";

describe("polecat worktree", () => {
  const fixture = useWorkerFixture();
  async function setup(ids: string[]) {
    const tasks = ids.map((id) => ({ id, title: `Task ${id}`, description: script(`write ${id}.txt wip`, "fail 1") }));
    const w = await fixture({ tasks, spec: { limits: { max_attempts: 3, backoff: "1ms" } } });
    const cli = (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, ...args]);
    // Each run fails its one attempt, which keeps the worktree for inspection.
    for (const id of ids) expect((await cli("run", "-t", id)).code).toBe(1);
    return { w, cli };
  }
  const registered = async (w: WorkerFixture): Promise<string> =>
    gitIn(w.git.layout.mirror("demo"), ["worktree", "list", "--porcelain"], w.env);

  it("list shows each worktree with its branch, head and task status", async () => {
    const { cli } = await setup(["a1", "b2"]);
    const r = await cli("worktree", "list");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +KIND +BRANCH +HEAD +TASK STATUS +STATE$/);
    expect(lines[1]).toMatch(/^a1@1 +task +polecat\/a1 +[0-9a-f]{12} +active +ok$/);
    expect(lines[2]).toMatch(/^b2@1 +task +polecat\/b2 +[0-9a-f]{12} +active +ok$/);
  });

  it("status shows ahead/behind origin and the dirty files", async () => {
    const { w, cli } = await setup(["a1"]);
    await w.o.commit({ "moved.txt": "x\n" });
    await cli("sync");
    const r = await cli("worktree", "status", "a1");
    expect(r.code).toBe(0);
    expect(r.out).toContain("branch: polecat/a1 at ");
    expect(r.out).toContain("origin/main: 0 ahead, 1 behind");
    expect(r.out).toContain("dirty: a1.txt");
  });

  it("remove takes directory and registration away and handles the branch as asked", async () => {
    const { w, cli } = await setup(["a1", "b2"]);
    const mirror = w.git.layout.mirror("demo");
    const kept = await cli("worktree", "remove", "a1");
    expect(kept.out).toContain("branch kept");
    expect(existsSync(w.git.layout.worktree("demo", "a1", 1))).toBe(false);
    expect(await registered(w)).not.toContain("/a1@1\n");
    expect((await gitTry(mirror, ["rev-parse", "--verify", "refs/heads/polecat/a1"], w.env)).code).toBe(0);

    const deleted = await cli("worktree", "remove", "b2", "--delete-branch");
    expect(deleted.code).toBe(0);
    expect((await gitTry(mirror, ["rev-parse", "--verify", "refs/heads/polecat/b2"], w.env)).code).not.toBe(0);
  });

  it("remove refuses a task that is in progress unless forced", async () => {
    const { w, cli } = await setup(["a1"]);
    await claim(w, "a1");
    const path = w.git.layout.worktree("demo", "a1", 1);
    const r = await cli("worktree", "remove", "a1");
    expect(r.code).toBe(1);
    expect(r.err).toContain("task a1 is in progress");
    expect(existsSync(path)).toBe(true);
    expect((await cli("worktree", "remove", "a1", "--force")).code).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it("prune removes finished tasks' worktrees and branches and orphans, keeping live ones", async () => {
    const { w, cli } = await setup(["live", "gone", "done1"]);
    const mirror = w.git.layout.mirror("demo");
    await w.store.transition({ project: "demo", id: "gone", from: "active", to: "cancelled", patch: { reason: "not needed" } });
    await markDone(w, "done1");
    await mkdir(join(w.git.layout.worktrees("demo"), "stray"), { recursive: true });
    await writeFile(join(w.git.layout.worktrees("demo"), "stray", "junk.txt"), "x");

    const r = await cli("worktree", "prune");
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter((l) => l.startsWith("pruned ")).sort()).toEqual([
      "pruned 3 worktrees",
      "pruned done1 (finished)",
      "pruned gone@1 (finished)",
      "pruned stray (orphan)",
    ]);
    for (const name of ["gone@1", "done1", "stray"]) expect(existsSync(join(w.git.layout.worktrees("demo"), name))).toBe(false);
    const left = await registered(w);
    expect(left).not.toMatch(/\/(gone@1|done1)\n/);
    expect(left).toMatch(/\/live@1\n/);
    expect((await gitTry(mirror, ["rev-parse", "--verify", "refs/heads/polecat/gone"], w.env)).code).not.toBe(0);
    expect(existsSync(join(w.git.layout.worktree("demo", "live", 1), "live.txt"))).toBe(true);
    expect((await cli("worktree", "prune")).out).toBe("nothing to prune\n");
  });
});

// Claims a task as another worker would, once its 1ms back-off has passed.
async function claim(w: WorkerFixture, id: string): Promise<{ project: string; id: string; attempt: number; owner: string }> {
  let attempt: number | undefined;
  const ok = await eventually(async () => {
    const c = await w.store.claim({ project: "demo", workerType: "scripted", owner: "me", taskId: id, leaseMs: 60_000, capacity: {} });
    attempt = c?.lease.attempt;
    return c !== undefined;
  });
  if (!ok || attempt === undefined) throw new Error(`cannot claim ${id}`);
  return { project: "demo", id, attempt, owner: "me" };
}

// Takes a task through claim → merge_ready → done with a worktree in place, as the refinery would leave it.
async function markDone(w: WorkerFixture, id: string): Promise<void> {
  const lease = await claim(w, id);
  await createWorktree(w.git, { project: "demo", taskId: id, base: "main" });
  await w.store.transition({ project: "demo", id, from: "in_progress", to: "merge_ready", lease });
  await w.store.transition({ project: "demo", id, from: "merge_ready", to: "done" });
}
