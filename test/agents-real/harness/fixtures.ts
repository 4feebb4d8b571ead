// The outputs the real CLIs gave, kept in test/agents-real/fixtures/<cli>.json for the code that parses
// them (agent dialects, failure classes). `POLECAT_RECORD_AGENT_FIXTURES=1` rewrites them from live runs;
// otherwise a test checks that the live output still has the recorded shape, so a CLI bump that changes
// its output fails here first.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { CliRun } from "./clis.js";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** Whether this run rewrites the fixtures. */
export const RECORDING = process.env.POLECAT_RECORD_AGENT_FIXTURES === "1";

/** One recorded CLI run: its argv (binary path left out), exit code and output, temp paths replaced. */
export interface RecordedRun {
  argv: string[];
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Why the process did not start (a missing binary), when it did not. */
  spawnError?: string;
}

function fixturePath(cli: string): string {
  return join(DIR, `${cli}.json`);
}

/** The recorded runs of one CLI, by case name. */
export function readFixture(cli: string): Record<string, RecordedRun> {
  const p = fixturePath(cli);
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Record<string, RecordedRun>) : {};
}

function scrub(s: string, paths: string[]): string {
  let out = s;
  for (const p of paths) out = out.split(p).join("<sandbox>");
  return out;
}

/** The top-level keys of each JSON line of an output, in order: its shape. */
export function shapeOf(stdout: string): string[][] {
  return stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("{"))
    .map((l) => {
      try {
        return Object.keys(JSON.parse(l) as object).sort();
      } catch {
        return [];
      }
    });
}

/**
 * Records (when recording) or checks against the record: the exit code must match and the JSON lines of
 * stdout must have the recorded top-level keys. `sandboxRoot` is replaced by `<sandbox>` in what is stored.
 */
export function matchFixture(cli: string, name: string, argv: string[], run: CliRun, sandboxRoot: string): void {
  const rec: RecordedRun = {
    argv: argv.map((a) => scrub(a, [sandboxRoot])),
    exitCode: run.exitCode,
    stdout: scrub(run.stdout, [sandboxRoot]),
    stderr: scrub(run.stderr, [sandboxRoot]),
    ...(run.spawnError ? { spawnError: run.spawnError } : {}),
  };
  if (RECORDING) {
    const all = readFixture(cli);
    all[name] = rec;
    writeFileSync(fixturePath(cli), JSON.stringify(all, null, 2) + "\n");
    return;
  }
  const recorded = readFixture(cli)[name];
  if (!recorded) throw new Error(`no recorded run "${name}" in fixtures/${cli}.json: run with POLECAT_RECORD_AGENT_FIXTURES=1`);
  expect(rec.exitCode, `${cli} ${name}: exit code vs fixtures/${cli}.json`).toBe(recorded.exitCode);
  expect(shapeOf(rec.stdout), `${cli} ${name}: JSON keys vs fixtures/${cli}.json`).toEqual(shapeOf(recorded.stdout));
}
