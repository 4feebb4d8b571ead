// The swarm's own merge queue: unless another refinery holds the project's lock, the swarm runs the refinery
// beside its slots, so a DAG's dependents become ready as their dependencies merge (readiness needs
// dependencies `done`, and only a refinery makes them so) and the swarm ends with the whole DAG merged.
import { setTimeout as sleep } from "node:timers/promises";
import type { RefineryPassResult } from "../../core/refinery/pass-result.js";
import type { MergeQueue, Merger } from "../../core/ports/merge-queue.js";
import type { OpenRefinery } from "./context.js";
import { runRefinery } from "./pass.js";
import { addSummary, watchRefinery } from "./watch.js";

/** A busy queue is looked at again soon; an idle one backs off (arrivals cut the wait short). */
const MIN_WAIT_MS = 250;
const MAX_WAIT_MS = 4_000;
/** How often the lock of another refinery is tried again, so the queue keeps a refinery while the swarm runs. */
const TAKE_OVER_MS = 2_000;

/** A merge queue running until `finish` is called; `finish(lastPass)` runs one more pass when asked, then stops. */
export interface SideRefinery extends MergeQueue {
  finish(lastPass: boolean): Promise<RefineryPassResult | undefined>;
}

/**
 * Runs the project's refinery in this process while the swarm works. When another refinery (another
 * machine's swarm, a daemon) holds the project's lock, merges are left to it (said once on stderr, and in
 * the swarm's header) and the lock is tried again every few seconds, so the queue keeps a refinery as long
 * as any swarm runs. A task turning merge-ready (`nudge`, or a change in the store from another process)
 * starts the next pass at once. Progress goes to the event log only, so it never garbles the display.
 */
export function startSideRefinery(withRefinery: OpenRefinery): SideRefinery {
  const stop = new AbortController();
  const listeners = new Set<() => void>();
  const arrivals = new Set<() => void>();
  let who: Merger = "here";
  let arrived = false;
  let lastPass = false;
  let told = false;
  const changed = (): void => {
    for (const l of [...listeners]) l();
  };
  const become = (next: Merger): void => {
    if (who === next) return;
    who = next;
    changed();
  };
  const lead = (): Promise<RefineryPassResult | undefined> =>
    withRefinery({ lock: true, leaveToOther: !told, quietWhenHeld: told, progress: changed }, async (r) => {
      become("here");
      // Work that arrives while a pass runs makes the next wait return at once.
      const idle = async (ms: number, signal: AbortSignal): Promise<void> => {
        if (arrived) {
          arrived = false;
          return;
        }
        const cut = new AbortController();
        const both = AbortSignal.any([signal, cut.signal]);
        const onArrival = (): void => cut.abort();
        arrivals.add(onArrival);
        try {
          await Promise.race([sleep(ms, undefined, { signal: both }).catch(() => undefined), r.store.waitForWork({ timeoutMs: ms, signal: both })]);
        } finally {
          arrivals.delete(onArrival);
          cut.abort();
          arrived = false;
        }
        if (signal.aborted) throw new Error("stopped");
      };
      const watched = await watchRefinery({
        pass: () => runRefinery(r.deps),
        signal: AbortSignal.any([stop.signal, r.signal]),
        minWaitMs: MIN_WAIT_MS,
        maxWaitMs: MAX_WAIT_MS,
        idle,
        onBusy: changed,
      });
      return lastPass && !r.signal.aborted ? addSummary(watched, await runRefinery(r.deps)) : watched;
    });
  const running = (async (): Promise<RefineryPassResult | undefined> => {
    for (;;) {
      const summary = await lead();
      told = true;
      if (summary !== undefined || stop.signal.aborted) return summary;
      become("other");
      await sleep(TAKE_OVER_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();
  // A failing refinery must not leave an unhandled rejection while the swarm still runs, nor a swarm waiting
  // for merges that will not come: nobody merges from then on (the swarm ends saying what waits), and
  // finish() rethrows the failure.
  running.catch(() => become("off"));
  return {
    who: () => who,
    nudge() {
      arrived = true;
      for (const a of [...arrivals]) a();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    finish(last) {
      lastPass = last;
      stop.abort();
      return running;
    },
  };
}
