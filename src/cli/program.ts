// Builds the commander program and runs it; the one top-level error handler lives here.
import { Command, CommanderError } from "commander";
import { ExitCode, isPolecatError } from "../core/errors.js";
import { COMMANDS } from "./commands.js";
import type { RegisterCommand } from "./context.js";
import { addExamples, PROGRAM_HELP } from "./examples.js";
import { println, type World } from "./world.js";
import { VERSION } from "./version.js";

/** Program-level options that take a value: the token after them is that value, not a command name. */
const VALUE_OPTIONS = new Set(["--spec", "--workers", "--home"]);

/** The command argv names (its first word that is not an option or an option's value), if any. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") return argv[i + 1];
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/**
 * The commands argv needs registered: just the one it names, none for a bare `--version`, all for help,
 * completion and anything unrecognised (so help lists them all and a misspelt name gets its suggestion).
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const word = commandWord(argv);
  const named = COMMANDS.find((c) => c.name === word);
  if (named !== undefined && named.wholeProgram !== true) return [await named.load()];
  if (word === undefined && argv.some((a) => a === "-V" || a === "--version")) return [];
  return Promise.all(COMMANDS.map((c) => c.load()));
}

/** Creates the `polecat` program with the given commands registered against one world. */
export function createProgram(world: World, commands: readonly RegisterCommand[]): Command {
  const program = new Command("polecat")
    .description("Run a swarm of coding-agent workers in parallel on one git repository.")
    .version(VERSION, "-V, --version")
    .option("--spec <file>", "swarm spec", "polecat.yaml")
    .option("--workers <file>", "worker registry (default: the spec's `workers`, else WORKERS.md beside it)")
    .option("--home <dir>", "polecat home (env POLECAT_HOME, default ~/.polecat)")
    .option("--json", "machine-readable output")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", PROGRAM_HELP)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => world.stdout.write(s),
      writeErr: (s) => world.stderr.write(s),
    });
  for (const register of commands) register(program, world, run);
  addExamples(program);
  return program;
}

/** Runs polecat with argv (without node and script) and returns the exit code; never throws. */
export async function run(argv: readonly string[], world: World): Promise<number> {
  try {
    const program = createProgram(world, await commandsFor(argv));
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
