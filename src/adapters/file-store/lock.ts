// The file store's cross-process lock: proper-lockfile, held only for one read-modify-write.
import { statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { lock } from "proper-lockfile";
import { PolecatError } from "../../core/errors.js";

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

function looksHeld(lockPath: string): boolean {
  const stat = statSync(lockPath, { throwIfNoEntry: false });
  return stat !== undefined && stat.mtimeMs > Date.now() - LOCK_STALE_MS;
}

async function acquire(lockPath: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    if (!looksHeld(lockPath)) {
      try {
        return await lock(lockPath, {
          lockfilePath: lockPath,
          realpath: false,
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

/** Runs `fn` holding the lock directory `lockPath`, released however `fn` ends. */
export async function withLock<T>(lockPath: string, fn: () => T | Promise<T>): Promise<T> {
  const release = await acquire(lockPath);
  try {
    return await fn();
  } finally {
    await release().catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code !== "ERELEASED") throw e;
    });
  }
}
