// `polecat validate`: checks the spec and its worker registry and prints every problem at once.
import type { Command } from "commander";
import { globalOptions, type RegisterCommand } from "../context.js";
import { displayPath, invalid, loadSpecFromOptions, printWarnings } from "../load-spec.js";
import { println } from "../world.js";
import { ExitCode } from "../../core/errors.js";
import { missingProgramWarnings } from "../../adapters/program-warnings.js";

/** Registers `polecat validate`. */
export const registerValidate: RegisterCommand = (program, world) => {
  program
    .command("validate")
    .description("check the spec and its worker registry; print every problem with FILE:LINE:COL")
    .action(async (_opts: unknown, cmd: Command) => {
      const { specPath, result } = await loadSpecFromOptions(cmd, world);
      // A program missing from PATH is a warning: the spec is sound, this machine cannot run that type yet.
      const warnings = [...(result.warnings ?? []), ...(result.ok ? await missingProgramWarnings(result.value, world.env, world.cwd) : [])];
      if (globalOptions(cmd).json) {
        const errors = result.ok ? [] : result.errors;
        println(world.stdout, JSON.stringify({ ok: result.ok, errors, warnings }, null, 2));
        if (!result.ok) throw new ExitCode(2);
        return;
      }
      printWarnings(world, warnings);
      if (!result.ok) throw invalid("E_SPEC_INVALID", world, specPath, result.errors);
      const { spec, registry } = result.value;
      const counts = `${plural(spec.tasks.length, "task")}, ${plural(Object.keys(registry.workers).length, "worker type")}`;
      println(world.stdout, `ok: ${displayPath(world, specPath)}: ${counts}`);
    });
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
