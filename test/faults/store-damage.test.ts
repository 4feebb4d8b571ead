// Fault injection, issue 18 item 4: a damaged file store. A change file deleted from the middle, a change
// file of the wrong shape and a plain file where the store lock's directory belongs are each reported as
// E_STORE_CORRUPT (exit 2) naming the file, writes refuse, and `store check` / `store repair` find the damage,
// rebuild from what is whole, keep the old files and leave a store a swarm finishes its work on.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileStorePaths } from "../../src/adapters/file-store/index.js";
import { runCli, script, useWorkerFixture, type WorkerFixture } from "../runtime/worker/helpers.js";

const log = (seq: number): string => `log-${String(seq).padStart(12, "0")}.json`;
const tasks = ["t1", "t2", "t3"].map((id) => ({ id, title: `Task ${id}`, description: script(`write ${id}.txt ${id}`) }));

describe("a damaged file store", () => {
  const fixture = useWorkerFixture();

  // Changes: 1 apply (fixture), 2 t3 blocked, 3 t2 blocked, 4 t2 active again.
  async function withChanges(): Promise<{ w: WorkerFixture; dir: string; cli: (...args: string[]) => ReturnType<typeof runCli> }> {
    const w = await fixture({ tasks });
    const cli = (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, ...args]);
    for (const [id, status] of [["t3", "blocked"], ["t2", "blocked"], ["t2", "active"]] as const) {
      expect((await cli("task", "set", id, "--status", status, "--reason", "by hand")).code).toBe(0);
    }
    const dir = fileStorePaths(w.home).dir;
    expect(readdirSync(dir).filter((n) => n.startsWith("log-"))).toEqual([1, 2, 3, 4].map(log));
    return { w, dir, cli };
  }

  it("with a change file deleted from the middle fails to load, naming it, and refuses writes", async () => {
    const { dir, cli } = await withChanges();
    rmSync(join(dir, log(2)));
    const list = await cli("task", "list");
    expect(list.code).toBe(2);
    expect(list.err).toContain(`store file ${join(dir, log(2))}: missing, but ${log(3)} exists: change 2 is lost`);
    const set = await cli("task", "set", "t1", "--status", "blocked", "--reason", "x");
    expect(set.code).toBe(2);
    expect(existsSync(join(dir, log(5)))).toBe(false);
  });

  it("with a change file of the wrong shape fails to load with E_STORE_CORRUPT naming the file and the record", async () => {
    const { dir, cli } = await withChanges();
    writeFileSync(join(dir, log(3)), JSON.stringify({ seq: 3, tasks: [{ project: "demo", id: "t2", status: "sideways" }] }));
    const status = await cli("status");
    expect(status.code).toBe(2);
    expect(status.err).toContain(`store file ${join(dir, log(3))}: demo/t2: `);
    expect(status.err).toMatch(/status is wrong: "sideways".*spec is missing/);
    expect(status.err).not.toContain("internal error");
  });

  it("with a plain file for the lock directory fails with E_STORE_CORRUPT, and repair puts the lock back", async () => {
    const { w, dir, cli } = await withChanges();
    const lockDir = join(dir, "lock");
    rmSync(lockDir, { recursive: true, force: true });
    writeFileSync(lockDir, "not a lock\n");
    const list = await cli("task", "list");
    expect(list.code).toBe(2);
    expect(list.err).toContain(`store file ${lockDir}: not a directory`);
    const repair = await cli("store", "repair");
    expect(repair.code).toBe(0);
    expect(repair.out).toContain("lost: nothing");
    expect((await cli("task", "set", "t1", "--status", "blocked", "--reason", "x")).code).toBe(0);
    expect((await w.task("t1")).status).toBe("blocked");
    const aside = readdirSync(dir).find((n) => n.startsWith("aside-"));
    expect(readFileSync(join(dir, aside ?? "?", "lock"), "utf8")).toBe("not a lock\n");
  });

  it("is found by store check and rebuilt by store repair, after which a swarm finishes the work", { timeout: 120_000 }, async () => {
    const { w, dir, cli } = await withChanges();
    rmSync(join(dir, log(2)));
    const bad = JSON.stringify({ seq: 4, tasks: [{ project: "demo", id: "t2" }] });
    writeFileSync(join(dir, log(4)), bad);

    const check = await cli("store", "check");
    expect(check.code).toBe(2);
    expect(check.out).toContain(`${join(dir, log(2))}: missing: change 2 lost, later changes exist`);
    expect(check.out).toMatch(new RegExp(`${log(4)}: demo/t2: spec_hash is missing`));
    const json = JSON.parse((await cli("store", "check", "--json")).out) as { ok: boolean; problems: { file: string }[] };
    expect(json.ok).toBe(false);
    expect(json.problems.map((p) => p.file)).toEqual([join(dir, log(4)), join(dir, log(2))]);

    const plan = await cli("store", "repair", "--dry-run");
    expect(plan.code).toBe(0);
    expect(plan.out).toContain("plan (nothing changed, --dry-run):");
    expect(plan.out).toContain(`write snap-${String(5).padStart(12, "0")}.json holding 3 tasks, rebuilt from 2 whole change files`);
    expect((await cli("store", "check")).code).toBe(2);

    const repair = await cli("store", "repair");
    expect(repair.code).toBe(0);
    expect(repair.out).toContain("change 2 (missing): what they wrote is unknown");
    expect(repair.out).toContain(`change 4 (${log(4)} damaged): wrote demo/t2`);
    expect(repair.out).toContain("possibly out of date (not rewritten since the loss): demo/t1, demo/t2, demo/t3");
    const aside = readdirSync(dir).find((n) => n.startsWith("aside-")) ?? "?";
    expect(readFileSync(join(dir, aside, log(4)), "utf8")).toBe(bad);

    expect((await cli("store", "check")).out).toContain("whole (3 tasks, change 5)");
    // Change 3 (t2 blocked) survived; change 4 (t2 active again) and change 2 (t3 blocked) were lost.
    expect((await w.task("t2")).status).toBe("blocked");
    expect((await cli("task", "set", "t2", "--status", "active", "--reason", "again")).code).toBe(0);
    const swarm = await cli("swarm", "-w", "scripted=2", "--stagger", "0", "--silent");
    expect(swarm.code).toBe(0);
    expect((await cli("status")).code).toBe(0);
    expect((await w.store.list({ project: "demo" })).map((t) => t.status)).toEqual(["done", "done", "done"]);
  });
});
