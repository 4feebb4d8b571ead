import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorktree } from "../../../src/adapters/git/index.js";
import { squashMessage } from "../../../src/core/refinery/authorship.js";
import type { TaskRecord } from "../../../src/core/ports/store.js";
import { gitIn } from "../../helpers/git.js";
import { record as storeRecord } from "../../runtime/swarm/records.js";
import { refineryGit, refineryRepo, type RefineryRepo } from "./helpers.js";

function record(id: string, head_sha?: string): TaskRecord {
  return { ...storeRecord(id, "merge_ready", { worker: "scripted", criticalPath: 1 }), attempt: 1, ...(head_sha === undefined ? {} : { head_sha }) };
}

describe("RefineryGit over real git", () => {
  let repo: RefineryRepo;
  beforeEach(async () => {
    repo = await refineryRepo();
  });
  afterEach(() => repo.cleanup());
  const g = (cwd: string, ...args: string[]) => gitIn(cwd, args, repo.ctx.env);

  it("builds one squash commit per task, in order, with the task id in the message", async () => {
    await repo.branch("a", { "a.txt": "a\n" });
    await repo.branch("b", { "b.txt": "b\n" });
    const git = refineryGit(repo);
    const base = await git.head();
    const r = await git.build(base, ["b", "a"]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const wt = repo.ctx.layout.refineryWorktree("demo");
    expect(await g(wt, "log", "--format=%H %P", `${base}..${r.head}`)).toBe(`${r.commits.a} ${r.commits.b}\n${r.commits.b} ${base}`);
    expect(await g(wt, "log", "-1", "--format=%B", r.commits.b ?? "")).toBe(squashMessage({ id: "b", title: "Task b", attempt: 1 }).trim());
    expect(await g(wt, "log", "-1", "--format=%(trailers:key=Polecat-Task,valueonly)", r.commits.a ?? "")).toBe("a");
    // Rebuilding a subset starts again from the given base.
    const again = await git.build(base, ["a"]);
    expect(again.ok && (await g(wt, "rev-parse", `${again.head}^`))).toBe(base);
  });

  it("authors each squash commit as its worker type, with agent and reviewer as co-authors; the committer stays the machine's", async () => {
    await repo.branch("a", { "a.txt": "a\n" });
    await repo.branch("b", { "b.txt": "b\n" });
    const info = {
      a: { id: "a", title: "Task a", attempt: 3, worker: { type: "claude", author: "Claude Code <noreply@anthropic.com>", model: "claude-sonnet-4-5" }, review: { type: "codex", author: "polecat codex <polecat+codex@localhost>", notes: "Looks right." } },
      b: { id: "b", title: "Task b", attempt: 1, worker: { type: "codex", author: "polecat codex <polecat+codex@localhost>" } },
    };
    const git = refineryGit(repo, { task: (id) => Promise.resolve(info[id as "a" | "b"]) });
    const base = await git.head();
    const r = await git.build(base, ["a", "b"]);
    if (!r.ok) throw new Error("build failed");
    const wt = repo.ctx.layout.refineryWorktree("demo");
    const show = (sha: string | undefined, format: string) => g(wt, "log", "-1", `--format=${format}`, sha ?? "");
    expect(await show(r.commits.a, "%an <%ae>|%cn <%ce>")).toBe("Claude Code <noreply@anthropic.com>|Test Author <test@example.com>");
    expect(await show(r.commits.b, "%an <%ae>|%cn <%ce>")).toBe("polecat codex <polecat+codex@localhost>|Test Author <test@example.com>");
    expect(await show(r.commits.a, "%(trailers:key=Co-authored-by,valueonly,separator=%x7c)")).toBe(
      "Claude Code (claude-sonnet-4-5) <noreply@anthropic.com>|polecat codex <polecat+codex@localhost>",
    );
    expect(await show(r.commits.a, "%(trailers:key=Polecat-Task,valueonly,separator=%x2c)|%(trailers:key=Polecat-Attempt,valueonly,separator=%x2c)")).toBe("a|3");
    expect(await show(r.commits.a, "%b")).toContain("Reviewed by codex: approved.\n\nLooks right.");
    // The refinery's idempotency still finds the work by its trailers.
    expect(await git.push(base, r.head)).toEqual({ ok: true });
    expect(await git.landed([{ id: "a", attempt: 3 }, { id: "b", attempt: 1 }])).toEqual({ a: r.commits.a, b: r.commits.b });
  });

  it("reports the task that conflicts, with its files, and keeps nothing of it", async () => {
    await repo.branch("a", { "CHANGELOG.md": "one\nA\nthree\n" });
    await repo.branch("b", { "CHANGELOG.md": "one\nB\nthree\n", "b.txt": "b\n" });
    const git = refineryGit(repo);
    const base = await git.head();
    expect(await git.build(base, ["a", "b"])).toEqual({ ok: false, id: "b", files: ["CHANGELOG.md"] });
    expect(await git.build(base, ["b"])).toMatchObject({ ok: true });
  });

  it("kicks a task whose branch is gone from origin, naming the branch", async () => {
    const git = refineryGit(repo);
    const base = await git.head();
    expect(await git.build(base, ["ghost"])).toEqual({ ok: false, id: "ghost", files: ["polecat/ghost (no such branch on origin)"] });
  });

  it("gives a task whose change is already on main an empty commit of its own", async () => {
    await repo.branch("same", { "x.txt": "x\n" });
    await repo.o.commit({ "x.txt": "x\n" });
    const git = refineryGit(repo);
    const base = await git.head();
    const r = await git.build(base, ["same"]);
    if (!r.ok) throw new Error("build failed");
    const wt = repo.ctx.layout.refineryWorktree("demo");
    expect(r.commits.same).toBe(r.head);
    expect(await g(wt, "rev-parse", `${r.head}^`)).toBe(base);
    expect(await g(wt, "rev-parse", `${r.head}^{tree}`)).toBe(await g(wt, "rev-parse", `${base}^{tree}`));
  });

  it("validates a candidate, with the log's tail for a failure, and appends every run to the refinery log", async () => {
    await repo.branch("good", { "good.txt": "x\n" });
    await repo.branch("bad", { "BAD-bad": "x\n" });
    const git = refineryGit(repo);
    const base = await git.head();
    const good = await git.build(base, ["good"]);
    const bad = await git.build(base, ["good", "bad"]);
    if (!good.ok || !bad.ok) throw new Error("build failed");
    // validate moves the worktree to the head it is asked about.
    expect(await git.validate(good.head)).toEqual({ pass: true, log: "test 1 ok\ntest 2 ok\ntest 3 ok\nall tests passed" });
    const failed = await git.validate(bad.head);
    expect(failed.pass).toBe(false);
    expect(failed.log).toContain("FAIL: marker files BAD-bad");
    expect(failed.log.split("\n").at(-1)).toBe("validation exited with code 1");
    const log = await readFile(repo.ctx.layout.log("demo", "_refinery"), "utf8");
    expect(log).toContain(`validate ${good.head}`);
    expect(log).toContain(`validate ${bad.head}`);
  });

  it("a validation that runs out of time fails; one that cannot start is the refinery's error", async () => {
    await repo.branch("a", { "a.txt": "a\n" });
    const slow = refineryGit(repo, { validate: ["node", "-e", "setTimeout(() => {}, 60000)"], validateTimeoutMs: 300 });
    const base = await slow.head();
    const r = await slow.build(base, ["a"]);
    expect(r.ok && (await slow.validate(r.head))).toEqual({ pass: false, log: "validation timed out after 300ms" });
    const missing = refineryGit(repo, { validate: ["/nonexistent/validate-command"] });
    await expect(missing.validate(r.ok ? r.head : "")).rejects.toMatchObject({ code: "E_CONFIG" });
  });

  it("pushes only fast-forward; when main moved it reports the new head", async () => {
    await repo.branch("a", { "a.txt": "a\n" });
    const git = refineryGit(repo);
    const base = await git.head();
    const r = await git.build(base, ["a"]);
    if (!r.ok) throw new Error("build failed");
    const foreign = await repo.o.commit({ "other.txt": "someone else\n" });
    expect(await git.push(base, r.head)).toEqual({ ok: false, head: foreign });
    expect(await repo.o.sha()).toBe(foreign);
    const rebuilt = await git.build(foreign, ["a"]);
    if (!rebuilt.ok) throw new Error("rebuild failed");
    expect(await git.push(foreign, rebuilt.head)).toEqual({ ok: true });
    expect(await repo.o.sha()).toBe(rebuilt.head);
  });

  it("a push origin refuses outright is an error, not a moved main", async () => {
    await repo.branch("a", { "a.txt": "a\n" });
    await writeFile(join(repo.o.origin, "hooks", "pre-receive"), "#!/bin/sh\necho protected >&2\nexit 1\n", { mode: 0o755 });
    const git = refineryGit(repo);
    const base = await git.head();
    const r = await git.build(base, ["a"]);
    await expect(git.push(base, r.ok ? r.head : "")).rejects.toMatchObject({ code: "E_GIT" });
    expect(await repo.o.sha()).toBe(base);
  });

  it("reverts a commit onto a base as one commit; a conflicting revert names the files", async () => {
    await repo.branch("a", { "CHANGELOG.md": "one\nA\nthree\n" });
    const git = refineryGit(repo);
    const base = await git.head();
    const r = await git.build(base, ["a"]);
    if (!r.ok) throw new Error("build failed");
    await git.push(base, r.head);
    const merged = r.commits.a ?? "";
    const reverted = await git.revert(r.head, merged, "Revert a");
    expect(reverted.ok).toBe(true);
    expect(reverted.ok && (await repo.o.git(["show", `${reverted.head}:CHANGELOG.md`], repo.ctx.layout.mirror("demo")))).toBe("one\ntwo\nthree");
    await repo.o.commit({ "CHANGELOG.md": "one\nA2\nthree\n" });
    expect(await git.revert(await git.head(), merged, "Revert a")).toEqual({ ok: false, files: ["CHANGELOG.md"] });
  });

  it("changedPaths diffs the task's branch from where it forked, fetching when the store knows a newer head", async () => {
    await repo.o.commit({ "main-only.txt": "x\n" });
    const first = await repo.branch("a", { "src/a.ts": "a\n" });
    const git = refineryGit(repo);
    await git.head();
    expect(await git.changedPaths(record("a", first))).toEqual(["src/a.ts"]);
    const second = await repo.o.commit({ "src/auth/login.ts": "x\n" }, { branch: "polecat/a" });
    expect(await git.changedPaths(record("a", second))).toEqual(["src/a.ts", "src/auth/login.ts"]);
    expect(await git.changedPaths(record("nope"))).toEqual([]);
  });

  it("readies its worktree for validation: setup once per refinery, copied files before every run", async () => {
    const checkout = join(repo.o.root, "checkout");
    await mkdir(checkout, { recursive: true });
    await writeFile(join(checkout, ".env.test"), "TOKEN=x\n");
    const counter = join(repo.o.root, "setup-runs");
    const setup = [["node", "-e", `require("node:fs").appendFileSync(${JSON.stringify(counter)}, "run\\n")`]];
    // The validate command fails unless the copied file is there.
    const validate = ["node", "-e", "process.exit(require('node:fs').existsSync('.env.test') ? 0 : 1)"];
    await repo.branch("a", { "a.txt": "a\n" });
    const git = refineryGit(repo, { validate, worktree: { setup, copy: [".env.test", "missing.txt"], copyFrom: checkout } });
    const base = await git.head();
    for (const ids of [["a"], []]) {
      const r = await git.build(base, ids);
      expect(r.ok && (await git.validate(r.head)).pass).toBe(true);
    }
    expect(await readFile(counter, "utf8")).toBe("run\n");
    const broken = refineryGit(repo, { worktree: { setup: [["node", "-e", "process.exit(3)"]], copy: [], copyFrom: checkout } });
    await expect(broken.validate(await broken.head())).rejects.toMatchObject({ code: "E_CONFIG" });
  });

  it("cleanup deletes the task's branch on origin and in the mirror, and its worktree", async () => {
    const ctx = repo.ctx;
    const wt = await createWorktree(ctx, { project: "demo", taskId: "a", base: "main" });
    await writeFile(join(wt.path, "a.txt"), "a\n");
    await g(wt.path, "add", "a.txt");
    await g(wt.path, "commit", "-q", "-m", "a");
    await g(wt.path, "push", "-q", "origin", "HEAD:refs/heads/polecat/a");
    const git = refineryGit(repo);
    await git.cleanup("a");
    expect(await repo.o.sha("polecat/a")).toBeUndefined();
    expect(existsSync(wt.path)).toBe(false);
    expect(await g(ctx.layout.mirror("demo"), "for-each-ref", "refs/heads/polecat/a", "refs/remotes/origin/polecat/a")).toBe("");
    // Idempotent: a second cleanup (a re-run after a crash) is fine.
    await git.cleanup("a");
  });
});
