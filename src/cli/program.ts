// Builds the commander program and runs it; the one top-level error handler lives here.
import { Command, CommanderError } from "commander";
import { isPolecatError } from "../core/errors.js";
import { COMMANDS } from "./commands.js";
import { println, type World } from "./world.js";
import { VERSION } from "./version.js";

/** Creates the `polecat` program with every command registered against one world. */
export function createProgram(world: World): Command {
  const program = new Command("polecat")
    .description("Run a swarm of coding-agent workers in parallel on one git repository.")
    .version(VERSION, "-V, --version")
    .option("--spec <file>", "swarm spec", "polecat.yaml")
    .option("--workers <file>", "worker registry (default: the spec's `workers`, else WORKERS.md beside it)")
    .option("--home <dir>", "polecat home (env POLECAT_HOME, default ~/.polecat)")
    .option("--json", "machine-readable output")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => world.stdout.write(s),
      writeErr: (s) => world.stderr.write(s),
    });
  for (const register of COMMANDS) register(program, world);
  return program;
}

/** Runs polecat with argv (without node and script) and returns the exit code; never throws. */
export async function run(argv: readonly string[], world: World): Promise<number> {
  const program = createProgram(world);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    return report(error, world);
  }
}

function report(error: unknown, world: World): number {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0; usage errors were already printed.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ExitCode) return error.code;
  if (isPolecatError(error)) {
    println(world.stderr, `polecat: ${error.message}`);
    for (const d of error.details) println(world.stderr, d);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  println(world.stderr, `polecat: internal error: ${err.message}`);
  if (world.env.POLECAT_DEBUG) println(world.stderr, err.stack ?? "");
  else println(world.stderr, "(set POLECAT_DEBUG=1 for the stack trace; this is a bug in polecat)");
  return 1;
}

/** Thrown by a command that has reported its own outcome and wants a specific exit code. */
export class ExitCode extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}
