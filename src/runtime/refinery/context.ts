// What `polecat refinery` and `polecat revert` share: the store, the project's refinery lock, a fresh
// mirror, and the refinery's ports with progress printed as it happens.
import type { Command } from "commander";
import { initMirror, type GitContext } from "../../adapters/git/index.js";
import { openLeadership } from "../../adapters/open-store.js";
import { refineryDeps, refineryLockName } from "../../adapters/refinery/index.js";
import { PolecatError } from "../../core/errors.js";
import type { RefineryDeps } from "../../core/ports/refinery.js";
import { homeLayout } from "../../core/layout.js";
import type { LoadedSpec } from "../../core/spec.js";
import type { TaskStore } from "../../core/ports/store.js";
import { observeDeps, progressLine } from "./progress.js";
import { globalOptions } from "../../cli/context.js";
import { ExitCode } from "../../cli/program.js";
import { withStore } from "../../cli/store-context.js";
import { println, type World } from "../../cli/world.js";

/** A refinery ready to run: its ports (progress included), and what they were built from. */
export interface RefineryContext {
  deps: RefineryDeps;
  loaded: LoadedSpec;
  store: TaskStore;
  git: GitContext;
  /** Aborted when the refinery lock is lost: stop at the next safe point. */
  signal: AbortSignal;
}

/** What the caller asks of the refinery context. */
export interface RefineryContextOptions {
  batchSize?: number;
  /** Take the project's refinery lock (every command that may push to the base branch does). */
  lock: boolean;
  /** Where progress lines go; default stdout, or stderr when stdout carries JSON. */
  progress?: (line: string) => void;
  /** Another refinery holds the lock: with this, say so and go on without one instead of exiting 1. */
  leaveToOther?: boolean;
  /** With leaveToOther unset, still go on without one, saying nothing (a retry that was already announced). */
  quietWhenHeld?: boolean;
}

/**
 * Opens the store, takes the project's refinery lock (another holder: a clear message and exit 1),
 * fetches the mirror (creating it if needed) and builds the ports, then runs `fn` and cleans up.
 */
export async function withRefinery<T>(cmd: Command, world: World, opts: RefineryContextOptions, fn: (r: RefineryContext) => Promise<T>): Promise<T | undefined> {
  return withStore(cmd, world, { needSpec: true }, async ({ store, home, loaded }) => {
    if (loaded === undefined) throw new PolecatError("E_SPEC_INVALID", "the refinery needs a spec");
    const { project, repo } = loaded.spec;
    const layout = homeLayout(home);
    const controller = new AbortController();
    const lost = (name: string, err: Error): void => {
      println(world.stderr, `polecat: lost the lock ${name} (${err.message}); stopping`);
      controller.abort();
    };
    const leadership = openLeadership({ spec: loaded.spec, home, env: world.env, project, onLost: lost });
    const release = opts.lock ? await leadership.acquire(refineryLockName(project)) : undefined;
    if (opts.lock && release === undefined) {
      if (opts.leaveToOther || opts.quietWhenHeld) {
        if (opts.leaveToOther) println(world.stderr, `polecat: another refinery is running for ${project}; merges are left to it`);
        return undefined;
      }
      println(world.stderr, `polecat: another refinery is running for ${project} (lock ${refineryLockName(project)}); nothing was done`);
      throw new ExitCode(1);
    }
    try {
      const git: GitContext = { layout, env: world.env };
      await initMirror(git, project, repo);
      // Progress goes to stderr when stdout carries JSON.
      const out = globalOptions(cmd).json ? world.stderr : world.stdout;
      const print = opts.progress ?? ((line: string) => println(out, line));
      const deps = observeDeps(
        refineryDeps({ loaded, store, ctx: git, signal: controller.signal, ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }) }),
        (p) => print(progressLine(p)),
      );
      return await fn({ deps, loaded, store, git, signal: controller.signal });
    } finally {
      await release?.();
    }
  });
}
