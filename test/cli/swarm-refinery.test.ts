// `swarm --refinery` (kept for compatibility; it is the default): the merge queue runs beside the slots, so a
// whole DAG ends merged on main. Waiting for another refinery is in swarm-finishes.test.ts.
import { describe, expect, it } from "vitest";
import { gitIn } from "../helpers/git.js";
import { runCli, useWorkerFixture } from "../runtime/worker/helpers.js";

describe("polecat swarm --refinery", () => {
  const fixture = useWorkerFixture();

  it("merges a DAG wave by wave: dependents start only after their dependencies are on main", { timeout: 180_000 }, async () => {
    const w = await fixture({
      tasks: [
        { id: "a", title: "A" },
        { id: "b", title: "B", depends_on: ["a"] },
        { id: "c", title: "C" },
        { id: "d", title: "D", depends_on: ["b", "c"] },
      ],
    });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "swarm", "-w", "scripted=2", "--refinery", "--stagger", "0", "--silent"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^refinery: merged 4 /m);
    for (const id of ["a", "b", "c", "d"]) expect((await w.task(id)).status).toBe("done");
    const events = await w.store.events({ project: "demo" });
    const at = (event: string, id: string, to?: string): number =>
      events.find((e) => e.event === event && e.task_id === id && (to === undefined || e.to === to))?.ts ?? Number.NaN;
    expect(at("task.claimed", "b")).toBeGreaterThanOrEqual(at("task.transition", "a", "done"));
    expect(at("task.claimed", "d")).toBeGreaterThanOrEqual(Math.max(at("task.transition", "b", "done"), at("task.transition", "c", "done")));
    const log = await gitIn(w.o.origin, ["log", "--format=%s", "main"], w.env);
    for (const id of ["a", "b", "c", "d"]) expect(log).toContain(`(${id})`);
  });
});
