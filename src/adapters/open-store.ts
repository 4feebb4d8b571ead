// Chooses the task store a command talks to: the spec's `store`, overridden by POLECAT_STORE.
import type { SwarmSpec } from "../core/spec.js";
import type { TaskStore } from "../core/ports/store.js";
import { PolecatError } from "../core/errors.js";
import { homeLayout } from "../core/layout.js";
import { createFileStore } from "./file-store/index.js";
import type { Leadership } from "../core/ports/leadership.js";
import { fileLeadership } from "./file-store/leadership.js";

/** What opening a store needs: the spec (for `store`), the home, the environment and a clock. */
export interface OpenStoreOptions {
  spec?: Pick<SwarmSpec, "store">;
  home: string;
  env: Record<string, string | undefined>;
  /** The file store's clock; PostgreSQL always uses the database's. */
  clock?: () => number;
}

/** Where the store lives: `file` (under the home) or a `postgres://` URL. */
export function storeLocation(opts: Pick<OpenStoreOptions, "spec" | "env">): string {
  return opts.env.POLECAT_STORE ?? opts.spec?.store ?? "file";
}

const isPostgres = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

/** Opens the configured store; every command goes through here so backends stay interchangeable. */
export async function openStore(opts: OpenStoreOptions): Promise<TaskStore> {
  const location = storeLocation(opts);
  if (location === "file") return createFileStore({ home: opts.home, ...(opts.clock ? { clock: opts.clock } : {}) });
  if (isPostgres(location)) {
    // Loaded on demand: the PostgreSQL driver is start-up cost that file-store commands never need.
    const { createPgStore } = await import("./pg-store/index.js");
    return createPgStore({ url: location, home: opts.home });
  }
  throw unknownStore(location);
}

/**
 * Leadership that matches the store: lock files under the home for `file` (one machine), advisory locks in
 * the database for PostgreSQL (every machine sharing the queue), so the refinery and daemon jobs run once.
 */
export function openLeadership(
  opts: Pick<OpenStoreOptions, "spec" | "env" | "home"> & { project: string; onLost?: (name: string, err: Error) => void },
): Leadership {
  const location = storeLocation(opts);
  const onLost = opts.onLost === undefined ? {} : { onLost: opts.onLost };
  if (location === "file") return fileLeadership(homeLayout(opts.home).locks, opts.onLost);
  if (isPostgres(location)) {
    return {
      async acquire(name) {
        const { parsePgLocation, pgLeadership } = await import("./pg-store/index.js");
        return pgLeadership({ location: parsePgLocation(location), project: opts.project, ...onLost }).acquire(name);
      },
    };
  }
  throw unknownStore(location);
}

function unknownStore(location: string): PolecatError {
  return new PolecatError("E_CONFIG", `unknown store "${location}" (expected "file" or a postgres:// URL)`);
}
