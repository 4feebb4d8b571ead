// `polecat swarm` and `polecat spawn-batch` in-process on real temp repositories with the scripted agent:
// the 20-task DAG acceptance run, usage errors, the dry run, the dispatch log, batches.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { TaskStore } from "../../src/core/ports/store.js";
import { standInRefinery } from "../runtime/swarm/fake-worker.js";
import { openLeadership } from "../../src/adapters/open-store.js";
import { refineryLockName } from "../../src/adapters/refinery/index.js";
import { detectCpus, parseCpuList } from "../../src/adapters/runner/index.js";
import { gitIn } from "../helpers/git.js";
import { runCli, script, useWorkerFixture, type FixtureOptions, type WorkerFixture } from "../runtime/worker/helpers.js";

/** A 20-task DAG: four layers of five, each task after one or two of the layer before; t17 is a leaf. */
function dag(): Record<string, unknown>[] {
  const id = (n: number) => `t${String(n).padStart(2, "0")}`;
  return Array.from({ length: 20 }, (_, i) => {
    const n = i + 1;
    const layer = Math.floor(i / 5);
    const deps = layer === 0 ? [] : [id((layer - 1) * 5 + (i % 5) + 1), id((layer - 1) * 5 + ((i + 2) % 5) + 1)];
    const steps = n === 17 ? ["fail 1"] : [`write ${id(n)}.txt ${id(n)}`, "sleep 0.1"];
    return { id: id(n), title: `Task ${n}`, depends_on: [...new Set(deps)], description: script(...steps) };
  });
}

/** The stand-in refinery as another refinery: it holds the project's refinery lock while it runs. */
async function lockedStandIn(w: WorkerFixture): Promise<{ stop: () => Promise<void> }> {
  const release = await openLeadership({ spec: w.loaded.spec, home: w.home, env: w.env, project: "demo" }).acquire(refineryLockName("demo"));
  const refinery = standInRefinery(w.store);
  return {
    stop: async () => {
      await refinery.stop();
      await release?.();
    },
  };
}

