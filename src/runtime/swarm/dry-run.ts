// `--dry-run`: the dispatch plan a swarm would follow, simulated on its slots, without touching anything.
import { waves } from "../../core/dag.js";
import { taskWeight } from "../../core/plan.js";
import { lowerBound, simulateSchedule, type SchedTask, type Schedule } from "../../core/schedule.js";
import type { WorkerRegistry } from "../../core/spec.js";
import type { TaskInput } from "../../core/ports/store.js";

/** A simulated dispatch: which slot takes which task, in what order, by which rule, in which wave. */
export interface DispatchPreview {
  schedule: Schedule;
  /** Task ids per wave, counting only dependencies among the tasks planned. */
  waves: string[][];
  /** No schedule on these slots finishes sooner (minutes). */
  lowerBound: number;
}

/**
 * Simulates the swarm over the tasks still to run (dependencies outside them count as done), with each
 * type's max_concurrent deciding when fallbacks step in, as the store's claims do.
 */
export function previewDispatch(tasks: readonly TaskInput[], slots: Readonly<Record<string, number>>, registry: WorkerRegistry): DispatchPreview {
  const ids = new Set(tasks.map((t) => t.spec.id));
  const nodes = tasks.map((t) => ({ id: t.spec.id, depends_on: t.spec.depends_on.filter((d) => ids.has(d)), weight: taskWeight(t.spec) }));
  const planWaves = waves(nodes);
  const waveOf = new Map(planWaves.flatMap((w, i) => w.map((id) => [id, i] as const)));
  const sched: SchedTask[] = tasks.map((t, i) => ({
    id: t.spec.id,
    depends_on: nodes[i]?.depends_on ?? [],
    duration: nodes[i]?.weight ?? 0,
    priority: t.spec.priority,
    critical_path: t.critical_path,
    worker: t.route.worker,
    fallbacks: t.route.fallbacks,
    rule: t.route.rule,
    wave: waveOf.get(t.spec.id) ?? 0,
  }));
  const capacity = Object.fromEntries(Object.values(registry.workers).map((w) => [w.name, w.max_concurrent]));
  return { schedule: simulateSchedule(sched, slots, { capacity }), waves: planWaves, lowerBound: lowerBound(sched, slots) };
}
