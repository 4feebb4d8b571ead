// Conflicts predicted from the spec: tasks that may run at once (no dependency path between them) and
// declare overlapping `files`, and the ordering edges that run such tasks one after the other.
import picomatch from "picomatch/posix.js";
import { waves } from "./dag.js";
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

function clean(p: string): string {
  return p.trim().replace(/^\.\//, "").replace(/\/+$/, "");
}

/** `dir` is `p` itself or a folder holding it (the empty folder holds everything). */
function holds(dir: string, p: string): boolean {
  return dir === "" || dir === p || p.startsWith(`${dir}/`);
}

/**
 * Whether two declared `files` entries may name a common file. A plain path also stands for what is
 * under it (a folder); a pattern matches with picomatch; two patterns meet when the fixed folder of one
 * holds the other's (the cautious answer: they might).
 */
export function filesMeet(a: string, b: string): boolean {
  const [x, y] = [clean(a), clean(b)];
  const [sx, sy] = [picomatch.scan(x), picomatch.scan(y)];
  if (!sx.isGlob && !sy.isGlob) return holds(x, y) || holds(y, x);
  if (sx.isGlob && sy.isGlob) return holds(sx.base, sy.base) || holds(sy.base, sx.base);
  const [glob, path, base] = sx.isGlob ? [x, y, sx.base] : [y, x, sy.base];
  return picomatch(glob, { dot: true })(path) || holds(path, base);
}

/** The entries of `a`'s files that meet one of `b`'s. */
function meeting(a: TaskSpec, b: TaskSpec): string[] {
  return a.files.filter((f) => b.files.some((g) => filesMeet(f, g)));
}

/** Each task's ancestors (every task it transitively depends on), for the tasks given. */
function ancestors(tasks: readonly TaskSpec[]): Map<string, Set<string>> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const out = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const set = new Set<string>();
    out.set(id, set);
    for (const dep of byId.get(id)?.depends_on ?? []) {
      set.add(dep);
      for (const a of visit(dep)) set.add(a);
    }
    return set;
  };
  for (const t of tasks) visit(t.id);
  return out;
}

/** Pairs of tasks with no dependency path between them whose declared files meet, in spec order. */
export function overlappingTasks(tasks: readonly TaskSpec[]): Overlap[] {
  const anc = ancestors(tasks);
  const out: Overlap[] = [];
  tasks.forEach((a, i) => {
    for (const b of tasks.slice(i + 1)) {
      if (anc.get(a.id)?.has(b.id) === true || anc.get(b.id)?.has(a.id) === true) continue;
      const files = meeting(a, b);
      if (files.length > 0) out.push({ tasks: [a.id, b.id], files });
    }
  });
  return out;
}

/**
 * Orders overlapping tasks: in dispatch order (wave, priority, spec order), a task that overlaps an
 * earlier one it has no path from gets that one as a dependency, so the two never run at once and the
 * later starts from a base holding the earlier's work. The graph stays acyclic (edges only point back).
 */
export function serializeOverlapping(tasks: readonly TaskSpec[]): { tasks: TaskSpec[]; added: SerializedEdge[] } {
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const order = waves(tasks.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: 0 }))).flatMap((wave) =>
    wave
      .map((id) => byId.get(id) as TaskSpec)
      .sort((a, b) => b.priority - a.priority || (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0)),
  );
  const anc = new Map<string, Set<string>>();
  const deps = new Map<string, string[]>();
  const added: SerializedEdge[] = [];
  order.forEach((task, k) => {
    const mine = new Set<string>();
    const own = [...task.depends_on];
    for (const d of own) for (const a of [d, ...(anc.get(d) ?? [])]) mine.add(a);
    // Nearest first: an edge to the latest overlapping task often orders the older ones through it.
    for (const earlier of order.slice(0, k).reverse()) {
      if (mine.has(earlier.id)) continue;
      const files = meeting(task, earlier);
      if (files.length === 0) continue;
      own.push(earlier.id);
      added.push({ task: task.id, after: earlier.id, files });
      for (const a of [earlier.id, ...(anc.get(earlier.id) ?? [])]) mine.add(a);
    }
    anc.set(task.id, mine);
    deps.set(task.id, own);
  });
  return { tasks: tasks.map((t) => ({ ...t, depends_on: deps.get(t.id) ?? t.depends_on })), added };
}
