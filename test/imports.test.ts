import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { crossBackendImports, crossCommandImports, importCycles, importGraph, upwardImports } from "./helpers/import-graph.js";

const SRC = resolve(import.meta.dirname, "../src");

describe("the import graph of src/", () => {
  const graph = importGraph(SRC);

  it("reads every source file", () => {
    expect(graph.get("cli/program.ts")).toContain("cli/commands.ts");
    expect(graph.size).toBeGreaterThan(100);
  });

  it("has no import that climbs a floor (cli → runtime → adapters → core)", () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it("has no import circle, dynamic imports included", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("has no command importing another command", () => {
    expect(crossCommandImports(graph)).toEqual([]);
  });

  it("has no store backend importing the other", () => {
    expect(crossBackendImports(graph)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function tree(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), "polecat-imports-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  it("find an upward import, a circle through a dynamic import, a command importing another, a backend importing the other", () => {
    const graph = importGraph(
      tree({
        "core/a.ts": 'export { b } from "../adapters/b.js";\n',
        "adapters/b.ts": 'import type { C } from "./c.js";\nexport const b = 1;\n',
        "adapters/c.ts": 'export const c = () => import("./b.js");\n',
        "cli/commands/x.ts": 'import { y } from "./y.js";\n',
        "cli/commands/y.ts": 'export const y = 1;\n',
        "cli/commands/task/index.ts": 'import "./lease.js";\n',
        "cli/commands/task/lease.ts": "export {};\n",
        "adapters/pg-store/events.ts": 'import { appendEvents } from "../file-store/events.js";\n',
        "adapters/file-store/events.ts": "export const appendEvents = 1;\n",
      }),
    );
    expect(upwardImports(graph)).toEqual(["core/a.ts -> adapters/b.ts"]);
    expect(importCycles(graph)).toEqual([["adapters/b.ts", "adapters/c.ts"]]);
    expect(crossCommandImports(graph)).toEqual(["cli/commands/x.ts -> cli/commands/y.ts"]);
    expect(crossBackendImports(graph)).toEqual(["adapters/pg-store/events.ts -> adapters/file-store/events.ts"]);
  });
});
