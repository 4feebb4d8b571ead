// The one module that takes lock files: every cross-process lock polecat holds (the file store's, a
// mirror's, a leadership's) is a proper-lockfile lock directory taken here, and the janitor clears dead
// ones here too, so the library and its options have one seam.
import * as fs from "node:fs";
import { readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import properLockfile from "proper-lockfile";
import { ownerDeadHere } from "./owner.js";

/** How a lock is taken: staleness, refresh, retries, the fs it runs on, what happens when it is lost. */
export type LockOptions = properLockfile.LockOptions;

/** Gives a lock back. */
export type Unlock = () => Promise<void>;

/** Takes the lock directory of `file` (`<file>.lock` unless `lockfilePath` says otherwise); rejects with `ELOCKED` when it stays held. */
export function lockFile(file: string, options: LockOptions): Promise<Unlock> {
  return properLockfile.lock(file, options);
}

/**
 * The fs for locks whose directory holds an `owner` file (see `nameHolder`): proper-lockfile must remove
 * such a directory whole, which its own rmdir would not.
 */
export const OWNED_LOCK_FS = {
  ...fs,
  rmdir: (path: string, cb: (err: NodeJS.ErrnoException | null) => void) => fs.rm(path, { recursive: true, force: true }, cb),
  rmdirSync: (path: string) => fs.rmSync(path, { recursive: true, force: true }),
};

/** Writes who holds a just-taken lock (`host:pid:random`) into it, keeping the mtime proper-lockfile checks as its own. */
export async function nameHolder(lockDir: string, owner: string): Promise<void> {
  const st = await stat(lockDir);
  await writeFile(`${lockDir}/owner`, `${owner}\n`);
  await utimes(lockDir, st.atime, st.mtime);
}

/**
 * When the lock's named holder is provably dead (this host, pid gone), moves its lock directory aside
 * (atomic) and checks that it moved the dead one: a lock a racing taker made meanwhile goes back.
 * True when the way is clear for another attempt; false for a live, foreign or unnamed holder.
 */
export async function takeOverIfDeadHere(lockDir: string): Promise<boolean> {
  const owner = (await readFile(`${lockDir}/owner`, "utf8").catch(() => "")).trim();
  if (owner === "" || !ownerDeadHere(owner)) return false;
  const aside = `${lockDir}.dead-${process.pid}-${Date.now()}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return false;
  }
  const moved = (await readFile(`${aside}/owner`, "utf8").catch(() => "")).trim();
  if (moved !== owner) {
    await rename(aside, lockDir).catch(() => undefined);
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  return true;
}

/**
 * Clears the lock of `file` when its holder stopped refreshing it `staleMs` ago: takes it (a stale lock
 * is taken over) and drops it at once. False when a live holder has it.
 */
export async function clearDeadLock(file: string, staleMs: number): Promise<boolean> {
  const unlock = await properLockfile.lock(file, { stale: staleMs, realpath: false, retries: 0, fs: OWNED_LOCK_FS }).catch(() => undefined);
  if (unlock === undefined) return false;
  await unlock();
  return true;
}
