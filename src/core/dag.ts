// Dependency-graph algorithms over tasks: cycles, order, waves, critical paths. Iterative, so 10k-long chains are fine.

/** A node of the task graph; `weight` is its duration in any unit (minutes for effort). */
export interface DagNode {
  id: string;
  depends_on: readonly string[];
  weight: number;
}

interface Graph {
  ids: string[];
  index: Map<string, number>;
  /** deps[i] = indices node i depends on (unknown ids dropped). */
  deps: number[][];
  /** dependents[i] = indices that depend on node i. */
  dependents: number[][];
}

function build(nodes: readonly DagNode[]): Graph {
  const ids = nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const deps = nodes.map((n) => [...new Set(n.depends_on)].flatMap((d) => (index.has(d) ? [index.get(d) as number] : [])));
  const dependents: number[][] = ids.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => dependents[d]?.push(i)));
  return { ids, index, deps, dependents };
}

/** Kahn's order; `order` holds every node not on or behind a cycle. */
function kahn(g: Graph): number[] {
  const indeg = g.deps.map((d) => d.length);
  const queue: number[] = [];
  indeg.forEach((d, i) => d === 0 && queue.push(i));
  for (let head = 0; head < queue.length; head++) {
    for (const j of g.dependents[queue[head] as number] ?? []) {
      indeg[j] = (indeg[j] ?? 0) - 1;
      if (indeg[j] === 0) queue.push(j);
    }
  }
  return queue;
}

/** One dependency cycle as a path that returns to its start (`a → b → a`), or undefined when acyclic. */
export function findCycle(nodes: readonly DagNode[]): string[] | undefined {
  const g = build(nodes);
  const ordered = new Set(kahn(g));
  if (ordered.size === g.ids.length) return undefined;
  // Every node left over has a dependency also left over: walk them until one repeats.
  const start = g.ids.findIndex((_, i) => !ordered.has(i));
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  let cur = start;
  while (!seenAt.has(cur)) {
    seenAt.set(cur, path.length);
    path.push(cur);
    cur = (g.deps[cur] ?? []).find((d) => !ordered.has(d)) as number;
  }
  const cycle = path.slice(seenAt.get(cur));
  return [...cycle, cur].map((i) => g.ids[i] as string);
}

/** Topological order (dependencies first); throws if there is a cycle, so validate first. */
export function topoOrder(nodes: readonly DagNode[]): string[] {
  const g = build(nodes);
  const order = kahn(g);
  if (order.length !== g.ids.length) throw new Error("topoOrder: graph has a cycle");
  return order.map((i) => g.ids[i] as string);
}

/** Waves: wave k holds the tasks whose longest chain of dependencies has k links. */
export function waves(nodes: readonly DagNode[]): string[][] {
  const g = build(nodes);
  const depth = new Array<number>(g.ids.length).fill(0);
  const out: string[][] = [];
  for (const i of kahn(g)) {
    const d = (g.deps[i] ?? []).reduce((m, j) => Math.max(m, (depth[j] ?? 0) + 1), 0);
    depth[i] = d;
    (out[d] ??= []).push(g.ids[i] as string);
  }
  return out;
}

/** Longest weighted path from each task to the end of the graph, the task's own weight included. */
export function criticalPaths(nodes: readonly DagNode[]): Map<string, number> {
  const g = build(nodes);
  const cp = new Array<number>(g.ids.length).fill(0);
  const order = kahn(g);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    const tail = (g.dependents[i] ?? []).reduce((m, j) => Math.max(m, cp[j] ?? 0), 0);
    cp[i] = (nodes[i]?.weight ?? 0) + tail;
  }
  return new Map(order.map((i) => [g.ids[i] as string, cp[i] as number]));
}

/** The length of the longest weighted chain in the graph: a lower bound on any schedule's makespan. */
export function longestChain(nodes: readonly DagNode[]): number {
  let longest = 0;
  for (const v of criticalPaths(nodes).values()) longest = Math.max(longest, v);
  return longest;
}

/** Tasks whose dependencies are all in `done` and that are not themselves done. */
export function readySet(nodes: readonly DagNode[], done: ReadonlySet<string>): string[] {
  return nodes.filter((n) => !done.has(n.id) && n.depends_on.every((d) => done.has(d))).map((n) => n.id);
}
