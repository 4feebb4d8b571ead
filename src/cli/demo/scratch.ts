// The demo's scratch directory: a bare origin seeded from examples/demo/project, the demo spec pointed at
// it, and a polecat home, all under one directory, so the demo never touches the user's repos or home.
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { POLECAT_IDENTITY } from "../../adapters/git/index.js";
import { git, type GitContext } from "../../adapters/git/run.js";
import { PolecatError } from "../../core/errors.js";
import { openStore } from "../../adapters/open-store.js";
import { homeLayout } from "../../core/layout.js";
import type { TaskRecord } from "../../core/ports/store.js";

/** examples/demo in this checkout (dist/cli and src/cli are both two levels below the root). */
export const DEMO_SOURCE = fileURLToPath(new URL("../../../examples/demo", import.meta.url));

type Env = Record<string, string | undefined>;

/** Where the demo keeps everything it creates. */
export interface Scratch {
  dir: string;
  /** The bare repository the demo's tasks merge into. */
  origin: string;
  spec: string;
  home: string;
  report: string;
}

/** The scratch paths under `dir`; nothing is created. */
export function scratchPaths(dir: string): Scratch {
  return { dir, origin: join(dir, "origin.git"), spec: join(dir, "polecat.yaml"), home: join(dir, "home"), report: join(dir, "report.html") };
}

/** A new directory under the OS temp dir, or `dir` when given (created if missing; it must be empty). */
export async function scratchDir(dir: string | undefined): Promise<string> {
  if (dir === undefined) return realpath(await mkdtemp(join(tmpdir(), "polecat-demo-")));
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) throw new PolecatError("E_USAGE", `--dir ${dir} is not empty; the demo only writes into an empty or new directory`);
  return realpath(dir);
}

/**
 * Seeds the bare origin with one commit of examples/demo/project on `main`, and writes the demo spec
 * beside it with `workers` pointing at examples/demo/WORKERS.md (its `repo: origin.git` is relative).
 */
export async function prepareScratch(s: Scratch, env: Env): Promise<void> {
  const ctx: GitContext = { layout: homeLayout(s.home), env };
  const seed = join(s.dir, "seed");
  await cp(join(DEMO_SOURCE, "project"), seed, { recursive: true });
  const identity = ["-c", `user.name=${POLECAT_IDENTITY.name}`, "-c", `user.email=${POLECAT_IDENTITY.email}`];
  await git(ctx, seed, ["init", "-q", "--initial-branch=main"]);
  await git(ctx, seed, ["add", "-A"]);
  await git(ctx, seed, [...identity, "commit", "-q", "-m", "greeter: initial import"]);
  await git(ctx, s.dir, ["clone", "-q", "--bare", seed, s.origin]);
  await rm(seed, { recursive: true, force: true });

  const doc = parseDocument(await readFile(join(DEMO_SOURCE, "polecat.yaml"), "utf8"));
  doc.set("workers", join(DEMO_SOURCE, "WORKERS.md"));
  await writeFile(s.spec, doc.toString());
}

/** Removes the scratch repositories and worktrees, keeping the spec, the store, the logs and the report. */
export async function removeRepositories(s: Scratch): Promise<void> {
  for (const path of [s.origin, join(s.home, "mirrors"), join(s.home, "worktrees")]) await rm(path, { recursive: true, force: true });
}

/** The user's environment without what would point the demo at their own store or home. */
export function demoEnv(env: Env): Env {
  const out = { ...env };
  delete out.POLECAT_STORE;
  delete out.POLECAT_HOME;
  return out;
}

/** Every task in the scratch store (the demo's project is the only one there). */
export async function scratchTasks(s: Scratch, env: Env): Promise<TaskRecord[]> {
  const store = await openStore({ home: s.home, env });
  try {
    return await store.list({});
  } finally {
    await store.close();
  }
}
