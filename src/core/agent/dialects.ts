// Per-CLI argv knowledge: the flags that make each agent CLI print a machine-readable result, and how it resumes a session.
import type { Dialect } from "./run.js";

/** A dialect's flags: each inner array is one flag with its value, added when the command lacks the flag. */
interface DialectArgv {
  /** Flags that make the CLI print its result as JSON lines. */
  output: string[][];
  /** The subcommand the flags follow (codex's `exec`); flags go right after the program otherwise. */
  after?: string;
  /** How the CLI continues a session, or undefined when it cannot be told which one. */
  resume?: (sessionId: string) => { args: string[]; beforePrompt: boolean };
}

const ARGV: Record<Dialect, DialectArgv> = {
  claude: { output: [["--output-format", "stream-json"], ["--verbose"]], resume: (id) => ({ args: ["--resume", id], beforePrompt: false }) },
  // Gemini resumes by index or "latest" within the project directory: each task has its own worktree, so "latest" is its own.
  gemini: { output: [["--output-format", "stream-json"]], resume: () => ({ args: ["--resume", "latest"], beforePrompt: false }) },
  codex: { output: [["--json"]], after: "exec", resume: (id) => ({ args: ["resume", id], beforePrompt: true }) },
  generic: { output: [] },
};

/** Guesses the dialect of a command from its program name, for registries that do not say. */
export function guessDialect(command: readonly string[]): Dialect {
  const program = (command[0] ?? "").split(/[\\/]/).pop() ?? "";
  if (program === "claude") return "claude";
  if (program === "gemini") return "gemini";
  if (program === "codex") return "codex";
  return "generic";
}

// Where inserted flags go: after the subcommand the dialect names, else right after the program.
function insertAt(d: DialectArgv, command: readonly string[]): number {
  if (d.after === undefined) return 1;
  const i = command.indexOf(d.after);
  return i < 0 ? 1 : i + 1;
}

// The flag's spellings as one argument (`--output-format=stream-json`) or two.
function hasFlag(command: readonly string[], flag: readonly string[]): boolean {
  const [name] = flag;
  if (name === undefined) return true;
  return command.some((a) => a === name || a.startsWith(`${name}=`) || (name === "--output-format" && (a === "-o" || a.startsWith("-o="))));
}

/** The flags of a dialect that a command lacks (what `doctor` reports and `withDialect` adds). */
export function missingFlags(dialect: Dialect, command: readonly string[]): string[][] {
  return ARGV[dialect].output.filter((f) => !hasFlag(command, f));
}

/** The command with the dialect's output flags added where it lacks them; a command that has them is unchanged. */
export function withDialect(dialect: Dialect, command: readonly string[]): string[] {
  const d = ARGV[dialect];
  const add = missingFlags(dialect, command).flat();
  if (add.length === 0) return [...command];
  const at = insertAt(d, command);
  return [...command.slice(0, at), ...add, ...command.slice(at)];
}

/** True when the CLI can continue a session by its id. */
export function canResume(dialect: Dialect): boolean {
  return ARGV[dialect].resume !== undefined;
}

/**
 * The command that continues `sessionId` with a new prompt (`claude --resume <id>`, `codex exec resume <id>`),
 * or undefined when the dialect cannot resume. `{prompt}` / `{prompt_file}` stay where they are.
 */
export function resumeCommand(dialect: Dialect, command: readonly string[], sessionId: string): string[] | undefined {
  const d = ARGV[dialect];
  const r = d.resume?.(sessionId);
  if (r === undefined) return undefined;
  if (!r.beforePrompt) {
    const at = insertAt(d, command);
    return [...command.slice(0, at), ...r.args, ...command.slice(at)];
  }
  const prompt = command.findIndex((a) => a.includes("{prompt}") || a.includes("{prompt_file}"));
  const at = prompt < 0 ? command.length : prompt;
  return [...command.slice(0, at), ...r.args, ...command.slice(at)];
}
