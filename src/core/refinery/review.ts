// Routing to engineer review: which merge_ready tasks need a reviewer, and the rule that said so.
import picomatch from "picomatch/posix.js";
import type { ReviewRules, TaskSpec } from "../spec.js";

/** A routing decision and the rule that made it, in words, for the task's notes and the event log. */
export interface ReviewDecision {
  review: boolean;
  rule: string;
}

/**
 * The task's place in the random sample: a hash of (seed, task id) mapped to [0, 1).
 * Deterministic, so the same spec reviews the same tasks on every run and every machine.
 */
export function sampleValue(seed: number, taskId: string): number {
  // FNV-1a over the key, then a murmur3 finalizer so nearby ids spread over the whole range.
  let h = 0x811c9dc5;
  for (const ch of `${seed}\u0000${taskId}`) {
    h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/**
 * Decides whether a task needs engineer review. Rules apply in order: complexity, tags, changed paths,
 * then a seeded sample of the rest; tasks that match none merge on validation alone.
 */
export function reviewDecision(task: TaskSpec, changedPaths: string[], rules: ReviewRules): ReviewDecision {
  if (task.complexity !== undefined && rules.complexity.includes(task.complexity)) {
    return { review: true, rule: `complexity ${task.complexity}` };
  }
  const tag = task.tags.find((t) => rules.tags.includes(t));
  if (tag !== undefined) return { review: true, rule: `tag ${tag}` };
  for (const pattern of rules.paths) {
    const matches = picomatch(pattern, { dot: true });
    const path = changedPaths.find((p) => matches(p));
    if (path !== undefined) return { review: true, rule: `path ${pattern} matched ${path}` };
  }
  const sample = sampleValue(rules.seed, task.id);
  // Truncated, not rounded, so the shown comparison never contradicts the decision.
  const shown = (Math.floor(sample * 1000) / 1000).toFixed(3);
  if (sample < rules.sample_rate) {
    return { review: true, rule: `sampled (${shown} < ${rules.sample_rate}, seed ${rules.seed})` };
  }
  const kind = task.complexity ?? "no complexity";
  return { review: false, rule: `${kind}, not sampled (${shown} >= ${rules.sample_rate}, seed ${rules.seed})` };
}