describe("polecat swarm", () => {
  const fixture = useWorkerFixture();
  async function setup(opts: FixtureOptions) {
    const w = await fixture(opts);
    return { w, cli: (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, ...args]) };
  }
  const events = async (store: TaskStore) => store.events({ project: "demo" });

  it("works a 20-task DAG with -w scripted=4: the hopeless task ends blocked, every other one merge-ready once, in dependency order", { timeout: 240_000 }, async () => {
    const { w, cli } = await setup({ tasks: dag(), spec: { limits: { max_attempts: 3, lease: "1m", backoff: "1ms" } } });
    // Dependents become ready once their dependencies are `done`: a stand-in refinery, holding the project's
    // refinery lock so the swarm leaves merges to it, marks merge-ready tasks done.
    const refinery = await lockedStandIn(w);
    const r = await cli("swarm", "-w", "scripted=4", "--stagger", "0");
    await refinery.stop();
    expect(r.code).toBe(1);
    const tasks = await w.store.list({ project: "demo" });
    expect(tasks.find((t) => t.id === "t17")).toMatchObject({ status: "blocked", failures: 3 });
    expect(tasks.filter((t) => t.id !== "t17").map((t) => t.status)).toEqual(Array(19).fill("done"));

    const log = await events(w.store);
    const claims = log.filter((e) => e.event === "task.claimed");
    const count = (id: string, list = claims) => list.filter((e) => e.task_id === id).length;
    for (const t of tasks) expect(count(t.id)).toBe(t.id === "t17" ? 3 : 1);
    const mergeReady = log.filter((e) => e.to === "merge_ready");
    for (const t of tasks) expect(count(t.id, mergeReady)).toBe(t.id === "t17" ? 0 : 1);
    const doneAt = new Map(log.filter((e) => e.to === "done").map((e) => [e.task_id, e.ts] as const));
    for (const t of tasks) {
      const claimedAt = claims.find((e) => e.task_id === t.id)?.ts ?? -1;
      for (const d of t.spec.depends_on) expect(claimedAt).toBeGreaterThanOrEqual(doneAt.get(d) ?? Infinity);
    }
    const slots = new Set(log.filter((e) => e.event === "slot.started").map((e) => e.worker_id));
    expect([...slots].sort()).toEqual(["scripted-1", "scripted-2", "scripted-3", "scripted-4"]);

    expect(r.out).toMatch(/^task +worker +result +duration +attempt$/m);
    expect(r.out).toMatch(/^t17 +scripted-\d +failed: stage implement: agent exited with code 1 +\S+ +3$/m);
    // The last task may still be merge-ready when the swarm reports: the stand-in merges it after.
    expect(r.out).toMatch(/^(19 done|1 merge_ready, 18 done), 1 blocked in \S+; exit 1$/m);
    // The dispatch log is kept as an event, and printed only where asked (--dispatch-log, the job summary).
    expect(r.out).not.toContain("Worker Dispatch Log");
    expect(log.some((e) => e.event === "swarm.dispatch_log" && e.message?.startsWith("## Worker Dispatch Log"))).toBe(true);
  });

  it.each([
    { name: "an unknown worker type", args: ["-w", "claude=2"], err: 'unknown worker type "claude"' },
    { name: "zero slots", args: ["-w", "scripted=0"], err: "the swarm would have no slots" },
    { name: "no composition", args: [], err: "no workers: pass -w TYPE=N" },
    { name: "--auto with -w", args: ["--auto", "-w", "scripted=1"], err: "--auto sizes the swarm itself" },
    { name: "a bad --max-failures", args: ["-w", "scripted=1", "--max-failures", "0"], err: "--max-failures must be a whole number of at least 1" },
    { name: "a bad --stagger", args: ["-w", "scripted=1", "--stagger", "soon"], err: '--stagger "soon" is not a duration' },
    { name: "another project", args: ["-w", "scripted=1", "-p", "other"], err: "the spec is for project demo, not other" },
    { name: "an unknown --parent", args: ["-w", "scripted=1", "--parent", "nope"], err: "no task nope in project demo" },
  ])("exits 2 for $name and claims nothing", async ({ args, err }) => {
    const { w, cli } = await setup({ tasks: [{ id: "t1", title: "One" }] });
    const r = await cli("swarm", ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(err);
    expect(await w.task("t1")).toMatchObject({ status: "active", attempt: 0 });
  });

  it("caps a type at its max_concurrent and says so", async () => {
    const { cli } = await setup({ tasks: [{ id: "t1", title: "One" }] });
    const r = await cli("swarm", "-w", "scripted=9", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.err).toContain("scripted: 9 slots asked, capped at its max_concurrent of 4");
    expect(r.out).toContain("dispatch plan for demo: scripted: 4");
  });

  it("--dry-run prints which slot takes which task, in what order, by which rule and wave, and touches nothing", async () => {
    const tasks = [
      { id: "a", title: "A", effort: "30m" },
      { id: "b", title: "B", effort: "10m" },
      { id: "c", title: "C", effort: "20m", depends_on: ["a"] },
    ];
    const { w, cli } = await setup({ tasks });
    const before = (await events(w.store)).length;
    const r = await cli("swarm", "-w", "scripted=2", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^slot +order +task +rule +wave +start +end$/m);
    expect(r.out).toMatch(/^scripted-1 +1 +a +default → scripted +0 +0m +30m$/m);
    expect(r.out).toMatch(/^scripted-2 +2 +b +default → scripted +0 +0m +10m$/m);
    expect(r.out).toMatch(/^scripted-1 +3 +c +default → scripted +1 +30m +50m$/m);
    expect(r.out).toContain("wave 0: a, b\nwave 1: c");
    expect(r.out).toContain("simulated makespan: 50 min   lower bound: 50 min");
    expect((await events(w.store)).length).toBe(before);
    expect((await w.store.list({ project: "demo" })).map((t) => [t.status, t.attempt])).toEqual([
      ["active", 0],
      ["active", 0],
      ["active", 0],
    ]);
    const auto = await cli("swarm", "--auto", "--dry-run", "--json");
    expect(auto.code).toBe(0);
    expect(JSON.parse(auto.out)).toMatchObject({ composition: { scripted: 2 } });
  });

  it("--parent appends the Worker Dispatch Log to the parent task's notes", async () => {
    const { w, cli } = await setup({ tasks: [{ id: "epic", title: "Epic" }, { id: "t1", title: "One" }] });
    expect((await cli("task", "set", "epic", "--status", "waiting")).code).toBe(0);
    const r = await cli("swarm", "-w", "scripted=1", "--parent", "epic", "--silent");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Worker Dispatch Log appended to the notes of epic");
    expect(r.err).toBe("");
    const note = (await w.task("epic")).notes.at(-1);
    expect(note).toMatchObject({ kind: "note", author: "polecat swarm" });
    expect(note?.text).toMatch(/^## Worker Dispatch Log\n\n\*\*Dispatched\*\*: \S+\n\*\*Swarm\*\*: scripted: 1\n/);
    expect(note?.text).toMatch(/\| t1 +\| scripted +\| default → scripted +\|/);
  });

  it("writes the Worker Dispatch Log to --dispatch-log FILE and, in GitHub Actions, to the job summary; the terminal keeps the short summary", async () => {
    const { w, cli } = await setup({ tasks: [{ id: "t1", title: "One" }] });
    const summary = join(w.dir, "step-summary.md");
    await writeFile(summary, "# before\n");
    const gha = { ...w.env, GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary };
    const r = await runCli(w.dir, gha, ["--home", w.home, "swarm", "-w", "scripted=1", "--silent", "--dispatch-log", "dispatch.md"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("## Worker Dispatch Log");
    expect(r.out).toMatch(/^1 (merge_ready|done) in \S+; exit 0$/m);
    expect(r.out).toContain("Worker Dispatch Log written to dispatch.md\nWorker Dispatch Log added to the job summary\n");
    const file = await readFile(join(w.dir, "dispatch.md"), "utf8");
    expect(file).toMatch(/^## Worker Dispatch Log\n\n\*\*Dispatched\*\*: \S+\n\*\*Swarm\*\*: scripted: 1\n/);
    expect(file).toMatch(/\| t1 +\| scripted-1 +\| (merge_ready|done) +\|/);
    expect(await readFile(summary, "utf8")).toBe(`# before\n${file}\n`);

    // Outside GitHub Actions (or without the variable) the job summary is left alone; without the option no file is written.
    await writeFile(summary, "");
    expect((await cli("task", "add", "t2", "--title", "Two")).code).toBe(0);
    const plain = await runCli(w.dir, { ...w.env, GITHUB_ACTIONS: "false", GITHUB_STEP_SUMMARY: summary }, ["--home", w.home, "swarm", "-w", "scripted=1", "--silent"]);
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain("Worker Dispatch Log");
    expect(await readFile(summary, "utf8")).toBe("");
  });

  it("in CI without a terminal, prints a heartbeat line while agents run; outside CI it does not", async () => {
    const slow = script("sleep 1.5", "write slow.txt slow");
    const { w } = await setup({ tasks: [{ id: "t1", title: "One", description: slow }, { id: "t2", title: "Two", description: slow, depends_on: ["t1"] }] });
    const run = (env: Record<string, string | undefined>) => runCli(w.dir, { ...w.env, ...env }, ["--home", w.home, "swarm", "-w", "scripted=1", "--no-refinery", "--heartbeat", "100ms"]);
    const ci = await run({ CI: "true" });
    expect(ci.code, ci.err).toBe(0);
    expect(ci.err).toMatch(/^heartbeat \S+: 1\/1 slots running \(scripted-1: t1\) · 0\/2 tasks done · 1 waiting$/m);

    await w.store.transition({ project: "demo", id: "t1", from: "merge_ready", to: "done" });
    const local = await run({ CI: undefined, GITHUB_ACTIONS: undefined });
    expect(local.code, local.err).toBe(0);
    expect(local.err).toMatch(/scripted-1: t2 claimed/);
    expect(local.err).not.toContain("heartbeat");
  });

  it("prints plain progress lines without a terminal, and JSON with --json", async () => {
    const { cli } = await setup({ tasks: [{ id: "t1", title: "One" }] });
    const r = await cli("--json", "swarm", "-w", "scripted=1");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/scripted-1: t1 claimed/);
    expect(r.err).toMatch(/scripted-1: t1 → implement/);
    expect(r.err).toMatch(/scripted-1: t1: merge_ready in \S+ \(now merge_ready\)/);
    const body = JSON.parse(r.out) as { exitCode: number; runs: { task: string; result: string }[]; dispatch_log: string };
    expect(body.exitCode).toBe(0);
    expect(body.runs.map((x) => [x.task, x.result])).toEqual([["t1", "merge_ready"]]);
    expect(body.dispatch_log).toContain("## Worker Dispatch Log");
  });
});

describe("polecat swarm --pin-cpus", async () => {
  const fixture = useWorkerFixture();
  const allowed = await detectCpus(process.env);
  // Telling pinned from unpinned needs taskset and at least two cores.
  it.skipIf(allowed === undefined || allowed.length < 2).each([
    { name: "uses every core unless asked", args: [], pinned: false },
    { name: "pins each agent to one core with --pin-cpus", args: ["--pin-cpus"], pinned: true },
  ])("$name", async ({ args, pinned }) => {
    // The agent writes the CPUs it may run on into its worktree; finish commits and pushes it with the branch.
    const worker = { command: ["sh", "-c", "grep Cpus_allowed_list /proc/self/status | cut -f2 > cpus.txt"] };
    const w = await fixture({ tasks: [{ id: "t1", title: "One" }], worker });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "swarm", "-w", "scripted=1", "--silent", "--no-refinery", ...args]);
    expect(r.code, r.err).toBe(0);
    const cpus = parseCpuList(await gitIn(w.o.origin, ["show", "polecat/t1:cpus.txt"], w.env));
    expect(cpus).toEqual(pinned ? [allowed?.[0]] : allowed);
  });
});

describe("polecat spawn-batch", () => {
  const fixture = useWorkerFixture();

  async function setup() {
    const w = await fixture({ tasks: [{ id: "old-1", title: "Old one" }, { id: "old-2", title: "Old two" }] });
    const batchSpec = { version: 1, project: "demo", repo: w.o.origin, base: "main", tasks: [{ id: "new-1", title: "New one" }, { id: "new-2", title: "New two", depends_on: ["new-1"] }] };
    await writeFile(join(w.dir, "sprint-7.yaml"), stringify(batchSpec));
    return { w, cli: (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, "spawn-batch", ...args]) };
  }

  it("applies the spec file as a batch and works only that batch, leaving the project's other ready tasks untouched", async () => {
    const { w, cli } = await setup();
    const refinery = await lockedStandIn(w);
    const r = await cli("--spec-file", "sprint-7.yaml", "-w", "scripted=2", "--stagger", "0");
    await refinery.stop();
    expect(r.code).toBe(0);
    expect(r.err).toContain("batch sprint-7 of demo: 2 added");
    const tasks = await w.store.list({ project: "demo" });
    expect(tasks.map((t) => [t.id, t.batch ?? "-", t.status, t.attempt])).toEqual([
      ["old-1", "-", "active", 0],
      ["old-2", "-", "active", 0],
      ["new-1", "sprint-7", "done", 1],
      ["new-2", "sprint-7", "done", 1],
    ]);
  });

  it("--dry-run shows the batch's plan without applying it", async () => {
    const { w, cli } = await setup();
    const r = await cli("--spec-file", "sprint-7.yaml", "-w", "scripted=1", "--dry-run", "--batch", "b1");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^scripted-1 +1 +new-1 /m);
    expect(r.out).toMatch(/^scripted-1 +2 +new-2 /m);
    expect((await w.store.list({ project: "demo" })).map((t) => t.id)).toEqual(["old-1", "old-2"]);
  });

  it("exits 2 for a spec file with problems", async () => {
    const { w, cli } = await setup();
    await writeFile(join(w.dir, "broken.yaml"), "version: 1\nproject: demo\ntasks: [{ id: x }]\n");
    const r = await cli("--spec-file", "broken.yaml", "-w", "scripted=1");
    expect(r.code).toBe(2);
    expect(r.err).toContain("broken.yaml");
  });
});
