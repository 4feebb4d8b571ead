// `polecat refinery` and `polecat revert` in-process on a real project; the lock and watch-mode tests
// run the built CLI (dist/cli/main.js, built by `npm test` before vitest) as real processes.
import { resolve } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { fileLeadership } from "../../src/adapters/file-store/leadership.js";
import { refineryLockName } from "../../src/adapters/refinery/index.js";
import { homeLayout } from "../../src/core/layout.js";
import { createProject, type Project, type ProjectTask } from "./refinery-project.js";
import { eventually } from "../helpers/eventually.js";

const MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");

const a: ProjectTask = { id: "a", files: { "src/a.ts": "a\n" } };
const b: ProjectTask = { id: "b", files: { "src/b.ts": "b\n" } };
const bad: ProjectTask = { id: "bad", files: { "src/bad.ts": "x\n", "BAD-bad": "x\n" } };
const judged: ProjectTask = { id: "judged", files: { "src/judged.ts": "j\n" }, complexity: "requires-judgment", review: "approve" };

describe("polecat refinery", () => {
  let p: Project;
  afterEach(() => p.o.cleanup());

  it("--once in CI prints plain progress, exits 0 with kickbacks, and sums up", async () => {
    p = await createProject([a, b, bad, judged]);
    await p.finish([a, b, bad, judged]);
    const r = await p.polecat("refinery", "--once");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.some((l) => /^a: no review: mechanical, not sampled \(0\.\d{3} >= 0, seed 0\)$/.test(l))).toBe(true);
    expect(lines).toContain("judged: review: complexity requires-judgment");
    expect(lines).toContain("judged: engineer review running");
    expect(lines).toContain("judged: approved");
    expect(lines).toContain("validating a, b, bad, judged");
    expect(lines).toContain("failed: a, b, bad, judged");
    // A kickback shows its one-line reason, the validation output indented below it.
    const kick = lines.indexOf("bad: active: validation failed: validation exited with code 1");
    expect(kick).toBeGreaterThan(0);
    expect(lines.slice(kick + 1, kick + 12)).toEqual(expect.arrayContaining(["    test 1 ok", "    FAIL: marker files BAD-bad", "    validation exited with code 1"]));
    expect(lines.some((l) => /^a: done as [0-9a-f]{10}$/.test(l))).toBe(true);
    expect(lines.some((l) => /^pushed [0-9a-f]{10}: /.test(l))).toBe(true);
    // A batch of 4 with one culprit: no more runs than one at a time (all 4, then a+b, then bad, then judged).
    expect(lines.at(-1)).toBe("refinery: merged 3 (a, b, judged); 1 approved; 1 kicked back; 4 validation runs, 2 pushes");
    expect(await p.status("bad")).toMatchObject({ status: "active" });
    expect(await p.status("judged")).toMatchObject({ status: "done" });
    // --json: the summary on stdout, progress on stderr.
    const again = await p.polecat("refinery", "--once", "--json");
    expect(JSON.parse(again.out)).toEqual({ merged: [], decisions: [], validations: 0, pushes: 0 });
  });

  it("--dry-run says what would be reviewed and merged, in which batch and why, and changes nothing", async () => {
    p = await createProject([a, b, bad, judged]);
    await p.finish([a, b, bad, judged]);
    const before = await p.o.sha();
    const r = await p.polecat("refinery", "--dry-run", "--batch-size", "2");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe("refinery dry run for demo (base main, strategy batch, batch size 2):");
    expect(lines[1]).toMatch(/^TASK +STATUS +WOULD +WHY$/);
    expect(lines[2]).toMatch(/^a +merge_ready +merge, batch 1 +mechanical, not sampled/);
    expect(lines[3]).toMatch(/^b +merge_ready +merge, batch 1 /);
    expect(lines[4]).toMatch(/^bad +merge_ready +merge, batch 2 /);
    expect(lines[5]).toMatch(/^judged +merge_ready +review \(scripted\) +complexity requires-judgment$/);
    expect(lines[6]).toBe("3 to merge in 2 batches, 1 to review first; nothing was changed");
    expect(await p.o.sha()).toBe(before);
    for (const id of ["a", "b", "bad", "judged"]) expect((await p.status(id)).status).toBe("merge_ready");
  });

  it("--batch-size 1 validates one task at a time", async () => {
    p = await createProject([a, b]);
    await p.finish([a, b]);
    const r = await p.polecat("refinery", "--once", "--batch-size", "1");
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("refinery: merged 2 (a, b); 2 validation runs, 2 pushes");
    expect((await p.polecat("refinery", "--once", "--batch-size", "0")).code).toBe(2);
  });

  it("exits 3 (nothing to do here, not a failure) with a clear message when another refinery holds the project's lock", async () => {
    p = await createProject([a]);
    await p.finish([a]);
    const release = await fileLeadership(homeLayout(p.home).locks).acquire(refineryLockName("demo"));
    const r = await p.polecat("refinery", "--once");
    await release?.();
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^polecat: another refinery is running for demo \(lock .*refinery-demo\); it merges, nothing was done here$/m);
    expect((await p.status("a")).status).toBe("merge_ready");
    expect((await p.polecat("revert", "a")).code).toBe(2); // not merged: a usage error, lock free again
  });

  it("exits 1 when the refinery itself fails (a validate command that cannot run)", async () => {
    p = await createProject([a], { validate: ["/nonexistent/validate"] });
    await p.finish([a]);
    const r = await p.polecat("refinery", "--once");
    expect(r.code).toBe(1);
    expect(r.err).toContain("polecat: the refinery failed: the refinery's validate command");
    expect((await p.status("a")).status).toBe("merge_ready");
  });

  it("two refineries started at once: one runs, the other exits 3 naming the lock", async () => {
    p = await createProject([a, b], { env: { VALIDATE_SLEEP: "4" } });
    await p.finish([a, b]);
    const start = () => execa("node", [MAIN, "refinery", "--once"], { cwd: p.dir, env: p.env, extendEnv: false, reject: false });
    const results = await Promise.all([start(), start()]);
    const codes = results.map((r) => r.exitCode).sort();
    expect(codes).toEqual([0, 3]);
    const loser = results.find((r) => r.exitCode === 3);
    expect(loser?.stderr).toContain("another refinery is running for demo");
    expect((await p.status("a")).status).toBe("done");
  });

  it("without --once it keeps watching, merges work queued after it started, and stops cleanly on SIGTERM", async () => {
    p = await createProject([a, b]);
    await p.finish([a]);
    const watcher = execa("node", [MAIN, "refinery"], { cwd: p.dir, env: p.env, extendEnv: false, reject: false });
    try {
      expect(await eventually(async () => (await p.status("a")).status === "done", 60_000)).toBe(true);
      await p.finish([b]);
      expect(await eventually(async () => (await p.status("b")).status === "done", 60_000)).toBe(true);
    } finally {
      watcher.kill("SIGTERM");
    }
    const ended = await watcher;
    expect(ended.exitCode).toBe(0);
    expect(ended.stderr).toContain("polecat: stopping the refinery after the current pass");
    expect(ended.stdout.trimEnd().split("\n").at(-1)).toMatch(/^refinery: merged 2 \(a, b\); 2 validation runs, 2 pushes$/);
    expect((await p.o.log()).slice(0, 2)).toEqual(["Task b (b)", "Task a (a)"]);
    // Its lock went with it.
    const release = await fileLeadership(homeLayout(p.home).locks).acquire(refineryLockName("demo"));
    expect(release).toBeTypeOf("function");
    await release?.();
  });
});

describe("polecat revert", () => {
  let p: Project;
  afterEach(() => p.o.cleanup());

  it("reverts a merged task on main and reopens it with the reason", async () => {
    p = await createProject([a, b]);
    await p.finish([a, b]);
    expect((await p.polecat("refinery", "--once")).code).toBe(0);
    const merged = (await p.status("a")).merge_commit ?? "";
    const r = await p.polecat("revert", "a", "--reason", "breaks the build on Windows");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("validating (revert)");
    expect(r.out).toMatch(/^reverted a: main is now [0-9a-f]{10}; a is active again$/m);
    expect(await p.status("a")).toEqual({ status: "active", reason: `reverted ${merged}: breaks the build on Windows`, merge_commit: merged });
    expect(await p.o.show("main", "src/a.ts")).toBeUndefined();
    expect(await p.o.show("main", "src/b.ts")).toBe("b");
    expect((await p.polecat("revert", "nope")).code).toBe(2);
  });
});
