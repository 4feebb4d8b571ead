// `polecat logs --follow`: tail the JSONL event log, yielding events as they are appended.
import { open, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { EventRecord } from "../../core/ports/store.js";

/** How to follow the log. */
export interface FollowOptions {
  /** Ends the iteration. */
  signal: AbortSignal;
  /** Yield what the file already holds first (no gap between reading and following), or only new lines. */
  fromStart: boolean;
  /** How often to look for new lines. */
  pollMs?: number;
}

const NEWLINE = 0x0a;
/** Read at most this much at a time, so following a large log from its start stays small in memory. */
const CHUNK = 1 << 20;

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

async function readFrom(file: string, offset: number, end: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(end - offset);
    const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function parse(line: Buffer): EventRecord | undefined {
  try {
    return JSON.parse(line.toString("utf8")) as EventRecord;
  } catch {
    return undefined;
  }
}

/**
 * Yields the events of a JSONL file as lines are completed, until the signal aborts. A file that does not
 * exist yet is waited for; one that shrank (truncated or replaced) is read again from its start; a line
 * that is not JSON is skipped, like the store's reader does.
 */
export async function* followEvents(file: string, opts: FollowOptions): AsyncGenerator<EventRecord> {
  const pollMs = opts.pollMs ?? 200;
  let offset = opts.fromStart ? 0 : ((await sizeOf(file)) ?? 0);
  let partial = Buffer.alloc(0);
  while (!opts.signal.aborted) {
    const size = await sizeOf(file);
    if (size !== undefined && size < offset) {
      offset = 0;
      partial = Buffer.alloc(0);
    }
    if (size !== undefined && size > offset) {
      const chunk = Buffer.concat([partial, await readFrom(file, offset, Math.min(size, offset + CHUNK))]);
      offset += chunk.length - partial.length;
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        const event = parse(chunk.subarray(start, nl));
        start = nl + 1;
        if (event !== undefined) yield event;
        if (opts.signal.aborted) return;
      }
      partial = Buffer.from(chunk.subarray(start));
      continue;
    }
    try {
      await sleep(pollMs, undefined, { signal: opts.signal });
    } catch {
      return;
    }
  }
}
