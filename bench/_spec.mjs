// A benchmark's spec, loaded the way `polecat` loads one (the real schema, its defaults and polecat's own
// WORKERS.md), so a field added to the spec never leaves a hand-built benchmark spec behind.
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { loadSpec } from "../dist/adapters/spec-loader.js";

const ROOT = resolve(import.meta.dirname, "..");

/** Writes `fields` as `dir/polecat.yaml` (with `version: 1` and the repository's WORKERS.md) and loads it; throws on any problem. */
export async function loadBenchSpec(dir, fields) {
  const specPath = join(dir, "polecat.yaml");
  await writeFile(specPath, stringify({ version: 1, workers: join(ROOT, "WORKERS.md"), ...fields }));
  const loaded = await loadSpec({ specPath });
  if (!loaded.ok) throw new Error(`bench spec: ${loaded.errors.map((e) => e.message ?? JSON.stringify(e)).join("; ")}`);
  return loaded.value;
}
