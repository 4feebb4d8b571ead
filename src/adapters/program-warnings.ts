// Worker types whose program is not installed: `validate` warns at the command, `swarm` starts no slot for them.
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { programOf, routableTypes } from "../core/doctor.js";
import type { Problem } from "../core/result.js";
import type { LoadedSpec } from "../core/spec.js";
import { yamlBlockOf } from "../core/workers-md.js";
import { parseYaml, problemAt } from "../core/yaml-positions.js";
import { polecatDir } from "./install-dir.js";
import { findProgram } from "./program-path.js";
import { isYamlRegistry } from "./spec-loader.js";

/** A worker type the spec can route to whose argv[0] cannot be found. */
export interface MissingProgram {
  type: string;
  /** argv[0] with `{registry_dir}` / `{polecat_dir}` filled. */
  program: string;
}

/** The types (among those the spec can route to, or `types` when given) whose program is neither on PATH nor at its path. */
export async function missingPrograms(loaded: LoadedSpec, env: Readonly<Record<string, string | undefined>>, cwd: string, types?: readonly string[]): Promise<MissingProgram[]> {
  const places = { cwd, registryDir: dirname(loaded.registryPath), polecatDir: polecatDir() };
  const out: MissingProgram[] = [];
  for (const type of types ?? routableTypes(loaded)) {
    const worker = loaded.registry.workers[type];
    if (worker === undefined) continue;
    const program = programOf(worker, places);
    if ((await findProgram(program, env, cwd)) === undefined) out.push({ type, program });
  }
  return out;
}

/** One warning per missing program, at the first element of the type's `command` in the registry. */
export async function missingProgramWarnings(loaded: LoadedSpec, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<Problem[]> {
  const missing = await missingPrograms(loaded, env, cwd);
  if (missing.length === 0) return [];
  const file = loaded.registryPath;
  const text = await readFile(file, "utf8");
  const block = isYamlRegistry(file) ? text : yamlBlockOf(file, text);
  const yaml = typeof block === "string" ? block : block.ok ? block.value : "";
  const src = parseYaml(file, yaml);
  return missing.map(({ type, program }) => {
    const message = `worker "${type}": ${program} is not on PATH; a swarm starts no slot for it`;
    const hint = "install it or fix PATH (`polecat doctor` checks every worker type)";
    return src.ok ? problemAt(src.value, ["workers", type, "command", 0], message, { hint }) : { file, line: 1, col: 1, path: `/workers/${type}/command/0`, message, hint };
  });
}
