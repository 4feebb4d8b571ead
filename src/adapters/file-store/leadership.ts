// The file backend of leadership: proper-lockfile under the home's lock directory (the PostgreSQL backend,
// pg-store/leadership.ts, holds an advisory lock behind the same port).
import { mkdir } from "node:fs/promises";
import { PolecatError } from "../../core/errors.js";
import type { Leadership } from "../../core/ports/leadership.js";
import { lockFile, nameHolder, OWNED_LOCK_FS, takeOverIfDeadHere } from "../lockfile.js";
import { newOwnerId } from "../owner.js";

/** proper-lockfile timings: a holder refreshes every `update` ms; a lock not refreshed for `stale` ms is free again. */
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;

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
            fs: OWNED_LOCK_FS,
            onCompromised: (err) => {
              lost = true;
              onLost(name, err);
            },
          });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ELOCKED") {
            throw new PolecatError("E_CONFIG", `cannot take the lock ${file}: ${(err as Error).message}`, { cause: err });
          }
          if (tries > 0 || !(await takeOverIfDeadHere(`${file}.lock`))) return undefined;
        }
      }
      await nameHolder(`${file}.lock`, newOwnerId());
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
