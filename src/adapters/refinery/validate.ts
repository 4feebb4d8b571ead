// Running the spec's validate command on a candidate: a real process group with a timeout, its output
// appended to the refinery's log and read back (bounded) for the kickback of a failing task.
import { formatDuration } from "../../core/duration.js";
import { PolecatError } from "../../core/errors.js";
import { fileSize, readFrom } from "../log-tail.js";
import { LineRing, runAgent } from "../runner/index.js";

/** Most bytes of one run's output handed on; the core digests them into failing tests plus head and tail. */
const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

// A line the runner writes into the log itself: `[polecat <ISO time>] ...`, possibly right after unterminated output.
const OWN_LINE = /\[polecat \d{4}-\d\d-\d\dT[\d:.]+Z\] [^\n]*\n?/g;

/** Grace between TERM and KILL when a validation runs out of time. */
const KILL_GRACE_MS = 5_000;

/** One validation run's setting; the command is the spec's `refinery.validate` argv. */
export interface ValidationRun {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Appended to: every run's output, with a header naming what was validated. */
  logFile: string;
  timeoutMs: number;
  /** Written into the log header, e.g. the candidate's commit and tasks. */
  label: string;
}

/** A validation verdict with its output, as the refinery port wants it. */
export interface ValidationOutcome {
  pass: boolean;
  log: string;
}

function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Runs the validate command to its end. A non-zero exit or a timeout fails the candidate; a command
 * that cannot start at all is the refinery's own failure (E_CONFIG), never a task's fault.
 */
export async function runValidation(run: ValidationRun): Promise<ValidationOutcome> {
  const ring = new LineRing(1);
  const start = await fileSize(run.logFile);
  const r = await runAgent({
    argv: run.argv,
    cwd: run.cwd,
    env: definedEnv(run.env),
    logFile: run.logFile,
    timeoutMs: run.timeoutMs,
    stallTimeoutMs: 0,
    killGraceMs: KILL_GRACE_MS,
    ring,
    logHeader: `validate ${run.label}`,
  });
  if (r.error !== undefined) {
    throw new PolecatError("E_CONFIG", `the refinery's validate command ${JSON.stringify(run.argv)} cannot run: ${r.error}`, {
      details: [`log: ${run.logFile}`],
    });
  }
  // The log holds polecat's own stamped lines (header, start, end) around the command's output: left out here.
  const output = (await readFrom(run.logFile, start, MAX_OUTPUT_BYTES)).replace(OWN_LINE, "").trimEnd();
  const lines = output === "" ? [] : [output];
  if (r.timedOut) lines.push(`validation timed out after ${formatDuration(run.timeoutMs)}`);
  else if (r.exitCode !== 0) lines.push(r.signal ? `validation killed by ${r.signal}` : `validation exited with code ${String(r.exitCode)}`);
  return { pass: !r.timedOut && r.exitCode === 0, log: lines.join("\n") };
}
