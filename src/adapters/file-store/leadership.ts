// The file backend of leadership: proper-lockfile under the home's lock directory (the PostgreSQL backend,
// pg-store/leadership.ts, holds an advisory lock behind the same port).
import * as fs from "node:fs";
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { PolecatError } from "../../core/errors.js";
import type { Leadership } from "../../core/ports/leadership.js";
import { lockFile } from "../lockfile.js";
import { newOwnerId, ownerDeadHere } from "../owner.js";

/** proper-lockfile timings: a holder refreshes every `update` ms; a lock not refreshed for `stale` ms is free again. */
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;

// The lock directory holds an `owner` file, so proper-lockfile must remove it whole (its own rmdir would not).
const lockFs = {
  ...fs,
  rmdir: (path: string, cb: (err: NodeJS.ErrnoException | null) => void) => fs.rm(path, { recursive: true, force: true }, cb),
  rmdirSync: (path: string) => fs.rmSync(path, { recursive: true, force: true }),
};

// Moves a dead holder's lock aside (atomic), then checks it was the dead one: a lock a racing taker made
// meanwhile goes back. True when the way is clear.
async function takeOverDead(lockDir: string, owner: string): Promise<boolean> {
  const aside = `${lockDir}.dead-${process.pid}-${Date.now()}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return false;
  }
  const moved = await readFile(`${aside}/owner`, "utf8").catch(() => "");
  if (moved.trim() !== owner) {
    await rename(aside, lockDir).catch(() => undefined);
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  return true;
}

/**
 * Leadership as lock files in `dir` (the home's `locks`). Each lock names its holder (`host:pid:random`);
 * a holder on this host whose process is gone loses it at once, any other crashed holder after 30 s
 * without a refresh. `onLost` hears when a held lock was taken over (clock jumps, a stalled event loop).
 */
export function fileLeadership(dir: string, onLost: (name: string, err: Error) => void = () => undefined): Leadership {
  return {
    async acquire(name) {
      await mkdir(dir, { recursive: true });
      const file = `${dir}/${name.replace(/[^\w.-]/g, "_")}`;
      let release: (() => Promise<void>) | undefined;
      let lost = false;
      for (let tries = 0; release === undefined; tries++) {
        try {
          release = await lockFile(file, {
            realpath: false,
            stale: STALE_MS,
            update: UPDATE_MS,
            retries: 0,
            fs: lockFs,
            onCompromised: (err) => {
              lost = true;
              onLost(name, err);
            },
          });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ELOCKED") {
            throw new PolecatError("E_CONFIG", `cannot take the lock ${file}: ${(err as Error).message}`, { cause: err });
          }
          const holder = (await readFile(`${file}.lock/owner`, "utf8").catch(() => "")).trim();
          if (tries > 0 || holder === "" || !ownerDeadHere(holder) || !(await takeOverDead(`${file}.lock`, holder))) return undefined;
        }
      }
      // Naming the holder must not change the lock's mtime, which proper-lockfile checks is still its own.
      const st = await stat(`${file}.lock`);
      await writeFile(`${file}.lock/owner`, `${newOwnerId()}\n`);
      await utimes(`${file}.lock`, st.atime, st.mtime);
      let released = false;
      const held = release;
      return async () => {
        if (released || lost) return;
        released = true;
        await held();
      };
    },
  };
}
