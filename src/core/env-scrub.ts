// Agents run with the parent's environment minus its secrets: a worker type lists what it may see (`env_pass`).

/** Words that mark a secret when they appear anywhere in a variable name (`SECRET_KEY_BASE`, `GITHUB_TOKEN_RW`). */
const SECRET_WORDS = new Set(["SECRET", "SECRETS", "TOKEN", "TOKENS", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIALS"]);

/** Endings that mark a secret on a name's last word, `_`-separated or not (`OPENAI_API_KEY`, `PGPASSWORD`, `npm_config__authToken`). */
const SECRET_ENDINGS = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS)$/;

/** A URL carrying a password (`postgres://user:pass@host/db`): the value is a secret whatever the name says. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i;

/** Why a variable was withheld from an agent. */
export type ScrubReason = "secret-name" | "credential-url" | "polecat";

/** The scrubbed environment and the names withheld (never their values), for the run's log. */
export interface ScrubbedEnv {
  env: Record<string, string>;
  dropped: { name: string; reason: ScrubReason }[];
}

/** Why a variable must not reach an agent, or undefined when it may. */
export function scrubReason(name: string, value: string): ScrubReason | undefined {
  const upper = name.toUpperCase();
  const words = upper.split("_").filter((w) => w !== "");
  const last = words[words.length - 1] ?? "";
  if (words.some((w) => SECRET_WORDS.has(w)) || SECRET_ENDINGS.test(last) || last === "AUTH") return "secret-name";
  if (URL_WITH_PASSWORD.test(value)) return "credential-url";
  // polecat sets its own POLECAT_* for each run; inherited ones (a store URL, an outer task's id) must not leak in.
  if (upper.startsWith("POLECAT_")) return "polecat";
  return undefined;
}

/** The parent environment minus secrets, keeping every name in `envPass` exactly as given. */
export function scrubEnv(parent: Readonly<Record<string, string | undefined>>, envPass: readonly string[]): ScrubbedEnv {
  const keep = new Set(envPass);
  const env: Record<string, string> = {};
  const dropped: ScrubbedEnv["dropped"] = [];
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    const reason = keep.has(name) ? undefined : scrubReason(name, value);
    if (reason === undefined) env[name] = value;
    else dropped.push({ name, reason });
  }
  dropped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { env, dropped };
}

/** Where an agent's `git push` goes: a path that is no repository, so git refuses it and says why. */
export const REFUSED_PUSH_URL = "/dev/null/polecat: agents do not push; finished work reaches the base branch through the refinery";

/**
 * `env` plus a command-line config entry (GIT_CONFIG_COUNT/KEY/VALUE, after any the parent set) giving
 * `origin` a push URL that refuses: the agent's git reads it everywhere, polecat's own git never sees it.
 */
export function withPushRefused(env: Readonly<Record<string, string>>): Record<string, string> {
  const n = Number(env.GIT_CONFIG_COUNT ?? "0");
  const count = Number.isInteger(n) && n >= 0 ? n : 0;
  return {
    ...env,
    GIT_CONFIG_COUNT: String(count + 1),
    [`GIT_CONFIG_KEY_${count}`]: "remote.origin.pushurl",
    [`GIT_CONFIG_VALUE_${count}`]: REFUSED_PUSH_URL,
  };
}
