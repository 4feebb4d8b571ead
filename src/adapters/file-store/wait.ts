// Waiting for work: idle workers sleep until another process changes the store, with a timeout as the floor.
import { watch } from "node:fs";
import type { WaitForWorkOptions } from "../../core/ports/store.js";
import { untilWoken } from "../wake.js";

/** The file store's wait: every committed change creates a file in the store directory, so watch it. */
export function waitForChange(dir: string, opts: WaitForWorkOptions): Promise<void> {
  return untilWoken((wake) => {
    const watcher = watch(dir, wake);
    watcher.on("error", wake);
    return () => watcher.close();
  }, opts);
}
