// Crash-safe writes: a reader, or a process killed at any instant, sees the old file or the new, never a mix.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Suffix of the temp files atomic writes leave behind when killed, so cleanup can recognise them. */
export const TEMP_SUFFIX = ".tmp";

/** Writes `data` to a fresh temp file next to `path` and fsyncs it. */
function writeTemp(path: string, data: string): string {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
  const fd = openSync(temp, "wx");
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  return temp;
}

/** Makes a directory's entries (a rename or a new link) durable. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `data`: temp file in the same directory, fsync, rename, fsync the directory. */
export function replaceFileAtomic(path: string, data: string): void {
  const temp = writeTemp(path, data);
  try {
    renameSync(temp, path);
  } catch (e) {
    unlinkSync(temp);
    throw e;
  }
  syncDir(dirname(path));
}

/**
 * Creates `path` with `data` unless it exists: temp file, fsync, link (a rename that refuses to replace).
 * Returns false when `path` already existed: a compare-and-set on the file name. The new name is durable
 * once the caller runs `syncDir` on the directory (left to the caller so it can do it outside its lock).
 */
export function createFileAtomic(path: string, data: string): boolean {
  const temp = writeTemp(path, data);
  try {
    linkSync(temp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(temp);
  }
  return true;
}
