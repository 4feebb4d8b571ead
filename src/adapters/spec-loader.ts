// Reads polecat.yaml and WORKERS.md from disk and validates them together; every other layer starts here.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { validateCronExpression } from "cron";
import { validateRegistry } from "../core/registry-validate.js";
import type { Problem, Result } from "../core/result.js";
import { schemaCheck, type SchemaCheck } from "../core/schema-problems.js";
import type { LoadedSpec, WorkerRegistry } from "../core/spec.js";
import { hasExplicitRegistry, registryPathOf, validateSpec } from "../core/spec-validate.js";
import { yamlBlockOf } from "../core/workers-md.js";
import { parseYaml, problemAt } from "../core/yaml-positions.js";

const SCHEMAS = new URL("../../schemas/", import.meta.url);

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
  const [specText, specCheck, registryCheck] = await Promise.all([
    readText(specPath, "spec"),
    compile("swarm-spec.schema.json"),
    compile("workers.schema.json"),
  ]);
  if (!specText.ok) return specText;
  const parsed = parseYaml(specPath, specText.value);
  const data = parsed.ok ? parsed.value.data : undefined;
  const registryPath = opts.workersPath === undefined ? registryPathOf(data, specDir) : resolve(opts.workersPath);
  const registryText = await readText(registryPath, "worker registry");
  let registry = registryText.ok ? parseRegistry(registryPath, registryText.value, registryCheck) : registryText;
  if (!registryText.ok && parsed.ok && opts.workersPath === undefined && hasExplicitRegistry(data)) {
    // The spec names a registry that cannot be read: point at the spec's `workers:` line.
    registry = { ok: false, errors: registryText.errors.map((p) => problemAt(parsed.value, ["workers"], p.message)) };
  }
  if (!parsed.ok) return { ok: false, errors: [...parsed.errors, ...(registry.ok ? [] : registry.errors)] };
  const ctx = {
    check: specCheck,
    specDir,
    isValidCron: (expr: string) => validateCronExpression(expr).valid,
    registry: registry.ok ? registry.value : undefined,
  };
  const spec = validateSpec(parsed.value, ctx);
  const warnings = [...(spec.warnings ?? []), ...(registry.ok ? registry.warnings : [])];
  if (!spec.ok || !registry.ok) {
    return { ok: false, errors: [...(spec.ok ? [] : spec.errors), ...(registry.ok ? [] : registry.errors)], warnings };
  }
  const value = { ...spec.value, workers: registryPath };
  const reviewer = Object.values(registry.value.workers).find((w) => w.capabilities.includes("review"));
  if (value.refinery.review.worker === undefined && reviewer) value.refinery.review.worker = reviewer.name;
  return { ok: true, value: { spec: value, registry: registry.value, specPath, registryPath }, warnings };
}

/** Loads and validates a worker registry (a WORKERS.md file) on its own. */
export async function loadRegistry(path: string): Promise<Result<WorkerRegistry>> {
  return readRegistry(resolve(path), await compile("workers.schema.json"));
}

async function readRegistry(path: string, check: SchemaCheck): Promise<Result<WorkerRegistry>> {
  const text = await readText(path, "worker registry");
  return text.ok ? parseRegistry(path, text.value, check) : text;
}

function parseRegistry(path: string, markdown: string, check: SchemaCheck): Result<WorkerRegistry> {
  const block = yamlBlockOf(path, markdown);
  if (!block.ok) return block;
  const parsed = parseYaml(path, block.value);
  if (!parsed.ok) return parsed;
  return validateRegistry(parsed.value, check);
}

async function compile(name: string): Promise<SchemaCheck> {
  const schema = JSON.parse(await readFile(new URL(name, SCHEMAS), "utf8")) as object;
  return schemaCheck(schema);
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
