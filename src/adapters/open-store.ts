// Chooses the task store a command talks to: the spec's `store`, overridden by POLECAT_STORE.
import type { SwarmSpec } from "../core/spec.js";
import type { TaskStore } from "../core/store.js";
import { PolecatError } from "../core/errors.js";
import { createFileStore } from "./file-store/index.js";
import { homeLayout } from "../core/layout.js";
import { fileLeadership, type Leadership } from "./leadership.js";

/** What opening a store needs: the spec (for `store`), the home, the environment and a clock. */
export interface OpenStoreOptions {
  spec?: Pick<SwarmSpec, "store">;
  home: string;
  env: Record<string, string | undefined>;
  clock?: () => number;
}

/** Where the store lives: `file` (under the home) or a `postgres://` URL. */
export function storeLocation(opts: Pick<OpenStoreOptions, "spec" | "env">): string {
  return opts.env.POLECAT_STORE ?? opts.spec?.store ?? "file";
}

/** Opens the configured store; every command goes through here so backends stay interchangeable. */
export async function openStore(opts: OpenStoreOptions): Promise<TaskStore> {
  const location = storeLocation(opts);
  if (location === "file") return createFileStore({ home: opts.home, ...(opts.clock ? { clock: opts.clock } : {}) });
  if (/^postgres(ql)?:\/\//.test(location)) {
    throw new PolecatError("E_CONFIG", "the PostgreSQL store is not part of this build yet; use `store: file`");
  }
  throw new PolecatError("E_CONFIG", `unknown store "${location}" (expected "file" or a postgres:// URL)`);
}

/** Leadership for the refinery and the daemon's jobs, on the same backend as the store. */
export function openLeadership(opts: Pick<OpenStoreOptions, "spec" | "env" | "home">): Leadership {
  const location = storeLocation(opts);
  if (location === "file") return fileLeadership(homeLayout(opts.home).locks);
  throw new PolecatError("E_CONFIG", `no leadership for store "${location}" in this build`);
}
