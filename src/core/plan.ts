// The dispatch plan: every task's wave, order, critical path and routing, with capacity simulated wave by wave.
import { criticalPaths, findCycle, waves, type DagNode } from "./dag.js";
import { PolecatError } from "./errors.js";
import { fallbacksFor, selectWorker, type RoutingDecision } from "./routing.js";
import { suggestSwarm, taskMix } from "./sizing.js";
import type { LoadedSpec, TaskSpec } from "./spec.js";
import type { Route } from "./ports/store.js";
import { overlappingTasks, serializeOverlapping, type Overlap, type SerializedEdge } from "./overlap.js";

/** What a task weighs on the critical path when it has neither a recorded duration nor an effort. */
export const DEFAULT_EFFORT_MINUTES = 30;

/** Inputs beyond the spec: the clock, how to weigh tasks, and what already runs. */
export interface PlanOptions {
  /** Epoch ms the plan is made at (printed as the dispatch time). */
  now?: number;
  /** Weight in minutes of a task without a recorded duration or effort. */
  defaultEffortMinutes?: number;
  /** Recorded durations in minutes by task id; they outweigh the effort estimate. */
  durations?: Readonly<Record<string, number>>;
  /** Tasks in progress per worker type, so capacity starts where the swarm is. */
  load?: Readonly<Record<string, number>>;
}

/** One task of the plan. */
export interface PlannedTask {
  id: string;
  title: string;
  /** Wave index (0 = no dependencies). */
  wave: number;
  /** 1-based dispatch order across the whole plan. */
  order: number;
  priority: number;
  /** Minutes this task weighs. */
  weight: number;
  /** Longest path in minutes from this task to the end of the DAG, itself included. */
  critical_path: number;
  depends_on: string[];
  /** Where the store would route it (undefined when unroutable). */
  route: Route | undefined;
  /** The decision under the capacity simulated for its wave. */
  decision: RoutingDecision;
}

/** How full one worker type gets under the plan. */
export interface CapacityStatus {
  worker: string;
  /** The most tasks of this type the plan runs at once, work already in progress included. */
  current: number;
  /** max_concurrent from the registry. */
  max: number;
  /** Tasks routed to this type that the plan leaves queued for lack of capacity. */
  queued: number;
}

/** Everything `polecat plan` shows, as data; the renderers in plan-format.ts print it. */
export interface DispatchPlan {
  project: string;
  generated_at: number | undefined;
  /** Tasks in dispatch order: wave, then priority desc, critical path desc, spec order. */
  tasks: PlannedTask[];
  /** Task ids per wave, in dispatch order. */
  waves: string[][];
  /** Suggested slots per worker type: sized for the wave with the most routable tasks, split by the whole spec's mix. */
  swarm: Record<string, number>;
  /** Every registry type, in registry order. */
  capacity: CapacityStatus[];
  /** Longest weighted chain in minutes: no schedule finishes sooner. */
  longest_chain: number;
  /** Tasks that may run at once (as declared) and declare overlapping files: likely conflicts (the first OVERLAP_LIMIT pairs). */
  overlaps: Overlap[];
  /** More pairs overlap than `overlaps` lists. */
  overlaps_truncated: boolean;
  /** With `dispatch.serialize_overlapping`: the ordering edges added so overlapping tasks run one after the other. */
  serialized: SerializedEdge[];
}

function overlapsOf(tasks: readonly TaskSpec[]): { overlaps: Overlap[]; overlaps_truncated: boolean } {
  const { pairs, more } = overlappingTasks(tasks);
  return { overlaps: pairs, overlaps_truncated: more };
}

/** The tasks as dispatched: with `dispatch.serialize_overlapping`, overlapping tasks ordered one after the other. */
export function dispatchedTasks(spec: LoadedSpec["spec"]): { tasks: TaskSpec[]; added: SerializedEdge[] } {
  return spec.dispatch.serialize_overlapping ? serializeOverlapping(spec.tasks) : { tasks: [...spec.tasks], added: [] };
}

