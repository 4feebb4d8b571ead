// The file store's cross-process lock: proper-lockfile, held only for one read-modify-write.
import { lock } from "proper-lockfile";
import { PolecatError } from "../../core/errors.js";

/** A lock whose mtime is older than this belongs to a dead holder and is taken over. */
export const LOCK_STALE_MS = 10_000;
/** How often a holder refreshes its lock's mtime (only matters for holds longer than this). */
export const LOCK_UPDATE_MS = 2_000;
/** How long a waiter keeps trying before E_LOCK_HELD: well past the stale window, so a dead holder is outwaited. */
export const LOCK_WAIT_MS = 60_000;

// Short randomised polls: hand-off latency, not the work under the lock, limits throughput under contention.
const RETRIES = { forever: true, retries: 10, factor: 1.3, minTimeout: 1, maxTimeout: 6, randomize: true, maxRetryTime: LOCK_WAIT_MS };

/**
 * Runs `fn` holding the lock directory `lockPath`. A compromised lock (taken over after a stall longer than
 * the stale window) is tolerated on purpose: the store's writes are create-only, so two holders cannot
 * overwrite each other, and the one that loses the race retries on fresh state.
 */
export async function withLock<T>(lockPath: string, fn: () => T | Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lock(lockPath, {
      lockfilePath: lockPath,
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: RETRIES,
      onCompromised: () => undefined,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new PolecatError("E_LOCK_HELD", `store lock ${lockPath} still held after ${LOCK_WAIT_MS} ms`, { cause: e });
    }
    throw e;
  }
  try {
    return await fn();
  } finally {
    await release().catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code !== "ERELEASED") throw e;
    });
  }
}
