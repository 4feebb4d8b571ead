// Worker selection: which worker type takes a task, by which rule, and what capacity does to that choice.
import { PolecatError } from "./errors.js";
import type { HeuristicRule, TaskSpec, WorkerRegistry, WorkerType } from "./spec.js";
import type { Route } from "./ports/store.js";

/** The kind of rule that chose a task's worker, in the order rules are tried. */
export type RuleKind = "pin" | "complexity" | "tag:high_stakes" | "tag:bulk" | `heuristic:${string}` | "default";

/** What happens to a task now: it runs on its worker, on a fallback, waits for capacity, or fits no worker at all. */
export type DispatchState = "dispatch" | "fallback" | "queued" | "unroutable";

/** One routing decision, with every reason in words so plans and dispatch logs can explain themselves. */
export interface RoutingDecision {
  /** The type that takes the task now; undefined when queued or unroutable. */
  worker: string | undefined;
  /** The type the rules chose, before capacity; undefined when unroutable. */
  primary: string | undefined;
  /** The rule that chose `primary`; undefined when unroutable. */
  rule: RuleKind | undefined;
  /** The matching rule in words, with the rules skipped for missing capabilities. */
  reason: string;
  state: DispatchState;
  /** Capacity in words, e.g. `claude 3/3 full → fallback gemini 0/2`; empty when unroutable. */
  capacity: string;
}

interface Candidate {
  kind: RuleKind;
  worker: string;
  words: string;
}

interface Choice {
  primary: string | undefined;
  kind: RuleKind | undefined;
  reason: string;
}

/** The task's needs that a worker type lacks (all of them when the type is unknown); empty means it fits. */
export function missingCapabilities(task: TaskSpec, worker: WorkerType | undefined): string[] {
  if (worker === undefined) return [...task.needs];
  return task.needs.filter((need) => !worker.capabilities.includes(need));
}

/** The bounds of a heuristic in words when all of them hold for the task; undefined when one fails. */
function heuristicMatch(rule: HeuristicRule, task: TaskSpec): string | undefined {
  const files = task.files.length;
  const effort = task.effort_minutes;
  const checks: [boolean, string][] = [];
  if (rule.files_over !== undefined) checks.push([files > rule.files_over, `${files} files > ${rule.files_over}`]);
  if (rule.files_at_most !== undefined) checks.push([files <= rule.files_at_most, `${files} files ≤ ${rule.files_at_most}`]);
  if (rule.effort_over_minutes !== undefined) {
    checks.push([effort !== undefined && effort > rule.effort_over_minutes, `effort ${effort}m > ${rule.effort_over_minutes}m`]);
  }
  if (rule.effort_at_most_minutes !== undefined) {
    checks.push([effort !== undefined && effort <= rule.effort_at_most_minutes, `effort ${effort}m ≤ ${rule.effort_at_most_minutes}m`]);
  }
  if (checks.some(([holds]) => !holds)) return undefined;
  return checks.map(([, words]) => words).join(", ");
}

/** Every rule that matches the task, in precedence order, lazily: most tasks stop at the first. */
function* candidates(task: TaskSpec, registry: WorkerRegistry): Generator<Candidate> {
  const { routing } = registry;
  if (task.worker !== undefined) yield { kind: "pin", worker: task.worker, words: `pinned to ${task.worker}` };
  const byComplexity = task.complexity === undefined ? undefined : routing.complexity[task.complexity];
  if (byComplexity !== undefined) {
    yield { kind: "complexity", worker: byComplexity, words: `complexity ${task.complexity} → ${byComplexity}` };
  }
  for (const [kind, label, rule] of [
    ["tag:high_stakes", "high-stakes", routing.tags.high_stakes],
    ["tag:bulk", "bulk", routing.tags.bulk],
  ] as const) {
    const tag = rule === undefined ? undefined : task.tags.find((t) => rule.tags.includes(t));
    if (rule !== undefined && tag !== undefined) yield { kind, worker: rule.worker, words: `tag ${tag} (${label}) → ${rule.worker}` };
  }
  for (const rule of routing.heuristics) {
    const bounds = heuristicMatch(rule, task);
    if (bounds === undefined) continue;
    const detail = bounds === "" ? "" : ` (${bounds})`;
    yield { kind: `heuristic:${rule.name}`, worker: rule.worker, words: `heuristic ${rule.name}${detail} → ${rule.worker}` };
  }
  yield { kind: "default", worker: routing.default, words: `default → ${routing.default}` };
}

