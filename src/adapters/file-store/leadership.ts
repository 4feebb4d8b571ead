// The file backend of leadership: proper-lockfile under the home's lock directory (the PostgreSQL backend,
// pg-store/leadership.ts, holds an advisory lock behind the same port).
import { mkdir } from "node:fs/promises";
import { PolecatError } from "../../core/errors.js";
import type { Leadership } from "../../core/ports/leadership.js";
import { lockFile } from "../lockfile.js";

/** proper-lockfile timings: a holder refreshes every `update` ms; a lock not refreshed for `stale` ms is free again. */
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;

/**
 * Leadership as lock files in `dir` (the home's `locks`). A crashed holder stops refreshing its lock and
 * loses it after 30 s. `onLost` hears when a held lock was taken over (clock jumps, a stalled event loop).
 */
export function fileLeadership(dir: string, onLost: (name: string, err: Error) => void = () => undefined): Leadership {
  return {
    async acquire(name) {
      await mkdir(dir, { recursive: true });
      let release: () => Promise<void>;
      let lost = false;
      try {
        release = await lockFile(`${dir}/${name.replace(/[^\w.-]/g, "_")}`, {
          realpath: false,
          stale: STALE_MS,
          update: UPDATE_MS,
          retries: 0,
          onCompromised: (err) => {
            lost = true;
            onLost(name, err);
          },
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ELOCKED") return undefined;
        throw new PolecatError("E_CONFIG", `cannot take the lock ${dir}/${name}: ${(err as Error).message}`, { cause: err });
      }
      let released = false;
      return async () => {
        if (released || lost) return;
        released = true;
        await release();
      };
    },
  };
}
