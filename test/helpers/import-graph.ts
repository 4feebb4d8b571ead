// The import graph of a TypeScript tree, read with the compiler's own pre-processor (static imports,
// re-exports and dynamic `import()` alike), and the three things the floors forbid in it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** The floors from the bottom up: a file may import its own floor and the ones below it. */
export const FLOORS = ["core", "adapters", "runtime", "cli"] as const;

/** Source file (relative to the root, e.g. `cli/program.ts`) → the source files it imports. */
export type ImportGraph = Map<string, string[]>;

/** Every `.ts` file under `root`, with its relative imports resolved to files under `root`. */
export function importGraph(root: string): ImportGraph {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)));
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
    const deps = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, ".ts"));
    graph.set(file, deps);
  }
  return graph;
}

function floorOf(file: string): number {
  return FLOORS.indexOf(file.split("/")[0] as (typeof FLOORS)[number]);
}

/** Imports that climb a floor (`adapters/x.ts -> runtime/y.ts`). */
export function upwardImports(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) for (const d of deps) if (floorOf(d) > floorOf(file)) out.push(`${file} -> ${d}`);
  return out;
}

/** A command module importing another command (`cli/commands/<a>` -> `cli/commands/<b>`). */
export function crossCommandImports(graph: ImportGraph): string[] {
  const command = (f: string): string | undefined => /^cli\/commands\/([^/.]+)/.exec(f)?.[1];
  const out: string[] = [];
  for (const [file, deps] of graph) {
    const own = command(file);
    for (const d of deps) if (command(d) !== undefined && own !== undefined && command(d) !== own) out.push(`${file} -> ${d}`);
  }
  return out;
}

/** One store backend importing the other (`adapters/pg-store/*` -> `adapters/file-store/*`, or back): shared pieces live in a neutral adapter. */
export function crossBackendImports(graph: ImportGraph): string[] {
  const backend = (f: string): string | undefined => /^adapters\/(file-store|pg-store)\//.exec(f)?.[1];
  const out: string[] = [];
  for (const [file, deps] of graph) {
    const own = backend(file);
    for (const d of deps) if (own !== undefined && backend(d) !== undefined && backend(d) !== own) out.push(`${file} -> ${d}`);
  }
  return out;
}

/** Every import circle (a strongly connected set of two or more files, or a file importing itself), each sorted. */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
