// Reads polecat.yaml and WORKERS.md (or a plain workers.yaml) from disk and validates them together; every other layer starts here.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { validateCronExpression } from "cron";
import { validateRegistry } from "../core/registry-validate.js";
import type { Problem, Result } from "../core/result.js";
import { schemaCheck, type SchemaCheck } from "../core/schema-problems.js";
import { validate as validateSpecSchema } from "../core/validators/swarm-spec.js";
import { validate as validateRegistrySchema } from "../core/validators/workers.js";
import type { LoadedSpec, WorkerRegistry } from "../core/spec.js";
import { hasExplicitRegistry, registryPathOf, validateSpec } from "../core/spec-validate.js";
import { yamlBlockOf } from "../core/workers-md.js";
import { parseYaml, problemAt, type YamlSource } from "../core/yaml-positions.js";

/** Where to load from; relative paths resolve against the process's working directory. */
export interface LoadSpecOptions {
  specPath: string;
  /** Registry to use instead of the one the spec names. */
  workersPath?: string | undefined;
}

/** Loads and validates a spec and its registry, reporting every problem in both files at once. */
export async function loadSpec(opts: LoadSpecOptions): Promise<Result<LoadedSpec>> {
  const specPath = resolve(opts.specPath);
  const specDir = dirname(specPath);
  const specText = await readText(specPath, "spec");
  const specCheck = schemaCheck(validateSpecSchema);
  const registryCheck = schemaCheck(validateRegistrySchema);
  if (!specText.ok) return specText;
  const parsed = parseYaml(specPath, specText.value);
  if (!parsed.ok) {
    // Until the spec parses, its registry's path is unknown (unless --workers gave it).
    const registry = opts.workersPath === undefined ? undefined : await readRegistry(resolve(opts.workersPath), registryCheck);
    return { ok: false, errors: [...parsed.errors, ...(registry?.ok === false ? registry.errors : [])] };
  }
  const src = parsed.value;
  const named = opts.workersPath === undefined;
  const registryPath = named ? registryPathOf(src.data, specDir) : resolve(opts.workersPath as string);
  const registry = await readRegistry(registryPath, registryCheck, named && hasExplicitRegistry(src.data) ? src : undefined);
  const ctx = {
    check: specCheck,
    specDir,
    isValidCron: (expr: string) => validateCronExpression(expr).valid,
    registry: registry.ok ? registry.value : undefined,
  };
  const spec = validateSpec(src, ctx);
  const warnings = [...(spec.warnings ?? []), ...(registry.ok ? registry.warnings : [])];
  if (!spec.ok || !registry.ok) {
    return { ok: false, errors: [...(spec.ok ? [] : spec.errors), ...(registry.ok ? [] : registry.errors)], warnings };
  }
  const value = { ...spec.value, workers: registryPath };
  const reviewer = Object.values(registry.value.workers).find((w) => w.capabilities.includes("review"));
  if (value.refinery.review.worker === undefined && reviewer) value.refinery.review.worker = reviewer.name;
  return { ok: true, value: { spec: value, registry: registry.value, specPath, registryPath }, warnings };
}

/** Loads and validates a worker registry (a WORKERS.md file, or a plain workers.yaml) on its own. */
export async function loadRegistry(path: string): Promise<Result<WorkerRegistry>> {
  return readRegistry(resolve(path), schemaCheck(validateRegistrySchema));
}

/** Reads a registry; when the spec named it (`namedIn`), a missing file is reported at the spec's `workers:`. */
async function readRegistry(path: string, check: SchemaCheck, namedIn?: YamlSource): Promise<Result<WorkerRegistry>> {
  const text = await readText(path, "worker registry");
  if (text.ok) return parseRegistry(path, text.value, check);
  if (namedIn === undefined) return text;
  return { ok: false, errors: text.errors.map((p) => problemAt(namedIn, ["workers"], p.message)) };
}

/** True for a plain YAML registry (`workers.yaml`): the whole file is the registry, no Markdown around it. */
export function isYamlRegistry(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function parseRegistry(path: string, text: string, check: SchemaCheck): Result<WorkerRegistry> {
  const block: Result<string> = isYamlRegistry(path) ? { ok: true, value: text, warnings: [] } : yamlBlockOf(path, text);
  if (!block.ok) return block;
  const parsed = parseYaml(path, block.value);
  if (!parsed.ok) return parsed;
  return validateRegistry(parsed.value, check);
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "file not found",
  EACCES: "permission denied",
  EISDIR: "is a directory, not a file",
};

async function readText(path: string, what: string): Promise<Result<string>> {
  try {
    return { ok: true, value: await readFile(path, "utf8"), warnings: [] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = READ_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
    const problem: Problem = { file: path, line: 1, col: 1, path: "", message: `cannot read ${what} ${path}: ${reason}` };
    if (what === "spec" && code === "ENOENT") problem.hint = "pass --spec FILE, or run polecat where polecat.yaml is";
    return { ok: false, errors: [problem] };
  }
}
