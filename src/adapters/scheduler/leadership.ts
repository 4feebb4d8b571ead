// Which daemon runs a job: with the file store, whoever holds the job's lock under the home's locks dir.
import { mkdir } from "node:fs/promises";
import lockfile from "proper-lockfile";
import type { Leadership, ReleaseLeadership } from "./scheduler.js";

/** A lock older than this belongs to a dead daemon and is taken over. */
const STALE_MS = 30_000;
/** How often a live holder refreshes its lock, well inside the stale window. */
const UPDATE_MS = 5_000;

/**
 * Leadership over lock files `<locksDir>/daemon-<schedule>`: two daemons on one home never run the same
 * schedule at once, and a busy lock means "skip this tick" rather than "wait". A lock taken over while held
 * (its holder stalled past the stale window) is let go quietly: the run's own store writes are fenced.
 */
export function fileLeadership(locksDir: string): Leadership {
  return {
    async acquire(scheduleName: string): Promise<ReleaseLeadership | undefined> {
      await mkdir(locksDir, { recursive: true });
      const file = `${locksDir}/daemon-${scheduleName.replace(/[^\w.-]/g, "_")}`;
      try {
        const release = await lockfile.lock(file, {
          realpath: false,
          stale: STALE_MS,
          update: UPDATE_MS,
          onCompromised: () => undefined,
        });
        return () =>
          release().catch((e: unknown) => {
            if ((e as NodeJS.ErrnoException).code !== "ERELEASED") throw e;
          });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ELOCKED") return undefined;
        throw e;
      }
    },
  };
}
