// runOne end to end on real temp repositories: a bare origin, the scripted agent as a real process, a real store.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { listWorktrees, syncMirror } from "../../../src/adapters/git/index.js";
import { openStore } from "../../../src/adapters/open-store.js";
import { runOne, type WorkerEvent } from "../../../src/runtime/worker/index.js";
import { beforeEvent, script, useWorkerFixture } from "./helpers.js";
import { eventually } from "../../helpers/eventually.js";

describe("runOne", () => {
  const fixture = useWorkerFixture();
  const one = (steps: string[], extra: Record<string, unknown> = {}) => [{ id: "t1", title: "Add a greeting", description: script(...steps), ...extra }];

  it("success: the branch is on origin, the task merge_ready with its head, the worktree gone, every step logged", async () => {
    const w = await fixture({ tasks: one(["write greeting.txt hello", "commit add greeting", "write notes.txt left uncommitted"]) });
    const seen: WorkerEvent["kind"][] = [];
    const out = await runOne(w.ctx({ onEvent: (e) => seen.push(e.kind) }), { workerType: "scripted" });

    const head = await w.o.sha("polecat/t1");
    expect(out).toMatchObject({ kind: "done", result: { kind: "merge_ready", branch: "polecat/t1", head } });
    const task = await w.task("t1");
    expect(task).toMatchObject({ status: "merge_ready", branch: "polecat/t1", head_sha: head, failures: 0 });
    expect(task.lease).toBeUndefined();
    expect(await w.o.show("polecat/t1", "greeting.txt")).toBe("hello");
    expect(await w.o.show("polecat/t1", "notes.txt")).toBe("left uncommitted");
    expect(await w.o.log("polecat/t1")).toEqual(["polecat t1: Add a greeting", "add greeting", "initial commit"]);
    expect(existsSync(w.git.layout.worktree("demo", "t1", 1))).toBe(false);
    expect((await listWorktrees(w.git, "demo")).map((e) => e.name)).toEqual([]);
    expect(seen).toEqual(["claimed", "worktree", "stage", "finishing", "finished"]);
    const events = (await w.store.events({ task_id: "t1" })).filter((e) => e.event.startsWith("slot."));
    expect(events.map((e) => [e.event, e.worker_id])).toEqual([
      ["slot.started", "scripted-1"],
      ["slot.stage", "scripted-1"],
      ["slot.finished", "scripted-1"],
    ]);
    expect(events[1]?.data).toMatchObject({ stage: "implement" });
    expect(events[2]?.data).toMatchObject({ result: "merge_ready", head });
    expect(events[2]?.data?.duration_ms).toEqual(expect.any(Number));
  });

  it("nothing ready: no claim, nothing written", async () => {
    const w = await fixture({ tasks: [{ id: "t1", title: "Later", depends_on: ["t0"] }, { id: "t0", title: "First", worker: "scripted" }] });
    await w.store.transition({ project: "demo", id: "t0", from: "active", to: "blocked", patch: { reason: "held" } });
    expect(await runOne(w.ctx(), { workerType: "scripted" })).toEqual({ kind: "nothing_ready" });
    expect((await w.task("t1")).status).toBe("active");
  });

  it("agent failure: the attempt is counted, the task backs off to active, and is blocked at max attempts", async () => {
    const w = await fixture({ tasks: one(["write wip.txt half done", "fail 3"]), spec: { limits: { max_attempts: 2, backoff: "1ms" } } });
    const first = await runOne(w.ctx(), { workerType: "scripted" });
    expect(first).toMatchObject({ kind: "done", result: { kind: "failed", cause: "exit", reason: "stage implement: agent exited with code 3" } });
    const after = await w.task("t1");
    expect(after).toMatchObject({ status: "active", failures: 1, attempt: 1 });
    expect(after.not_before).toEqual(expect.any(Number));
    expect(after.notes.at(-1)).toMatchObject({ kind: "failure", text: "stage implement: agent exited with code 3" });
    // A failed attempt keeps its worktree for inspection.
    expect(existsSync(`${w.git.layout.worktree("demo", "t1", 1)}/wip.txt`)).toBe(true);
    expect(await w.o.sha("polecat/t1")).toBeUndefined();

    expect(await eventually(async () => ((await w.task("t1")).not_before ?? 0) <= Date.now())).toBe(true);
    const second = await runOne(w.ctx(), { workerType: "scripted" });
    expect(second).toMatchObject({ result: { kind: "failed" }, task: { status: "blocked", failures: 2, attempt: 2 } });
    expect((await w.task("t1")).reason).toMatch(/^failed 2 attempts: /);
  });

  it("a stalled agent is restarted with a progress summary and then succeeds", async () => {
    const w = await fixture({
      tasks: one(["write early.txt before the stall", "stall_once", "write late.txt after the restart", "commit finish"]),
      worker: { stall_timeout: "400ms", max_restarts: 1 },
    });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "merge_ready" }, task: { status: "merge_ready" } });
    const prompt = await readFile(w.git.layout.prompt("demo", "t1"), "utf8");
    expect(prompt).toContain("## Restart 1");
    expect(prompt).toContain("early.txt");
    expect(await readFile(w.git.layout.log("demo", "t1"), "utf8")).toMatch(/stalled/);
    expect(await w.o.show("polecat/t1", "late.txt")).toBe("after the restart");
  });

  it("a stall past max_restarts fails the attempt", async () => {
    const w = await fixture({ tasks: one(["stall"]), worker: { stall_timeout: "300ms", max_restarts: 1 } });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "failed", cause: "stall" }, task: { status: "active", failures: 1 } });
  });

  it("timeout: the agent is stopped and the attempt failed", async () => {
    const w = await fixture({ tasks: one(["sleep 60"]), worker: { timeout: "800ms" } });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "failed", cause: "timeout" }, task: { status: "active", failures: 1 } });
    expect(out.kind === "done" && out.result.kind === "failed" && out.result.reason).toMatch(/timed out after/);
  });

  it("no commits and no changes: blocked with reason `no changes`, never back to active", async () => {
    const w = await fixture({ tasks: one(["noop"]) });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "blocked", reason: "no changes" }, task: { status: "blocked", reason: "no changes", failures: 0 } });
    expect(await w.o.sha("polecat/t1")).toBeUndefined();
    expect(existsSync(w.git.layout.worktree("demo", "t1", 1))).toBe(false);
    expect(await runOne(w.ctx(), { workerType: "scripted" })).toEqual({ kind: "nothing_ready" });
  });

  it("a rebase conflict kicks the task back to active with the conflicting files named, pushing nothing", async () => {
    const w = await fixture({ tasks: one(["write README.md mine", "commit edit readme"]) });
    // Someone else changes the same file on origin while the agent works (right before its stage starts), and
    // another slot's fetch brings it into the mirror (finish rebases onto the mirror's base, fetching nothing).
    const racing = beforeEvent(w.store, "slot.stage", async () => {
      await w.o.commit({ "README.md": "theirs\n" });
      await syncMirror(w.git, "demo");
    });
    const out = await runOne(w.ctx({ store: racing }), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "kicked_back", files: ["README.md"] } });
    const task = await w.task("t1");
    expect(task).toMatchObject({ status: "active", kickbacks: 1, failures: 0, reason: "conflict: README.md" });
    expect(task.notes.at(-1)).toMatchObject({ kind: "kickback" });
    expect(await w.o.sha("polecat/t1")).toBeUndefined();
    expect(existsSync(w.git.layout.worktree("demo", "t1", 1))).toBe(false);
  });

  it("lost lease: the agent is stopped, nothing is pushed or written, the task is not merge_ready", async () => {
    const w = await fixture({ tasks: one(["print started", "sleep 30", "write late.txt x", "commit too late"]), spec: { limits: { lease: "900ms", max_attempts: 3 } } });
    let ring: { lines(): string[] } | undefined;
    const running = runOne(w.ctx({ onEvent: (e) => e.kind === "stage" && (ring = e.ring) }), { workerType: "scripted" });
    expect(await eventually(() => ring?.lines().includes("started") === true)).toBe(true);
    // Another process's janitor, whose clock says the lease ran out long ago.
    const janitor = await openStore({ spec: w.loaded.spec, home: w.home, env: w.env, clock: () => Date.now() + 3_600_000 });
    expect((await janitor.reapExpired({ maxAttempts: 3 })).map((t) => t.id)).toEqual(["t1"]);
    await janitor.close();

    const out = await running;
    expect(out).toMatchObject({ kind: "done", result: { kind: "lost_lease" } });
    const task = await w.task("t1");
    expect(task).toMatchObject({ status: "active", failures: 1 });
    expect(task.notes.map((n) => n.text)).toEqual(["lease expired"]);
    expect(await w.o.sha("polecat/t1")).toBeUndefined();
    expect(existsSync(`${w.git.layout.worktree("demo", "t1", 1)}/late.txt`)).toBe(false);
  });

  it("a stop request stops the agent and gives the task back without counting a failure", async () => {
    const w = await fixture({ tasks: one(["print started", "sleep 30"]) });
    const stop = new AbortController();
    const running = runOne(w.ctx({ signal: stop.signal, onEvent: (e) => e.kind === "stage" && setTimeout(() => stop.abort(), 200) }), {
      workerType: "scripted",
    });
    const out = await running;
    expect(out).toMatchObject({ result: { kind: "stopped" }, task: { status: "active", failures: 0 } });
    expect((await w.task("t1")).not_before).toBeUndefined();
  });

  it("a failing setup command fails the attempt, naming the command", async () => {
    const w = await fixture({ tasks: one(["noop"]), spec: { worktree: { setup: [["git", "rev-parse", "--verify", "no-such-ref"]] } } });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "failed", cause: "setup" }, task: { status: "active", failures: 1 } });
    expect(out.kind === "done" && out.result.kind === "failed" && out.result.reason).toContain('["git","rev-parse","--verify","no-such-ref"]');
  });

  it("a pipeline runs one agent per stage, in order, on one branch, and finishes only after the last", async () => {
    const w = await fixture({
      tasks: one([
        "[stage=implement] write src/feature.txt feature",
        "[stage=implement] commit implement",
        "[stage=write_tests] write test/feature.txt test",
        "[stage=write_tests] commit tests",
        "[stage=document] write docs/feature.md docs",
        "[stage=document] commit document",
      ], { pipeline: ["implement", "write_tests", "document"] }),
    });
    const stages: string[] = [];
    const out = await runOne(w.ctx({ onEvent: (e) => e.kind === "stage" && stages.push(`${e.index + 1}/${e.count} ${e.stage}`) }), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "merge_ready" } });
    expect(stages).toEqual(["1/3 implement", "2/3 write_tests", "3/3 document"]);
    expect(await w.o.log("polecat/t1")).toEqual(["document", "tests", "implement", "initial commit"]);
    const logged = (await w.store.events({ task_id: "t1" })).filter((e) => e.event === "slot.stage").map((e) => e.data?.stage);
    expect(logged).toEqual(["implement", "write_tests", "document"]);
  });

  it("a failing middle stage fails the attempt before later stages run", async () => {
    const w = await fixture({
      tasks: one(["[stage=implement] write a.txt a", "[stage=write_tests] fail 4", "[stage=document] write c.txt c"], { pipeline: ["implement", "write_tests", "document"] }),
    });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "failed", reason: "stage write_tests: agent exited with code 4" } });
    expect(existsSync(`${w.git.layout.worktree("demo", "t1", 1)}/c.txt`)).toBe(false);
  });

  it.each([
    { name: "an unknown worker type", workerType: "nobody", removeMirror: false, code: "E_USAGE" },
    { name: "a missing mirror (polecat init not run)", workerType: "scripted", removeMirror: true, code: "E_NOT_FOUND" },
  ])("refuses $name before claiming", async ({ workerType, removeMirror, code }) => {
    const w = await fixture({ tasks: one(["noop"]) });
    if (removeMirror) await rm(w.git.layout.mirror("demo"), { recursive: true });
    await expect(runOne(w.ctx(), { workerType })).rejects.toMatchObject({ code });
    expect((await w.task("t1")).status).toBe("active");
  });
});