/** A task's weight in minutes: recorded duration, else effort, else the default. */
export function taskWeight(task: TaskSpec, opts: Pick<PlanOptions, "durations" | "defaultEffortMinutes"> = {}): number {
  return opts.durations?.[task.id] ?? task.effort_minutes ?? opts.defaultEffortMinutes ?? DEFAULT_EFFORT_MINUTES;
}

/** The task graph weighed in minutes; throws E_SPEC_INVALID on a cycle (the loader reports it first). */
export function taskGraph(tasks: readonly TaskSpec[], opts: PlanOptions = {}): DagNode[] {
  const nodes = tasks.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: taskWeight(t, opts) }));
  const cycle = findCycle(nodes);
  if (cycle !== undefined) throw new PolecatError("E_SPEC_INVALID", `dependency cycle: ${cycle.join(" → ")}`);
  return nodes;
}

/** A task with its dispatch-order keys: spec position and critical path. */
interface Entry {
  task: TaskSpec;
  index: number;
  path: number;
}

/** Dispatch order within a wave: priority desc, critical path desc, spec order. */
function dispatchOrder(a: Entry, b: Entry): number {
  return b.task.priority - a.task.priority || b.path - a.path || a.index - b.index;
}

/** Builds the dispatch plan: the data behind `polecat plan` and the routes and critical paths the store applies. */
export function buildPlan(loaded: LoadedSpec, opts: PlanOptions = {}): DispatchPlan {
  const { spec, registry } = loaded;
  const dispatched = dispatchedTasks(spec);
  const nodes = taskGraph(dispatched.tasks, opts);
  const cp = criticalPaths(nodes);
  const entries = new Map(dispatched.tasks.map((task, index): [string, Entry] => [task.id, { task, index, path: cp.get(task.id) ?? 0 }]));

  const base = opts.load ?? {};
  const types = Object.keys(registry.workers);
  const peak = new Map(types.map((t) => [t, base[t] ?? 0]));
  const queued = new Map<string, number>();
  const tasks: PlannedTask[] = [];
  const planWaves: string[][] = [];
  let widest = 0;

  for (const [w, ids] of waves(nodes).entries()) {
    const load: Record<string, number> = { ...base };
    let routable = 0;
    const ordered = ids.map((id) => entries.get(id) as Entry).sort(dispatchOrder);
    for (const { task, path } of ordered) {
      const decision = selectWorker(task, registry, load);
      if (decision.primary !== undefined) routable++;
      if (decision.worker !== undefined) load[decision.worker] = (load[decision.worker] ?? 0) + 1;
      if (decision.state === "queued" && decision.primary !== undefined) {
        queued.set(decision.primary, (queued.get(decision.primary) ?? 0) + 1);
      }
      tasks.push({
        id: task.id,
        title: task.title,
        wave: w,
        order: tasks.length + 1,
        priority: task.priority,
        weight: taskWeight(task, opts),
        critical_path: path,
        depends_on: task.depends_on,
        route: decision.primary === undefined ? undefined : { worker: decision.primary, rule: decision.reason, fallbacks: fallbacksFor(task, registry, decision.primary) },
        decision,
      });
    }
    for (const t of types) peak.set(t, Math.max(peak.get(t) ?? 0, load[t] ?? 0));
    planWaves.push(ordered.map((e) => e.task.id));
    widest = Math.max(widest, routable);
  }

  return {
    project: spec.project,
    generated_at: opts.now,
    tasks,
    waves: planWaves,
    swarm: suggestSwarm(taskMix(tasks.map((t) => t.decision.primary)), registry, widest),
    capacity: types.map((t) => ({
      worker: t,
      current: peak.get(t) ?? 0,
      max: registry.workers[t]?.max_concurrent ?? 0,
      queued: queued.get(t) ?? 0,
    })),
    longest_chain: tasks.reduce((m, t) => Math.max(m, t.critical_path), 0),
    ...overlapsOf(spec.tasks),
    serialized: dispatched.added,
  };
}
