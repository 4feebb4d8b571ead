// Exclusive, named leadership (one refinery per project, one run of each daemon job): taken by name and
// held until released. The file backend uses proper-lockfile under the home's lock directory; the
// PostgreSQL backend holds an advisory lock behind the same interface.
import { mkdir } from "node:fs/promises";
import lockfile from "proper-lockfile";
import { PolecatError } from "../../core/errors.js";

/** Gives up leadership. Safe to call once; a lock that was lost meanwhile is simply gone. */
export type Release = () => Promise<void>;

/** Exclusive, named leadership across processes (and machines, for a shared backend). */
export interface Leadership {
  /** Takes `name` at once if nobody holds it; undefined when someone else does. Never waits. */
  acquire(name: string): Promise<Release | undefined>;
}

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
        release = await lockfile.lock(`${dir}/${name.replace(/[^\w.-]/g, "_")}`, {
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