/** Why a worker type cannot take the task, or undefined when it can. */
function unfit(task: TaskSpec, registry: WorkerRegistry, type: string): string | undefined {
  const worker = registry.workers[type];
  if (worker === undefined) return `${type} is not a known worker type`;
  const missing = missingCapabilities(task, worker);
  return missing.length === 0 ? undefined : `${type} lacks ${missing.join(", ")}`;
}

/** The first matching rule whose worker fits the task's needs. */
function choose(task: TaskSpec, registry: WorkerRegistry): Choice {
  const skipped: string[] = [];
  for (const c of candidates(task, registry)) {
    const why = unfit(task, registry, c.worker);
    if (why === undefined) {
      const reason = skipped.length === 0 ? c.words : `${c.words} (skipped: ${skipped.join("; ")})`;
      return { primary: c.worker, kind: c.kind, reason };
    }
    skipped.push(`${c.words}: ${why}`);
  }
  return { primary: undefined, kind: undefined, reason: `no rule's worker fits: ${skipped.join("; ")}` };
}

/** The fallback chain after `primary` (a → b → c), stopping at a loop or an unknown type. */
function fallbackChain(primary: string, registry: WorkerRegistry): string[] {
  const seen = new Set([primary]);
  const chain: string[] = [];
  for (let next = registry.workers[primary]?.fallback; next !== undefined && !seen.has(next); next = registry.workers[next]?.fallback) {
    seen.add(next);
    chain.push(next);
  }
  return chain;
}

/** Picks the worker type for a task under the current load: rules first, then capacity and fallbacks. */
export function selectWorker(task: TaskSpec, registry: WorkerRegistry, load: Readonly<Record<string, number>>): RoutingDecision {
  const { primary, kind, reason } = choose(task, registry);
  if (primary === undefined) return { worker: undefined, primary, rule: kind, reason, state: "unroutable", capacity: "" };
  const used = (type: string): string => `${type} ${load[type] ?? 0}/${registry.workers[type]?.max_concurrent ?? 0}`;
  const hasRoom = (type: string): boolean => (load[type] ?? 0) < (registry.workers[type]?.max_concurrent ?? 0);
  const decide = (worker: string | undefined, state: DispatchState, capacity: string): RoutingDecision => ({
    worker,
    primary,
    rule: kind,
    reason,
    state,
    capacity,
  });
  if (hasRoom(primary)) return decide(primary, "dispatch", used(primary));
  const steps = [`${used(primary)} full`];
  const chain = fallbackChain(primary, registry);
  for (const type of chain) {
    const why = unfit(task, registry, type);
    if (why !== undefined) steps.push(why);
    else if (!hasRoom(type)) steps.push(`${used(type)} full`);
    else return decide(type, "fallback", [...steps, `fallback ${used(type)}`].join(" → "));
  }
  if (chain.length === 0) steps[0] += ", no fallback";
  return decide(undefined, "queued", [...steps, "queued"].join(" → "));
}

/** The fallbacks after `primary` that fit the task's needs: who may take it while `primary` is full. */
export function fallbacksFor(task: TaskSpec, registry: WorkerRegistry, primary: string): string[] {
  return fallbackChain(primary, registry).filter((type) => unfit(task, registry, type) === undefined);
}

/** The route a task is applied with: its primary type, the rule in words, and the fallbacks that fit its needs. */
export function routeOf(task: TaskSpec, registry: WorkerRegistry): Route | undefined {
  const { primary, reason } = choose(task, registry);
  return primary === undefined ? undefined : { worker: primary, rule: reason, fallbacks: fallbacksFor(task, registry, primary) };
}

/** Like routeOf, for the store's apply step, where an unroutable task means the spec is invalid. */
export function routeTask(task: TaskSpec, registry: WorkerRegistry): Route {
  const route = routeOf(task, registry);
  if (route === undefined) {
    throw new PolecatError("E_SPEC_INVALID", `task ${task.id} cannot be routed to any worker type`, {
      details: [choose(task, registry).reason],
    });
  }
  return route;
}
