// List scheduling of the task DAG on typed worker slots: what `swarm --dry-run` shows, and the makespan yardstick.
import { longestChain } from "./dag.js";
import { Heap } from "./heap.js";
import type { DispatchPlan } from "./plan.js";

/** A task as the simulation sees it: its duration, its ordering keys and where it may run. */
export interface SchedTask {
  id: string;
  depends_on: readonly string[];
  /** Minutes it runs. */
  duration: number;
  priority: number;
  critical_path: number;
  /** The routed primary type; undefined when no type can take it. */
  worker: string | undefined;
  /** Types that may take it while `worker` is full. */
  fallbacks: readonly string[];
  /** The routing rule in words. */
  rule: string;
  wave: number;
}

/** One task on one slot. */
export interface SlotAssignment {
  /** Slot id, e.g. `claude-1`. */
  slot: string;
  /** The slot's worker type. */
  type: string;
  task: string;
  /** 1-based order in which tasks start. */
  order: number;
  start: number;
  end: number;
  wave: number;
  /** Why this slot took it: the routing rule, or the fallback that let it in. */
  rule: string;
  fallback: boolean;
}

/** A simulated run. */
export interface Schedule {
  slots: string[];
  /** In start order. */
  assignments: SlotAssignment[];
  makespan: number;
  /** Tasks no slot ever takes (no slot of a type they may run on, or behind such a task), in input order. */
  unscheduled: string[];
}

/** When fallbacks step in: a primary type is full once it runs `capacity[type]` tasks (default: its slot count). */
export interface ScheduleOptions {
  capacity?: Readonly<Record<string, number>>;
}

interface Group {
  primary: string;
  ready: Heap<number>;
}

interface Running {
  end: number;
  slot: number;
  task: number;
}

/**
 * Simulates the swarm: whenever a slot is free it takes the ready task it may run that comes first by
 * priority, then longest critical path, then input order. A slot runs tasks routed to its type, and tasks
 * routed to a full type that lists it as a fallback.
 */
