// The spec's rules beyond its schema: task graph integrity, schedules, and names that must exist in the registry.
import { controlCharRules } from "./control-chars.js";
import { findCycle, type DagNode } from "./dag.js";
import { parseDuration } from "./duration.js";
import { list, rec, str, strItems } from "./raw.js";
import type { Problem } from "./result.js";
import { nameHint } from "./schema-problems.js";
import type { WorkerRegistry } from "./spec.js";
import { problemAt, type YamlSource } from "./yaml-positions.js";

/** What the spec rules need from outside the spec. */
export interface SpecRuleContext {
  /** Cron syntax check, injected so the core stays free of the cron package. */
  isValidCron(expr: string): boolean;
  /** The registry, when it loaded cleanly; without it the cross-file checks are skipped. */
  registry?: WorkerRegistry | undefined;
}

/** Runs every semantic rule over the (possibly schema-invalid) spec data. */
export function specRules(src: YamlSource, data: unknown, ctx: SpecRuleContext): { errors: Problem[]; warnings: Problem[] } {
  const errors = [...taskGraphRules(src, data), ...scheduleRules(src, data, ctx), ...limitRules(src, data), ...controlCharRules(src, data)];
  const warnings: Problem[] = [];
  if (ctx.registry) {
    const cross = registryRules(src, data, ctx.registry);
    errors.push(...cross.errors);
    warnings.push(...cross.warnings);
  }
  return { errors, warnings };
}

function taskGraphRules(src: YamlSource, data: unknown): Problem[] {
  const out: Problem[] = [];
  const tasks = list(rec(data).tasks).map(rec);
  const firstAt = new Map<string, number>();
  tasks.forEach((t, i) => {
    const id = str(t.id);
    if (id === undefined) return;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, i);
    else {
      const line = src.at(["tasks", first, "id"]).line;
      out.push(problemAt(src, ["tasks", i, "id"], `duplicate task id "${id}" (first defined at line ${line})`));
    }
  });
  const ids = [...firstAt.keys()];
  const nodes: DagNode[] = [];
  for (const [id, i] of firstAt) {
    const deps = strItems(tasks[i]?.depends_on);
    for (const [j, dep] of deps) {
      if (!firstAt.has(dep)) {
        const hint = nameHint(dep, ids, "tasks");
        out.push(problemAt(src, ["tasks", i, "depends_on", j], `unknown task "${dep}" in depends_on`, { hint }));
      }
    }
    nodes.push({ id, depends_on: deps.map(([, d]) => d), weight: 0 });
  }
  const cycle = findCycle(nodes);
  if (cycle !== undefined) {
    const [from, to] = cycle as [string, string];
    const i = firstAt.get(from) as number;
    const j = strItems(tasks[i]?.depends_on).find(([, d]) => d === to)?.[0] ?? 0;
    const message = from === to ? `task "${from}" depends on itself` : `dependency cycle: ${cycle.join(" → ")}`;
    const hint = "remove one of these depends_on entries; a task cannot wait for itself";
    out.push(problemAt(src, ["tasks", i, "depends_on", j], message, { hint }));
  }
  return out;
}

function scheduleRules(src: YamlSource, data: unknown, ctx: SpecRuleContext): Problem[] {
  const out: Problem[] = [];
  const names = new Set<string>();
  list(rec(data).schedules).forEach((s, i) => {
    const schedule = rec(s);
    const name = str(schedule.name);
    if (name !== undefined && names.has(name)) {
      out.push(problemAt(src, ["schedules", i, "name"], `duplicate schedule name "${name}"`));
    }
    if (name !== undefined) names.add(name);
    const cron = str(schedule.cron);
    if (cron !== undefined && cron.trim() !== "" && !ctx.isValidCron(cron)) {
      const hint = 'five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *" or "0 3 * * 1-5"';
      out.push(problemAt(src, ["schedules", i, "cron"], `invalid cron expression "${cron}"`, { hint }));
    }
  });
  return out;
}

function limitRules(src: YamlSource, data: unknown): Problem[] {
  const limits = rec(rec(data).limits);
  return ["lease", "stalled_after"].flatMap((key) =>
    parseDuration(str(limits[key]) ?? "1s") === 0 ? [problemAt(src, ["limits", key], `${key} must be longer than 0`)] : [],
  );
}

function registryRules(src: YamlSource, data: unknown, registry: WorkerRegistry): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const types = Object.values(registry.workers);
  const names = types.map((w) => w.name);
  const capabilities = [...new Set(types.flatMap((w) => w.capabilities))];
  const unknownWorker = (path: (string | number)[], name: string): Problem =>
    problemAt(src, path, `unknown worker "${name}" (not in the registry)`, { hint: nameHint(name, names, "workers") });

  list(rec(data).tasks).forEach((t, i) => {
    const task = rec(t);
    const needs = strItems(task.needs);
    for (const [j, need] of needs) {
      if (!capabilities.includes(need)) {
        const hint = nameHint(need, capabilities, "capabilities");
        errors.push(problemAt(src, ["tasks", i, "needs", j], `no worker type has capability "${need}"`, { hint }));
      }
    }
    const pin = str(task.worker);
    if (pin === undefined) return;
    const worker = registry.workers[pin];
    if (worker === undefined) {
      errors.push(unknownWorker(["tasks", i, "worker"], pin));
      return;
    }
    const missing = needs.map(([, n]) => n).filter((n) => !worker.capabilities.includes(n));
    if (missing.length > 0) {
      const message = `pinned worker "${pin}" lacks capability ${missing.map((m) => `"${m}"`).join(", ")} that the task needs`;
      errors.push(problemAt(src, ["tasks", i, "worker"], message));
    }
  });

  const review = rec(rec(rec(data).refinery).review);
  const reviewer = str(review.worker);
  const reviewers = types.filter((w) => w.capabilities.includes("review"));
  if (reviewer !== undefined) {
    const worker = registry.workers[reviewer];
    if (worker === undefined) errors.push(unknownWorker(["refinery", "review", "worker"], reviewer));
    else if (!worker.capabilities.includes("review")) {
      warnings.push(problemAt(src, ["refinery", "review", "worker"], `reviewer "${reviewer}" does not have the "review" capability`));
    }
  } else if (reviewers.length === 0 && reviewCanTrigger(review)) {
    const hint = 'give a worker type the "review" capability in the registry, or set refinery.review.complexity: []';
    warnings.push(problemAt(src, ["refinery", "review"], 'review rules are set but no worker type has the "review" capability', { hint }));
  }
  return { errors, warnings };
}

function reviewCanTrigger(review: Record<string, unknown>): boolean {
  const sampled = typeof review.sample_rate === "number" && review.sample_rate > 0;
  return sampled || ["complexity", "tags", "paths"].some((k) => list(review[k]).length > 0);
}
