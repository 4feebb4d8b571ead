// What the completion scripts are written from: the command tree, each node with its path and options, and shell quoting.

/** One option as completion needs it. */
export interface CompletionOption {
  /** Its spellings, e.g. `-p` and `--project`. */
  flags: string[];
  /** True when it takes a value (the next word is that value, completed as a file name). */
  value: boolean;
  description: string;
}

/** A command and what may follow it. */
export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  commands: CompletionCommand[];
  /** The values its first argument may take, when it names them (`completion`'s shells). */
  choices?: string[];
  /** Its first argument names a task: the scripts offer the ids `<name> __complete-tasks` prints. */
  taskIds?: boolean;
}

/** The hidden command the scripts run for task ids; it prints `id<TAB>title` lines. */
export const TASK_IDS_COMMAND = "__complete-tasks";

/** Options whose value the scripts pass on to TASK_IDS_COMMAND, so it reads the same store and project as the line being typed. */
export const PASSED = ["--home", "--spec", "--workers", "-p", "--project"];

/** The shells `polecat completion` writes for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** One of SHELLS. */
export type Shell = (typeof SHELLS)[number];

/** A node of the tree with its path (`polecat task list`) and the options valid there (its own and the root's). */
export interface Node {
  path: string;
  cmd: CompletionCommand;
  options: CompletionOption[];
}

/** Every command of the tree, depth first, each with its path and the options valid there. */
export function nodes(root: CompletionCommand): Node[] {
  const out: Node[] = [];
  const walk = (cmd: CompletionCommand, path: string): void => {
    const own = new Set(cmd.options.flatMap((o) => o.flags));
    const inherited = path === root.name ? [] : root.options.filter((o) => !o.flags.some((f) => own.has(f)));
    out.push({ path, cmd, options: [...cmd.options, ...inherited] });
    for (const sub of cmd.commands) walk(sub, `${path} ${sub.name}`);
  };
  walk(root, root.name);
  return out;
}

/** The first line of a description, short enough for a completion menu. */
export function brief(text: string): string {
  const line = text.split("\n")[0]?.trim() ?? "";
  return line.length <= 72 ? line : `${line.slice(0, 71)}…`;
}

/** A string as one single-quoted shell word (bash, zsh and fish alike). */
export function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** A string as one single-quoted fish word. */
export function fishQuote(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** Every option spelling valid at a node. */
export const flags = (n: Node): string[] => n.options.flatMap((o) => o.flags);
/** The option spellings at a node that take a value. */
export const valueFlags = (n: Node): string[] => n.options.filter((o) => o.value).flatMap((o) => o.flags);

/** "1" when the node's first argument names a task (the scripts then ask for task ids), else "0". */
export const ids = (n: Node): string => (n.cmd.taskIds === true ? "1" : "0");
