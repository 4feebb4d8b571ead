// Deciding what a file store is from its files: its problems (gaps, damage) and how to rebuild it from what is whole.
import type { StoreProblem } from "./ports/store-check.js";
import type { TaskRecord } from "./ports/store.js";
import { taskKey } from "./task-table.js";

/** One change file or snapshot as found on disk: whole (`tasks`) or damaged (`problems`). */
export interface FoundFile {
  name: string;
  kind: "log" | "snap";
  seq: number;
  /** Set when the file is whole. */
  tasks?: TaskRecord[];
  /** What is wrong with it; empty when whole. */
  problems: string[];
  /** The tasks a damaged file names, when its records are readable enough to say (`project/id`). */
  names: string[];
}

/** CURRENT as found: the snapshot number it names, or what is wrong with it. */
export type FoundCurrent = { seq: number } | { problem: string } | undefined;

/** The rebuilt state and what it cost. */
export interface Rebuild {
  /** The snapshot it starts from, if any. */
  base?: string;
  /** Whole change files applied after the base, in order. */
  applied: string[];
  /** The number of the snapshot that will hold the rebuilt state: past every file found. */
  seq: number;
  tasks: TaskRecord[];
  lost: string[];
  stale: string[];
}

const range = (from: number, to: number): string => (from === to ? `change ${from}` : `changes ${from}..${to}`);

/** Every problem a store's files show: damaged files, a bad CURRENT, and changes missing where later ones exist. */
export function storeProblems(files: readonly FoundFile[], current: FoundCurrent, currentName: string): StoreProblem[] {
  const out: StoreProblem[] = [];
  for (const f of files) for (const problem of f.problems) out.push({ file: f.name, problem });
  let covered = 0;
  if (current !== undefined && "problem" in current) out.push({ file: currentName, problem: current.problem });
  else if (current !== undefined) {
    const snap = files.find((f) => f.kind === "snap" && f.seq === current.seq);
    if (snap === undefined) out.push({ file: currentName, problem: `names snapshot ${current.seq}, which is missing` });
    else if (snap.tasks !== undefined) covered = current.seq;
  }
  const logs = new Set(files.filter((f) => f.kind === "log").map((f) => f.seq));
  const last = Math.max(0, ...logs);
  for (let seq = covered + 1; seq <= last; seq++) {
    if (logs.has(seq)) continue;
    let end = seq;
    while (!logs.has(end + 1)) end++;
    out.push({ file: `log-${String(seq).padStart(12, "0")}.json`, problem: `missing: ${range(seq, end)} lost, later changes exist` });
    seq = end;
  }
  return out;
}

/**
 * Rebuilds the state from what is whole: the newest whole snapshot, then every whole change file after it
 * in order, skipping the missing and damaged ones. Each change file holds whole records, so a later change
 * restores a task whatever came before it; what a skipped change alone wrote is lost and reported, and a
 * task not rewritten since the first skipped change is reported as possibly out of date.
 */
export function planRebuild(files: readonly FoundFile[]): Rebuild {
  const whole = (kind: FoundFile["kind"]): FoundFile[] => files.filter((f) => f.kind === kind && f.tasks !== undefined).sort((a, b) => a.seq - b.seq);
  const base = whole("snap").at(-1);
  const from = base?.seq ?? 0;
  const state = new Map<string, { task: TaskRecord; seq: number }>();
  for (const task of base?.tasks ?? []) state.set(taskKey(task.project, task.id), { task, seq: from });
  const applied: string[] = [];
  for (const log of whole("log")) {
    if (log.seq <= from) continue;
    for (const task of log.tasks ?? []) state.set(taskKey(task.project, task.id), { task, seq: log.seq });
    applied.push(log.name);
  }
  const last = Math.max(from, ...files.map((f) => f.seq));
  const wholeLogs = new Set(applied.map((name) => files.find((f) => f.name === name)?.seq));
  const lost: string[] = [];
  let lastLost = 0;
  for (let seq = from + 1; seq <= last; seq++) {
    if (wholeLogs.has(seq)) continue;
    const damaged = files.find((f) => f.kind === "log" && f.seq === seq);
    if (damaged !== undefined) {
      lost.push(`${range(seq, seq)} (${damaged.name} damaged)${damaged.names.length > 0 ? `: wrote ${damaged.names.join(", ")}` : ""}`);
      lastLost = seq;
      continue;
    }
    let end = seq;
    while (end < last && !wholeLogs.has(end + 1) && !files.some((f) => f.kind === "log" && f.seq === end + 1)) end++;
    lost.push(`${range(seq, end)} (missing): what they wrote is unknown`);
    lastLost = end;
    seq = end;
  }
  const stale = [...state.values()].filter((s) => s.seq < lastLost).map((s) => `${s.task.project}/${s.task.id}`);
  return {
    ...(base === undefined ? {} : { base: base.name }),
    applied,
    seq: last + 1,
    tasks: [...state.values()].map((s) => s.task),
    lost,
    stale: stale.sort(),
  };
}
