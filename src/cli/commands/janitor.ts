// `polecat janitor`: reap expired leases, reset stalled work, prune finished worktrees, clear leftovers.
import type { Command } from "commander";
import { homeLayout } from "../../core/layout.js";
import { formatDuration } from "../../core/duration.js";
import { PolecatError } from "../../core/errors.js";
import { runJanitor, type JanitorReport } from "../../runtime/janitor/index.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { withStore } from "../store-context.js";
import { println } from "../world.js";

/** Registers `polecat janitor`. */
export const registerJanitor: RegisterCommand = (program, world) => {
  program
    .command("janitor")
    .description("reap expired leases, reset stalled work, prune finished and orphan worktrees, delete merged branches, clear dead locks")
    .option("--dry-run", "report what would be done and change nothing")
    .action(async (opts: { dryRun?: boolean }, cmd: Command) => {
      const report = await withStore(cmd, world, { needSpec: true }, ({ store, loaded, home }) => {
        if (loaded === undefined) throw new PolecatError("E_CONFIG", "janitor needs the spec");
        return runJanitor({ store, spec: loaded.spec, git: { layout: homeLayout(home), env: world.env }, dryRun: opts.dryRun === true, now: world.now });
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(report, null, 2));
      for (const line of janitorLines(report)) println(world.stdout, line);
    });
};

/** The report in words, one line per thing touched, then a count line. */
export function janitorLines(r: JanitorReport): string[] {
  const verb = (done: string, would: string): string => (r.dry_run ? would : done);
  const lines = [
    ...r.reaped.map((t) =>
      t.cause === "owner_dead"
        ? `${verb("reaped", "would reap")} lease of ${t.id} (its process is gone; not counted as a failure) → ${t.status}`
        : `${verb("reaped", "would reap")} expired lease of ${t.id} → ${t.status}`,
    ),
    ...r.stalled.map((s) =>
      s.action === "reset"
        ? `${verb("reset", "would reset")} stalled ${s.id} (in progress ${formatDuration(s.in_progress_ms)})`
        : `kept ${s.id}: heartbeat still live`,
    ),
    ...r.worktrees.map((w) => `${verb("pruned", "would prune")} worktree ${w.name} (${w.reason})`),
    ...r.branches.map((b) => `${verb("deleted", "would delete")} merged branch ${b}`),
    ...r.locks.map((l) => `${verb("removed", "would remove")} dead lock ${l}`),
  ];
  const total = r.reaped.length + r.stalled.filter((s) => s.action === "reset").length + r.worktrees.length + r.branches.length + r.locks.length;
  return [...lines, total === 0 ? "nothing to clean" : `${total} ${r.dry_run ? "would be cleaned" : "cleaned"}`];
}
