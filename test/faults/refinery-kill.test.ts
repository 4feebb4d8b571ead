// Fault injection, issue 18 items 3 and 6: the refinery is killed (SIGKILL, by a post-receive hook on the
// origin) right after it pushed main and before it recorded anything. The rerun takes over the dead
// refinery's lock, records the pushed work `done` without merging it twice, and `revert` reverts the
// commit that carries the work.
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { createProject, type Project, type ProjectTask } from "../cli/refinery-project.js";

const MAIN = resolve(import.meta.dirname, "../../dist/cli/main.js");
const a: ProjectTask = { id: "a", files: { "src/a.ts": "a\n" } };
const b: ProjectTask = { id: "b", files: { "src/b.ts": "b\n" } };

// Kills the process named in `pidFile` (once) when main is pushed; the push itself completes.
function killHook(pidFile: string): string {
  return [
    "#!/bin/sh",
    "while read old new ref; do",
    `  if [ "$ref" = refs/heads/main ] && [ -f '${pidFile}' ]; then kill -9 "$(cat '${pidFile}')"; rm -f '${pidFile}'; fi`,
    "done",
    "",
  ].join("\n");
}

describe("a refinery killed between pushing main and recording done", () => {
  let p: Project;
  afterEach(() => p.o.cleanup());

  it("is not merged twice by the rerun, and revert reverts the real commit", async () => {
    p = await createProject([a, b]);
    await p.finish([a, b]);
    const pidFile = join(p.dir, "refinery.pid");
    const hook = join(p.o.origin, "hooks", "post-receive");
    await writeFile(hook, killHook(pidFile));
    await chmod(hook, 0o755);
    const before = await p.o.sha("main");

    const first = execa(process.execPath, [MAIN, "refinery", "--once"], { cwd: p.dir, env: p.env, extendEnv: false, reject: false });
    await writeFile(pidFile, String(first.pid));
    const killed = await first;
    expect(killed.signal).toBe("SIGKILL");
    const pushed = await p.o.sha("main");
    expect(pushed).not.toBe(before);
    expect(await p.status("a")).toMatchObject({ status: "merge_ready" });
    // What the killed run had pushed (how many tasks one push carries is the refinery's batch policy).
    const carried = (await p.o.git(["log", "--format=%(trailers:key=Polecat-Task,valueonly)", `${before}..${pushed}`], p.o.origin)).split("\n").filter(Boolean);
    expect(carried.length).toBeGreaterThan(0);

    const rerun = await p.polecat("refinery", "--once");
    expect(rerun.err).toBe("");
    expect(rerun.code).toBe(0);
    // Only the tasks the killed run had not pushed were merged, one commit each.
    const added = (await p.o.git(["rev-list", `${pushed}..main`], p.o.origin)).split("\n").filter(Boolean);
    expect(added).toHaveLength(2 - carried.length);
    for (const id of ["a", "b"]) {
      const carriers = (await p.o.git(["log", "--format=%H", `--grep=^Polecat-Task: ${id}$`, "main"], p.o.origin)).split("\n");
      expect(carriers).toHaveLength(1);
      expect(await p.status(id)).toMatchObject({ status: "done", merge_commit: carriers[0] });
    }

    const reverted = await p.polecat("revert", "a", "--reason", "undo");
    expect(reverted.code).toBe(0);
    const files = await p.o.git(["ls-tree", "-r", "--name-only", "main"], p.o.origin);
    expect(files).not.toContain("src/a.ts");
    expect(files).toContain("src/b.ts");
    expect(await readFile(hook, "utf8")).toContain("kill -9");
  });
});

describe("main moved by someone other than the refinery", () => {
  let p: Project;
  afterEach(() => p.o.cleanup());

  it("is reported as a warning naming the foreign commits before anything is merged onto it", async () => {
    p = await createProject([a, b]);
    await p.finish([a]);
    expect((await p.polecat("refinery", "--once")).code).toBe(0);
    const foreign = await p.o.commit({ "hotfix.txt": "x\n" }, { message: "hotfix straight to main" });
    await p.finish([b]);
    expect((await p.polecat("refinery", "--once")).code).toBe(0);
    const events = (await readFile(join(p.home, "events.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { event: string; level: string; message: string });
    const moved = events.filter((e) => e.event === "refinery.base_moved");
    expect(moved).toHaveLength(1);
    expect(moved[0]?.level).toBe("warn");
    expect(moved[0]?.message).toContain(`${foreign.slice(0, 7)} hotfix straight to main`);
    expect(moved[0]?.message).toMatch(/^main moved from [0-9a-f]{12} to [0-9a-f]{12} outside the refinery: 1 commit/);
    expect(await p.status("b")).toMatchObject({ status: "done" });
  });
});
