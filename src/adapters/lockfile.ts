// The one module that takes lock files: every cross-process lock polecat holds (the file store's, a
// mirror's, a leadership's) is a proper-lockfile lock directory taken here, and the janitor clears dead
// ones here too, so the library and its options have one seam.
import properLockfile from "proper-lockfile";

/** How a lock is taken: staleness, refresh, retries, the fs it runs on, what happens when it is lost. */
export type LockOptions = properLockfile.LockOptions;

/** Gives a lock back. */
export type Unlock = () => Promise<void>;

/** Takes the lock directory of `file` (`<file>.lock` unless `lockfilePath` says otherwise); rejects with `ELOCKED` when it stays held. */
export function lockFile(file: string, options: LockOptions): Promise<Unlock> {
  return properLockfile.lock(file, options);
}

/**
 * Clears the lock of `file` when its holder stopped refreshing it `staleMs` ago: takes it (a stale lock
 * is taken over) and drops it at once. False when a live holder has it.
 */
export async function clearDeadLock(file: string, staleMs: number): Promise<boolean> {
  const unlock = await properLockfile.lock(file, { stale: staleMs, realpath: false, retries: 0 }).catch(() => undefined);
  if (unlock === undefined) return false;
  await unlock();
  return true;
}
