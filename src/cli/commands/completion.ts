// `polecat completion bash|zsh|fish`: prints a completion script written from the program's own command tree.
import { Argument, type Command } from "commander";
import { completionScript, SHELLS, type CompletionCommand, type Shell } from "../../core/completion/index.js";
import type { RegisterCommand } from "../context.js";
import { TaskIdArgument } from "../task-id-argument.js";

/** A commander command as the completion writer sees it; help is added the way commander adds it. */
export function completionTree(cmd: Command): CompletionCommand {
  const options = cmd.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      flags: [o.short, o.long].filter((f): f is string => f !== undefined),
      value: o.required || o.optional,
      description: o.description,
    }));
  options.push({ flags: ["-h", "--help"], value: false, description: "display help for command" });
  const visible = new Set(cmd.createHelp().visibleCommands(cmd));
  const commands = cmd.commands.filter((c) => visible.has(c)).map(completionTree);
  if (commands.length > 0) commands.push({ name: "help", description: "display help for command", options: [], commands: [] });
  const first = cmd.registeredArguments[0];
  const choices = first?.argChoices;
  return {
    name: cmd.name(),
    description: cmd.description(),
    options,
    commands,
    ...(choices === undefined ? {} : { choices: [...choices] }),
    ...(first instanceof TaskIdArgument ? { taskIds: true } : {}),
  };
}

/** Registers `polecat completion`. */
export const registerCompletion: RegisterCommand = (program, world) => {
  program
    .command("completion")
    .description("print a shell completion script (commands, sub-commands and options) for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(SHELLS))
    .action((shell: Shell, _opts: unknown, cmd: Command) => {
      let root = cmd;
      while (root.parent) root = root.parent;
      world.stdout.write(completionScript(shell, completionTree(root)));
    });
};
