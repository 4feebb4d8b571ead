// Engineer review for real: a review-capable worker type runs under the agent supervisor in a review
// worktree at the task's change and answers in the file named by POLECAT_REVIEW_FILE.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PolecatError } from "../../core/errors.js";
import { taskBranch } from "../../core/layout.js";
import { reviewDecision } from "../../core/refinery/review.js";
import type { ReviewRules, WorkerRegistry, WorkerType } from "../../core/spec.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { diffFiles, diffText, prepareReviewWorktree, removeWorktreeAt, type GitContext } from "../git/index.js";
import { superviseAgent } from "../runner/index.js";
import { branchTip, forkPoint } from "./branch.js";
import { GUIDELINE_FILES, reviewInstructions } from "./review-prompt.js";

/** What running reviews needs: the project, its review rules and the registry to pick the engineer from. */
export interface ReviewerOptions {
  ctx: GitContext;
  project: string;
  base: string;
  rules: ReviewRules;
  registry: WorkerRegistry;
  /** Directory of WORKERS.md, for `{registry_dir}`. */
  registryDir: string;
  /** Aborting stops a running reviewer (the refinery is being stopped). */
  signal?: AbortSignal;
}

/** The pipeline stage name a review runs as (POLECAT_STAGE, `{stage}`). */
export const REVIEW_STAGE = "review";

/** The engineer: `review.worker` when the spec names one, else the first worker type with the `review` capability. */
export function reviewWorker(registry: WorkerRegistry, rules: ReviewRules): WorkerType {
  const named = rules.worker === undefined ? undefined : registry.workers[rules.worker];
  if (rules.worker !== undefined && named === undefined) {
    throw new PolecatError("E_CONFIG", `refinery.review.worker ${rules.worker} is not in the worker registry`);
  }
  const worker = named ?? Object.values(registry.workers).find((w) => w.capabilities.includes("review"));
  if (worker === undefined) {
    throw new PolecatError("E_CONFIG", "a task needs engineer review but no worker type has the review capability", {
      details: ["add `review` to a worker type's capabilities in WORKERS.md, or set refinery.review.worker"],
    });
  }
  return worker;
}

/** Where a task's review answer is written: beside the agent logs, outside every worktree. */
export function answerFile(ctx: GitContext, project: string, id: string): string {
  return join(dirname(ctx.layout.log(project, id)), `_review-${id}.answer.json`);
}

async function readIfThere(path: string): Promise<string | undefined> {
  return existsSync(path) ? readFile(path, "utf8") : undefined;
}

/**
 * Builds the refinery's `review` port: runs the engineer on a task and resolves to the text of its answer
 * file (undefined when it wrote none, or when the task's branch is gone from origin; the core turns that
 * into a block). A reviewer that cannot start or is stopped throws, leaving the task in review.
 */
export function createReviewer(o: ReviewerOptions): (task: TaskRecord) => Promise<string | undefined> {
  const { ctx, project, base } = o;
  return async (task) => {
    const worker = reviewWorker(o.registry, o.rules);
    const tip = await branchTip(ctx, project, task);
    if (tip === undefined) return undefined;
    const wt = await prepareReviewWorktree(ctx, project, task.id, tip);
    try {
      const fork = await forkPoint(ctx, wt.path, base, tip);
      const decision = reviewDecision(task.spec, await diffFiles(ctx, wt.path, fork, tip), o.rules);
      const guidelines: { name: string; text: string }[] = [];
      for (const name of GUIDELINE_FILES) {
        const text = await readIfThere(join(wt.path, name));
        if (text !== undefined) guidelines.push({ name, text });
      }
      const instructions = reviewInstructions({
        base,
        ...(decision.review ? { rule: decision.rule } : {}),
        diff: await diffText(ctx, wt.path, fork, tip),
        guidelines,
      });
      const answer = answerFile(ctx, project, task.id);
      await mkdir(dirname(answer), { recursive: true });
      await rm(answer, { force: true });
      const name = `_review-${task.id}`;
      const r = await superviseAgent({
        task: task.spec,
        stage: REVIEW_STAGE,
        worker,
        worktree: wt.path,
        branch: taskBranch(task.id),
        registryDir: o.registryDir,
        promptFile: ctx.layout.prompt(project, name),
        logFile: ctx.layout.log(project, name),
        env: ctx.env,
        extraEnv: { POLECAT_REVIEW_FILE: answer },
        attempt: Math.max(1, task.attempt),
        instructions,
        ...(o.signal === undefined ? {} : { signal: o.signal }),
      });
      if (r.stopped) throw new PolecatError("E_INTERRUPTED", `the review of ${task.id} was stopped`);
      if (r.error !== undefined) {
        throw new PolecatError("E_AGENT", `reviewer ${worker.name} could not start for ${task.id}: ${r.error}`, {
          details: [`log: ${ctx.layout.log(project, name)}`],
        });
      }
      return await readIfThere(answer);
    } finally {
      await removeWorktreeAt(ctx, project, wt.path);
    }
  };
}
