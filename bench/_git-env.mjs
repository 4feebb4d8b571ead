// The environment benchmarks run git in: none of the machine's git config or GIT_* variables, a fixed identity;
// and the bare origin every swarm benchmark starts from.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

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
