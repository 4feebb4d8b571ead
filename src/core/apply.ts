// Turns a loaded spec into the store's apply input: each task with its route and critical path.
import { PolecatError } from "./errors.js";
import { routeOf } from "./routing.js";
import { criticalPaths } from "./dag.js";
import { dispatchedTasks, taskGraph, type PlanOptions } from "./plan.js";
import type { LoadedSpec } from "./spec.js";
import type { ApplyInput } from "./ports/store.js";

/** Builds what `TaskStore.applySpec` takes; a task no worker type can take is a configuration error. */
export function applyInput(loaded: LoadedSpec, opts: { batch?: string } & Pick<PlanOptions, "durations" | "defaultEffortMinutes"> = {}): ApplyInput {
  const { spec, registry } = loaded;
  // With dispatch.serialize_overlapping the ordering edges go into the stored depends_on, so every store's claim honours them.
  const dispatched = dispatchedTasks(spec).tasks;
  const cp = criticalPaths(taskGraph(dispatched, opts));
  const unroutable: string[] = [];
  const tasks = dispatched.flatMap((task) => {
    const route = routeOf(task, registry);
    if (route === undefined) {
      unroutable.push(task.id);
      return [];
    }
    return [{ spec: task, route, critical_path: cp.get(task.id) ?? 0 }];
  });
  if (unroutable.length > 0) {
    throw new PolecatError("E_SPEC_INVALID", `no worker type can take ${unroutable.length === 1 ? "task" : "tasks"} ${unroutable.join(", ")}`, {
      details: ["check each task's `needs` against the capabilities in the worker registry (polecat plan shows why)"],
    });
  }
  return { project: spec.project, ...(opts.batch === undefined ? {} : { batch: opts.batch }), tasks };
}
