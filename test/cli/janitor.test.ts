// The janitor against real processes: a SIGKILLed `polecat run` has its task back in `active` without the
// crash counted as a failure, while a live worker's task is left alone. Runs the built CLI (npm test builds first).
import { execa, type ResultPromise } from "execa";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { janitorLines } from "../../src/cli/commands/janitor.js";
import { runCli, script, workerFixture, type WorkerFixture } from "../runtime/worker/helpers.js";
import { eventually } from "../helpers/eventually.js";

const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");

describe("polecat janitor", () => {
  let f: WorkerFixture | undefined;
  const children: ResultPromise[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill("SIGKILL");
    await f?.cleanup();
    f = undefined;
  });

  it("returns a killed worker's task to active without counting the crash, and spares a live worker's", async () => {
    const w = (f = await workerFixture({
      tasks: [
        { id: "killed", title: "Killed", description: script("print working", "sleep 4") },
        { id: "alive", title: "Alive", description: script("print working", "sleep 6", "write a.txt a", "commit a") },
      ],
      spec: { limits: { max_attempts: 3, lease: "1500ms", backoff: "1ms" } },
    }));
    const worker = (task: string): ResultPromise => {
      const child = execa(process.execPath, [CLI, "--home", w.home, "run", "-t", task], { cwd: w.dir, env: w.env, extendEnv: false, reject: false });
      children.push(child);
      return child;
    };
    const doomed = worker("killed");
    const live = worker("alive");
    const running = async (id: string): Promise<boolean> => (await w.store.events({ task_id: id })).some((e) => e.event === "slot.stage");
    expect(await eventually(async () => (await running("killed")) && (await running("alive")))).toBe(true);

    doomed.kill("SIGKILL");
    await doomed;
    // Past the dead worker's lease; the live one keeps renewing its own.
    await new Promise((r) => setTimeout(r, 2_500));
    const r = await runCli(w.dir, w.env, ["--home", w.home, "janitor"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("reaped lease of killed (its process is gone; not counted as a failure) → active");
    expect(r.out).not.toContain("alive");

    expect(await w.task("killed")).toMatchObject({ status: "active", attempt: 1, failures: 0 });
    expect((await w.task("alive")).status).toBe("in_progress");
    const result = await live;
    expect(result.exitCode).toBe(0);
    expect((await w.task("alive")).status).toBe("merge_ready");
  });

  it("--dry-run reports without changing anything, and says when there is nothing to clean", async () => {
    const w = (f = await workerFixture({ tasks: [{ id: "t1", title: "One" }], spec: { limits: { max_attempts: 3, lease: "50ms", backoff: "1ms" } } }));
    await w.store.claim({ project: "demo", workerType: "scripted", owner: "gone:1:x", leaseMs: 50, capacity: { scripted: 4 } });
    await new Promise((r) => setTimeout(r, 150));
    const dry = await runCli(w.dir, w.env, ["--home", w.home, "janitor", "--dry-run"]);
    expect(dry.out).toContain("would reap expired lease of t1");
    expect((await w.task("t1")).status).toBe("in_progress");
    await runCli(w.dir, w.env, ["--home", w.home, "janitor"]);
    expect((await w.task("t1")).status).toBe("active");
    expect((await runCli(w.dir, w.env, ["--home", w.home, "janitor"])).out).toContain("nothing to clean");
  });

  it("words every kind of cleanup", () => {
    const lines = janitorLines({
      dry_run: false,
      reaped: [
        { id: "a", status: "active", cause: "lease_expired" },
        { id: "e", status: "active", cause: "owner_dead" },
      ],
      stalled: [{ project: "p", id: "b", action: "reset", in_progress_ms: 5 * 3_600_000 }],
      worktrees: [{ name: "c", path: "/w/c", reason: "orphan" }],
      branches: ["polecat/d"],
      locks: ["/h/locks/git-p.lock"],
    });
    expect(lines).toEqual([
      "reaped expired lease of a → active",
      "reaped lease of e (its process is gone; not counted as a failure) → active",
      "reset stalled b (in progress 5h)",
      "pruned worktree c (orphan)",
      "deleted merged branch polecat/d",
      "removed dead lock /h/locks/git-p.lock",
      "6 cleaned",
    ]);
  });
});
