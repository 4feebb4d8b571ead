// `polecat swarm` with a worker type whose program is not installed: no slot starts for it, it says so once,
// its work goes to the fallback (the real scripted agent), and no task is charged an attempt.
import { describe, expect, it } from "vitest";
import { runCli, useWorkerFixture } from "../runtime/worker/helpers.js";

const GHOST = { command: ["polecat-no-such-agent-cli", "-p", "{prompt}"], capabilities: ["code", "tests", "docs"], fallback: "scripted", max_concurrent: 2 };

describe("polecat swarm with a worker type whose program is missing", () => {
  const fixture = useWorkerFixture();

  it("starts no slot for it, says so once, and the fallback takes its slots and its work; no task is charged", { timeout: 120_000 }, async () => {
    const tasks = [1, 2, 3].map((n) => ({ id: `t${n}`, title: `Task ${n}`, worker: "ghost" }));
    const w = await fixture({ tasks, registry: { workers: { ghost: GHOST } } });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "--json", "swarm", "-w", "ghost=2", "--stagger", "0"]);
    const notice = "polecat: ghost: polecat-no-such-agent-cli is not on PATH: no slot for it; its 2 slots go to scripted (its fallback)";
    expect(r.err.split("\n").filter((l) => l.includes("not on PATH"))).toEqual([notice]);
    const body = JSON.parse(r.out) as { exitCode: number; composition: Record<string, number>; slots: { slot: string }[]; runs: { type: string; task: string; result: string }[] };
    expect(body.composition).toEqual({ scripted: 2 });
    expect(body.slots.map((s) => s.slot).sort()).toEqual(["scripted-1", "scripted-2"]);
    expect(body.runs.map((x) => [x.task, x.type, x.result]).sort()).toEqual([
      ["t1", "scripted", "merge_ready"],
      ["t2", "scripted", "merge_ready"],
      ["t3", "scripted", "merge_ready"],
    ]);
    for (const id of ["t1", "t2", "t3"]) expect(await w.task(id)).toMatchObject({ attempt: 1, failures: 0 });
    const paused = (await w.store.events({ project: "demo" })).filter((e) => e.event === "swarm.type_paused");
    expect(paused.map((e) => [e.message, e.data])).toEqual([
      ["ghost paused until fixed (missing binary, no task charged): polecat-no-such-agent-cli is not on PATH", { worker_type: "ghost", class: "missing_binary" }],
    ]);
    expect(body.exitCode).toBe(0);
    expect(r.code).toBe(0);
  });

  it("with no fallback that can run, starts nothing for it and leaves its work unclaimed: exit 1", { timeout: 60_000 }, async () => {
    const w = await fixture({ tasks: [{ id: "t1", title: "Task 1", worker: "ghost" }], registry: { workers: { ghost: { ...GHOST, fallback: undefined } } } });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "swarm", "-w", "ghost=1", "--stagger", "0"]);
    expect(r.err).toContain("polecat: ghost: polecat-no-such-agent-cli is not on PATH: no slot for it, and no fallback that can run takes its work");
    expect(r.err).not.toMatch(/ghost-1/);
    expect(await w.task("t1")).toMatchObject({ status: "active", attempt: 0, failures: 0 });
    expect(r.code).toBe(1);
  });
});
