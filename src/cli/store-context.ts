// Opens the task store a command works on, with the spec when one is needed or present.
import { access } from "node:fs/promises";
import type { Command } from "commander";
import { openStore } from "../adapters/open-store.js";
import { PolecatError } from "../core/errors.js";
import type { LoadedSpec } from "../core/spec.js";
import type { TaskRecord, TaskStore } from "../core/ports/store.js";
import { absPath, globalOptions, resolveHome } from "./context.js";
import { loadSpecOrExit } from "./load-spec.js";
import type { World } from "./world.js";

/** A command's view of the store: the store, the home, and the spec when there is one. */
export interface StoreContext {
  store: TaskStore;
  home: string;
  loaded: LoadedSpec | undefined;
  /** `--project`, else the spec's project, else undefined (all projects). */
  project: string | undefined;
}

/**
 * Opens the store. With `needSpec` the spec must load (exit 2 otherwise); without it the spec is used
 * when its file exists (for the project name and the store location) and skipped when it does not.
 */
export async function openStoreContext(cmd: Command, world: World, opts: { needSpec: boolean; project?: string }): Promise<StoreContext> {
  const { home, loaded } = await storeTarget(cmd, world, opts.needSpec);
  const store = await openStore({ spec: loaded?.spec, home, env: world.env, clock: world.now });
  return { store, home, loaded, project: opts.project ?? loaded?.spec.project };
}

/** The home and (when needed or present) the spec that say where the store is, without opening it. */
export async function storeTarget(cmd: Command, world: World, needSpec: boolean): Promise<{ home: string; loaded: LoadedSpec | undefined }> {
  const global = globalOptions(cmd);
  const specExists = await access(absPath(world, global.spec ?? "polecat.yaml")).then(
    () => true,
    () => false,
  );
  const loaded = needSpec || specExists ? await loadSpecOrExit(cmd, world) : undefined;
  return { home: resolveHome(world, global), loaded };
}

/** Runs `fn` with an open store and closes it afterwards, whatever happens. */
export async function withStore<T>(
  cmd: Command,
  world: World,
  opts: { needSpec: boolean; project?: string },
  fn: (ctx: StoreContext) => Promise<T>,
): Promise<T> {
  const ctx = await openStoreContext(cmd, world, opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}

/** The task, or E_NOT_FOUND naming where polecat looked. */
export async function getTask(store: { get(p: string, id: string): Promise<TaskRecord | undefined>; list(f: { ids: string[] }): Promise<TaskRecord[]> }, project: string | undefined, id: string): Promise<TaskRecord> {
  if (project !== undefined) {
    const t = await store.get(project, id);
    if (t === undefined) throw new PolecatError("E_NOT_FOUND", `no task ${id} in project ${project}`);
    return t;
  }
  const found = await store.list({ ids: [id] });
  if (found.length === 1 && found[0] !== undefined) return found[0];
  throw new PolecatError("E_NOT_FOUND", found.length === 0 ? `no task ${id}` : `task ${id} exists in several projects: pass --project`);
}
