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
