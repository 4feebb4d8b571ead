// Seeded refinery scenarios: what each branch does (passes, breaks validation, conflicts, builds on
// another branch) and what its reviewer answers. Plain data, so the model here and a real-git harness
// (branches, a validate script, a reviewer script) can both be built from the same scenario.
import type { Complexity, RefinerySpec } from "../../../src/core/spec.js";
import type { TaskStatus } from "../../../src/core/status.js";

/** What a branch does when merged: nothing wrong, makes validation fail, or conflicts with main. */
export type Fate = "pass" | "bad" | "conflict";

/** What the reviewer does when the task reaches review. */
export type AnswerKind = "approve" | "request_changes" | "reject" | "none" | "malformed";

/** One task of a scenario. */
export interface ScenarioTask {
  id: string;
  fate: Fate;
  answer: AnswerKind;
  complexity: Complexity;
  tags: string[];
  /** Paths the branch changes. */
  files: string[];
  priority: number;
  /** Kickbacks before this run. */
  kickbacks: number;
  /** Status when the refinery starts. */
  status: Extract<TaskStatus, "merge_ready" | "review" | "approved">;
  /** An earlier task this branch builds on: it applies only onto a tree that already holds that task. */
  after?: string;
}

/** A whole scenario: the tasks in creation order, the refinery policy, and how often main moves under us. */
export interface Scenario {
  seed: number;
  tasks: ScenarioTask[];
  refinery: RefinerySpec;
  /** How many pushes find that someone else moved main first (with a clean commit). */
  foreignPushes: number;
}

/** mulberry32: a tiny seeded PRNG, so every scenario is reproducible from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  const item = items[Math.floor(r() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** The file a conflicting branch and main both changed. */
export const CONFLICT_FILE = "CHANGELOG.md";

/** Review rules every scenario uses, with its own sample rate and seed. */
function reviewRules(sample_rate: number, seed: number): RefinerySpec["review"] {
  return { complexity: ["requires-judgment", "multi-step"], tags: ["security"], paths: ["src/auth/**"], sample_rate, seed };
}

/** A random scenario: 1–20 tasks, every fate, review answer and starting status mixed. */
export function generateScenario(seed: number): Scenario {
  const r = rng(seed);
  const count = 1 + Math.floor(r() * 20);
  const max_kickbacks = 1 + Math.floor(r() * 3);
  const tasks: ScenarioTask[] = [];
  for (let i = 0; i < count; i++) {
    const id = `t${String(i).padStart(2, "0")}`;
    const fate = pick<Fate>(r, ["pass", "pass", "pass", "bad", "conflict"]);
    const earlier = tasks[Math.floor(r() * tasks.length)];
    const after = earlier !== undefined && r() < 0.15 ? earlier : undefined;
    const auth = r() < 0.15;
    tasks.push({
      id,
      fate,
      answer: pick<AnswerKind>(r, ["approve", "approve", "request_changes", "reject", "none", "malformed"]),
      complexity: pick<Complexity>(r, ["mechanical", "mechanical", "chore", "requires-judgment", "multi-step"]),
      tags: r() < 0.1 ? ["security"] : [],
      files: [auth ? `src/auth/${id}.ts` : `src/${id}.ts`, ...(fate === "conflict" ? [CONFLICT_FILE] : [])],
      // A task built on another shares its priority, so it always comes after it in merge order.
      priority: after?.priority ?? pick(r, [0, 0, 1, 2]),
      kickbacks: Math.floor(r() * (max_kickbacks + 1)),
      status: pick<ScenarioTask["status"]>(r, ["merge_ready", "merge_ready", "merge_ready", "merge_ready", "review", "approved"]),
      ...(after === undefined ? {} : { after: after.id }),
    });
  }
  return {
    seed,
    tasks,
    refinery: {
      validate: ["npm", "test"],
      strategy: r() < 0.2 ? "serial" : "batch",
      batch_size: 1 + Math.floor(r() * 16),
      review: reviewRules(pick(r, [0, 0.1, 0.3]), Math.floor(r() * 1000)),
      max_kickbacks,
    },
    foreignPushes: r() < 0.3 ? 1 + Math.floor(r() * 2) : 0,
  };
}

/** `count` mechanical tasks that need no review, the ones at `bad` positions breaking validation. */
export function batchScenario(count: number, bad: readonly number[], strategy: RefinerySpec["strategy"] = "batch"): Scenario {
  const tasks = Array.from({ length: count }, (_, i): ScenarioTask => {
    const id = `t${String(i).padStart(2, "0")}`;
    return {
      id,
      fate: bad.includes(i) ? "bad" : "pass",
      answer: "none",
      complexity: "mechanical",
      tags: [],
      files: [`src/${id}.ts`],
      priority: 0,
      kickbacks: 0,
      status: "merge_ready",
    };
  });
  return {
    seed: 0,
    tasks,
    refinery: { validate: ["npm", "test"], strategy, batch_size: count, review: reviewRules(0, 0), max_kickbacks: 3 },
    foreignPushes: 0,
  };
}
