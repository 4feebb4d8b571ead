// `polecat run` in-process on real temp repositories: exit codes, output, the task picked, and task text
// that never reaches a shell.
import { EventEmitter } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, script, SCRIPTED_AGENT, useWorkerFixture, type FixtureOptions } from "../runtime/worker/helpers.js";
import { eventually } from "../helpers/eventually.js";

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("polecat run", () => {
  const fixture = useWorkerFixture();
  async function setup(opts: FixtureOptions) {
    const w = await fixture(opts);
    return { w, cli: (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, "run", ...args]) };
  }

  it("exits 0 when the task ends merge-ready, reporting progress on stderr and the result on stdout", async () => {
    const { w, cli } = await setup({ tasks: [{ id: "t1", title: "Greet", description: script("write hi.txt hi", "commit hi") }] });
    const r = await cli();
    expect(r.code).toBe(0);
    const head = await w.o.sha("polecat/t1");
    expect(r.out).toBe(`t1: merge-ready: polecat/t1 at ${head?.slice(0, 12)} (now merge_ready)\n`);
    expect(r.err).toMatch(/^claimed t1 \(attempt 1\) as scripted: Greet\nworktree .*\nstage implement \(1 of 1\)\nfinishing: commit, rebase, push\nfinished in \S+\n$/);
    expect((await w.task("t1")).status).toBe("merge_ready");
  });

  it.each([
    { name: "a failed agent", steps: ["fail 2"], code: 1, out: /^t1: failed \(crash\): stage implement: agent exited with code 2 \(now active\)$/m },
    { name: "no changes", steps: ["noop"], code: 1, out: /^t1: blocked: no changes \(now blocked\)$/m },
  ])("exits $code for $name", async ({ steps, code, out }) => {
    const { cli } = await setup({ tasks: [{ id: "t1", title: "One", description: script(...steps) }] });
    const r = await cli();
    expect(r.code).toBe(code);
    expect(r.out).toMatch(out);
  });

  it("exits 3 when nothing is ready, and says why a named task is not", async () => {
    const { cli } = await setup({ tasks: [{ id: "t1", title: "One" }, { id: "t2", title: "Two", depends_on: ["t1"] }] });
    const named = await cli("-t", "t2");
    expect(named.code).toBe(3);
    expect(named.out).toBe("task t2 is not ready (status active)\n");
    expect((await cli()).code).toBe(0);
    const none = await cli();
    expect(none.code).toBe(3);
    expect(none.out).toBe("nothing ready\n");
  });

  it("Ctrl+C stops the agent, gives the task back without counting a failure, and exits 130", async () => {
    const { w } = await setup({ tasks: [{ id: "t1", title: "Slow", description: script("print working", "sleep 30") }] });
    const signals = new EventEmitter();
    const running = runCli(w.dir, w.env, ["--home", w.home, "run"], { signals });
    expect(await eventually(async () => (await w.store.events({ task_id: "t1" })).some((e) => e.event === "slot.stage"))).toBe(true);
    signals.emit("SIGINT");
    const r = await running;
    expect(r.code).toBe(130);
    expect(r.out).toBe("t1: stopped (now active)\n");
    expect(await w.task("t1")).toMatchObject({ status: "active", failures: 0 });
    expect(signals.listenerCount("SIGINT")).toBe(0);
  });

  it("-t runs the named task even when another would come first, and --json reports it", async () => {
    const { w, cli } = await setup({ tasks: [{ id: "first", title: "First", priority: 9 }, { id: "second", title: "Second" }] });
    const r = await cli("-t", "second", "--worker", "scripted");
    expect(r.code).toBe(0);
    const body = JSON.parse((await runCli(w.dir, w.env, ["--home", w.home, "--json", "run", "-t", "first"])).out) as Record<string, unknown>;
    expect(body).toMatchObject({ task: "first", status: "merge_ready", result: "merge_ready", branch: "polecat/first" });
    expect((await w.task("second")).status).toBe("merge_ready");
  });

  it.each([
    { name: "a project other than the spec's", args: ["-p", "other"], code: 2, err: "the spec is for project demo, not other" },
    { name: "a task the store does not know", args: ["-t", "nope"], code: 2, err: "task nope is not in the store of demo" },
    { name: "an unknown worker type", args: ["--worker", "nobody"], code: 2, err: 'unknown worker type "nobody"' },
  ])("refuses $name", async ({ args, code, err }) => {
    const { w, cli } = await setup({ tasks: [{ id: "t1", title: "One" }] });
    const r = await cli(...args);
    expect(r.code).toBe(code);
    expect(r.err).toContain(err);
    expect((await w.task("t1")).status).toBe("active");
  });

  it("task text with shell syntax reaches the agent as plain text and runs nothing", async () => {
    const title = "Fix $(touch pwned) and `touch pwned2`; touch pwned3 && echo x | tee pwned4";
    const description = "Also ${IFS}$(touch pwned5) '; touch pwned6 #\n\n$(rm -rf ~)";
    const { w, cli } = await setup({
      tasks: [{ id: "t1", title, description }],
      worker: { command: [process.execPath, SCRIPTED_AGENT, "{task.title}", "{prompt}", "--title={task.title}"] },
    });
    const r = await cli();
    expect(r.code).toBe(0);
    const pwned = (files: string[]) => files.filter((p) => /pwned\d?$/.test(p));
    expect(pwned(await allFiles(w.o.root))).toEqual([]);
    expect(pwned(await readdir(process.cwd()))).toEqual([]);
    const prompt = await readFile(w.git.layout.prompt("demo", "t1"), "utf8");
    expect(prompt).toContain(title);
    expect(prompt).toContain("$(rm -rf ~)");
    expect(await w.o.show("polecat/t1", "polecat-t1.txt")).toBe("t1: done by the scripted agent");
  });
});
