// Two machines, one queue: two `--home` directories share one bare origin and one PostgreSQL schema.
// Runs the built CLI as real processes (npm test builds first). Needs POLECAT_TEST_PG_URL.
import { execa } from "execa";
import { join, resolve } from "node:path";
import { afterEach, expect, it } from "vitest";
import { readEvents } from "../../src/adapters/event-log/jsonl.js";
import { createPgStore } from "../../src/adapters/pg-store/index.js";
import type { TaskStore } from "../../src/core/ports/store.js";
import { describePg, pgSandbox } from "../adapters/pg-store/harness.js";
import { createOrigin, gitIn, type TestOrigin } from "../helpers/git.js";
import { script, writeSpec } from "../runtime/worker/helpers.js";

const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");

describePg("two homes on one PostgreSQL queue", () => {
  let cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups = [];
  });

  async function world(tasks: Record<string, unknown>[], spec: Record<string, unknown> = {}) {
    const sandbox = await pgSandbox();
    const o: TestOrigin = await createOrigin();
    cleanups.push(() => sandbox.cleanup(), () => o.cleanup());
    await writeSpec(o.root, o.origin, { tasks, spec: { store: sandbox.url, ...spec } });
    const homes = [join(o.root, "machine-1"), join(o.root, "machine-2")];
    const polecat = (home: string, ...args: string[]) =>
      execa(process.execPath, [CLI, "--home", home, ...args], { cwd: o.root, env: o.env, extendEnv: false, reject: false, all: true });
    for (const home of homes) expect((await polecat(home, "init")).exitCode).toBe(0);
    expect((await polecat(homes[0] ?? "", "apply")).exitCode).toBe(0);
    const store: TaskStore = await createPgStore({ url: sandbox.url, home: join(o.root, "observer") });
    cleanups.push(() => store.close());
    return { o, homes, polecat, store };
  }

  it("two swarms and their refineries finish a 30-task DAG: every task merged once", async () => {
    const tasks = Array.from({ length: 30 }, (_, i) => ({
      id: `t${i}`,
      title: `Task ${i}`,
      depends_on: i < 6 ? [] : [`t${i - 6}`, ...(i % 5 === 0 ? [`t${i - 5}`] : [])],
    }));
    const { o, homes, polecat, store } = await world(tasks);
    const results = await Promise.all(homes.map((home) => polecat(home, "swarm", "-w", "scripted=2", "--refinery", "--stagger", "0", "--silent")));
    for (const r of results) expect(r.exitCode, r.all).toBe(0);

    const all = await store.list({ project: "demo" });
    expect(all.map((t) => t.status)).toEqual(Array(30).fill("done"));
    const claims = (await store.events({ project: "demo" })).filter((e) => e.event === "task.claimed");
    expect(claims).toHaveLength(30);
    expect(new Set(claims.map((c) => c.task_id)).size).toBe(30);
    // Both machines' processes claimed work: each machine's own log (its JSONL mirror) holds some of the claims.
    const local = homes.map((home) => readEvents(join(home, "events.jsonl")).filter((e) => e.event === "task.claimed").length);
    expect(local.every((n) => n > 0), `claims per machine: ${local.join(", ")}`).toBe(true);
    expect(local.reduce((x, y) => x + y, 0)).toBe(30);
    const subjects = await gitIn(o.origin, ["log", "--format=%s", "main"], o.env);
    for (const t of tasks) expect(subjects).toContain(`(${t.id})`);
  }, 240_000);

  it("two refineries started at once never both run", async () => {
    const tasks = Array.from({ length: 4 }, (_, i) => ({ id: `r${i}`, title: `R ${i}`, description: script(`write r${i}.txt ${i}`, `commit r${i}`) }));
    // Validation sleeps, so the first refinery still holds the queue when the second starts.
    const { homes, polecat, store } = await world(tasks, { refinery: { validate: [process.execPath, "-e", "setTimeout(() => {}, 1500)"] } });
    // --no-refinery: the swarm leaves its work merge-ready, for the two refineries to race over.
    const swarm = await polecat(homes[0] ?? "", "swarm", "-w", "scripted=2", "--stagger", "0", "--silent", "--no-refinery");
    expect(swarm.exitCode, swarm.all).toBe(0);
    const [a, b] = await Promise.all(homes.map((home) => polecat(home, "refinery", "--once")));
    const codes = [a?.exitCode, b?.exitCode].sort();
    expect(codes).toEqual([0, 3]); // the one that found the lock held had nothing to do: exit 3
    expect([a?.all, b?.all].join("\n")).toContain("another refinery is running for demo");
    expect((await store.list({ project: "demo" })).map((t) => t.status)).toEqual(Array(4).fill("done"));
  }, 180_000);
});
