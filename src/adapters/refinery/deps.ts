// Wires the refinery's ports for a loaded spec: git + validation, the engineer reviewer, the store.
import { dirname } from "node:path";
import type { RefineryDeps } from "../../core/refinery/ports.js";
import type { LoadedSpec } from "../../core/spec.js";
import type { TaskStore } from "../../core/store.js";
import type { GitContext } from "../git/index.js";
import { createRefineryGit } from "./git.js";
import { createReviewer } from "./reviewer.js";

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
    title: async (id) => (await store.get(spec.project, id))?.spec.title ?? `task ${id}`,
  });
  const review = createReviewer({
    ctx,
    project: spec.project,
    base: spec.base,
    rules: spec.refinery.review,
    registry,
    registryDir: dirname(registryPath),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
  return { project: spec.project, base: spec.base, refinery, store, git, review };
}
