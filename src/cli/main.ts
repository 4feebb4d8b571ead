#!/usr/bin/env node
// Process entry point: binds the real world to `run` and turns its result into the exit code.
import { quietOnBrokenPipe } from "./epipe.js";
import { run } from "./program.js";

quietOnBrokenPipe([process.stdout, process.stderr], (code) => process.exit(code));
const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => Date.now(),
  isTTY: process.stdout.isTTY,
  signals: process,
});
process.exitCode = code;
