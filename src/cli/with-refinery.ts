// The CLI's way into the refinery: the command's store and spec, then the runtime's lock-and-ports wiring.
import type { Command } from "commander";
import { PolecatError } from "../core/errors.js";
import { withRefineryLock, type RefineryContext, type RefineryContextOptions } from "../runtime/refinery/context.js";
import { globalOptions } from "./context.js";
import { withStore } from "./store-context.js";
import { println, type World } from "./world.js";

/**
 * Opens the store, takes the project's refinery lock (another holder: a clear message and exit 1),
 * fetches the mirror (creating it if needed) and builds the ports, then runs `fn` and cleans up.
 */
export async function withRefinery<T>(cmd: Command, world: World, opts: RefineryContextOptions, fn: (r: RefineryContext) => Promise<T>): Promise<T | undefined> {
  return withStore(cmd, world, { needSpec: true }, async ({ store, home, loaded }) => {
    if (loaded === undefined) throw new PolecatError("E_SPEC_INVALID", "the refinery needs a spec");
    // Progress goes to stderr when stdout carries JSON.
    const out = globalOptions(cmd).json ? world.stderr : world.stdout;
    const warn = (line: string): void => println(world.stderr, line);
    return withRefineryLock({ store, loaded, home, env: world.env, progress: (line) => println(out, line), warn }, opts, fn);
  });
}
