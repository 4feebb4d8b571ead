// apply, task list/show/add/set/claim/release and reset-stalled, run in-process against a temp home.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program.js";
import type { Claim, TaskRecord } from "../../src/core/ports/store.js";
import { memoryWorld } from "../helpers/world.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "valid", "minimal");

describe("store commands", () => {
  let dir: string;
  let now: number;
  const polecat = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const w = memoryWorld({ cwd: dir, now: () => now, env: { ...process.env, NO_COLOR: "1", POLECAT_HOME: join(dir, "home") } });
    const code = await run(args, w.world);
    return { code, out: w.out(), err: w.err() };
  };
  const json = async <T>(...args: string[]): Promise<T> => JSON.parse((await polecat(...args, "--json")).out) as T;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "polecat-cli-store-"));
    await cp(FIXTURE, dir, { recursive: true });
    now = Date.UTC(2030, 0, 1);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("applies a spec once; re-applying changes nothing", async () => {
    const first = await polecat("apply");
    expect(first.code).toBe(0);
    expect(first.out).toContain("applied to demo: 2 added, 0 updated, 0 unchanged, 0 skipped");
    const again = await polecat("apply");
    expect(again.out).toContain("0 added, 0 updated, 2 unchanged");
    const batched = await polecat("apply", "--batch", "b1");
    expect(batched.out).toContain("applied to demo (batch b1): 0 added, 2 updated");
    expect((await polecat("task", "list", "--batch", "b1")).out).toMatch(/^setup +active +claude +0\/0\/0 +b1/m);
    const list = await polecat("task", "list");
    expect(list.out).toMatch(/^setup +active +claude/m);
    expect(list.out).toMatch(/^feature +active +claude/m);
  });

  it("claims the ready task as JSON, then exits 3 when nothing else is ready", async () => {
    await polecat("apply");
    const claim = await json<Claim>("task", "claim", "--worker", "claude", "--owner", "me:1:x");
    expect(claim.task.id).toBe("setup");
    expect(claim.lease).toMatchObject({ owner: "me:1:x", attempt: 1, worker_type: "claude" });
    const none = await polecat("task", "claim", "--worker", "claude");
    expect(none.code).toBe(3);
    expect(none.err).toContain("nothing ready");
    const unknown = await polecat("task", "claim", "--worker", "nobody");
    expect(unknown.code).toBe(2);
  });

  it("releases a lease as a failed attempt with back-off, and shows it", async () => {
    await polecat("apply");
    await polecat("task", "claim", "--worker", "claude");
    const released = await json<TaskRecord>("task", "release", "setup", "--failed", "--reason", "agent crashed");
    expect(released).toMatchObject({ status: "active", failures: 1 });
    expect(released.not_before).toBeGreaterThan(now);
    const show = await polecat("task", "show", "setup");
    expect(show.out).toContain("attempts:  1 claimed, 1 failed, 0 kicked back");
    expect(show.out).toContain("[failure]");
  });

  it("moves tasks by hand only along the status table", async () => {
    await polecat("apply");
    expect((await polecat("task", "set", "feature", "--status", "waiting", "--reason", "hold")).out).toContain("demo/feature: waiting");
    const illegal = await polecat("task", "set", "feature", "--status", "done");
    expect(illegal.code).toBe(1);
    expect(illegal.err).toContain("illegal transition waiting → done");
    expect((await polecat("task", "set", "ghost", "--status", "active")).code).toBe(2);
  });

  it("adds a task routed by the registry, refusing unknown dependencies and bad ids", async () => {
    await polecat("apply");
    const added = await polecat("task", "add", "docs-1", "--title", "Write docs", "--complexity", "mechanical", "--depends-on", "setup");
    expect(added.out).toContain("added demo/docs-1 → gemini");
    expect((await polecat("task", "add", "x", "--title", "t", "--depends-on", "nope")).code).toBe(2);
    expect((await polecat("task", "add", "Bad_ID", "--title", "t")).code).toBe(2);
  });

  it("reset-stalled spares live heartbeats unless forced, and --dry-run writes nothing", async () => {
    await polecat("apply");
    await polecat("task", "claim", "--worker", "claude", "--lease", "10h");
    now += 5 * 3_600_000;
    const kept = await polecat("reset-stalled", "--hours", "4");
    expect(kept.out).toContain("kept demo/setup: heartbeat still live");
    const dry = await polecat("reset-stalled", "--hours", "4", "--force", "--dry-run");
    expect(dry.out).toContain("would reset demo/setup");
    expect((await json<TaskRecord>("task", "show", "setup")).status).toBe("in_progress");
    await polecat("reset-stalled", "--hours", "4", "--force");
    expect((await json<TaskRecord>("task", "show", "setup")).status).toBe("active");
  });

  it("reports a spec problem with exit 2 and no stack trace", async () => {
    await writeFile(join(dir, "polecat.yaml"), "version: 1\nproject: demo\nrepo: .\ntasks:\n  - id: a\n    titel: x\n");
    const r = await polecat("apply");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/polecat\.yaml:\d+:\d+: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
