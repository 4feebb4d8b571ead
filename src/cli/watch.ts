// The redraw loop of `status --watch`: a terminal gets the view redrawn in place; a pipe or log gets it again only when it changed.
import { clearScreenDown, cursorTo } from "node:readline";
import type { Writable } from "node:stream";

/** One look at the world: the lines to show, and a key equal between two looks when nothing but ages changed. */
export interface Frame {
  lines: string[];
  key: string;
}

/** What the loop draws, where, how often and until when; time and timers are passed in. */
export interface WatchOptions {
  frame: () => Promise<Frame>;
  stream: Writable;
  /** Redraw in place (a terminal), else append a frame only when its key changed. */
  tty: boolean;
  intervalMs: number;
  now: () => number;
  /** Ends the loop (Ctrl+C); the frame on screen stays. */
  signal: AbortSignal;
  /** The first line of each frame, with the time added, e.g. `Every 2s: polecat status`; none for JSON lines. */
  title?: string;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Waits `ms` or until the signal aborts, on the given timer functions (fake ones in tests). */
function pause(ms: number, opts: WatchOptions): Promise<void> {
  const set = opts.setTimer ?? ((fn: () => void, t: number) => setTimeout(fn, t));
  const clear = opts.clearTimer ?? ((t: unknown) => clearTimeout(t as NodeJS.Timeout));
  return new Promise((resolve) => {
    if (opts.signal.aborted) return resolve();
    const done = (): void => {
      clear(timer);
      opts.signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = set(done, ms);
    opts.signal.addEventListener("abort", done, { once: true });
  });
}

/** Draws frames every `intervalMs` until the signal aborts. */
export async function watch(opts: WatchOptions): Promise<void> {
  let last: string | undefined;
  while (!opts.signal.aborted) {
    const frame = await opts.frame();
    if (opts.signal.aborted) break;
    const head = opts.title === undefined ? "" : `${opts.title}   ${stamp(opts.now())}\n\n`;
    const text = `${head}${frame.lines.map((l) => `${l}\n`).join("")}`;
    if (opts.tty) {
      cursorTo(opts.stream, 0, 0);
      clearScreenDown(opts.stream);
      opts.stream.write(text);
    } else if (frame.key !== last) {
      opts.stream.write(`${last === undefined || opts.title === undefined ? "" : "\n"}${text}`);
    }
    last = frame.key;
    await pause(opts.intervalMs, opts);
  }
}

/** A frame's key: the document without the fields that only say how old something is. */
export function keyWithout(doc: unknown, ages: ReadonlySet<string>): string {
  return JSON.stringify(doc, (k, v: unknown) => (ages.has(k) ? undefined : v));
}
