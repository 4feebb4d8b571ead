import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/program.js";
import { memoryWorld } from "../helpers/world.js";

const ROOT = resolve(import.meta.dirname, "../..");

describe("polecat workers", () => {
  it("prints the spec's registry as a table with its routing", async () => {
    const w = memoryWorld({ cwd: ROOT });
    const code = await run(["workers", "--spec", "examples/swarm.yaml"], w.world);
    expect(w.err()).toBe("");
    expect(code).toBe(0);
    const lines = w.out().split("\n");
    expect(lines[0]).toBe("WORKERS.md:");
    expect(lines[1]).toMatch(/^NAME +COMMAND +CAPABILITIES +COST +SPEED +MAX +FALLBACK +TIMEOUT$/);
    expect(lines[2]).toMatch(/^claude +claude -p \{prompt\} --dangerously-skip-permissions --output-format stream-json --verbose +code,tests,docs,refactor,review +4 +3 +3 +codex +1h$/);
    expect(lines[5]).toMatch(/^scripted +node \{registry_dir\}\/agents\/scripted-agent\.mjs .* 8 +- +5m$/);
    expect(w.out()).toMatch(/^default +claude$/m);
    expect(w.out()).toMatch(/^high_stakes +security, auth, migration, payments → claude$/m);
    expect(w.out()).toMatch(/^heuristic +quick-fix: files <= 1, effort <= 30m → gemini$/m);
  });

  it("reads --workers without a spec", async () => {
    const w = memoryWorld({ cwd: join(ROOT, "test") });
    const code = await run(["workers", "--workers", "fixtures/valid/minimal/WORKERS.md", "--json"], w.world);
    expect(code).toBe(0);
    const out = JSON.parse(w.out()) as { registry: string; workers: Record<string, { fallback?: string }>; routing: { default: string } };
    expect(out.registry).toBe(join(ROOT, "test/fixtures/valid/minimal/WORKERS.md"));
    expect(Object.keys(out.workers)).toEqual(["claude", "gemini"]);
    expect(out.workers.claude?.fallback).toBe("gemini");
    expect(out.routing.default).toBe("claude");
  });

  it("exits 2 listing the problems of a broken registry", async () => {
    const w = memoryWorld({ cwd: join(ROOT, "test/fixtures/invalid/registry-capacity-zero") });
    const code = await run(["workers", "--workers", "WORKERS.md"], w.world);
    expect(code).toBe(2);
    expect(w.err()).toContain("WORKERS.md:10:21: max_concurrent must be >= 1, got 0");
    expect(w.out()).toBe("");
  });
});
