// An in-memory world for running commands in-process and reading what they printed.
import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import type { World } from "../../src/cli/world.js";

/** A world whose stdout and stderr are captured as strings. */
export function memoryWorld(overrides: Partial<World> = {}): { world: World; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const world: World = {
    cwd: process.cwd(),
    env: { ...process.env, NO_COLOR: "1" },
    stdout,
    stderr,
    now: () => Date.now(),
    isTTY: false,
    signals: new EventEmitter(),
    ...overrides,
  };
  return { world, out: () => out, err: () => err };
}
