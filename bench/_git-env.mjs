// The environment benchmarks run git in: none of the machine's git config or GIT_* variables, a fixed identity.
import { join } from "node:path";

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
