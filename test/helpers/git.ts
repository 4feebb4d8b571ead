// Temp git repositories for tests: a bare origin with `main`, a clone that pushes commits to it, and a
// polecat home. Every git run here is hermetic (no global or system config), so no test depends on the
// machine's git identity, hooks or signing settings.
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import type { GitContext } from "../../src/adapters/git/run.js";
import { homeLayout } from "../../src/core/layout.js";

/** The identity the helpers commit with (polecat's own commits use POLECAT_IDENTITY instead). */
export const TEST_IDENTITY = { name: "Test Author", email: "test@example.com" } as const;

/** A fresh directory under the OS temp dir, as a real path (no symlinks), so path comparisons hold. */
export async function tempDir(prefix = "polecat-test-"): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}

/**
 * The environment for git in tests: the process env without GIT_* variables, no system config, a global
 * config file under `root` (empty unless a test writes one) and, unless `identity` is false, the test
 * identity as GIT_AUTHOR_* / GIT_COMMITTER_*.
 */
export function hermeticGitEnv(root: string, opts: { identity?: boolean } = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_")) env[k] = v;
  env.GIT_CONFIG_NOSYSTEM = "1";
  env.GIT_CONFIG_GLOBAL = join(root, "global.gitconfig");
  if (opts.identity !== false) {
    env.GIT_AUTHOR_NAME = TEST_IDENTITY.name;
    env.GIT_AUTHOR_EMAIL = TEST_IDENTITY.email;
    env.GIT_COMMITTER_NAME = TEST_IDENTITY.name;
    env.GIT_COMMITTER_EMAIL = TEST_IDENTITY.email;
  }
  return env;
}

/** Runs git and returns its trimmed stdout; throws with git's stderr when it fails. */
export async function gitIn(cwd: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  const r = await execa("git", args, { cwd, env, extendEnv: false, reject: false, stdin: "ignore" });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Like gitIn, but the exit code is returned instead of thrown (for asserting that something is absent). */
export async function gitTry(cwd: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string }> {
  const r = await execa("git", args, { cwd, env, extendEnv: false, reject: false, stdin: "ignore" });
  return { code: r.exitCode ?? -1, out: r.stdout.trim() };
}

/** Files to write: path → content, or null to delete the file. */
export type FileChanges = Record<string, string | null>;

/** Writes (or deletes, for null) files under `dir`, creating directories as needed. */
export async function writeFiles(dir: string, files: FileChanges): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) await rm(full, { force: true });
    else {
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, content);
    }
  }
}

/** A bare origin plus a clone that stands for "someone else pushing to origin". */
export interface TestOrigin {
  /** Temp directory holding everything; cleanup removes it. */
  root: string;
  /** The bare origin repository (pass it as the spec's `repo`). */
  origin: string;
  /** A working clone used by `commit`. */
  clone: string;
  env: Record<string, string | undefined>;
  /** Runs git (default cwd: the clone) and returns trimmed stdout. */
  git(args: string[], cwd?: string): Promise<string>;
  /** Commits `files` onto origin's `branch` (default main; a new branch starts at `from`, default main) and pushes; returns the sha. */
  commit(files: FileChanges, opts?: { message?: string; branch?: string; from?: string }): Promise<string>;
  /** Where origin's branch points, or undefined if origin has no such branch. */
  sha(branch?: string): Promise<string | undefined>;
  /** A file's content at a commit-ish of origin, or undefined if it is not there. */
  show(ref: string, path: string): Promise<string | undefined>;
  /** Commit subjects reachable from origin's branch, newest first. */
  log(branch?: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** Makes a bare origin whose `main` has one commit with `files` (default a README), and a clone of it. */
export async function createOrigin(opts: { files?: Record<string, string> } = {}): Promise<TestOrigin> {
  const root = await tempDir();
  const env = hermeticGitEnv(root);
  const origin = join(root, "origin.git");
  const clone = join(root, "clone");
  await gitIn(root, ["init", "--quiet", "--bare", "--initial-branch=main", origin], env);
  await gitIn(root, ["init", "--quiet", "--initial-branch=main", clone], env);
  await gitIn(clone, ["remote", "add", "origin", origin], env);
  await writeFiles(clone, opts.files ?? { "README.md": "# test repo\n" });
  await gitIn(clone, ["add", "--all"], env);
  await gitIn(clone, ["commit", "--quiet", "-m", "initial commit"], env);
  await gitIn(clone, ["push", "--quiet", "origin", "main"], env);

  const g = (args: string[], cwd = clone): Promise<string> => gitIn(cwd, args, env);
  const sha = async (branch = "main"): Promise<string | undefined> => {
    const r = await gitTry(origin, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], env);
    return r.code === 0 ? r.out : undefined;
  };
  return {
    root,
    origin,
    clone,
    env,
    git: g,
    sha,
    async commit(files, o = {}) {
      const branch = o.branch ?? "main";
      await g(["fetch", "--quiet", "--prune", "origin"]);
      const start = (await sha(branch)) === undefined ? `origin/${o.from ?? "main"}` : `origin/${branch}`;
      await g(["checkout", "--quiet", "--force", "-B", branch, start]);
      await writeFiles(clone, files);
      await g(["add", "--all"]);
      await g(["commit", "--quiet", "-m", o.message ?? `change ${Object.keys(files).join(", ")}`]);
      await g(["push", "--quiet", "origin", `HEAD:refs/heads/${branch}`]);
      return g(["rev-parse", "HEAD"]);
    },
    async show(ref, path) {
      const r = await gitTry(origin, ["show", `${ref}:${path}`], env);
      return r.code === 0 ? r.out : undefined;
    },
    async log(branch = "main") {
      const out = await g(["log", "--format=%s", `refs/heads/${branch}`], origin);
      return out === "" ? [] : out.split("\n");
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A polecat git context whose home lives inside the origin's temp dir; `identity: false` runs without any git identity. */
export function polecatGit(o: TestOrigin, opts: { identity?: boolean } = {}): GitContext {
  return { layout: homeLayout(join(o.root, "home")), env: hermeticGitEnv(o.root, opts) };
}
