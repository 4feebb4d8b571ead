// The argument of a command that names an existing task: shell completion offers the store's task ids there.
import { Argument } from "commander";

/** A `<task>`/`<id>` argument naming a task in the store; the completion scripts complete it from `polecat __complete-tasks`. */
export class TaskIdArgument extends Argument {
  constructor(name = "<task>", description = "task id") {
    super(name, description);
  }
}
