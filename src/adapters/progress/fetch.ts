// git fetch progress as people want to see it: one line updated in place on a terminal, a few lines in CI
// or a pipe (each finished local phase and how many refs changed), instead of git's every percent step.
import { clearLine, cursorTo } from "node:readline";
import type { Writable } from "node:stream";

/** What one line of `git fetch --progress` stderr is. */
export type FetchLine =
  | { kind: "phase"; text: string; remote: boolean; done: boolean }
  | { kind: "ref"; text: string }
  | { kind: "other"; text: string };

// `Receiving objects:  42% (4/9)`, `remote: Enumerating objects: 9, done.`, `Resolving deltas: 100% (1/1), done.`
const PHASE = /^(remote: )?[A-Z][a-z]+(?: [a-z]+)*:\s+\d+(?:%|,)/;
// ` * [new branch]  b2 -> origin/b2`, `   1a2b3c4..5d6e7f8  main -> origin/main`, ` - [deleted]  (none) -> origin/x`
const REF = /^[*+\-t!= ]?\s*(?:\[[^\]]+\]|[0-9a-f]{4,}\.\.\.?[0-9a-f]{4,})\s+\S+\s+->\s+\S+/;

/** Classifies one (trimmed) progress line. */
export function fetchLine(text: string): FetchLine {
  if (PHASE.test(text)) return { kind: "phase", text, remote: text.startsWith("remote: "), done: /,\s*done\.?$/.test(text) };
  if (REF.test(text)) return { kind: "ref", text };
  return { kind: "other", text };
}

/** Receives a fetch's progress lines; `end` closes the display (call it also when the fetch failed). */
export interface FetchProgress {
  line(text: string): void;
  end(): void;
}

/** Where and how: `redraw` on a terminal that may redraw (core/terminal `canRedraw`), plain lines otherwise. */
export interface FetchProgressOptions {
  stream: Writable;
  redraw: boolean;
  /** Put before every line, e.g. `demo: `. */
  prefix: string;
}

/**
 * A display of one fetch. Redrawn: every phase step overwrites one line, which ends as the last finished
 * phase and the ref count. Plain: one line per finished local phase (`Receiving objects`, `Resolving
 * deltas`), then `N refs updated`. Error lines are not shown: the error that follows carries them.
 */
export function fetchProgress(opts: FetchProgressOptions): FetchProgress {
  const { stream, redraw, prefix } = opts;
  let refs = 0;
  let drawn = false;
  let lastDone: string | undefined;
  const refsText = (): string => `${refs} ref${refs === 1 ? "" : "s"} updated`;
  return {
    line(text) {
      const l = fetchLine(text);
      if (l.kind === "ref") refs++;
      if (l.kind !== "phase") return;
      if (l.done && !l.remote) lastDone = l.text;
      if (redraw) {
        rewind(stream);
        stream.write(`${prefix}${l.text}`);
        drawn = true;
      } else if (l.done && !l.remote) stream.write(`${prefix}${l.text}\n`);
    },
    end() {
      if (redraw) {
        if (!drawn && refs === 0) return;
        const final = [lastDone, refs > 0 ? refsText() : undefined].filter((s) => s !== undefined).join("; ");
        rewind(stream);
        stream.write(`${prefix}${final === "" ? "fetched" : final}\n`);
      } else if (refs > 0) stream.write(`${prefix}${refsText()}\n`);
      refs = 0;
      drawn = false;
      lastDone = undefined;
    },
  };
}

// Back to the start of the line and clear it (readline writes the terminal codes).
function rewind(stream: Writable): void {
  cursorTo(stream, 0);
  clearLine(stream, 0);
}
