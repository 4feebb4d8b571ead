// The file store's cross-process lock (a lock file from ../lockfile.ts), held only for one read-modify-write.
import { mkdirSync, rmdirSync, statSync, utimesSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { PolecatError } from "../../core/errors.js";
import { lockFile } from "../lockfile.js";

/** A lock whose mtime is older than this belongs to a dead holder and is taken over. */
export const LOCK_STALE_MS = 10_000;
/** How often a holder refreshes its lock's mtime (only matters for holds longer than this). */
export const LOCK_UPDATE_MS = 2_000;
/** How long a waiter keeps trying before E_LOCK_HELD: well past the stale window, so a dead holder is outwaited. */
export const LOCK_WAIT_MS = 60_000;

/**
 * Retry policy: short randomised polls (1 ms, growing to at most 9 ms), because hand-off latency, not the
 * work under the lock, limits throughput under contention. Before each real attempt a cheap stat skips it
 * while the lock is visibly held and fresh; proper-lockfile's own attempt (mkdir, stale takeover) runs
 * only when the lock looks free or stale.
 */
function pollDelay(attempt: number): number {
  return 1 + Math.random() * Math.min(8, attempt);
}

/** A callback-style fs call, as proper-lockfile makes them. */
type Callback<R> = (err: NodeJS.ErrnoException | null, result?: R) => void;

function callbackStyle<A extends unknown[], R>(syncCall: (...args: A) => R): (...args: [...A, Callback<R>]) => void {
  return (...args) => {
    const callback = args.pop() as Callback<R>;
    let result: R;
    try {
      result = syncCall(...(args as unknown as A));
    } catch (e) {
      callback(e as NodeJS.ErrnoException);
      return;
    }
    callback(null, result);
  };
}

/**
 * The fs proper-lockfile runs on: its calls done synchronously, so taking and releasing the lock cost no
 * thread-pool round trips while other processes wait. One object per store, because proper-lockfile caches
 * the probed mtime precision on it.
 */
export interface LockFs {
  readonly mkdir: (path: string, cb: Callback<unknown>) => void;
  readonly rmdir: (path: string, cb: Callback<void>) => void;
  readonly rmdirSync: (path: string) => void;
  readonly stat: (path: string, cb: Callback<unknown>) => void;
  readonly utimes: (path: string, atime: Date, mtime: Date, cb: Callback<void>) => void;
  readonly realpath: (path: string, cb: Callback<string>) => void;
}

/** Makes the fs object a store passes to every `withLock`. */
export function createLockFs(): LockFs {
  return {
    mkdir: callbackStyle((path: string) => mkdirSync(path)),
    rmdir: callbackStyle((path: string) => rmdirSync(path)),
    rmdirSync: (path) => rmdirSync(path),
    stat: callbackStyle((path: string) => statSync(path)),
    utimes: callbackStyle((path: string, atime: Date, mtime: Date) => utimesSync(path, atime, mtime)),
    realpath: callbackStyle((path: string) => path),
  };
}

/** The error for a store directory (the lock's, or its parent) that something replaced with a plain file. */
export function notADirectory(path: string): PolecatError {
  return new PolecatError("E_STORE_CORRUPT", `store file ${path}: not a directory (run \`polecat store repair\`)`);
}

function looksHeld(lockPath: string): boolean {
  const stat = statSync(lockPath, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory()) throw notADirectory(lockPath);
  return stat !== undefined && stat.mtimeMs > Date.now() - LOCK_STALE_MS;
}

async function acquire(lockPath: string, lockFs: LockFs): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    if (!looksHeld(lockPath)) {
      try {
        return await lockFile(lockPath, {
          lockfilePath: lockPath,
          realpath: false,
          fs: lockFs,
          stale: LOCK_STALE_MS,
          update: LOCK_UPDATE_MS,
          // A compromised lock (taken over after a stall longer than the stale window) is tolerated on
          // purpose: the store's commits are create-only, so two holders cannot overwrite each other, and the
          // one that loses the race redoes its change on fresh state.
          onCompromised: () => undefined,
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ELOCKED") throw e;
      }
    }
    if (Date.now() >= deadline) throw new PolecatError("E_LOCK_HELD", `store lock ${lockPath} still held after ${LOCK_WAIT_MS} ms`);
    await sleep(pollDelay(attempt));
  }
}

/** Runs `fn` holding the lock directory `lockPath` (taken with `lockFs`), released however `fn` ends. */
export async function withLock<T>(lockPath: string, lockFs: LockFs, fn: () => T | Promise<T>): Promise<T> {
  const release = await acquire(lockPath, lockFs);
  try {
    return await fn();
  } finally {
    await release().catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code !== "ERELEASED") throw e;
    });
  }
}
