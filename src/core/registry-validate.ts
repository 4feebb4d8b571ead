// Validates the worker registry (WORKERS.md's yaml block) and normalizes it into a WorkerRegistry.
import { guessDialect } from "./agent/dialects.js";
import { parseDuration } from "./duration.js";
import { PLACEHOLDERS, unknownPlaceholders } from "./prompt.js";
import { list, rec, str, strItems } from "./raw.js";
import type { Problem, Result } from "./result.js";
import { nameHint, type SchemaCheck } from "./schema-problems.js";
import type { HeuristicRule, WorkerRegistry, WorkerType } from "./spec.js";
import type { RegistryDocument, TagRule } from "./validators/workers.types.js";
import { byPosition, problemAt, type Segment, type YamlSource } from "./yaml-positions.js";

const KNOWN_PLACEHOLDERS = PLACEHOLDERS.map((n) => `{${n}}`);

/** Validates a parsed registry against its schema and polecat's rules, reporting every problem. */
export function validateRegistry(src: YamlSource, check: SchemaCheck): Result<WorkerRegistry> {
  const { data, errors } = check(src);
  errors.push(...registryRules(src, data));
  if (errors.length > 0) return { ok: false, errors: byPosition(errors) };
  return { ok: true, value: normalizeRegistry(data as RegistryDocument), warnings: [] };
}

function registryRules(src: YamlSource, data: unknown): Problem[] {
  const out: Problem[] = [];
  const workers = rec(rec(data).workers);
  const names = Object.keys(workers);
  const ref = (path: Segment[], value: unknown): void => {
    const name = str(value);
    if (name !== undefined && !Object.hasOwn(workers, name)) {
      out.push(problemAt(src, path, `unknown worker "${name}"`, { hint: nameHint(name, names, "workers") }));
    }
  };
  for (const name of names) {
    const w = rec(workers[name]);
    for (const [i, arg] of strItems(w.command)) {
      for (const ph of unknownPlaceholders([arg]).map((n) => `{${n}}`)) {
        const hint = nameHint(ph, KNOWN_PLACEHOLDERS, "placeholders");
        out.push(problemAt(src, ["workers", name, "command", i], `unknown placeholder ${ph} in command`, { hint }));
      }
    }
    ref(["workers", name, "fallback"], w.fallback);
    for (const key of ["timeout", "stall_timeout"]) {
      if (parseDuration(str(w[key]) ?? "1s") === 0) {
        out.push(problemAt(src, ["workers", name, key], `${key} must be longer than 0`));
      }
    }
  }
  const routing = rec(rec(data).routing);
  ref(["routing", "default"], routing.default);
  for (const [complexity, worker] of Object.entries(rec(routing.complexity))) ref(["routing", "complexity", complexity], worker);
  for (const kind of ["high_stakes", "bulk"]) ref(["routing", "tags", kind, "worker"], rec(rec(routing.tags)[kind]).worker);
  const seen = new Set<string>();
  list(routing.heuristics).forEach((h, i) => {
    const rule = rec(h);
    ref(["routing", "heuristics", i, "worker"], rule.worker);
    const bounds = ["files_over", "files_at_most", "effort_over", "effort_at_most"];
    if (!bounds.some((b) => rule[b] !== undefined)) {
      const hint = `give at least one of ${bounds.join(", ")}`;
      out.push(problemAt(src, ["routing", "heuristics", i], "heuristic has no bound, so it would match every task", { hint }));
    }
    const name = str(rule.name);
    if (name !== undefined && seen.has(name)) {
      out.push(problemAt(src, ["routing", "heuristics", i, "name"], `duplicate heuristic name "${name}"`));
    }
    if (name !== undefined) seen.add(name);
  });
  let previous = 0;
  list(rec(rec(data).sizing).tiers).forEach((t, i) => {
    const at = rec(t).ready_at_most;
    if (typeof at !== "number") return;
    if (at <= previous) {
      const hint = "list tiers in rising order of ready_at_most";
      out.push(problemAt(src, ["sizing", "tiers", i, "ready_at_most"], `ready_at_most must be more than the previous tier's ${previous}`, { hint }));
    }
    previous = at;
  });
  return out;
}

const ms = (d: string): number => parseDuration(d) ?? 0;
const minutes = (d: string | undefined): number | undefined => (d === undefined ? undefined : ms(d) / 60_000);

function normalizeRegistry(raw: RegistryDocument): WorkerRegistry {
  const workers: Record<string, WorkerType> = {};
  for (const [name, w] of Object.entries(raw.workers)) {
    workers[name] = {
      name,
      command: w.command,
      capabilities: w.capabilities,
      cost: w.cost,
      speed: w.speed,
      max_concurrent: w.max_concurrent,
      best_for: w.best_for,
      ...(w.fallback === undefined ? {} : { fallback: w.fallback }),
      env_pass: w.env_pass,
      timeout_ms: ms(w.timeout),
      stall_timeout_ms: ms(w.stall_timeout),
      max_restarts: w.max_restarts,
      dialect: w.dialect ?? guessDialect(w.command),
      ...(w.author === undefined ? {} : { author: w.author }),
    };
  }
  const heuristics = raw.routing.heuristics.map((h): HeuristicRule => {
    const rule: HeuristicRule = { name: h.name, worker: h.worker };
    if (h.files_over !== undefined) rule.files_over = h.files_over;
    if (h.files_at_most !== undefined) rule.files_at_most = h.files_at_most;
    const over = minutes(h.effort_over);
    const atMost = minutes(h.effort_at_most);
    if (over !== undefined) rule.effort_over_minutes = over;
    if (atMost !== undefined) rule.effort_at_most_minutes = atMost;
    return rule;
  });
  const tagRule = (t: TagRule | undefined): { tags: string[]; worker: string } | undefined =>
    t === undefined ? undefined : { tags: t.tags, worker: t.worker };
  return {
    workers,
    routing: {
      default: raw.routing.default ?? (Object.keys(raw.workers)[0] as string),
      complexity: raw.routing.complexity,
      tags: { high_stakes: tagRule(raw.routing.tags.high_stakes), bulk: tagRule(raw.routing.tags.bulk) },
      heuristics,
    },
    sizing: { max_total: raw.sizing.max_total, tiers: raw.sizing.tiers },
  };
}
