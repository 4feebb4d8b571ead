// Serialises the git operations that write shared refs of one mirror, across promises and processes.
import { mkdir } from "node:fs/promises";
import { PolecatError } from "../../core/errors.js";
import { lockFile } from "../lockfile.js";
import type { GitContext } from "./run.js";

/** How long a caller waits for another process's git operation before giving up. */
const WAIT_MS = 10 * 60_000;

/** One holder at a time per key within this process: local callers queue in order instead of polling a lock file. */
export class LocalQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier `run` of the same key has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/**
 * Runs `fn` holding the mirror's lock (queued behind this process's other holders when the context
 * carries a LocalQueue). Fetch, push, `worktree add/remove` and branch deletion all update
 * refs or worktree registrations of the one bare mirror, which git does not make safe to do concurrently.
 */
export async function withMirrorLock<T>(ctx: GitContext, project: string, fn: () => Promise<T>): Promise<T> {
  const file = `${ctx.layout.locks}/git-${project}`;
  return ctx.local ? ctx.local.run(file, () => withFileLock(ctx, project, file, fn)) : withFileLock(ctx, project, file, fn);
}

async function withFileLock<T>(ctx: GitContext, project: string, file: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(ctx.layout.locks, { recursive: true });
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockFile(file, {
      realpath: false,
      stale: 30_000,
      update: 5_000,
      retries: { forever: true, maxRetryTime: WAIT_MS, minTimeout: 10, maxTimeout: 50, factor: 1.5, randomize: true },
      onCompromised: (err) => (compromised = err),
    });
  } catch (err) {
    throw new PolecatError("E_LOCK_HELD", `another polecat process kept the git lock of ${project} for too long`, {
      details: [file],
      cause: err,
    });
  }
  let result: T;
  try {
    result = await fn();
  } finally {
    // A compromised lock is already gone; releasing it again would only throw.
    if (!compromised) await release();
  }
  if (compromised) {
    throw new PolecatError("E_LOCK_HELD", `the git lock of ${project} was taken over while held`, { cause: compromised });
  }
  return result;
}
