import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry, loadSpec } from "../../src/adapters/spec-loader.js";

const ROOT = resolve(import.meta.dirname, "../..");
const REGISTRY = "# W\n\n```yaml\nworkers:\n  codex: { command: [codex, '{prompt}'], capabilities: [code] }\n  claude: { command: [claude, '{prompt}'], capabilities: [code, review] }\n```\n";
const SPEC = "version: 1\nproject: demo\nrepo: ./origin\ntasks:\n  - { id: a, title: A }\n";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "polecat-spec-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function project(name: string, files: Record<string, string>): Promise<string> {
  const d = join(dir, name);
  await mkdir(d, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(d, file, ".."), { recursive: true });
    await writeFile(join(d, file), text);
  }
  return d;
}

describe("loadSpec", () => {
  it("loads the example swarm with the root WORKERS.md", async () => {
    const r = await loadSpec({ specPath: join(ROOT, "examples/swarm.yaml") });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.specPath).toBe(join(ROOT, "examples/swarm.yaml"));
    expect(r.value.registryPath).toBe(join(ROOT, "WORKERS.md"));
    expect(r.value.spec.workers).toBe(join(ROOT, "WORKERS.md"));
    expect(r.value.spec.tasks).toHaveLength(12);
    expect(Object.keys(r.value.registry.workers)).toEqual(["claude", "gemini", "codex", "scripted"]);
    expect(r.value.registry.workers.scripted?.command).toEqual(["node", "{registry_dir}/agents/scripted-agent.mjs"]);
    expect(r.warnings).toEqual([]);
  });

  it("finds WORKERS.md beside the spec, resolves paths and picks a reviewer", async () => {
    const d = await project("beside", { "polecat.yaml": SPEC, "WORKERS.md": REGISTRY });
    const r = await loadSpec({ specPath: join(d, "polecat.yaml") });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.registryPath).toBe(join(d, "WORKERS.md"));
    expect(r.value.spec.repo).toBe(join(d, "origin"));
    expect(r.value.spec.refinery.review.worker).toBe("claude");
  });

  it("uses workersPath over the spec's registry", async () => {
    const d = await project("override", { "polecat.yaml": `${SPEC}workers: missing.md\n`, "other/W.md": REGISTRY });
    const r = await loadSpec({ specPath: join(d, "polecat.yaml"), workersPath: join(d, "other/W.md") });
    expect(r.ok && r.value.registryPath).toBe(join(d, "other/W.md"));
    expect(r.ok && r.value.spec.workers).toBe(join(d, "other/W.md"));
  });

  it("reports a missing spec as a problem at 1:1, not a throw", async () => {
    const r = await loadSpec({ specPath: join(dir, "nope/polecat.yaml") });
    expect(r).toMatchObject({ ok: false, errors: [{ file: join(dir, "nope/polecat.yaml"), line: 1, col: 1 }] });
    expect(!r.ok && r.errors[0]?.message).toMatch(/cannot read spec .*: file not found/);
  });

  it("reports a directory given as the spec", async () => {
    const r = await loadSpec({ specPath: dir });
    expect(!r.ok && r.errors[0]?.message).toMatch(/is a directory/);
  });

  it("points at the spec's workers line when the registry it names is missing", async () => {
    const d = await project("named-missing", { "polecat.yaml": `${SPEC}workers: ./team/WORKERS.md\n` });
    const r = await loadSpec({ specPath: join(d, "polecat.yaml") });
    expect(r).toMatchObject({ ok: false, errors: [{ file: join(d, "polecat.yaml"), line: 6, col: 10, path: "/workers" }] });
  });

  it("reports a missing default registry at its own 1:1", async () => {
    const d = await project("default-missing", { "polecat.yaml": SPEC });
    const r = await loadSpec({ specPath: join(d, "polecat.yaml") });
    expect(r).toMatchObject({ ok: false, errors: [{ file: join(d, "WORKERS.md"), line: 1, col: 1 }] });
  });

  it("reports problems of both files in one result", async () => {
    const d = await project("both", {
      "polecat.yaml": `${SPEC}  - { id: b, title: B, depends_on: [c] }\n`,
      "WORKERS.md": REGISTRY.replace("capabilities: [code] }", "capabilities: [code], cost: 0 }"),
    });
    const r = await loadSpec({ specPath: join(d, "polecat.yaml") });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.file, e.line, e.message])).toEqual([
      [join(d, "polecat.yaml"), 6, 'unknown task "c" in depends_on'],
      [join(d, "WORKERS.md"), 5, "cost must be >= 1, got 0"],
    ]);
  });
});

describe("loadRegistry", () => {
  it("loads the root WORKERS.md", async () => {
    const r = await loadRegistry(join(ROOT, "WORKERS.md"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.routing.default).toBe("claude");
    expect(r.value.workers.claude?.capabilities).toContain("review");
    expect(r.value.workers.scripted?.capabilities).toContain("review");
    expect(r.value.workers.gemini?.command).toEqual(["gemini", "-p", "{prompt}", "--yolo", "--skip-trust", "--output-format", "stream-json"]);
    expect(r.value.workers.codex?.command).toEqual(["codex", "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "{prompt}"]);
    expect(r.value.workers.codex?.dialect).toBe("codex");
  });

  it("reports an unreadable registry at 1:1", async () => {
    const r = await loadRegistry(join(dir, "none.md"));
    expect(r).toMatchObject({ ok: false, errors: [{ file: join(dir, "none.md"), line: 1, col: 1 }] });
  });
});