export function simulateSchedule(tasks: readonly SchedTask[], slots: Readonly<Record<string, number>>, opts: ScheduleOptions = {}): Schedule {
  const at = (i: number): SchedTask => tasks[i] as SchedTask;
  const first = (a: number, b: number): boolean => {
    const x = at(a);
    const y = at(b);
    if (x.priority !== y.priority) return x.priority > y.priority;
    if (x.critical_path !== y.critical_path) return x.critical_path > y.critical_path;
    return a < b;
  };

  const index = new Map(tasks.map((t, i) => [t.id, i] as const));
  const waiting = tasks.map(() => 0);
  const dependents: number[][] = tasks.map(() => []);
  tasks.forEach((t, i) => {
    for (const d of new Set(t.depends_on)) {
      const j = index.get(d);
      if (j === undefined) continue;
      dependents[j]?.push(i);
      waiting[i] = (waiting[i] ?? 0) + 1;
    }
  });

  const groups = new Map<string, Group>();
  const groupOf: (Group | undefined)[] = [];
  const own = new Map<string, Group[]>();
  const helps = new Map<string, Group[]>();
  const add = (m: Map<string, Group[]>, type: string, g: Group): void => {
    const list = m.get(type) ?? [];
    list.push(g);
    m.set(type, list);
  };
  for (const t of tasks) {
    if (t.worker === undefined) {
      groupOf.push(undefined);
      continue;
    }
    const key = JSON.stringify([t.worker, t.fallbacks]);
    let g = groups.get(key);
    if (g === undefined) {
      g = { primary: t.worker, ready: new Heap(first) };
      groups.set(key, g);
      add(own, t.worker, g);
      for (const f of new Set(t.fallbacks)) if (f !== t.worker) add(helps, f, g);
    }
    groupOf.push(g);
  }

  const slotList = Object.entries(slots).flatMap(([type, n]) => Array.from({ length: n }, (_, k) => ({ id: `${type}-${k + 1}`, type })));
  const free = slotList.map(() => true);
  const running = new Map<string, number>();
  const full = (type: string): boolean => (running.get(type) ?? 0) >= (opts.capacity?.[type] ?? slots[type] ?? 0);
  const events = new Heap<Running>((a, b) => a.end < b.end || (a.end === b.end && a.slot < b.slot));
  const assignments: SlotAssignment[] = [];
  const started = tasks.map(() => false);

  const release = (i: number): void => {
    const g = groupOf[i];
    if (waiting[i] === 0 && g !== undefined) g.ready.push(i);
  };
  tasks.forEach((_, i) => release(i));

  const pick = (type: string): Group | undefined => {
    let best: Group | undefined;
    const consider = (g: Group): void => {
      const top = g.ready.peek();
      const bestTop = best?.ready.peek();
      if (top !== undefined && (bestTop === undefined || first(top, bestTop))) best = g;
    };
    for (const g of own.get(type) ?? []) consider(g);
    for (const g of helps.get(type) ?? []) if (full(g.primary)) consider(g);
    return best;
  };

  const fill = (now: number): void => {
    // A start can make a primary full and so open its fallbacks: repeat until no slot takes anything.
    for (let changed = true; changed; ) {
      changed = false;
      slotList.forEach((slot, s) => {
        if (!free[s]) return;
        const g = pick(slot.type);
        const i = g?.ready.pop();
        if (g === undefined || i === undefined) return;
        const t = at(i);
        const fallback = g.primary !== slot.type;
        const rule = fallback ? `fallback for ${g.primary} (full): ${t.rule}` : t.rule;
        assignments.push({ slot: slot.id, type: slot.type, task: t.id, order: assignments.length + 1, start: now, end: now + t.duration, wave: t.wave, rule, fallback });
        events.push({ end: now + t.duration, slot: s, task: i });
        running.set(slot.type, (running.get(slot.type) ?? 0) + 1);
        free[s] = false;
        started[i] = true;
        changed = true;
      });
    }
  };

  let now = 0;
  fill(now);
  for (let next = events.peek(); next !== undefined; next = events.peek()) {
    now = next.end;
    for (let done = events.peek(); done !== undefined && done.end === now; done = events.peek()) {
      events.pop();
      const type = slotList[done.slot]?.type ?? "";
      running.set(type, (running.get(type) ?? 1) - 1);
      free[done.slot] = true;
      for (const j of dependents[done.task] ?? []) {
        waiting[j] = (waiting[j] ?? 1) - 1;
        release(j);
      }
    }
    fill(now);
  }

  return {
    slots: slotList.map((s) => s.id),
    assignments,
    makespan: assignments.reduce((m, a) => Math.max(m, a.end), 0),
    unscheduled: tasks.filter((_, i) => !started[i]).map((t) => t.id),
  };
}

/** The list-scheduling lower bound: no schedule beats the longest chain, nor the total work spread over every slot. */
export function lowerBound(tasks: readonly SchedTask[], slots: Readonly<Record<string, number>>): number {
  const total = Object.values(slots).reduce((sum, n) => sum + n, 0);
  const work = tasks.reduce((sum, t) => sum + t.duration, 0);
  const chain = longestChain(tasks.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: t.duration })));
  return Math.max(chain, work === 0 ? 0 : work / total);
}

/** The plan's tasks as the simulation takes them, so `swarm --dry-run` can schedule a plan. */
export function schedTasks(plan: DispatchPlan): SchedTask[] {
  return plan.tasks.map((t) => ({
    id: t.id,
    depends_on: t.depends_on,
    duration: t.weight,
    priority: t.priority,
    critical_path: t.critical_path,
    worker: t.route?.worker,
    fallbacks: t.route?.fallbacks ?? [],
    rule: t.route?.rule ?? t.decision.reason,
    wave: t.wave,
  }));
}
