// Which tasks a task depends on, directly or through others, as one bit per task: a pair is then told
// apart (one waits for the other, or they may run at once) in constant time, for 10,000 tasks in megabytes.

/** Ancestor bits per task over `bits` tracked tasks: `has(task, tracked)` says whether `task` depends on it. */
export class Ancestors {
  private readonly words: number;
  private readonly rows: Uint32Array;

  /** `tracked` is each task's bit, or -1 for a task no question is asked about (its ancestors are still followed). */
  constructor(
    count: number,
    private readonly tracked: Int32Array,
    bits: number,
  ) {
    this.words = Math.ceil(bits / 32);
    this.rows = new Uint32Array(count * this.words);
  }

  /** Whether task `task` depends on task `other` (whose bit must be tracked). */
  has(task: number, other: number): boolean {
    const bit = this.tracked[other] ?? -1;
    if (bit < 0) return false;
    return ((this.rows[task * this.words + (bit >>> 5)] ?? 0) & (1 << (bit & 31))) !== 0;
  }

  /** Makes `task` depend on `dep` and everything `dep` depends on; call in an order where `dep` is complete. */
  add(task: number, dep: number): void {
    const [to, from, w] = [task * this.words, dep * this.words, this.words];
    for (let k = 0; k < w; k++) this.rows[to + k] = (this.rows[to + k] ?? 0) | (this.rows[from + k] ?? 0);
    const bit = this.tracked[dep] ?? -1;
    if (bit >= 0) this.rows[to + (bit >>> 5)] = (this.rows[to + (bit >>> 5)] ?? 0) | (1 << (bit & 31));
  }
}

/** Task indices in an order where each comes after its dependencies (Kahn); tasks on a cycle or missing dependencies come last, as far as known. */
export function dependencyOrder(deps: readonly (readonly number[])[]): number[] {
  const n = deps.length;
  const pending = deps.map((d) => d.length);
  const dependents: number[][] = deps.map(() => []);
  deps.forEach((d, i) => d.forEach((j) => dependents[j]?.push(i)));
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const j of dependents[order[k] as number] ?? []) {
      pending[j] = (pending[j] ?? 0) - 1;
      if (pending[j] === 0) order.push(j);
    }
  }
  if (order.length < n) for (let i = 0; i < n; i++) if ((pending[i] ?? 0) > 0) order.push(i);
  return order;
}
