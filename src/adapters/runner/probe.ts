// A short look at a CLI (`--version`, `--help`) through the agent runner: own process group, timeout, all output kept.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAgent } from "./run-agent.js";

/** What a probe gave: its exit code (undefined when it did not start) and everything it printed. */
export interface ProbeResult {
  exitCode: number | undefined;
  output: string;
  error?: string;
  timedOut: boolean;
}

/** Runs `argv` with exactly `env`, stdin closed, killed after `timeoutMs`; returns its output (stdout and stderr). */
export async function runProbe(argv: readonly string[], o: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<ProbeResult> {
  const dir = await mkdtemp(join(tmpdir(), "polecat-probe-"));
  try {
    const logFile = join(dir, "probe.log");
    const r = await runAgent({ argv, cwd: o.cwd, env: o.env, logFile, timeoutMs: o.timeoutMs, stallTimeoutMs: 0, killGraceMs: 1_000 });
    // The runner stamps its own start and end lines into the log; the rest is the program's output.
    const output = (await readFile(logFile, "utf8").catch(() => ""))
      .split("\n")
      .filter((l) => !l.startsWith("[polecat "))
      .join("\n");
    return { exitCode: r.exitCode, output, timedOut: r.timedOut, ...(r.error === undefined ? {} : { error: r.error }) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
