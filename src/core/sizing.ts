// Swarm sizing: how many slots of each worker type a ready queue deserves.
import type { SizingRules, WorkerRegistry } from "./spec.js";

/** Total slots for a ready queue: the first tier that holds it, capped by max_total and by the queue itself. */
export function swarmTotal(ready: number, sizing: SizingRules): number {
  const tier = [...sizing.tiers].sort((a, b) => a.ready_at_most - b.ready_at_most).find((t) => ready <= t.ready_at_most);
  return Math.max(0, Math.min(tier?.total ?? sizing.max_total, sizing.max_total, ready));
}

/** Counts ready tasks by the worker type their rules chose: the task mix a swarm is split by. */
export function taskMix(primaries: Iterable<string | undefined>): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const type of primaries) if (type !== undefined) mix[type] = (mix[type] ?? 0) + 1;
  return mix;
}

/**
 * Splits the total for a ready queue (default: the mix's own size) across worker types by task mix. Every
 * type with work gets a slot while the total allows (busiest first, or `first` when given: the types whose
 * work is ready now before the ones whose work comes next); the rest go one by one to the type with the most
 * tasks per slot. A type never gets more slots than its max_concurrent or its task count. Ties go to
 * registry order.
 */
export function suggestSwarm(mix: Readonly<Record<string, number>>, registry: WorkerRegistry, ready?: number, first?: Readonly<Record<string, number>>): Record<string, number> {
  const types = Object.keys(registry.workers).filter((t) => (mix[t] ?? 0) > 0);
  let left = swarmTotal(ready ?? types.reduce((sum, t) => sum + (mix[t] ?? 0), 0), registry.sizing);
  const tasks = (t: string): number => mix[t] ?? 0;
  const cap = (t: string): number => Math.min(registry.workers[t]?.max_concurrent ?? 0, tasks(t));
  const slots = new Map(types.map((t) => [t, 0]));
  const early = (t: string): number => first?.[t] ?? 0;
  const byLoad = [...types].sort((a, b) => early(b) - early(a) || tasks(b) - tasks(a));
  for (const t of byLoad) {
    if (left === 0) break;
    if (cap(t) === 0) continue;
    slots.set(t, 1);
    left--;
  }
  for (; left > 0; left--) {
    let best: string | undefined;
    for (const t of types) {
      const have = slots.get(t) ?? 0;
      if (have === 0 || have >= cap(t)) continue;
      // Most tasks per slot first: tasks(t)/have > tasks(best)/haveBest, compared without division.
      if (best === undefined || tasks(t) * (slots.get(best) ?? 0) > tasks(best) * have) best = t;
    }
    if (best === undefined) break;
    slots.set(best, (slots.get(best) ?? 0) + 1);
  }
  return Object.fromEntries(types.filter((t) => (slots.get(t) ?? 0) > 0).map((t) => [t, slots.get(t) ?? 0]));
}
