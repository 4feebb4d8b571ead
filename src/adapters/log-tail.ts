// Reads the last lines of an agent's log without loading a large file whole.
import { open } from "node:fs/promises";

const WINDOW = 64 * 1024;

/** The last `n` lines of a file ([] when it does not exist). */
export async function readTail(file: string, n: number): Promise<string[]> {
  const handle = await open(file, "r").catch(() => undefined);
  if (handle === undefined) return [];
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - WINDOW);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const lines = buf.toString("utf8").split("\n");
    if (start > 0) lines.shift();
    if (lines.at(-1) === "") lines.pop();
    return lines.slice(-n);
  } finally {
    await handle.close();
  }
}

/** A file's current size (0 when it does not exist), to read later what was appended after it. */
export async function fileSize(file: string): Promise<number> {
  const handle = await open(file, "r").catch(() => undefined);
  if (handle === undefined) return 0;
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * What was appended to `file` from byte `offset` on, at most `max` bytes: a longer stretch keeps its first
 * eighth and the rest from its end, with a line saying how much was left out between them.
 */
export async function readFrom(file: string, offset: number, max: number): Promise<string> {
  const handle = await open(file, "r").catch(() => undefined);
  if (handle === undefined) return "";
  try {
    const size = (await handle.stat()).size;
    const length = Math.max(0, size - offset);
    const read = async (at: number, n: number): Promise<string> => {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await handle.read(buf, 0, n, at);
      return buf.subarray(0, bytesRead).toString("utf8");
    };
    if (length <= max) return read(offset, length);
    const head = Math.floor(max / 8);
    const tail = max - head;
    return `${await read(offset, head)}\n… (${length - max} bytes left out) …\n${await read(size - tail, tail)}`;
  } finally {
    await handle.close();
  }
}
