// Idle slots wait for work: a back-off sleep that another slot of the swarm, or the store, can cut short.
import type { TaskStore } from "../../core/ports/store.js";

/** Waits until work may have appeared, `timeoutMs` passed or `signal` aborted; true when woken early. */
export type WaitForWork = (opts: { timeoutMs: number; signal: AbortSignal }) => Promise<boolean>;

/** The first wait after work was seen, doubled per empty poll up to MAX_IDLE_MS. */
export const MIN_IDLE_MS = 50;
/** The longest an idle slot sleeps between polls of the store. */
export const MAX_IDLE_MS = 1_000;

/** The next back-off: reset after a wake-up, doubled (up to `max`) after a timeout. */
export function nextIdle(current: number, woken: boolean, max = MAX_IDLE_MS): number {
  return woken ? MIN_IDLE_MS : Math.min(current * 2, max);
}

/**
 * In-process wake-ups: a slot that finishes a task wakes the idle ones, since its result (a failure's
 * back-off, a kickback, a merge-ready dependency) may be what they wait for.
 */
export class Waker {
  private readonly waiters = new Set<() => void>();

  /** Wakes every slot waiting now. */
  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Sleeps until woken (true), the timeout or the abort (false). */
  readonly wait: WaitForWork = ({ timeoutMs, signal }) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.waiters.delete(onWake);
        resolve(woken);
      };
      const onWake = (): void => done(true);
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.add(onWake);
    });
}

/**
 * The store's `waitForWork` (a file watch, a PostgreSQL LISTEN) as a WaitForWork: woken when it returned
 * before its timeout without an abort.
 */
export function storeWait(store: Pick<TaskStore, "waitForWork">, clock: () => number): WaitForWork {
  return async ({ timeoutMs, signal }) => {
    const start = clock();
    await store.waitForWork({ timeoutMs, signal });
    return !signal.aborted && clock() - start < timeoutMs;
  };
}

/** A wait that ends at whichever comes first: an in-process wake-up or the store's own. */
export function raceWaits(a: WaitForWork, b: WaitForWork): WaitForWork {
  return async ({ timeoutMs, signal }) => {
    const first = new AbortController();
    const both = AbortSignal.any([signal, first.signal]);
    try {
      return await Promise.race([a({ timeoutMs, signal: both }), b({ timeoutMs, signal: both })]);
    } finally {
      first.abort();
    }
  };
}
