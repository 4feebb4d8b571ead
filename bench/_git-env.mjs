// The environment benchmarks run git in: none of the machine's git config or GIT_* variables, a fixed identity;
// the bare origin every swarm benchmark starts from; and a project applied to a home, as a user sets one up.
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";

const MAIN = resolve(import.meta.dirname, "../dist/cli/main.js");

/** A hermetic git environment rooted at `root` (its global config lives there), plus `extra`. */
export function gitEnv(root, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_")) env[k] = v;
  return {
    ...env,
    ...extra,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: join(root, "global.gitconfig"),
    GIT_AUTHOR_NAME: "Bench",
    GIT_AUTHOR_EMAIL: "bench@polecat.invalid",
    GIT_COMMITTER_NAME: "Bench",
    GIT_COMMITTER_EMAIL: "bench@polecat.invalid",
  };
}

/** Runs git with that environment only (no inherited variables). */
export const git = (cwd, env, ...args) => execa("git", args, { cwd, env, extendEnv: false });

/** A bare origin `root/origin.git` with one commit (a README titled `title`) on main, seeded from `root/seed`. */
export async function seedOrigin(root, env, title) {
  const bare = join(root, "origin.git");
  const clone = join(root, "seed");
  await git(root, env, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  await git(root, env, "init", "--quiet", "--initial-branch=main", clone);
  await writeFile(join(clone, "README.md"), `# ${title}\n`);
  await git(clone, env, "add", "--all");
  await git(clone, env, "commit", "--quiet", "-m", "initial");
  await git(clone, env, "push", "--quiet", bare, "main");
  return bare;
}

/**
 * Writes `spec` as `root/polecat.yaml`, makes the project's mirror in `root/home` and runs the built CLI's
 * `apply` there, so the store holds the spec's tasks before the benchmark's swarm starts.
 */
export async function applyBenchProject(root, env, spec) {
  await writeFile(join(root, "polecat.yaml"), stringify(spec));
  const { initMirror } = await import("../dist/adapters/git/index.js");
  const { homeLayout } = await import("../dist/core/layout.js");
  await initMirror({ layout: homeLayout(join(root, "home")), env }, spec.project, spec.repo);
  const applied = await execa(process.execPath, [MAIN, "--home", join(root, "home"), "apply"], { cwd: root, env, extendEnv: false, reject: false });
  if (applied.exitCode !== 0) throw new Error(`apply failed: ${applied.stderr}`);
}
