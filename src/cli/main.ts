#!/usr/bin/env node
// Process entry point: binds the real world to `run` and turns its result into the exit code.
import { run } from "./program.js";

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
