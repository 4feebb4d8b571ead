// `swarm --refinery`: the merge queue runs beside the slots, so a DAG's dependents become ready as their
// dependencies merge (readiness needs dependencies `done`, and only the refinery makes them so).
import { setTimeout as sleep } from "node:timers/promises";
import type { RefinerySummary } from "../../core/refinery/summary.js";
import type { OpenRefinery } from "./context.js";
import { runRefinery } from "./pass.js";
import { addSummary, watchRefinery } from "./watch.js";

/** A busy queue is looked at again soon; an idle one backs off to a few seconds. */
const MIN_WAIT_MS = 250;
const MAX_WAIT_MS = 4_000;

/** A refinery running until `finish` is called; `finish(lastPass)` runs one more pass when asked, then stops. */
export interface SideRefinery {
  finish(lastPass: boolean): Promise<RefinerySummary | undefined>;
}

/**
 * Runs the project's refinery in this process while the swarm works. When another refinery (another
 * machine's swarm, a daemon) holds the project's lock, merges are left to it and the lock is tried again
 * every few seconds, so the queue keeps a refinery as long as any swarm runs. Progress goes to the event
 * log only, so it never garbles the swarm's display.
 */
export function startSideRefinery(withRefinery: OpenRefinery): SideRefinery {
  const stop = new AbortController();
  let lastPass = false;
  let told = false;
  const lead = (): Promise<RefinerySummary | undefined> =>
    withRefinery({ lock: true, leaveToOther: !told, quietWhenHeld: told, progress: () => undefined }, async (r) => {
      const watched = await watchRefinery({
        pass: () => runRefinery(r.deps),
        signal: AbortSignal.any([stop.signal, r.signal]),
        minWaitMs: MIN_WAIT_MS,
        maxWaitMs: MAX_WAIT_MS,
      });
      return lastPass && !r.signal.aborted ? addSummary(watched, await runRefinery(r.deps)) : watched;
    });
  const running = (async (): Promise<RefinerySummary | undefined> => {
    for (;;) {
      const summary = await lead();
      told = true;
      if (summary !== undefined || stop.signal.aborted) return summary;
      await sleep(MAX_WAIT_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  })();
  // A failing refinery must not leave an unhandled rejection while the swarm still runs; finish() rethrows it.
  running.catch(() => undefined);
  return {
    finish(last) {
      lastPass = last;
      stop.abort();
      return running;
    },
  };
}
