// The file store's durable state: numbered, immutable change files plus periodic snapshots, cached per process.
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { PolecatError } from "../../core/errors.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { recordName, taskRecordProblems } from "../../core/task-record-shape.js";
import { TaskIndex, type TaskTable } from "../../core/task-table.js";
import { createTemp, disposeTemp, linkTemp, replaceFileAtomic, syncDir, TEMP_SUFFIX, type TempFile } from "./atomic.js";

/** A snapshot is written at every multiple of this change number: a cold load reads one snapshot plus fewer changes. */
export const SNAPSHOT_EVERY = 1000;

/** A temp file this old belongs to a killed writer: no write lasts anywhere near this long. */
const ABANDONED_TEMP_MS = 10 * 60_000;

/** Names the newest installed snapshot; change files it covers may be gone. */
export const CURRENT = "CURRENT";

/** A change file's or a snapshot's content: the state's records as of change `seq` (all, or the changed ones). */
export interface Entry {
  seq: number;
  tasks: TaskRecord[];
}

const pad = (seq: number): string => String(seq).padStart(12, "0");
const logName = (seq: number): string => `log-${pad(seq)}.json`;
/** A snapshot's file name. */
export const snapName = (seq: number): string => `snap-${pad(seq)}.json`;
/** The number in a `log-N.json` / `snap-N.json` name with that prefix; undefined for other names. */
export const seqOf = (name: string, prefix: string): number | undefined =>
  name.startsWith(prefix) && name.endsWith(".json") ? Number(name.slice(prefix.length, -5)) : undefined;

/**
 * State = the snapshot CURRENT names + every change file after it, in order. Change file `log-N` holds the
 * records change N rewrote and is created only if absent, so two writers can never both commit change N.
 * Each process keeps the state it has read and, on refresh, reads only the change files it has not seen.
 */
export class Journal {
  private seq = 0;
  private readonly tasks = new TaskIndex();
  private unsynced = false;
  private spare: TempFile | undefined;
  /** Whether a refresh has listed the directory for change files beyond a gap. */
  private scanned = false;
  private used: TempFile[] = [];

  /** `tmpDir` must be on the same filesystem as `dir`. */
  constructor(
    private readonly dir: string,
    private readonly tmpDir: string,
  ) {}

  /** The cached state; valid until the next refresh or commit. */
  get table(): TaskTable {
    return this.tasks;
  }

  /**
   * Catches up with every committed change. Safe without the lock: files appear whole (temp + link/rename),
   * and change files are deleted only after CURRENT names a snapshot covering them, so a missing change
   * file means either "no newer change" or "covered by a newer snapshot", which CURRENT tells apart, or,
   * when a later change file exists, a lost change: E_STORE_CORRUPT, never a silent roll-back. The first
   * refresh lists the directory for later files; later ones look one change ahead (a stat).
   */
  refresh(): void {
    let missingSnapshot: number | undefined;
    for (;;) {
      const next = this.seq + 1;
      const entry = this.read(logName(next), next);
      if (entry !== undefined) {
        this.apply(entry);
        continue;
      }
      const current = this.readCurrent();
      if (current <= this.seq) {
        const later = this.laterChange(next);
        if (later === undefined) {
          this.scanned = true;
          return;
        }
        // Change files are created in order, so `next` existed before `later` did: gone now means lost,
        // unless it appeared meanwhile or a compaction (which installs CURRENT first) covered it.
        if (existsSync(join(this.dir, logName(next))) || this.readCurrent() > this.seq) continue;
        throw this.corrupt(logName(next), `missing, but ${logName(later)} exists: change${later - next > 1 ? `s ${next}..${later - 1} are` : ` ${next} is`} lost (run \`polecat store repair\`)`);
      }
      const snapshot = this.read(snapName(current), current);
      if (snapshot === undefined) {
        // A newer compaction may have replaced it between our two reads; twice for the same name is damage.
        if (missingSnapshot === current) throw this.corrupt(snapName(current), "named by CURRENT but missing");
        missingSnapshot = current;
        continue;
      }
      this.tasks.clear();
      this.apply(snapshot);
    }
  }

  /** The lowest change number above `next` that has a file: the whole directory on the first refresh, one step ahead after. */
  private laterChange(next: number): number | undefined {
    if (this.scanned) return existsSync(join(this.dir, logName(next + 1))) ? next + 1 : undefined;
    let lowest: number | undefined;
    for (const name of readdirSync(this.dir)) {
      const seq = seqOf(name, "log-");
      if (seq !== undefined && seq > next && (lowest === undefined || seq < lowest)) lowest = seq;
    }
    return lowest;
  }

