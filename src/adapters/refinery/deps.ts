// Wires the refinery's ports for a loaded spec: git + validation, the engineer reviewer, the store.
import { dirname } from "node:path";
import type { RefineryDeps } from "../../core/ports/refinery.js";
import type { LoadedSpec } from "../../core/spec.js";
import type { TaskStore } from "../../core/ports/store.js";
import type { GitContext } from "../git/index.js";
import { squashInfo } from "../../core/refinery/authorship.js";
import { projectSetupCache } from "../setup-cache.js";
import { createRefineryGit } from "./git.js";
import type { ForeignMove } from "./ledger.js";
import { createReviewer, reviewWorker } from "./reviewer.js";

/** How long one validation run may take before it counts as failed. */
export const DEFAULT_VALIDATE_TIMEOUT_MS = 30 * 60_000;

/** What the refinery of one project runs on. */
export interface RefineryDepsOptions {
  loaded: LoadedSpec;
  store: TaskStore;
  ctx: GitContext;
  /** Overrides the spec's `refinery.batch_size` (`--batch-size`). */
  batchSize?: number;
  validateTimeoutMs?: number;
  /** Stops a running reviewer. */
  signal?: AbortSignal;
}

/** The real RefineryDeps: the pure core's runRefinery and revertTask drive these. */
export function refineryDeps(o: RefineryDepsOptions): RefineryDeps {
  const { spec, registry, specPath, registryPath } = o.loaded;
  const { ctx, store } = o;
  const refinery = o.batchSize === undefined ? spec.refinery : { ...spec.refinery, batch_size: o.batchSize };
  const git = createRefineryGit({
    ctx,
    project: spec.project,
    base: spec.base,
    validate: spec.refinery.validate,
    validateTimeoutMs: o.validateTimeoutMs ?? DEFAULT_VALIDATE_TIMEOUT_MS,
    worktree: { setup: spec.worktree.setup, copy: spec.worktree.copy, copyFrom: dirname(specPath) },
    cache: projectSetupCache(ctx, spec.project, spec.worktree),
    task: async (id) => {
      const t = await store.get(spec.project, id);
      return t === undefined ? { id, title: `task ${id}`, attempt: 0 } : squashInfo(t, registry);
    },
    onForeignMove: (m) =>
      store.logEvent({
        event: "refinery.base_moved",
        level: "warn",
        project: spec.project,
        message: foreignMoveText(spec.base, m),
        data: { from: m.from, to: m.to, commits: m.commits, rewritten: m.rewritten },
      }),
  });
  const review = createReviewer({
    ctx,
    cache: projectSetupCache(ctx, spec.project, spec.worktree),
    project: spec.project,
    base: spec.base,
    rules: spec.refinery.review,
    registry,
    registryDir: dirname(registryPath),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
  const reviewer = reviewerName(o.loaded);
  return { project: spec.project, base: spec.base, refinery, store, git, review, ...(reviewer === undefined ? {} : { reviewer }) };
}

/** The reviewing worker type's name, or undefined when none can review (the review port then says why). */
function reviewerName(loaded: LoadedSpec): string | undefined {
  try {
    return reviewWorker(loaded.registry, loaded.spec.refinery.review).name;
  } catch {
    return undefined;
  }
}

/** A foreign move of the base in words: who moved it is unknown, what came in is listed. */
export function foreignMoveText(base: string, m: ForeignMove): string {
  const how = m.rewritten ? `was rewritten (it no longer contains ${m.from.slice(0, 12)})` : `moved from ${m.from.slice(0, 12)} to ${m.to.slice(0, 12)}`;
  const list = m.commits.slice(0, 5).join("; ") + (m.commits.length > 5 ? `; and ${m.commits.length - 5} more` : "");
  return `${base} ${how} outside the refinery: ${m.commits.length} commit(s) not made by polecat${list === "" ? "" : ` (${list})`}; merging onto it`;
}
