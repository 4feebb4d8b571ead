// The heartbeat: in a CI log, where nothing is redrawn and a long agent run prints nothing, one line every
// so often says the swarm is alive: which slots run what, how much is done, how long it has run.
import { formatDuration } from "../../core/duration.js";
import type { QueueCounts } from "./queue.js";

/** The timer functions the heartbeat uses: the global ones, or a test's own. */
export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Asks for a heartbeat line every `everyMs`, written by `say`. */
export interface HeartbeatOptions {
  everyMs: number;
  say: (line: string) => void;
  timers?: Timers;
}

/** What one heartbeat line tells. */
export interface HeartbeatFacts {
  /** Slot id → the task it runs, for the slots running one now. */
  busy: ReadonlyMap<string, string>;
  slots: number;
  counts: QueueCounts | undefined;
  elapsedMs: number;
}

/** `heartbeat 3m: 2/4 slots running (claude-1: t3, claude-2: t5) · 5/12 tasks done · 2 ready, 1 with the refinery`. */
export function heartbeatLine(f: HeartbeatFacts): string {
  const running = [...f.busy].map(([slot, task]) => `${slot}: ${task}`).join(", ");
  const parts = [`${f.busy.size}/${f.slots} slots running${running === "" ? "" : ` (${running})`}`];
  const c = f.counts;
  if (c !== undefined) {
    const total = c.ready + c.waiting + c.running + c.refinery + c.done + c.stuck;
    parts.push(`${c.done}/${total} tasks done`);
    const rest = [c.ready > 0 ? `${c.ready} ready` : "", c.waiting > 0 ? `${c.waiting} waiting` : "", c.refinery > 0 ? `${c.refinery} with the refinery` : "", c.stuck > 0 ? `${c.stuck} stuck` : ""].filter((s) => s !== "");
    if (rest.length > 0) parts.push(rest.join(", "));
  }
  return `heartbeat ${formatDuration(f.elapsedMs)}: ${parts.join(" · ")}`;
}

/** Starts the beat: every `everyMs`, `facts()` (read fresh) becomes a line. Returns the stop. */
export function startHeartbeat(opts: HeartbeatOptions, facts: () => Promise<HeartbeatFacts>): () => void {
  const timers: Timers = opts.timers ?? { setInterval: (fn, ms) => setInterval(fn, ms).unref(), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
  let stopped = false;
  const handle = timers.setInterval(() => {
    void facts()
      .then((f) => {
        if (!stopped) opts.say(heartbeatLine(f));
      })
      .catch(() => undefined);
  }, opts.everyMs);
  return () => {
    stopped = true;
    timers.clearInterval(handle);
  };
}
