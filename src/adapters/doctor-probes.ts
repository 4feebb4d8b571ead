// The file-system and store looks `polecat doctor` takes: a login file, a writable home, a store that answers.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { openStore } from "./open-store.js";

/** True when `path` is a file. */
export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

// The directory itself when it exists, else the nearest ancestor that does (where `mkdir -p` would start).
async function nearestDir(path: string): Promise<string> {
  for (let p = path; ; p = dirname(p)) {
    if (await stat(p).then((s) => s.isDirectory(), () => false)) return p;
    if (dirname(p) === p) return p;
  }
}

/**
 * Whether the store answers: the file store's home must be (or be creatable as) a writable directory; a
 * PostgreSQL store must accept a connection and a query. Returns an error message, or undefined when it is fine.
 */
export async function storeProblem(location: string, home: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  if (location === "file") {
    const dir = await nearestDir(home);
    try {
      await access(dir, constants.W_OK);
      return undefined;
    } catch {
      return `${dir} is not writable`;
    }
  }
  try {
    const store = await openStore({ spec: { store: location }, home, env });
    try {
      await store.list({ ids: ["polecat-doctor"] });
    } finally {
      await store.close();
    }
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
