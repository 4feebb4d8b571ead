// The outside world a command sees, passed in so tests can run commands in-process with their own.
import type { Writable } from "node:stream";
import type { SignalSource } from "../adapters/scheduler/index.js";
import { colorEnabled } from "../core/terminal.js";

/** Everything a command may touch besides its arguments. */
export interface World {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Writable;
  stderr: Writable;
  /** Wall clock in epoch milliseconds. */
  now: () => number;
  /** True when stdout is an interactive terminal. */
  isTTY: boolean;
  /** Where SIGINT/SIGTERM come from: `process` for real, an emitter in tests. */
  signals: SignalSource;
}

/** Global options every command accepts. */
export interface GlobalOptions {
  spec?: string;
  workers?: string;
  home?: string;
  json?: boolean;
}

/** Writes one line to a stream. */
export function println(stream: Writable, text = ""): void {
  stream.write(`${text}\n`);
}

/** Colour by the terminal rules of `core/terminal` (FORCE_COLOR, NO_COLOR, TERM=dumb, CI, a TTY). */
export function useColor(world: World): boolean {
  return colorEnabled(world.isTTY, world.env);
}
