// Loads the spec named by the global options; nearly every command starts here.
import { isAbsolute, relative } from "node:path";
import type { Command } from "commander";
import { loadSpec } from "../adapters/spec-loader.js";
import { PolecatError, type ErrorCode } from "../core/errors.js";
import { formatProblem, type Problem, type Result } from "../core/result.js";
import type { LoadedSpec } from "../core/spec.js";
import { absPath, globalOptions } from "./context.js";
import { println, type World } from "./world.js";

/** Loads the spec (and registry) the global options name, as data: the caller decides how to report. */
export async function loadSpecFromOptions(cmd: Command, world: World): Promise<{ specPath: string; result: Result<LoadedSpec> }> {
  const opts = globalOptions(cmd);
  const specPath = absPath(world, opts.spec ?? "polecat.yaml");
  const workersPath = opts.workers === undefined ? undefined : absPath(world, opts.workers);
  return { specPath, result: await loadSpec({ specPath, workersPath }) };
}

/** Loads the spec or throws the exit-2 error listing every problem; warnings go to stderr. */
export async function loadSpecOrExit(cmd: Command, world: World): Promise<LoadedSpec> {
  const { specPath, result } = await loadSpecFromOptions(cmd, world);
  printWarnings(world, result.warnings ?? []);
  if (!result.ok) throw invalid("E_SPEC_INVALID", world, specPath, result.errors);
  return result.value;
}

/** The exit-2 error for a file with problems, one formatted problem per detail line. */
export function invalid(code: ErrorCode, world: World, file: string, problems: readonly Problem[]): PolecatError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const details = problems.map((p) => showProblem(world, p));
  return new PolecatError(code, `${displayPath(world, file)}: ${count}`, { details });
}

/** Writes each warning to stderr as `FILE:LINE:COL: warning: ...`. */
export function printWarnings(world: World, warnings: readonly Problem[]): void {
  for (const w of warnings) println(world.stderr, showProblem(world, { ...w, message: `warning: ${w.message}` }));
}

/** A problem formatted with its file relative to the working directory, as the user typed it. */
function showProblem(world: World, p: Problem): string {
  return formatProblem({ ...p, file: displayPath(world, p.file) });
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(world: World, file: string): string {
  const rel = relative(world.cwd, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}
