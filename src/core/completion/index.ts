// Shell completion scripts written from the command tree (names, sub-commands, options, task ids), never a hand-kept list.
import { bash } from "./bash.js";
import { fish } from "./fish.js";
import type { CompletionCommand, Shell } from "./tree.js";
import { zsh } from "./zsh.js";

export { SHELLS, TASK_IDS_COMMAND, type CompletionCommand, type CompletionOption, type Shell } from "./tree.js";

/** The completion script for `shell`, from the program's command tree. */
export function completionScript(shell: Shell, root: CompletionCommand): string {
  switch (shell) {
    case "bash":
      return bash(root);
    case "zsh":
      return zsh(root);
    case "fish":
      return fish(root);
  }
}
