// `polecat init`: creates the polecat home, the bare mirror of the spec's origin (fetched) and the store
// (PostgreSQL: its schema and migrations). Idempotent.
import { mkdir } from "node:fs/promises";
import type { Command } from "commander";
import { initMirror, originSha } from "../../adapters/git/index.js";
import { fetchProgress } from "../../adapters/progress/fetch.js";
import { openStore, storeLocation } from "../../adapters/open-store.js";
import { homeLayout } from "../../core/layout.js";
import { canRedraw } from "../../core/terminal.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { println } from "../world.js";

/** Registers `polecat init`. */
export const registerInit: RegisterCommand = (program, world) => {
  program
    .command("init")
    .description("create the polecat home, a bare mirror of the spec's origin repository and the store (safe to run again); exit 2 when the spec's repo cannot be fetched")
    .option("--force", "re-point a mirror that fetches from another origin at the spec's repo (its task branches stay)")
    .action(async (cmdOpts: { force?: boolean }, cmd: Command) => {
      const { spec } = await loadSpecOrExit(cmd, world);
      const opts = globalOptions(cmd);
      const home = resolveHome(world, opts);
      await mkdir(home, { recursive: true });
      const git = { layout: homeLayout(home), env: world.env };
      const progress = opts.json ? undefined : fetchProgress({ stream: world.stderr, redraw: canRedraw(world.isTTY, world.env), prefix: `${spec.project}: ` });
      let mirror;
      try {
        mirror = await initMirror(git, spec.project, spec.repo, progress === undefined ? undefined : (line) => progress.line(line), { force: cmdOpts.force === true });
      } finally {
        progress?.end();
      }
      const base = await originSha(git, spec.project, spec.base);
      // Opening the store creates it; for PostgreSQL that applies the versioned migrations.
      await (await openStore({ spec, home, env: world.env, clock: world.now })).close();
      const store = storeLocation({ spec, env: world.env }) === "file" ? "file" : "postgres";
      if (opts.json) {
        println(world.stdout, JSON.stringify({ home, project: spec.project, repo: spec.repo, ...mirror, base: spec.base, base_sha: base ?? null, store }, null, 2));
        return;
      }
      println(world.stdout, `${mirror.created ? "created" : "updated"} mirror of ${spec.repo}`);
      if (mirror.repointed !== undefined) println(world.stdout, `  re-pointed from ${mirror.repointed}`);
      println(world.stdout, `  home:   ${home}`);
      println(world.stdout, `  mirror: ${mirror.path}`);
      println(world.stdout, `  ${spec.base}: ${base === undefined ? `not on origin (tasks need origin/${spec.base})` : base.slice(0, 12)}`);
      println(world.stdout, `  store:  ${store === "file" ? homeLayout(home).store : "postgres (schema migrated)"}`);
    });
};
