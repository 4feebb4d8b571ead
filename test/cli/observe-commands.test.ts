// status, summary, analyze, logs and report over a run recorded in a real store (claims, a failure, a merge).
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore } from "../../src/adapters/file-store/index.js";
import { run } from "../../src/cli/program.js";
import { homeLayout } from "../../src/core/layout.js";
import type { EventRecord } from "../../src/core/ports/store.js";
import { memoryWorld } from "../helpers/world.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "valid", "minimal");
const T0 = Date.UTC(2030, 0, 1, 9);
const MIN = 60_000;

describe("observability commands on a recorded run", () => {
  let dir: string;
  const home = (): string => join(dir, "home");
  const polecat = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const w = memoryWorld({ cwd: dir, now: () => T0 + 30 * MIN, env: { ...process.env, NO_COLOR: "1", POLECAT_HOME: home() } });
    const code = await run(args, w.world);
    return { code, out: w.out(), err: w.err() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "polecat-cli-observe-"));
    await cp(FIXTURE, dir, { recursive: true });
    expect((await polecat("apply")).code).toBe(0);
    // Record a run: setup fails once, then succeeds and merges; feature is claimed and still running.
    let now = T0;
    const store = await createFileStore({ home: home(), clock: () => now });
    const capacity = { claude: 2, gemini: 3 };
    const claim = async (owner: string) => {
      const c = await store.claim({ project: "demo", workerType: "claude", owner, leaseMs: 60 * MIN, capacity });
      if (c === undefined) throw new Error("nothing claimed");
      return c;
    };
    const first = await claim("host:1:a");
    now += 2 * MIN;
    await store.release({ lease: { project: "demo", id: "setup", attempt: first.lease.attempt, owner: "host:1:a" }, failed: true, reason: "agent exited with code 1", maxAttempts: 3, backoffMs: 1_000 });
    now += 1 * MIN;
    const second = await claim("host:1:b");
    now += 5 * MIN;
    await store.transition({ project: "demo", id: "setup", from: "in_progress", to: "merge_ready", lease: { project: "demo", id: "setup", attempt: second.lease.attempt, owner: "host:1:b" }, patch: { branch: "polecat/setup", head_sha: "abc123" } });
    now += 2 * MIN;
    await store.transition({ project: "demo", id: "setup", from: "merge_ready", to: "done", patch: { merge_commit: "def456" }, actor: "refinery" });
    now += 1 * MIN;
    await claim("host:2:c");
    await store.close();
    const layout = homeLayout(home());
    await mkdir(join(layout.home, "logs", "demo"), { recursive: true });
    await writeFile(layout.log("demo", "feature"), "starting\nediting src/feature.ts\nrunning tests\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("status shows the running slot and the queue counts", async () => {
    const human = await polecat("status");
    expect(human.code).toBe(0);
    expect(human.out).toContain("feature");
    expect(human.out).toContain("host:2:c");
    const json = JSON.parse((await polecat("status", "--json")).out) as { running: { task_id: string }[]; counts: Record<string, number> };
    expect(json.running.map((r) => r.task_id)).toEqual(["feature"]);
    expect(json.counts).toMatchObject({ done: 1, in_progress: 1 });
  });

  it("summary counts the merge and the failure", async () => {
    const json = JSON.parse((await polecat("summary", "--json")).out) as { done: { task_id: string }[]; failed: { task_id: string; reason?: string }[] };
    expect(json.done.map((d) => d.task_id)).toEqual(["setup"]);
    expect(json.failed).toEqual([expect.objectContaining({ task_id: "setup", reason: expect.stringContaining("code 1") as string })]);
    const human = await polecat("summary");
    expect(human.out).toMatch(/done/i);
    expect((await polecat("summary", "--since", "nonsense")).code).toBe(2);
  });

  it("analyze explains a task: attempts, lease and the agent's last log lines", async () => {
    const setup = JSON.parse((await polecat("analyze", "setup", "--json")).out) as { attempts: unknown; task: { status: string } };
    expect(JSON.stringify(setup)).toContain("agent exited with code 1");
    const feature = await polecat("analyze", "feature");
    expect(feature.out).toContain("running tests");
    expect(feature.out).toContain("host:2:c");
    expect((await polecat("analyze", "ghost")).code).toBe(2);
  });

  it("logs filters by task and level, as text or JSON lines with stable labels", async () => {
    const lines = (await polecat("logs", "--task", "setup", "--json")).out.trim().split("\n");
    const events = lines.map((l) => JSON.parse(l) as EventRecord);
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) {
      expect(e).toMatchObject({ project: "demo", task_id: "setup" });
      expect(typeof e.level).toBe("string");
    }
    expect(events.map((e) => e.to).filter(Boolean)).toEqual(expect.arrayContaining(["in_progress", "active", "merge_ready", "done"]));
    const warn = await polecat("logs", "--level", "warn");
    expect(warn.out).toContain("setup");
    expect(warn.out).not.toContain("task.claimed");
    expect((await polecat("logs", "--level", "loud")).code).toBe(2);
  });

  it("report writes one self-contained page with every task of the run", async () => {
    const r = await polecat("report", "--html", "report.html");
    expect(r.code).toBe(0);
    const html = await readFile(join(dir, "report.html"), "utf8");
    expect(html).toContain('data-task="setup"');
    expect(html).toContain('data-task="feature"');
    expect(html).not.toMatch(/<script|src="http/);
  });
});
