// What an agent reports and how its failures are charged, through runOne with the scripted agent as a real
// process: the generic dialect's JSON line, worker-type failures released uncharged, a cost cap, a broken origin.
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runOne } from "../../../src/runtime/worker/index.js";
import { script, useWorkerFixture } from "./helpers.js";

describe("agent runs", () => {
  const fixture = useWorkerFixture();
  const one = (steps: string[], extra: Record<string, unknown> = {}) => [{ id: "t1", title: "Add a greeting", description: script(...steps), ...extra }];

  it("a generic agent's JSON line becomes the run's cost, tokens and session, on the task and in the event", async () => {
    const w = await fixture({ tasks: one(['print {"session_id":"s-9","cost_usd":0.125,"tokens_in":900,"tokens_out":40,"turns":3,"model":"local-1"}', "write a.txt a", "commit a"]) });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "merge_ready", run: { session_id: "s-9", cost_usd: 0.125, dialect: "generic", worker_type: "scripted", attempt: 1 } } });
    const task = await w.task("t1");
    expect(task.usage).toEqual({ runs: 1, cost_usd: 0.125, tokens_in: 900, tokens_out: 40, turns: 3 });
    expect(task.last_run).toMatchObject({ session_id: "s-9", model: "local-1" });
    const moved = (await w.store.events({ task_id: "t1" })).find((e) => e.to === "merge_ready");
    expect(moved?.data?.run).toMatchObject({ cost_usd: 0.125 });
  });

  it("a run that says it is not logged in pauses the type: released, not charged, the agent's words in the reason", async () => {
    const w = await fixture({ tasks: one(['print {"final_message":"Not logged in · Please run /login","is_error":true}', "fail 1"]) });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "paused", class: "auth", reason: "scripted auth: Not logged in · Please run /login" } });
    expect(await w.task("t1")).toMatchObject({ status: "active", failures: 0, last_run: { failure_class: "auth" } });
  });

  it("a program that is not installed is missing_binary and charges nothing", async () => {
    const w = await fixture({ tasks: one(["noop"]), worker: { command: ["polecat-no-such-agent-cli", "{prompt}"] } });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "paused", class: "missing_binary" } });
    expect(out.kind === "done" && "reason" in out.result ? out.result.reason : "").toMatch(/ENOENT/);
    expect(await w.task("t1")).toMatchObject({ status: "active", failures: 0 });
  });

  it("a task-level failure keeps the attempt and its reason carries the agent's last lines", async () => {
    const w = await fixture({ tasks: one(["print compiling", "eprint TypeError: x is undefined", "fail 3"]) });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "failed", class: "crash", reason: "stage implement: agent exited with code 3; last output:\ncompiling\nTypeError: x is undefined" } });
    expect(await w.task("t1")).toMatchObject({ failures: 1 });
  });

  it("an agent whose reported cost passes max_cost_usd is stopped and the task kicked back with the figure", async () => {
    const w = await fixture({ tasks: one(['print {"cost_usd":0.75}', "sleep 30", "write late.txt never"], { max_cost_usd: 0.5 }) });
    const started = Date.now();
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(out).toMatchObject({ result: { kind: "kicked_back", reason: "stage implement: cost $0.7500 passed the task's max_cost_usd $0.5000" } });
    expect(await w.task("t1")).toMatchObject({ status: "active", kickbacks: 1, usage: { cost_usd: 0.75 } });
  });

  it("an origin that is gone halts with git's own words and charges nothing", async () => {
    const w = await fixture({ tasks: one(["noop"]) });
    await rm(w.o.origin, { recursive: true, force: true });
    const out = await runOne(w.ctx(), { workerType: "scripted" });
    expect(out).toMatchObject({ result: { kind: "halted" } });
    expect(out.kind === "done" && "reason" in out.result ? out.result.reason : "").toMatch(/does not appear to be a git repository|not a git repository|No such file/);
    expect(await w.task("t1")).toMatchObject({ status: "active", failures: 0 });
  });
});
