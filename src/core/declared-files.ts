// A task's declared `files`, scanned once, and an index that finds the tasks whose entries may meet a
// given task's without comparing every pair: two entries can only meet when one's fixed folder holds the other's.
import picomatch from "picomatch/posix.js";

/** One declared `files` entry: as written, cleaned, its fixed folder (`key`: the path itself, or a pattern's base) and a pattern's matcher. */
export interface FileEntry {
  raw: string;
  path: string;
  key: string;
  match: ((p: string) => boolean) | undefined;
}

function clean(p: string): string {
  return p.trim().replace(/^\.\//, "").replace(/\/+$/, "");
}

/** `dir` is `p` itself or a folder holding it (the empty folder holds everything). */
function holds(dir: string, p: string): boolean {
  return dir === "" || dir === p || p.startsWith(`${dir}/`);
}

/** Scans an entry once: picomatch's scan and, for a pattern, its compiled matcher. */
export function fileEntry(raw: string): FileEntry {
  const path = clean(raw);
  const scan = picomatch.scan(path);
  return scan.isGlob ? { raw, path, key: scan.base, match: picomatch(path, { dot: true }) } : { raw, path, key: path, match: undefined };
}

/**
 * Whether two entries may name a common file. A plain path also stands for what is under it (a folder);
 * a pattern matches with picomatch; two patterns meet when the fixed folder of one holds the other's
 * (the cautious answer: they might).
 */
export function entriesMeet(x: FileEntry, y: FileEntry): boolean {
  if (x.match === undefined && y.match === undefined) return holds(x.path, y.path) || holds(y.path, x.path);
  if (x.match !== undefined && y.match !== undefined) return holds(x.key, y.key) || holds(y.key, x.key);
  const [glob, plain] = x.match !== undefined ? [x, y] : [y, x];
  return (glob.match as (p: string) => boolean)(plain.path) || holds(plain.path, glob.key);
}

/** The entries of `a` that meet one of `b`'s, as written. */
export function meetingEntries(a: readonly FileEntry[], b: readonly FileEntry[]): string[] {
  return a.filter((e) => b.some((f) => entriesMeet(e, f))).map((e) => e.raw);
}

/** The folders holding `key`, itself included: `a/b/c` → "", `a`, `a/b`, `a/b/c`. */
function foldersOf(key: string): string[] {
  if (key === "") return [""];
  const parts = key.split("/");
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

/**
 * Items (numbered 0..n-1) by the keys of their entries. `near(i)` finds every other item with an entry
 * whose key holds, or is held by, a key of item i's: a superset of the items whose entries meet i's.
 */
export class FileIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly keys: string[];
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(private readonly entries: readonly (readonly FileEntry[])[]) {
    entries.forEach((list, i) => {
      for (const key of new Set(list.map((e) => e.key))) {
        const items = this.byKey.get(key);
        if (items === undefined) this.byKey.set(key, [i]);
        else items.push(i);
      }
    });
    this.keys = [...this.byKey.keys()].sort();
    this.seen = new Int32Array(entries.length);
  }

  /** Calls `found` once for each item numbered above `after` that may meet item `i`, in no set order. */
  near(i: number, found: (j: number) => void, after = -1): void {
    const stamp = ++this.stamp;
    this.seen[i] = stamp;
    const add = (key: string): void => {
      const items = this.byKey.get(key) ?? [];
      // Each key's items are in ascending order: skip to the first above `after`.
      for (let k = lowerBound(items, after + 1); k < items.length; k++) {
        const j = items[k] as number;
        if (this.seen[j] === stamp) continue;
        this.seen[j] = stamp;
        found(j);
      }
    };
    for (const key of new Set((this.entries[i] ?? []).map((e) => e.key))) {
      for (const folder of foldersOf(key)) add(folder);
      // Keys under `key`: one contiguous run of the sorted keys (every key, under the empty folder).
      const prefix = key === "" ? "" : `${key}/`;
      for (let k = lowerBound(this.keys, prefix); k < this.keys.length && (this.keys[k] as string).startsWith(prefix); k++) add(this.keys[k] as string);
    }
  }
}

function lowerBound<T extends string | number>(sorted: readonly T[], value: T): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
