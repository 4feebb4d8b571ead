// `polecat sync`: fetches the spec's origin into its mirror, with git's progress on stderr.
import type { Command } from "commander";
import { originSha, syncMirror } from "../../adapters/git/index.js";
import { fetchProgress } from "../../adapters/progress/fetch.js";
import { homeLayout } from "../../core/layout.js";
import { canRedraw } from "../../core/terminal.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { println } from "../world.js";

/** Registers `polecat sync`. */
export const registerSync: RegisterCommand = (program, world) => {
  program
    .command("sync")
    .description("fetch the origin into the mirror (prunes deleted branches); worktrees are cut from what it fetched")
    .action(async (_opts: unknown, cmd: Command) => {
      const { spec } = await loadSpecOrExit(cmd, world);
      const opts = globalOptions(cmd);
      const git = { layout: homeLayout(resolveHome(world, opts)), env: world.env };
      const progress = fetchProgress({ stream: world.stderr, redraw: canRedraw(world.isTTY, world.env), prefix: `${spec.project}: ` });
      try {
        await syncMirror(git, spec.project, (line) => progress.line(line));
      } finally {
        progress.end();
      }
      const base = await originSha(git, spec.project, spec.base);
      if (opts.json) {
        println(world.stdout, JSON.stringify({ project: spec.project, mirror: git.layout.mirror(spec.project), base: spec.base, base_sha: base ?? null }, null, 2));
        return;
      }
      println(world.stdout, `synced ${spec.project}: origin/${spec.base} ${base === undefined ? "missing" : `at ${base.slice(0, 12)}`}`);
    });
};
