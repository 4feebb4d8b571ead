// The agent-CLI installer: exact pins, a cache key that follows the pins, and an installed entry whose
// executables are the pinned versions (the global setup installed it; asking again installs nothing).
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";
import { cacheKey, cacheRoot, ensureAgentClis, readManifest } from "../../scripts/install-agent-clis.mjs";
import { tempDir } from "../helpers/git.js";

describe("agent CLI installer", () => {
  it("pins exact versions of the three CLIs and rejects a range", async () => {
    const clis = readManifest();
    expect(Object.keys(clis).sort()).toEqual(["claude", "codex", "gemini"]);
    expect(clis.claude?.package).toBe("@anthropic-ai/claude-code");
    const dir = await tempDir();
    const bad = join(dir, "manifest.json");
    await writeFile(bad, JSON.stringify({ clis: { claude: { package: "@anthropic-ai/claude-code", version: "^2.1.0", bin: "claude" } } }));
    expect(() => readManifest(bad)).toThrow(/claude must pin an exact version, not \^2\.1\.0/);
  });

  it("keys the cache by the pinned versions and honours POLECAT_AGENT_CLIS_DIR", () => {
    const clis = readManifest();
    const bumped = { ...clis, codex: { ...clis.codex!, version: "0.0.1" } };
    expect(cacheKey(bumped)).not.toBe(cacheKey(clis));
    expect(cacheKey({ ...clis })).toBe(cacheKey(clis));
    expect(cacheRoot({ POLECAT_AGENT_CLIS_DIR: "/x/y" })).toBe("/x/y");
    expect(cacheRoot({ HOME: "/h" })).toBe("/h/.cache/polecat/agent-clis");
    expect(cacheRoot({ HOME: "/h", XDG_CACHE_HOME: "/c" })).toBe("/c/polecat/agent-clis");
  });

  it("installed every CLI at its pinned version, and a second ensure installs nothing", async () => {
    const provided = inject("agentClis");
    if ("error" in provided) throw new Error(provided.error);
    const logged: string[] = [];
    const entry = await ensureAgentClis({ log: (l) => logged.push(l) });
    expect(logged).toEqual([]);
    expect(entry).toEqual(provided.entry);
    for (const [name, pin] of Object.entries(readManifest())) {
      const bin = entry.bins[name]!;
      expect(existsSync(bin)).toBe(true);
      expect(entry.versions[name]).toContain(pin.version);
    }
    const r = await execa(entry.bins.claude!, ["--version"], { env: { ...process.env, HOME: await tempDir() }, stdin: "ignore" });
    expect(r.stdout).toContain(readManifest().claude!.version);
  });
});
