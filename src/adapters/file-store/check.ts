// `polecat store check` for the file store: reads every change file and snapshot and reports each problem.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { StoreCheck, StoreProblem } from "../../core/ports/store-check.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { planRebuild, storeProblems, type FoundCurrent, type FoundFile } from "../../core/store-rebuild.js";
import { recordName } from "../../core/task-record-shape.js";
import { CURRENT, entryProblems, seqOf } from "./journal.js";
import { fileStorePaths, type FileStorePaths } from "./store.js";

/** Everything a check or a repair reads from a file store's directory. */
export interface FileStoreScan {
  paths: FileStorePaths;
  files: FoundFile[];
  current: FoundCurrent;
  /** Directories of the store that are plain files (the lock's). */
  notDirectories: string[];
  problems: StoreProblem[];
}

function readFound(dir: string, name: string, kind: FoundFile["kind"], seq: number): FoundFile {
  let text: string;
  try {
    text = readFileSync(join(dir, name), "utf8");
  } catch (e) {
    return { name, kind, seq, problems: [`unreadable: ${(e as Error).message}`], names: [] };
  }
  const problems = entryProblems(text, seq);
  if (problems.length === 0) return { name, kind, seq, tasks: (JSON.parse(text) as { tasks: TaskRecord[] }).tasks, problems, names: [] };
  let names: string[] = [];
  try {
    const tasks = (JSON.parse(text) as { tasks?: unknown }).tasks;
    if (Array.isArray(tasks)) names = tasks.map((t, i) => recordName(t, i)).filter((n) => !n.startsWith("record "));
  } catch {
    // Unparsable: the tasks it wrote are unknown.
  }
  return { name, kind, seq, problems, names };
}

function readCurrent(dir: string): FoundCurrent {
  let text: string;
  try {
    text = readFileSync(join(dir, CURRENT), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return { problem: `unreadable: ${(e as Error).message}` };
  }
  const seq = Number(text.trim());
  return Number.isSafeInteger(seq) && seq >= 0 ? { seq } : { problem: `not a change number: ${text.trim().slice(0, 40)}` };
}

// A path that exists and is not a directory; under a plain file nothing exists (ENOTDIR).
function isPlainFile(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads a file store's directory whole, without its lock (files appear whole; a racing write shows as a newer file). */
export function scanFileStore(home: string): FileStoreScan {
  const paths = fileStorePaths(home);
  const files: FoundFile[] = [];
  const names = statSync(paths.dir, { throwIfNoEntry: false }) === undefined ? [] : readdirSync(paths.dir);
  for (const name of names) {
    const log = seqOf(name, "log-");
    const snap = seqOf(name, "snap-");
    if (log !== undefined && Number.isSafeInteger(log)) files.push(readFound(paths.dir, name, "log", log));
    else if (snap !== undefined && Number.isSafeInteger(snap)) files.push(readFound(paths.dir, name, "snap", snap));
  }
  files.sort((a, b) => a.seq - b.seq || a.kind.localeCompare(b.kind));
  const current = readCurrent(paths.dir);
  const notDirectories = [dirname(paths.lock), paths.lock].filter((p) => isPlainFile(p)).slice(0, 1);
  const problems = [
    ...storeProblems(files, current, CURRENT).map((p) => ({ ...p, file: join(paths.dir, p.file) })),
    ...notDirectories.map((file) => ({ file, problem: "not a directory (the store lock lives here)" })),
  ];
  return { paths, files, current, notDirectories, problems };
}

/** Checks the file store under `home`: every problem, and the size of what loads. */
export function checkFileStore(home: string): StoreCheck {
  const scan = scanFileStore(home);
  const rebuilt = planRebuild(scan.files);
  return {
    location: `file ${scan.paths.dir}`,
    problems: scan.problems,
    tasks: rebuilt.tasks.length,
    version: Math.max(0, ...scan.files.map((f) => f.seq)),
  };
}
