// Waiting for a wake-up with a timeout as the floor: both stores' `waitForWork` (a directory watch, a
// PostgreSQL NOTIFY) wait through this.
import type { WaitForWorkOptions } from "../core/ports/store.js";

/**
 * Resolves when `subscribe`'s wake-up fires, after `timeoutMs`, or when the signal aborts, whichever
 * comes first. `subscribe` starts listening (it must not call `wake` before returning) and returns how
 * to stop; it is stopped in every case.
 */
export function untilWoken(subscribe: (wake: () => void) => () => void, opts: WaitForWorkOptions): Promise<void> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted === true) {
      resolve();
      return;
    }
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", finish);
      unsubscribe();
      resolve();
    };
    const unsubscribe = subscribe(finish);
    const timer = setTimeout(finish, opts.timeoutMs);
    opts.signal?.addEventListener("abort", finish, { once: true });
  });
}