  /** Creates the temp file the next commit fills; call before taking the lock, to keep the hold short. */
  prepare(): void {
    this.spare ??= createTemp(this.tmpDir);
  }

  /**
   * Commits the next change (call under the lock, after `refresh`); false when another writer committed that
   * number first. The new file is visible at once but durable only after `settle`.
   */
  commit(upserts: readonly TaskRecord[]): boolean {
    const temp = this.spare ?? createTemp(this.tmpDir);
    this.spare = undefined;
    this.used.push(temp);
    const text = JSON.stringify({ seq: this.seq + 1, tasks: upserts });
    if (!linkTemp(temp, text, join(this.dir, logName(this.seq + 1)))) return false;
    // Cache what was written, parsed back: exactly what other processes read, in the same compact shape.
    this.apply(JSON.parse(text) as Entry);
    this.unsynced = true;
    return true;
  }

  /**
   * Drops this write's temp files and makes its commits durable (fsync of the directory). Call after the lock
   * is released: a later commit's directory fsync covers every earlier name too, so what survives a power
   * cut is always a prefix, and the caller hears of its commit only once it is durable.
   */
  settle(): void {
    for (const temp of [...this.used, ...(this.spare ? [this.spare] : [])]) disposeTemp(temp);
    this.used = [];
    this.spare = undefined;
    if (!this.unsynced) return;
    syncDir(this.dir);
    this.unsynced = false;
  }

  /** The full state to snapshot, when the commit just made landed on a snapshot boundary (records are never mutated, so it may be written later). */
  snapshotDue(): Entry | undefined {
    return this.seq % SNAPSHOT_EVERY === 0 ? { seq: this.seq, tasks: [...this.tasks.values()] } : undefined;
  }

  /** Writes a snapshot file; its content is fixed by its number, so this needs no lock. */
  writeSnapshot(snapshot: Entry): void {
    replaceFileAtomic(this.tmpDir, join(this.dir, snapName(snapshot.seq)), JSON.stringify(snapshot));
  }

  /** Points CURRENT at a written snapshot unless a newer one is installed (call under the lock). */
  installSnapshot(seq: number): void {
    if (this.readCurrent() < seq) replaceFileAtomic(this.tmpDir, join(this.dir, CURRENT), `${seq}\n`);
  }

  /** Deletes change files and snapshots an installed snapshot `seq` covers, and temp files of killed writers. */
  removeCovered(seq: number): void {
    for (const name of readdirSync(this.dir)) {
      const log = seqOf(name, "log-");
      const snap = seqOf(name, "snap-");
      if ((log !== undefined && log <= seq) || (snap !== undefined && snap < seq)) unlinkIfThere(join(this.dir, name));
    }
    const cutoff = Date.now() - ABANDONED_TEMP_MS;
    for (const name of readdirSync(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      if (name.endsWith(TEMP_SUFFIX) && (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < cutoff) {
        unlinkIfThere(path);
      }
    }
  }

  private apply(entry: Entry): void {
    for (const task of entry.tasks) this.tasks.set(task);
    this.seq = entry.seq;
  }

  private readCurrent(): number {
    const text = readIfThere(join(this.dir, CURRENT));
    if (text === undefined) return 0;
    const seq = Number(text.trim());
    if (!Number.isSafeInteger(seq) || seq < 0) throw this.corrupt(CURRENT, `not a change number: ${text.trim()}`);
    return seq;
  }

  private read(name: string, seq: number): Entry | undefined {
    const text = readIfThere(join(this.dir, name));
    if (text === undefined) return undefined;
    const problems = entryProblems(text, seq);
    if (problems.length > 0) throw this.corrupt(name, problems.join("; "));
    return JSON.parse(text) as Entry;
  }

  private corrupt(name: string, why: string): PolecatError {
    return new PolecatError("E_STORE_CORRUPT", `store file ${join(this.dir, name)}: ${why}`);
  }
}

/**
 * What is wrong with a change file's or snapshot's text for change `seq`: unparsable, another number, or
 * records of the wrong shape (each named); empty when it is whole. `store check` reports these too.
 */
export function entryProblems(text: string, seq: number): string[] {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (e) {
    return [(e as Error).message];
  }
  const { seq: got, tasks } = (entry ?? {}) as Partial<Entry>;
  if (got !== seq || !Array.isArray(tasks)) return [`not change ${seq}`];
  const out: string[] = [];
  tasks.forEach((task: unknown, i) => {
    const problems = taskRecordProblems(task);
    if (problems.length > 0) out.push(`${recordName(task, i)}: ${problems.join(", ")}`);
  });
  return out;
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
