// The embedded default store: task state as files under the polecat home.
import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { notADirectory } from "./lock.js";
import type { TaskStore } from "../../core/ports/store.js";
import { FileStore, fileStorePaths, type FileStoreOptions } from "./store.js";

export { fileStorePaths, type FileStoreOptions, type FileStorePaths } from "./store.js";

/** Opens (creating if needed) the file store under `home`. */
export async function createFileStore(opts: FileStoreOptions): Promise<TaskStore> {
  const paths = fileStorePaths(opts.home);
  await mkdir(paths.tmp, { recursive: true });
  const lockDir = dirname(paths.lock);
  const found = await stat(lockDir).catch(() => undefined);
  if (found !== undefined && !found.isDirectory()) throw notADirectory(lockDir);
  await mkdir(lockDir, { recursive: true });
  return new FileStore(paths, opts.clock ?? Date.now);
}

