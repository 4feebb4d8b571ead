// A reader that stops early (`polecat logs | head -1`) closes the pipe: polecat then ends quietly with exit 0,
// like git and gh, instead of dying on an unhandled EPIPE.
import type { Writable } from "node:stream";

/** Makes an EPIPE on any of the streams end the process with `exit(0)`; other stream errors still throw. */
export function quietOnBrokenPipe(streams: readonly Writable[], exit: (code: number) => void): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") exit(0);
      else throw error;
    });
  }
}
