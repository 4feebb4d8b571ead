// What `polecat refinery`, `polecat revert` and a swarm's side refinery share: the project's refinery lock,
// a fresh mirror, and the refinery's ports with progress reported as it happens.
import { initMirror, type GitContext } from "../../adapters/git/index.js";
import { openLeadership } from "../../adapters/open-store.js";
import { refineryDeps, refineryLockName } from "../../adapters/refinery/index.js";
import { EXIT, ExitCode } from "../../core/errors.js";
import type { RefineryDeps } from "../../core/ports/refinery.js";
import { homeLayout } from "../../core/layout.js";
import type { LoadedSpec } from "../../core/spec.js";
import type { TaskStore } from "../../core/ports/store.js";
import { observeDeps, progressLine } from "./progress.js";

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
  /** Where progress lines go; default the `progress` line sink of the world. */
  progress?: (line: string) => void;
  /** Another refinery holds the lock: with this, say so and go on without one instead of exiting 1. */
  leaveToOther?: boolean;
  /** With leaveToOther unset, still go on without one, saying nothing (a retry that was already announced). */
  quietWhenHeld?: boolean;
}

/** The world a refinery runs in: an open store and spec, the home, the environment, and where lines go. */
export interface RefineryWorld {
  store: TaskStore;
  loaded: LoadedSpec;
  home: string;
  env: NodeJS.ProcessEnv;
  /** Progress lines, unless the caller's options send them elsewhere. */
  progress: (line: string) => void;
  /** Warnings: the lock held by another refinery, or lost. */
  warn: (line: string) => void;
}

/** Opens a refinery context for `fn` (a CLI command's store and spec around it); undefined when it left the work to another refinery. */
export type OpenRefinery = <T>(opts: RefineryContextOptions, fn: (r: RefineryContext) => Promise<T>) => Promise<T | undefined>;

/**
 * Takes the project's refinery lock (another holder: a clear message and exit 3, nothing for this process to do:
 * that refinery merges, so a daemon's `refinery` schedule beside a swarm is not a failure), fetches the mirror
 * (creating it if needed) and builds the ports, then runs `fn` and releases the lock.
 */
export async function withRefineryLock<T>(w: RefineryWorld, opts: RefineryContextOptions, fn: (r: RefineryContext) => Promise<T>): Promise<T | undefined> {
  const { store, loaded, home } = w;
  const { project, repo } = loaded.spec;
  const layout = homeLayout(home);
  const controller = new AbortController();
  const lost = (name: string, err: Error): void => {
    w.warn(`polecat: lost the lock ${name} (${err.message}); stopping`);
    controller.abort();
  };
  const leadership = openLeadership({ spec: loaded.spec, home, env: w.env, project, onLost: lost });
  const release = opts.lock ? await leadership.acquire(refineryLockName(project)) : undefined;
  if (opts.lock && release === undefined) {
    if (opts.leaveToOther || opts.quietWhenHeld) {
      if (opts.leaveToOther) w.warn(`polecat: another refinery is running for ${project}; merges are left to it`);
      return undefined;
    }
    w.warn(`polecat: another refinery is running for ${project} (lock ${refineryLockName(project)}); it merges, nothing was done here`);
    throw new ExitCode(EXIT.NOTHING_READY);
  }
  try {
    const git: GitContext = { layout, env: w.env };
    await initMirror(git, project, repo);
    const print = opts.progress ?? w.progress;
    const deps = observeDeps(
      refineryDeps({ loaded, store, ctx: git, signal: controller.signal, ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }) }),
      (p) => print(progressLine(p)),
    );
    return await fn({ deps, loaded, store, git, signal: controller.signal });
  } finally {
    await release?.();
  }
}
