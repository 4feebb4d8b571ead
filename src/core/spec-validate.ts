// Validates polecat.yaml (schema, then semantic rules) and normalizes it into a SwarmSpec.
import { isAbsolute, resolve } from "node:path";
import { parseDuration } from "./duration.js";
import { rec, str } from "./raw.js";
import type { Result } from "./result.js";
import type { SchemaCheck } from "./schema-problems.js";
import type { SwarmSpec, TaskSpec } from "./spec.js";
import { specRules, type SpecRuleContext } from "./spec-rules.js";
import type { SpecDocument } from "./validators/swarm-spec.types.js";
import { byPosition, type YamlSource } from "./yaml-positions.js";

/** Everything spec validation needs besides the document. */
export interface SpecContext extends SpecRuleContext {
  /** The compiled swarm-spec schema. */
  check: SchemaCheck;
  /** Absolute directory of the spec file; relative paths in the spec are relative to it. */
  specDir: string;
}

/** Validates a parsed spec, reporting every problem at once; the value has defaults filled and paths absolute. */
export function validateSpec(src: YamlSource, ctx: SpecContext): Result<SwarmSpec> {
  const { data, errors } = ctx.check(src);
  const rules = specRules(src, data, ctx);
  errors.push(...rules.errors);
  const warnings = byPosition(rules.warnings);
  if (errors.length > 0) return { ok: false, errors: byPosition(errors), warnings };
  return { ok: true, value: normalizeSpec(data as SpecDocument, ctx.specDir), warnings };
}

/** Where the spec's worker registry lives: its `workers` path, else WORKERS.md, relative to the spec. */
export function registryPathOf(data: unknown, specDir: string): string {
  return resolve(specDir, str(rec(data).workers) || "WORKERS.md");
}

/** True when the registry path was written in the spec (so a missing file is the spec's problem). */
export function hasExplicitRegistry(data: unknown): boolean {
  return Boolean(str(rec(data).workers));
}

/** True for git URLs (`https://…`, `ssh://…`, `file://…`, `git@host:path`); anything else is a path. */
export function isGitUrl(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}

const ms = (d: string): number => parseDuration(d) ?? 0;

function normalizeTask(t: SpecDocument["tasks"][number], pipeline: string[]): TaskSpec {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    depends_on: t.depends_on,
    tags: t.tags,
    ...(t.complexity === undefined ? {} : { complexity: t.complexity }),
    files: t.files,
    ...(t.effort === undefined ? {} : { effort: t.effort, effort_minutes: ms(t.effort) / 60_000 }),
    priority: t.priority,
    ...(t.worker === undefined ? {} : { worker: t.worker }),
    needs: t.needs,
    pipeline: t.pipeline ?? pipeline,
    acceptance: t.acceptance,
    ...(t.max_cost_usd === undefined ? {} : { max_cost_usd: t.max_cost_usd }),
  };
}

function normalizeSpec(raw: SpecDocument, specDir: string): SwarmSpec {
  const { review } = raw.refinery;
  return {
    version: 1,
    project: raw.project,
    repo: isGitUrl(raw.repo) || isAbsolute(raw.repo) ? raw.repo : resolve(specDir, raw.repo),
    base: raw.base,
    workers: resolve(specDir, raw.workers),
    store: raw.store,
    pipeline: raw.pipeline,
    worktree: { setup: raw.worktree.setup, copy: raw.worktree.copy, retry_from: raw.worktree.retry_from, cache: raw.worktree.cache },
    dispatch: { serialize_overlapping: raw.dispatch.serialize_overlapping },
    refinery: {
      ...(raw.refinery.validate === undefined ? {} : { validate: raw.refinery.validate }),
      strategy: raw.refinery.strategy,
      batch_size: raw.refinery.batch_size,
      review: {
        complexity: review.complexity,
        tags: review.tags,
        paths: review.paths,
        sample_rate: review.sample_rate,
        seed: review.seed,
        ...(review.worker === undefined ? {} : { worker: review.worker }),
      },
      max_kickbacks: raw.refinery.max_kickbacks,
    },
    schedules: raw.schedules.map((s) => ({ name: s.name, cron: s.cron, job: s.job, args: s.args })),
    limits: {
      max_attempts: raw.limits.max_attempts,
      lease_ms: ms(raw.limits.lease),
      stalled_after_ms: ms(raw.limits.stalled_after),
      backoff_ms: ms(raw.limits.backoff),
      ...(raw.limits.budget_usd === undefined ? {} : { budget_usd: raw.limits.budget_usd }),
    },
    tasks: raw.tasks.map((t) => normalizeTask(t, raw.pipeline)),
  };
}
