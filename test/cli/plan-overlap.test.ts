// Conflicts predicted: `plan` warns about tasks that may run at once and declare overlapping files, and
// with dispatch.serialize_overlapping the stores' claims run them one after the other.
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore } from "../../src/adapters/file-store/index.js";
import { createPgStore } from "../../src/adapters/pg-store/index.js";
import { loadSpec } from "../../src/adapters/spec-loader.js";
import { run } from "../../src/cli/program.js";
import { applyInput } from "../../src/core/apply.js";
import type { TaskStore } from "../../src/core/ports/store.js";
import { describePg, pgSandbox } from "../adapters/pg-store/harness.js";
import { memoryWorld } from "../helpers/world.js";

const WORKERS = join(import.meta.dirname, "..", "fixtures", "valid", "minimal", "WORKERS.md");

function specText(serialize: boolean): string {
  return `version: 1
project: demo
repo: ./origin
${serialize ? "dispatch:\n  serialize_overlapping: true\n" : ""}tasks:
  - { id: parse, title: Parser, files: [src/parse.js] }
  - { id: lint, title: Lint everything, files: ["src/**/*.js"] }
  - { id: docs, title: Docs, files: [docs/guide.md] }
  - { id: cli, title: CLI, depends_on: [parse], files: [src/parse.js, bin/cli.js] }
`;
}

async function specDir(serialize: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "polecat-plan-overlap-"));
  await writeFile(join(dir, "polecat.yaml"), specText(serialize));
  await copyFile(WORKERS, join(dir, "WORKERS.md"));
  return dir;
}

const polecat = async (dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> => {
  const w = memoryWorld({ cwd: dir, env: { ...process.env, NO_COLOR: "1", POLECAT_HOME: join(dir, "home") } });
  const code = await run(args, w.world);
  return { code, out: w.out(), err: w.err() };
};

/** Claims as far as the store lets two claude slots and three gemini slots go, by the order it hands out work. */
async function claimOrder(store: TaskStore): Promise<string[][]> {
  const rounds: string[][] = [];
  const capacity = { claude: 2, gemini: 3 };
  for (let round = 0; round < 4; round++) {
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await store.claim({ project: "demo", workerType: "claude", owner: `o${round}-${i}`, leaseMs: 600_000, capacity: { ...capacity, claude: 9 } });
      if (c === undefined) break;
      got.push(c.task.id);
    }
    rounds.push(got.sort());
    for (const id of got) {
      const t = await store.get("demo", id);
      const lease = { project: "demo", id, attempt: t?.attempt ?? 0, owner: t?.lease?.owner ?? "" };
      await store.transition({ project: "demo", id, from: "in_progress", to: "merge_ready", lease, patch: { branch: `polecat/${id}`, head_sha: "abc" } });
      await store.transition({ project: "demo", id, from: "merge_ready", to: "done", patch: { merge_commit: "def" }, actor: "refinery" });
    }
  }
  return rounds;
}

describe("plan warns about overlapping files", () => {
  let dir: string;
  beforeAll(async () => (dir = await specDir(false)));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("names each pair that may run at once, in text and in --json", async () => {
    const text = await polecat(dir, "plan");
    expect(text.code).toBe(0);
    expect(text.out).toContain("warning: parse and lint may run at once and both declare src/parse.js; the later to merge will likely conflict");
    expect(text.out).toContain("warning: lint and cli may run at once and both declare src/**/*.js;");
    expect(text.out.split("\n").filter((l) => l.startsWith("warning:"))).toHaveLength(2);
    const json = JSON.parse((await polecat(dir, "plan", "--json")).out) as { overlaps: unknown; overlaps_truncated: unknown; serialized: unknown };
    expect(json.overlaps_truncated).toBe(false);
    expect(json.overlaps).toEqual([
      { tasks: ["parse", "lint"], files: ["src/parse.js"] },
      { tasks: ["lint", "cli"], files: ["src/**/*.js"] },
    ]);
    expect(json.serialized).toEqual([]);
  });

  it("without the option a real store hands overlapping work out at once", async () => {
    expect((await polecat(dir, "apply")).code).toBe(0);
    const store = await createFileStore({ home: join(dir, "home") });
    try {
      expect(await claimOrder(store)).toEqual([["docs", "lint", "parse"], ["cli"], [], []]);
    } finally {
      await store.close();
    }
  });
});

describe("dispatch.serialize_overlapping", () => {
  let dir: string;
  beforeAll(async () => (dir = await specDir(true)));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("plan shows the order it adds instead of warnings", async () => {
    const text = await polecat(dir, "plan");
    expect(text.out).toContain("serialized: lint runs after parse (both declare src/**/*.js)");
    expect(text.out).toContain("serialized: cli runs after lint (both declare src/parse.js)");
    expect(text.out).not.toContain("warning:");
    const json = JSON.parse((await polecat(dir, "plan", "--json")).out) as { waves: string[][] };
    expect(json.waves).toEqual([["parse", "docs"], ["lint"], ["cli"]]);
  });

  it("the file store's claims never hand out two overlapping tasks at once", async () => {
    expect((await polecat(dir, "apply")).code).toBe(0);
    const store = await createFileStore({ home: join(dir, "home") });
    try {
      expect(await claimOrder(store)).toEqual([["docs", "parse"], ["lint"], ["cli"], []]);
    } finally {
      await store.close();
    }
  });
});

describePg("dispatch.serialize_overlapping on PostgreSQL", () => {
  it("the SQL claim orders them the same way", async () => {
    const dir = await specDir(true);
    const sandbox = await pgSandbox();
    const store = await createPgStore({ url: sandbox.url, home: sandbox.home });
    try {
      const loaded = await loadSpec({ specPath: join(dir, "polecat.yaml") });
      if (!loaded.ok) throw new Error("spec did not load");
      await store.applySpec(applyInput(loaded.value));
      expect(await claimOrder(store)).toEqual([["docs", "parse"], ["lint"], ["cli"], []]);
    } finally {
      await store.close();
      await sandbox.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
