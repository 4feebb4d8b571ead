// Crash-safe writes: a reader, or a process killed at any instant, sees the old file or the new, never a mix.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Suffix of temp files, so cleanup can recognise the ones killed writers leave behind. */
export const TEMP_SUFFIX = ".tmp";

/**
 * An open, empty temp file. Creating a file is the slowest step of a write on a busy filesystem, so the
 * store creates its temp before taking the lock and only fills it under the lock.
 */
export interface TempFile {
  readonly path: string;
  readonly fd: number;
}

/** Creates an empty temp file in `dir` (same filesystem as the files it will become). */
export function createTemp(dir: string): TempFile {
  const path = join(dir, `${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`);
  return { path, fd: openSync(path, "wx") };
}

/** Closes a temp file and removes its temp name; if it was linked, the content lives on under the target. */
export function disposeTemp(temp: TempFile): void {
  closeSync(temp.fd);
  try {
    unlinkSync(temp.path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
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

/**
 * Fills a temp file, fsyncs it and links it as `target` (a rename that refuses to replace). Returns false
 * when `target` already existed: a compare-and-set on the name. The new name is durable once the caller
 * runs `syncDir` on the target's directory (left to the caller so it can do it outside its lock).
 */
export function linkTemp(temp: TempFile, data: string, target: string): boolean {
  writeFileSync(temp.fd, data);
  fsyncSync(temp.fd);
  try {
    linkSync(temp.path, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  return true;
}

/** Replaces `target` with `data`: temp file, fsync, rename, fsync the target's directory. */
export function replaceFileAtomic(tempDir: string, target: string, data: string): void {
  const temp = createTemp(tempDir);
  try {
    writeFileSync(temp.fd, data);
    fsyncSync(temp.fd);
    renameSync(temp.path, target);
  } finally {
    disposeTemp(temp);
  }
  syncDir(join(target, ".."));
}
