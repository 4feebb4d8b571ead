// Kickbacks people can read: a real store keeps every failing test's name with bounded excerpts,
// `analyze` shows each kickback whole, `summary` gives one line per kickback pointing at `analyze`.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore } from "../../src/adapters/file-store/index.js";
import { run } from "../../src/cli/program.js";
import { kickbackOutcome, type KickbackReason } from "../../src/core/refinery/outcome.js";
import type { TaskRecord } from "../../src/core/ports/store.js";
import { DIGEST_LIMITS } from "../../src/core/test-output.js";
import { memoryWorld } from "../helpers/world.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "valid", "minimal");
const T0 = Date.UTC(2030, 0, 1, 9);
const MIN = 60_000;
const FAILING = 30;

/** A node:test TAP run where 30 tests fail, each with a 240-line diff: far past any tail's reach. */
function bigTap(): string {
  const out = ["TAP version 13"];
  for (let i = 1; i <= FAILING; i++) {
    out.push(`# Subtest: parses case ${i}`, `not ok ${i} - parses case ${i}`, "  ---", "  error: |-", `    Expected values to be strictly equal: case ${i}`);
    for (let j = 0; j < 120; j++) out.push(`    + actual line ${j} of case ${i}`, `    - expected line ${j} of case ${i}`);
    out.push("  ...");
  }
  out.push(`# tests ${FAILING}`, "# pass 0", `# fail ${FAILING}`);
  return out.join("\n");
}

describe("kickback views over a real store", () => {
  let dir: string;
  const home = (): string => join(dir, "home");
  const polecat = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const w = memoryWorld({ cwd: dir, now: () => T0 + 60 * MIN, env: { ...process.env, NO_COLOR: "1", POLECAT_HOME: home() } });
    const code = await run(args, w.world);
    return { code, out: w.out(), err: w.err() };
  };
  let stored: TaskRecord;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "polecat-kickback-views-"));
    await cp(FIXTURE, dir, { recursive: true });
    expect((await polecat("apply")).code).toBe(0);
    let now = T0;
    const store = await createFileStore({ home: home(), clock: () => now });
    const finish = async (): Promise<TaskRecord> => {
      const c = await store.claim({ project: "demo", workerType: "claude", owner: "host:1:a", leaseMs: 60 * MIN, capacity: { claude: 2, gemini: 3 } });
      if (c === undefined) throw new Error("nothing claimed");
      now += MIN;
      const lease = { project: "demo", id: "setup", attempt: c.lease.attempt, owner: "host:1:a" };
      return store.transition({ project: "demo", id: "setup", from: "in_progress", to: "merge_ready", lease, patch: { branch: "polecat/setup", head_sha: "abc123" } });
    };
    const kick = async (task: TaskRecord, from: "merge_ready" | "review", reason: KickbackReason): Promise<void> => {
      now += MIN;
      const o = kickbackOutcome(task.kickbacks, 5, reason, { attempt: task.attempt, base: "main", foundBy: "refinery" });
      await store.transition({ project: "demo", id: "setup", from, to: o.to, patch: { ...(o.reason === undefined ? {} : { reason: o.reason }), kickback: true }, note: { ...o.note, author: "refinery" }, actor: "refinery" });
    };
    await kick(await finish(), "merge_ready", { kind: "validation failed", log: bigTap() });
    let t = await finish();
    t = await store.transition({ project: "demo", id: "setup", from: "merge_ready", to: "review", actor: "refinery" });
    await kick(t, "review", { kind: "review requested changes", notes: "Name the parser `parseCase`.\nAdd a test for an empty input." });
    await kick(await finish(), "merge_ready", { kind: "conflict", files: ["src/parse.js", "test/parse.test.js"], base: { branch: "main", commit: "0123456789abcdef0123", after: ["feature"] } });
    stored = (await store.get("demo", "setup")) ?? stored;
    await store.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("the stored kickback keeps every failing test's name, with bounded excerpts", () => {
    const validation = stored.notes.find((n) => n.kickback?.kind === "validation")?.kickback?.validation;
    expect(validation?.failing.map((f) => f.name)).toEqual(Array.from({ length: FAILING }, (_, i) => `parses case ${i + 1}`));
    expect(validation?.more_failing).toBe(0);
    for (const f of validation?.failing ?? []) expect(f.excerpt.length).toBeLessThanOrEqual(DIGEST_LIMITS.excerptChars + 1);
    expect(validation?.failing[0]?.excerpt).toContain("Expected values to be strictly equal: case 1");
    expect(validation?.omitted_lines).toBeGreaterThan(7000);
    // The whole record stays small although the output had thousands of lines.
    expect(JSON.stringify(stored).length).toBeLessThan(100_000);
    expect(bigTap().length).toBeGreaterThan(200_000);
  });

  it("analyze shows each kickback whole: kind, failing tests, reviewer notes, files and base", async () => {
    const r = await polecat("analyze", "setup");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Attempts: 3, failed: 0, kickbacks: 3");
    expect(r.out).toContain("kind: validation, attempt 1, found by refinery");
    expect(r.out).toContain(`Failing tests (${FAILING}):`);
    expect(r.out).toContain("- parses case 1\n");
    expect(r.out).toContain(`- parses case ${FAILING}\n`);
    expect(r.out).toContain("kind: review, attempt 2, found by refinery");
    expect(r.out).toContain("    Name the parser `parseCase`.\n    Add a test for an empty input.");
    expect(r.out).toContain("kind: conflict, attempt 3, found by refinery");
    expect(r.out).toContain("origin/main at 0123456789ab with feature merged onto it first");
    expect(r.out).toMatch(/- src\/parse\.js\n\s+- test\/parse\.test\.js/);
    expect(r.out).toMatch(/^Status: active \(conflict: src\/parse\.js, test\/parse\.test\.js\)$/m);
    const json = JSON.parse((await polecat("analyze", "setup", "--json")).out) as { kickbacks: { kickback?: { kind: string } }[] };
    expect(json.kickbacks.map((n) => n.kickback?.kind)).toEqual(["validation", "review", "conflict"]);
  });

  it("summary gives one line per kickback with a pointer to analyze", async () => {
    const r = await polecat("summary");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    const at = lines.indexOf("Kicked back: 3");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual([
      `  setup: validation failed: ${FAILING} failing tests (parses case 1; parses case 2; parses case 3; …) (more: polecat analyze setup)`,
      "  setup: review requested changes: Name the parser `parseCase`. (more: polecat analyze setup)",
      "  setup: conflict: src/parse.js, test/parse.test.js (more: polecat analyze setup)",
    ]);
    expect(lines[at + 4]).toMatch(/^Blocked now: 0$/);
    expect(r.out).not.toContain("actual line");
  });
});
