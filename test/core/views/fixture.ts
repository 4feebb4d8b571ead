// Loads the recorded run in test/fixtures/run (regenerate with `node test/fixtures/run/record.mjs`).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { WorkerRegistry } from "../../../src/core/spec.js";
import type { EventRecord, TaskRecord } from "../../../src/core/ports/store.js";

/** The recorded run: tasks at the end, every event, the registry and the clock at the end. */
export interface RecordedRun {
  project: string;
  started_at: number;
  now: number;
  registry: WorkerRegistry;
  tasks: TaskRecord[];
  events: EventRecord[];
  /** The raw JSONL lines, to compare `--json` output with. */
  lines: string[];
  logTail(taskId: string): string[];
}

const dir = fileURLToPath(new URL("../../fixtures/run/", import.meta.url));

/** Reads the fixture fresh, so a test may change its copy. */
export function recordedRun(): RecordedRun {
  const meta = JSON.parse(readFileSync(`${dir}run.json`, "utf8")) as Omit<RecordedRun, "tasks" | "events" | "lines" | "logTail">;
  const lines = readFileSync(`${dir}events.jsonl`, "utf8").split("\n").filter((l) => l !== "");
  return {
    ...meta,
    tasks: JSON.parse(readFileSync(`${dir}tasks.json`, "utf8")) as TaskRecord[],
    events: lines.map((l) => JSON.parse(l) as EventRecord),
    lines,
    logTail: (taskId) => {
      try {
        return readFileSync(`${dir}logs/${taskId}.log`, "utf8").trimEnd().split("\n");
      } catch {
        return [];
      }
    },
  };
}

/** A task of the run by id; fails the test when it is not there. */
export function taskOf(run: RecordedRun, id: string): TaskRecord {
  const t = run.tasks.find((x) => x.id === id);
  if (t === undefined) throw new Error(`fixture has no task ${id}`);
  return t;
}

export const MIN = 60_000;
