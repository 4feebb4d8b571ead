// Sixteen slots at once on one mirror, without the mirror lock: worktree add, commit, finish (rebase, push of
// the branch), removal, while the base branch moves and fetches run. Four coalescers stand for four
// processes. Every guarantee the lock gave must hold: no ref update lost (each branch on origin and in the
// mirror at the commit its slot made), no half-registered or leftover worktree, a sound object store.
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commitAll, createWorktree, FetchCoalescer, finishWorktree, initMirror, removeWorktree } from "../../../src/adapters/git/index.js";
import type { GitContext } from "../../../src/adapters/git/run.js";
import { createOrigin, gitIn, polecatGit, type TestOrigin } from "../../helpers/git.js";

const SLOTS = 16;
const TASKS_PER_SLOT = 2;

describe("git steps of 16 slots at once, without the mirror lock", () => {
  let o: TestOrigin;
  let ctx: GitContext;
  let mirror: string;
  beforeEach(async () => {
    o = await createOrigin();
    ctx = polecatGit(o);
    mirror = (await initMirror(ctx, "demo", o.origin)).path;
  });
  afterEach(() => o.cleanup());

  it("loses no ref update and leaves no half-made worktree", { timeout: 240_000 }, async () => {
    const processes = Array.from({ length: 4 }, () => ({ ...ctx, fetches: new FetchCoalescer() }));
    const heads = new Map<string, string>();
    let moving = true;
    // The base branch moves while the slots work, as merges would move it.
    const mover = (async () => {
      for (let i = 0; moving; i++) {
        await o.commit({ [`base-${i}.txt`]: String(i) });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const slot = async (s: number): Promise<void> => {
      const pctx = processes[s % processes.length] ?? ctx;
      for (let k = 0; k < TASKS_PER_SLOT; k++) {
        const taskId = `s${s}-t${k}`;
        const wt = await createWorktree(pctx, { project: "demo", taskId, base: "main" });
        expect(wt.ok).toBe(true);
        await writeFile(join(wt.path, `${taskId}.txt`), `${taskId}\n`);
        await commitAll(pctx, wt.path, `work of ${taskId}`);
        const done = await finishWorktree(pctx, { project: "demo", taskId, base: "main", message: `finish ${taskId}` });
        if (done.kind !== "merge_ready") throw new Error(`${taskId}: ${JSON.stringify(done)}`);
        heads.set(taskId, done.head);
        await removeWorktree(pctx, { project: "demo", taskId, deleteBranch: k === 0 ? "local" : "keep" });
      }
    };
    try {
      await Promise.all(Array.from({ length: SLOTS }, (_, s) => slot(s))).catch((e: unknown) => {
        throw new Error(`${String(e)}: ${JSON.stringify((e as { details?: unknown }).details)}`);
      });
    } finally {
      moving = false;
      await mover;
    }

    expect(heads.size).toBe(SLOTS * TASKS_PER_SLOT);
    // Origin has every branch at exactly the commit its slot pushed.
    const onOrigin = new Map(
      (await gitIn(o.origin, ["for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/polecat"], ctx.env))
        .trim()
        .split("\n")
        .map((l) => l.split(" ") as [string, string]),
    );
    for (const [taskId, head] of heads) expect(onOrigin.get(`polecat/${taskId}`), taskId).toBe(head);
    // The mirror keeps the local branches asked to be kept, at the same commits, and only those.
    const local = (await gitIn(mirror, ["for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/polecat"], ctx.env)).trim().split("\n").sort();
    const kept = [...heads].filter(([id]) => !id.endsWith("-t0")).map(([id, head]) => `polecat/${id} ${head}`).sort();
    expect(local).toEqual(kept);
    // Every commit holds its own file on top of a base commit: nothing half-rebased.
    for (const [taskId, head] of heads) expect(await gitIn(mirror, ["show", "--format=", "--name-only", head], ctx.env)).toBe(`${taskId}.txt`);
    // No worktree registered or left on disk, no registration directory left in the mirror.
    expect((await gitIn(mirror, ["worktree", "list", "--porcelain"], ctx.env)).match(/^worktree /gm)).toHaveLength(1);
    expect(await readdir(join(mirror, "worktrees")).catch(() => [])).toEqual([]);
    expect(await readdir(join(ctx.layout.worktree("demo", "x"), "..")).catch(() => [])).toEqual([]);
    await gitIn(mirror, ["fsck", "--no-progress", "--connectivity-only"], ctx.env);
  });
});
