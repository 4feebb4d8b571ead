// `polecat task retry ID [--note TEXT]`: a blocked task back in the queue with its counts started over.
import type { Command } from "commander";
import { PolecatError } from "../../../core/errors.js";
import type { TaskRecord } from "../../../core/ports/store.js";
import { globalOptions } from "../../context.js";
import { getTask, withStore } from "../../store-context.js";
import { println, type World } from "../../world.js";
import { TaskIdArgument } from "../../task-id-argument.js";

/** The words recorded on the task and in the event log: the counts that start over, and the person's note. */
export function retryText(t: Pick<TaskRecord, "failures" | "kickbacks">, note: string | undefined): string {
  const counts = `retried by hand: failed attempts ${t.failures} → 0, kickbacks ${t.kickbacks} → 0`;
  return note === undefined || note.trim() === "" ? counts : `${counts}: ${note.trim()}`;
}

/** Registers `task retry` under `task`. */
export function registerTaskRetry(task: Command, world: World): void {
  task
    .command("retry")
    .addArgument(new TaskIdArgument("<id>"))
    .description("put a blocked task back in the queue with its failed attempts and kickbacks counted from 0 (attempt numbers go on)")
    .option("--note <text>", "why it should work now (recorded on the task and in the event log)")
    .option("-p, --project <name>", "project (default: the spec's)")
    .action(async (id: string, opts: { note?: string; project?: string }, cmd: Command) => {
      const t = await withStore(cmd, world, { needSpec: false, ...(opts.project === undefined ? {} : { project: opts.project }) }, async ({ store, project }) => {
        const current = await getTask(store, project, id);
        if (current.status !== "blocked") {
          const hint = current.status === "cancelled" ? `; a cancelled task goes back with \`polecat task set ${id} --status active\`` : "";
          throw new PolecatError("E_USAGE", `task ${current.project}/${id}: expected status blocked, found ${current.status}: task retry only takes a blocked task${hint}`);
        }
        const text = retryText(current, opts.note);
        return store.transition({
          project: current.project,
          id,
          from: "blocked",
          to: "active",
          actor: "human",
          patch: { reset_counters: true, reason: text },
          note: { kind: "note", author: "human", text },
        });
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(t, null, 2));
      println(world.stdout, `${t.project}/${t.id}: ${t.status} (${t.reason ?? ""})`);
    });
}
