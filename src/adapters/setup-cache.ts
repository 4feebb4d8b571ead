// The worktree setup cache: what `worktree.setup` produces (node_modules, ...) kept per key, so a new
// worktree whose key matches gets it by hardlink (a copy where links cannot cross file systems) in
// about a second instead of a reinstall. The key hashes the setup commands, the runtime and the key files.
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { constants, copyFile, cp, link, lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PolecatError } from "../core/errors.js";
import type { WorktreeSpec } from "../core/spec.js";
import { runSetup, type CommandResult, type GitContext } from "./git/index.js";

/** Key files used when the spec names none: the dependency manifests and lockfiles of the common package managers. */
export const DEFAULT_KEY_FILES = ["package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"] as const;

/** A project's setup and its cache: where entries live, the key files (undefined: the defaults present) and the cached paths. */
export interface SetupCache {
  dir: string;
  setup: readonly string[][];
  key?: readonly string[];
  paths: readonly string[];
  /** Part of the key: what the setup's output depends on besides the files (Node version, platform). */
  runtime: string;
}

/** What preparing a worktree did: the setup's results (none on a hit), and whether the cache was hit. */
export interface SetupOutcome {
  results: CommandResult[];
  cache: "hit" | "miss" | "off";
  key?: string;
}

/** A spec's setup cache for one project under a home: entries in `<home>/cache/<project>/setup`. */
export function projectSetupCache(ctx: GitContext, project: string, worktree: WorktreeSpec): SetupCache {
  return {
    dir: `${ctx.layout.home}/cache/${project}/setup`,
    setup: worktree.setup,
    ...(worktree.cache.key === undefined ? {} : { key: worktree.cache.key }),
    paths: worktree.cache.paths,
    runtime: `node ${process.versions.node.split(".")[0] ?? ""} ${process.platform}-${process.arch}`,
  };
}

/** The cache key of a worktree's current files, or undefined when the cache is off (no setup, no paths). */
export async function setupKey(worktree: string, c: SetupCache): Promise<string | undefined> {
  if (c.setup.length === 0 || c.paths.length === 0) return undefined;
  const h = createHash("sha256").update(JSON.stringify({ setup: c.setup, paths: c.paths, runtime: c.runtime }));
  for (const file of c.key ?? DEFAULT_KEY_FILES) {
    const text = await readFile(join(worktree, file)).catch(() => undefined);
    h.update(`\0${file}\0${text === undefined ? "-" : createHash("sha256").update(text).digest("hex")}`);
  }
  return h.digest("hex").slice(0, 32);
}

/** Hardlinks a tree (directories made, symlinks recreated); a file that cannot be linked is copied. */
export async function linkTree(src: string, dst: string): Promise<void> {
  await mkdir(dst, { recursive: true });
  const entries = await readdir(src, { withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      const from = join(src, e.name);
      const to = join(dst, e.name);
      if (e.isDirectory()) return linkTree(from, to);
      if (e.isSymbolicLink()) return symlink(await readlink(from), to);
      return link(from, to).catch(() => copyFile(from, to, constants.COPYFILE_FICLONE));
    }),
  );
}

function checkPath(p: string): void {
  if (p === "" || p.startsWith("/") || p.split("/").includes("..")) {
    throw new PolecatError("E_CONFIG", `worktree.cache.paths entry ${p} must be a path inside the repository`);
  }
}

/**
 * Runs a worktree's setup through the cache: on a hit the cached paths are linked in place of any there;
 * on a miss setup runs and, when it succeeded, what it produced is copied (copy-on-write where the file
 * system can) into a new entry, published by one rename so concurrent slots never see half an entry.
 */
export async function setupWithCache(ctx: GitContext, worktree: string, c: SetupCache): Promise<SetupOutcome> {
  c.paths.forEach(checkPath);
  const key = await setupKey(worktree, c);
  if (key === undefined) return { results: await runSetup(ctx, worktree, c.setup.map((a) => [...a])), cache: "off" };
  const entry = join(c.dir, key);
  if (existsSync(join(entry, ".complete"))) {
    for (const p of c.paths) {
      await rm(join(worktree, p), { recursive: true, force: true });
      if (existsSync(join(entry, p))) await linkTree(join(entry, p), join(worktree, p));
    }
    return { results: [], cache: "hit", key };
  }
  const results = await runSetup(ctx, worktree, c.setup.map((a) => [...a]));
  if (!results.every((r) => r.ok)) return { results, cache: "miss", key };
  const produced = c.paths.filter((p) => existsSync(join(worktree, p)));
  if (produced.length === 0) return { results, cache: "miss", key };
  const tmp = `${entry}.tmp-${randomBytes(4).toString("hex")}`;
  try {
    for (const p of produced) {
      const st = await lstat(join(worktree, p));
      await cp(join(worktree, p), join(tmp, p), { recursive: st.isDirectory(), verbatimSymlinks: true, mode: constants.COPYFILE_FICLONE });
    }
    await writeFile(join(tmp, ".complete"), `${new Date().toISOString()}\n`);
    await rename(tmp, entry).catch(async () => rm(tmp, { recursive: true, force: true }));
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return { results, cache: "miss", key };
}
