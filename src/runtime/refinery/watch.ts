// Watch mode: run refinery passes until stopped, waiting longer while the queue stays empty.
import { setTimeout as sleep } from "node:timers/promises";
import type { RefineryPassResult } from "../../core/refinery/pass-result.js";

/** How a watching refinery paces itself. */
export interface WatchOptions {
  /** One pass over the queue until it is empty (runRefinery). */
  pass: () => Promise<RefineryPassResult>;
  /** Aborting ends the watch after the current pass, or at once while it waits. */
  signal: AbortSignal;
  /** The wait after a pass that did something; it doubles after each further idle pass, up to `maxWaitMs`. */
  minWaitMs: number;
  maxWaitMs: number;
  /** Hears each wait before it starts. */
  onWait?: (ms: number) => void;
  /**
   * Waits between passes; may return early when work arrives (a task turned merge-ready), so the next pass
   * starts at once instead of at the end of the back-off. Default: sleep the whole wait.
   */
  idle?: (ms: number, signal: AbortSignal) => Promise<unknown>;
  /** Hears each pass that changed something (a merge, a kickback, a review verdict). */
  onBusy?: () => void;
}

/** Adds one pass's summary to the running total. */
export function addSummary(total: RefineryPassResult, pass: RefineryPassResult): RefineryPassResult {
  return {
    merged: [...total.merged, ...pass.merged],
    decisions: [...total.decisions, ...pass.decisions],
    validations: total.validations + pass.validations,
    pushes: total.pushes + pass.pushes,
  };
}

/** Runs passes until `signal` aborts; returns everything they did. A failing pass ends the watch by throwing. */
export async function watchRefinery(o: WatchOptions): Promise<RefineryPassResult> {
  let total: RefineryPassResult = { merged: [], decisions: [], validations: 0, pushes: 0 };
  let idle = 0;
  while (!o.signal.aborted) {
    const summary = await o.pass();
    total = addSummary(total, summary);
    const busy = summary.merged.length > 0 || summary.decisions.length > 0;
    idle = busy ? 0 : idle + 1;
    if (busy) o.onBusy?.();
    const wait = Math.min(o.maxWaitMs, o.minWaitMs * 2 ** Math.max(0, idle - 1));
    if (o.signal.aborted) break;
    o.onWait?.(wait);
    try {
      await (o.idle ?? ((ms, signal) => sleep(ms, undefined, { signal })))(wait, o.signal);
    } catch {
      break; // aborted while waiting
    }
  }
  return total;
}
