// Serialises the git operations that write shared refs of one mirror, across promises and processes.
import { mkdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { PolecatError } from "../../core/errors.js";
import { lockFile, nameHolder, OWNED_LOCK_FS, takeOverIfDeadHere } from "../lockfile.js";
import { newOwnerId } from "../owner.js";
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

/** A lock not refreshed for this long belongs to a crashed holder (one whose death cannot be checked from here). */
const STALE_MS = 30_000;

/** Short randomised polls: a mirror lock is held for one git step, so a waiter should see it free soon. */
const pollDelay = (attempt: number): number => 10 + Math.random() * Math.min(40, 2 * attempt);

/**
 * Takes the mirror's lock file, which names its holder: a holder on this host whose process is gone is
 * taken over at once; any other holder is waited for (a crashed one for `STALE_MS` without a refresh).
 */
async function takeFileLock(file: string, project: string, onCompromised: (err: Error) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockFile(file, { realpath: false, stale: STALE_MS, update: 5_000, retries: 0, fs: OWNED_LOCK_FS, onCompromised });
      await nameHolder(`${file}.lock`, newOwnerId()).catch(async (e: unknown) => {
        await release();
        throw e;
      });
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
      if (await takeOverIfDeadHere(`${file}.lock`)) continue;
      if (Date.now() >= deadline) {
        throw new PolecatError("E_LOCK_HELD", `another polecat process kept the git lock of ${project} for too long`, { details: [file], cause: err });
      }
      await sleep(pollDelay(attempt));
    }
  }
}

async function withFileLock<T>(ctx: GitContext, project: string, file: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(ctx.layout.locks, { recursive: true });
  let compromised: Error | undefined;
  const release = await takeFileLock(file, project, (err) => (compromised = err));
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
