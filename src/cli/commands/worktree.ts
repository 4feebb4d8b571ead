// `polecat worktree list|status|remove|prune`: the task worktrees under the polecat home, and their cleanup.
import type { Command } from "commander";
import { listWorktrees, pruneWorktrees, removeWorktree, worktreeStatus, type DeleteBranch, type GitContext } from "../../adapters/git/index.js";
import { openStore } from "../../adapters/open-store.js";
import { PolecatError } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import type { LoadedSpec } from "../../core/spec.js";
import { TERMINAL } from "../../core/status.js";
import type { TaskStore } from "../../core/ports/store.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { renderTable } from "../../core/table.js";
import { println, useColor, type World } from "../world.js";
import { TaskIdArgument } from "../task-id-argument.js";

interface Session {
  loaded: LoadedSpec;
  project: string;
  git: GitContext;
  store: TaskStore;
  json: boolean;
}

// Loads the spec, opens the store, runs `fn`, and always closes the store.
async function withSession(cmd: Command, world: World, fn: (s: Session) => Promise<void>): Promise<void> {
  const loaded = await loadSpecOrExit(cmd, world);
  const opts = globalOptions(cmd);
  const home = resolveHome(world, opts);
  const store = await openStore({ spec: loaded.spec, home, env: world.env, clock: world.now });
  try {
    await fn({ loaded, project: loaded.spec.project, git: { layout: homeLayout(home), env: world.env }, store, json: opts.json === true });
  } finally {
    await store.close();
  }
}

/** Registers `polecat worktree` and its subcommands. */
export const registerWorktree: RegisterCommand = (program, world) => {
  const wt = program.command("worktree").description("list, inspect, remove and prune task worktrees");

  wt.command("list")
    .description("every worktree of the project: task, branch, head, task status, and orphans")
    .action((_opts: unknown, cmd: Command) => withSession(cmd, world, (s) => list(world, s)));

  wt.command("status")
    .addArgument(new TaskIdArgument())
    .description("a task worktree's branch, head, commits ahead of and behind origin, and dirty files")
    .action((taskId: string, _opts: unknown, cmd: Command) =>
      withSession(cmd, world, async (s) => {
        const st = await worktreeStatus(s.git, s.project, taskId, s.loaded.spec.base);
        if (s.json) return println(world.stdout, JSON.stringify(st, null, 2));
        println(world.stdout, `${taskId}: ${st.path}`);
        println(world.stdout, `  branch: ${st.branch ?? "(detached)"} at ${st.head?.slice(0, 12) ?? "-"}`);
        println(world.stdout, `  origin/${s.loaded.spec.base}: ${st.ahead} ahead, ${st.behind} behind`);
        println(world.stdout, `  dirty: ${st.dirty.length === 0 ? "none" : st.dirty.join(", ")}`);
      }),
    );

  wt.command("remove")
    .addArgument(new TaskIdArgument())
    .option("--delete-branch", "also delete the task's local branch")
    .option("--delete-remote", "also delete the task's branch on origin (implies --delete-branch)")
    .option("--force", "remove it even while the task is in progress")
    .description("remove a task's worktree (verified: no directory, no registration); the branch is kept unless asked")
    .action((taskId: string, opts: { deleteBranch?: boolean; deleteRemote?: boolean; force?: boolean }, cmd: Command) =>
      withSession(cmd, world, async (s) => {
        const task = await s.store.get(s.project, taskId);
        if (task?.status === "in_progress" && opts.force !== true) {
          throw new PolecatError("E_CONFLICT", `task ${taskId} is in progress: its agent works in this worktree`, {
            details: ["pass --force to remove it anyway"],
          });
        }
        const deleteBranch: DeleteBranch = opts.deleteRemote ? "local-and-remote" : opts.deleteBranch ? "local" : "keep";
        const r = await removeWorktree(s.git, { project: s.project, taskId, deleteBranch });
        if (s.json) return println(world.stdout, JSON.stringify({ task: taskId, ...r, branch: deleteBranch }, null, 2));
        const what = r.existed ? `removed ${r.path}` : `no worktree at ${r.path}`;
        println(world.stdout, `${what}; branch ${deleteBranch === "keep" ? "kept" : deleteBranch === "local" ? "deleted locally" : "deleted locally and on origin"}`);
      }),
    );

  wt.command("prune")
    .description("remove worktrees of done or cancelled tasks (and their local branches), orphan directories and stale registrations")
    .action((_opts: unknown, cmd: Command) =>
      withSession(cmd, world, async (s) => {
        const pruned = await pruneWorktrees(s.git, s.project, async (id) => {
          const task = await s.store.get(s.project, id);
          return task === undefined || TERMINAL.includes(task.status);
        });
        if (s.json) return println(world.stdout, JSON.stringify(pruned, null, 2));
        for (const p of pruned) println(world.stdout, `pruned ${p.name} (${p.reason})`);
        println(world.stdout, pruned.length === 0 ? "nothing to prune" : `pruned ${pruned.length} worktree${pruned.length === 1 ? "" : "s"}`);
      }),
    );
};

async function list(world: World, s: Session): Promise<void> {
  const entries = await listWorktrees(s.git, s.project);
  const rows = await Promise.all(
    entries.map(async (e) => {
      const task = e.taskId === undefined ? undefined : await s.store.get(s.project, e.taskId);
      const state = !e.registered ? "orphan" : !e.exists ? "vanished" : "ok";
      return { ...e, state, status: task?.status ?? (e.kind === "refinery" ? undefined : "unknown") };
    }),
  );
  if (s.json) return println(world.stdout, JSON.stringify(rows, null, 2));
  if (rows.length === 0) return println(world.stdout, `no worktrees for ${s.project}`);
  const table = rows.map((r) => [r.name, r.kind, r.branch ?? "-", r.head?.slice(0, 12) ?? "-", r.status ?? "-", r.state]);
  for (const line of renderTable(["NAME", "KIND", "BRANCH", "HEAD", "TASK STATUS", "STATE"], table, { color: useColor(world) })) {
    println(world.stdout, line);
  }
}
