// Conflicts predicted from the spec: tasks that may run at once (no dependency path between them) and
// declare overlapping `files`, and the ordering edges that run such tasks one after the other.
import { waves } from "./dag.js";
import { entriesMeet, fileEntry, FileIndex, meetingEntries, type FileEntry } from "./declared-files.js";
import { Ancestors, dependencyOrder } from "./reach.js";
import type { TaskSpec } from "./spec.js";

/** Two tasks that may run at once and declare files that meet, with the declared entries that do. */
export interface Overlap {
  tasks: [string, string];
  files: string[];
}

/** An ordering edge added by `dispatch.serialize_overlapping`: `task` runs after `after` is done. */
export interface SerializedEdge {
  task: string;
  after: string;
  files: string[];
}

/** How many overlapping pairs `plan` lists before it only says there are more. */
export const OVERLAP_LIMIT = 100;

/** Whether two declared `files` entries may name a common file (see `entriesMeet`). */
export function filesMeet(a: string, b: string): boolean {
  return entriesMeet(fileEntry(a), fileEntry(b));
}

/** Each task's index by id, its entries, an index over them, its known dependencies, and ancestor bits tracking the tasks that declare files. */
function prepare(tasks: readonly TaskSpec[]): { at: Map<string, number>; entries: FileEntry[][]; index: FileIndex; anc: Ancestors; deps: number[][] } {
  const at = new Map(tasks.map((t, i) => [t.id, i]));
  const entries = tasks.map((t) => t.files.map(fileEntry));
  const tracked = new Int32Array(tasks.length).fill(-1);
  let bits = 0;
  entries.forEach((e, i) => {
    if (e.length > 0) tracked[i] = bits++;
  });
  const deps = tasks.map((t) => t.depends_on.flatMap((d) => (at.has(d) ? [at.get(d) as number] : [])));
  return { at, entries, index: new FileIndex(entries), anc: new Ancestors(tasks.length, tracked, bits), deps };
}

/** Calls `each` with the items above `i` that `index` finds near it and that pass `keep`, in ascending order, until `each` says stop. */
function laterNear(index: FileIndex, i: number, keep: (j: number) => boolean, each: (j: number) => boolean): void {
  const found: number[] = [];
  index.near(
    i,
    (j) => {
      if (keep(j)) found.push(j);
    },
    i,
  );
  found.sort((x, y) => x - y);
  for (const j of found) if (!each(j)) return;
}

/**
 * Pairs of tasks with no dependency path between them whose declared files meet, in spec order: the
 * first `limit`, and whether there are more.
 */
export function overlappingTasks(tasks: readonly TaskSpec[], limit = OVERLAP_LIMIT): { pairs: Overlap[]; more: boolean } {
  const { entries, index, anc, deps } = prepare(tasks);
  for (const i of dependencyOrder(deps)) for (const d of deps[i] ?? []) anc.add(i, d);
  const pairs: Overlap[] = [];
  let more = false;
  for (let a = 0; a < tasks.length && !more; a++) {
    if ((entries[a] ?? []).length === 0) continue;
    laterNear(index, a, (b) => !anc.has(a, b) && !anc.has(b, a), (b) => {
      const files = meetingEntries(entries[a] ?? [], entries[b] ?? []);
      if (files.length === 0) return true;
      if (pairs.length === limit) {
        more = true;
        return false;
      }
      pairs.push({ tasks: [(tasks[a] as TaskSpec).id, (tasks[b] as TaskSpec).id], files });
      return true;
    });
  }
  return { pairs, more };
}

/**
 * Orders overlapping tasks: in dispatch order (wave, priority, spec order), a task that overlaps an
 * earlier one it has no path from gets that one as a dependency, so the two never run at once and the
 * later starts from a base holding the earlier's work. The graph stays acyclic (edges only point back).
 */
export function serializeOverlapping(tasks: readonly TaskSpec[]): { tasks: TaskSpec[]; added: SerializedEdge[] } {
  const { at, entries, index, anc, deps } = prepare(tasks);
  const order = waves(tasks.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: 0 }))).flatMap((wave) =>
    wave.map((id) => at.get(id) as number).sort((a, b) => (tasks[b]?.priority ?? 0) - (tasks[a]?.priority ?? 0) || a - b),
  );
  const pos = new Int32Array(tasks.length);
  order.forEach((i, k) => (pos[i] = k));
  const added: SerializedEdge[] = [];
  const extra: number[][] = tasks.map(() => []);
  // marked[p] === k + 1: the task at dispatch position p may meet the task at position k.
  const marked = new Int32Array(tasks.length);
  order.forEach((t, k) => {
    for (const d of deps[t] ?? []) anc.add(t, d);
    if ((entries[t] ?? []).length === 0) return;
    // Nearest first: an edge to the latest overlapping task often orders the older ones through it.
    let nearest = -1;
    index.near(t, (e) => {
      const p = pos[e] ?? 0;
      if (p < k && !anc.has(t, e)) {
        marked[p] = k + 1;
        nearest = Math.max(nearest, p);
      }
    });
    for (let p = nearest; p >= 0; p--) {
      if (marked[p] !== k + 1) continue;
      const e = order[p] as number;
      if (anc.has(t, e)) continue;
      const files = meetingEntries(entries[t] ?? [], entries[e] ?? []);
      if (files.length === 0) continue;
      extra[t]?.push(e);
      added.push({ task: (tasks[t] as TaskSpec).id, after: (tasks[e] as TaskSpec).id, files });
      anc.add(t, e);
    }
  });
  if (added.length === 0) return { tasks: [...tasks], added };
  return { tasks: tasks.map((t, i) => ({ ...t, depends_on: [...t.depends_on, ...(extra[i] ?? []).map((j) => (tasks[j] as TaskSpec).id)] })), added };
}
