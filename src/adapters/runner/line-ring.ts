// The last lines an agent printed, kept in memory for the live UI and the restart summary.
import { StringDecoder } from "node:string_decoder";

/** Lines kept when the caller does not bring its own ring. */
export const DEFAULT_RING_LINES = 100;

const MAX_LINE = 500;
// A line without a newline (a `\r` progress bar) is cut to its end so memory stays bounded.
const MAX_PARTIAL = 16_384;
// eslint-disable-next-line no-control-regex -- terminal escape sequences are exactly what is removed here
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g;

/** A printed line as a UI shows it: escapes removed, a `\r`-redrawn line reduced to what a terminal would show. */
export function displayLine(raw: string): string {
  const noAnsi = raw.replace(ANSI, "");
  const redraws = noAnsi.split("\r").filter((s) => s !== "");
  const line = redraws[redraws.length - 1] ?? "";
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/** A fixed-size ring of display lines; the caller may share one across an agent's restarts. */
export class LineRing {
  private readonly buf: string[] = [];
  constructor(readonly capacity: number = DEFAULT_RING_LINES) {}

  /** Adds one complete line, dropping the oldest when full. */
  add(raw: string): void {
    this.buf.push(displayLine(raw));
    if (this.buf.length > this.capacity) this.buf.splice(0, this.buf.length - this.capacity);
  }

  /** The kept lines, oldest first (a copy). */
  lines(): string[] {
    return [...this.buf];
  }
}

/** Where a splitter's complete lines go: a ring, or a function (a dialect reading JSON events first). */
export type LineSink = LineRing | ((line: string) => void);

/** Splits one output stream into lines for a ring; UTF-8 sequences split across chunks are kept whole. */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial = "";
  private readonly add: (line: string) => void;
  constructor(sink: LineSink) {
    this.add = typeof sink === "function" ? sink : (line) => sink.add(line);
  }

  /** Feeds a chunk; complete lines go to the ring. */
  write(chunk: Buffer): void {
    const parts = (this.partial + this.decoder.write(chunk)).split("\n");
    this.partial = (parts.pop() ?? "").slice(-MAX_PARTIAL);
    for (const p of parts) this.add(p);
  }

  /** The stream ended: an unterminated last line still counts. */
  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = "";
    if (rest !== "") this.add(rest);
  }
}
