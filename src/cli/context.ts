// Resolves the global options (spec path, home directory) the same way for every command.
import { isAbsolute, join, resolve } from "node:path";
import type { Command } from "commander";
import { PolecatError } from "../core/errors.js";
import type { GlobalOptions, World } from "./world.js";

/** The global options of the program a subcommand belongs to. */
export function globalOptions(cmd: Command): GlobalOptions {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

/** Absolute path of a user-given path, relative to the world's cwd. */
export function absPath(world: World, p: string): string {
  return isAbsolute(p) ? p : resolve(world.cwd, p);
}

/** The polecat home: --home, then POLECAT_HOME, then ~/.polecat. */
export function resolveHome(world: World, opts: GlobalOptions): string {
  if (opts.home) return absPath(world, opts.home);
  const fromEnv = world.env.POLECAT_HOME;
  if (fromEnv) return absPath(world, fromEnv);
  const userHome = world.env.HOME;
  if (!userHome) throw new PolecatError("E_CONFIG", "cannot find a home directory: set --home or POLECAT_HOME");
  return join(userHome, ".polecat");
}

/** Runs polecat in-process (the daemon's jobs, the demo's rounds); handed to commands so none imports the program. */
export type RunPolecat = (argv: readonly string[], world: World) => Promise<number>;

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, world: World, run: RunPolecat) => void;
