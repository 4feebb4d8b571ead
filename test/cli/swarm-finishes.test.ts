// The swarm takes the whole DAG to its end: it runs the merge queue itself unless another refinery holds
// the project's lock (then it waits for that one and says so), `--no-refinery` ends with the waiting list,
// and `--auto` sizes per worker type from the work ready now and next. Real git, real agent processes.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { openLeadership } from "../../src/adapters/open-store.js";
import { refineryLockName } from "../../src/adapters/refinery/index.js";
import { gitIn } from "../helpers/git.js";
import { SCRIPTED_AGENT, runCli, script, useWorkerFixture } from "../runtime/worker/helpers.js";
import { eventually } from "../helpers/eventually.js";

/** Worker types named as the seed command's `-c` and `-g` expect, both running the scripted agent. */
const agent = (extra: Record<string, unknown> = {}) => ({ command: [process.execPath, SCRIPTED_AGENT, "{task.title}"], capabilities: ["code"], max_concurrent: 4, timeout: "1m", stall_timeout: "1m", ...extra });
const SEED_TYPES = {
  workers: { claude: agent(), gemini: agent() },
  routing: { tags: { high_stakes: { tags: ["hard"], worker: "claude" }, bulk: { tags: ["easy"], worker: "gemini" } } },
};
const write = (id: string) => script(`write ${id}.txt ${id}`, "sleep 0.05");

describe("polecat swarm finishes the DAG", () => {
  const fixture = useWorkerFixture();

  it("the seed command `swarm -c 2 -g 3 -p demo` merges a DAG to its end with no --refinery", { timeout: 240_000 }, async () => {
    const tasks = Array.from({ length: 8 }, (_, i) => {
      const id = `t${String(i + 1).padStart(2, "0")}`;
      const deps = i < 4 ? [] : [`t${String(i - 3).padStart(2, "0")}`, ...(i % 3 === 0 ? [`t${String(i - 1).padStart(2, "0")}`] : [])];
      return { id, title: `Task ${id}`, tags: [i % 2 === 0 ? "hard" : "easy"], depends_on: [...new Set(deps)], description: write(id) };
    });
    const w = await fixture({ tasks, registry: SEED_TYPES });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "swarm", "-c", "2", "-g", "3", "-p", "demo", "--stagger", "0", "--silent"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^refinery: merged 8 /m);
    const all = await w.store.list({ project: "demo" });
    expect(all.map((t) => t.status)).toEqual(Array(8).fill("done"));
    const log = await gitIn(w.o.origin, ["log", "--format=%s", "main"], w.env);
    for (const t of all) expect(log).toContain(`(${t.id})`);
  });

  it("spawn-batch with dependencies ends with every batch task done, the rest of the project untouched", { timeout: 120_000 }, async () => {
    const w = await fixture({ tasks: [{ id: "other", title: "Not in the batch", description: write("other") }] });
    const batch = {
      version: 1,
      project: "demo",
      repo: w.o.origin,
      base: "main",
      limits: { max_attempts: 3, lease: "1m", backoff: "1ms" },
      tasks: [
        { id: "b1", title: "B1", description: write("b1") },
        { id: "b2", title: "B2", description: write("b2") },
        { id: "b3", title: "B3", depends_on: ["b1"], description: write("b3") },
      ],
    };
    const file = join(w.dir, "batch.yaml");
    await writeFile(file, stringify(batch));
    const r = await runCli(w.dir, w.env, ["--home", w.home, "spawn-batch", "--spec-file", file, "-w", "scripted=2", "--stagger", "0", "--silent"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^refinery: merged 3 /m);
    for (const id of ["b1", "b2", "b3"]) expect((await w.task(id)).status).toBe("done");
    expect(await w.task("other")).toMatchObject({ status: "active", attempt: 0 });
  });

  it("waits for another refinery that holds the lock, says so, and takes over the merges when it lets go", { timeout: 120_000 }, async () => {
    const w = await fixture({ tasks: [{ id: "a", title: "A", description: write("a") }, { id: "b", title: "B", depends_on: ["a"], description: write("b") }] });
    const release = await openLeadership({ spec: w.loaded.spec, home: w.home, env: w.env, project: "demo" }).acquire(refineryLockName("demo"));
    let released = false;
    try {
      const run = runCli(w.dir, w.env, ["--home", w.home, "swarm", "-w", "scripted=1", "--stagger", "0"]);
      // The swarm does not end: a's dependent waits for a merge the other refinery owes.
      expect(await eventually(async () => (await w.task("a")).status === "merge_ready")).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      expect((await w.task("b")).status).toBe("active");
      await release?.();
      released = true;
      const r = await run;
      expect(r.code).toBe(0);
      expect(r.err).toContain("another refinery is running for demo; merges are left to it");
      expect(r.err).toContain("waiting for another refinery to merge (it holds the project's lock)");
      expect(r.out).toMatch(/^refinery: merged 2 /m);
      for (const id of ["a", "b"]) expect((await w.task(id)).status).toBe("done");
    } finally {
      if (!released) await release?.();
    }
  });

  it("--no-refinery ends once only merge-waiting work is left, naming what waits on what and the command to run", { timeout: 120_000 }, async () => {
    const w = await fixture({
      tasks: [
        { id: "a", title: "A", description: write("a") },
        { id: "b", title: "B", depends_on: ["a"], description: write("b") },
        { id: "c", title: "C", description: write("c") },
      ],
    });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "swarm", "-w", "scripted=2", "--no-refinery", "--stagger", "0", "--silent"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("waiting on merges: with the refinery: a, c; b waits on a. Run `polecat refinery --once` to merge, then `polecat swarm` again");
    expect(r.out).not.toMatch(/^refinery:/m);
    expect((await w.task("b")).status).toBe("active");
  });

  it("--auto on a two-type DAG starts both types and claims every task", { timeout: 120_000 }, async () => {
    const w = await fixture({
      registry: { workers: { codex: agent() }, routing: { tags: { bulk: { tags: ["second"], worker: "codex" } } } },
      tasks: [
        { id: "s1", title: "S1", description: write("s1") },
        { id: "c1", title: "C1", tags: ["second"], depends_on: ["s1"], description: write("c1") },
        { id: "c2", title: "C2", tags: ["second"], depends_on: ["s1"], description: write("c2") },
      ],
    });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "--json", "swarm", "--auto", "--stagger", "0", "--silent"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { composition: Record<string, number>; runs: { task: string; type: string }[] };
    expect(Object.keys(report.composition).sort()).toEqual(["codex", "scripted"]);
    expect(report.runs.map((x) => `${x.task}:${x.type}`).sort()).toEqual(["c1:codex", "c2:codex", "s1:scripted"]);
    for (const id of ["s1", "c1", "c2"]) expect((await w.task(id)).status).toBe("done");
  });
});
