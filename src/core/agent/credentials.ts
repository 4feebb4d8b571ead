// Where each agent CLI finds its credentials: the environment variables it reads and the login file it keeps.
import { join } from "node:path";
import { scrubReason } from "../env-scrub.js";
import type { Dialect } from "./run.js";

/** What a CLI accepts as credentials, and how a person logs in instead. */
export interface CredentialNeeds {
  /** Any one of these variables is enough. */
  env: string[];
  /** Login state the CLI keeps, by the variable that moves it (or under HOME). */
  login?: { dirEnv?: string; homeDir: string; file: string; how: string };
}

const NEEDS: Partial<Record<Dialect, CredentialNeeds>> = {
  claude: {
    env: ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"],
    login: { dirEnv: "CLAUDE_CONFIG_DIR", homeDir: ".claude", file: ".credentials.json", how: "claude /login" },
  },
  gemini: { env: ["GEMINI_API_KEY", "GOOGLE_API_KEY"], login: { homeDir: ".gemini", file: "oauth_creds.json", how: "run gemini once and sign in with Google" } },
  codex: { env: ["OPENAI_API_KEY", "CODEX_API_KEY"], login: { dirEnv: "CODEX_HOME", homeDir: ".codex", file: "auth.json", how: "codex login" } },
};

/** The credentials a dialect's CLI needs, or undefined for a generic agent (polecat cannot know). */
export function credentialNeeds(dialect: Dialect): CredentialNeeds | undefined {
  return NEEDS[dialect];
}

/** The login file the CLI would read with this environment, or undefined when there is no HOME to look in. */
export function loginFile(needs: CredentialNeeds, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const l = needs.login;
  if (l === undefined) return undefined;
  const moved = l.dirEnv === undefined ? undefined : env[l.dirEnv];
  if (moved !== undefined && moved !== "") return join(moved, l.file);
  const home = env.HOME;
  return home === undefined || home === "" ? undefined : join(home, l.homeDir, l.file);
}

/** A verdict on one worker type's credentials. */
export interface CredentialVerdict {
  ok: boolean;
  detail: string;
}

/**
 * Judges credentials as the agent will see them: a variable counts only when the scrub lets it through
 * (`env_pass`), a login file counts when it exists; otherwise the detail names the variables to set.
 */
export function credentialVerdict(needs: CredentialNeeds, env: Readonly<Record<string, string | undefined>>, envPass: readonly string[], login: string | undefined): CredentialVerdict {
  const set = needs.env.filter((v) => (env[v] ?? "") !== "");
  const passed = set.filter((v) => envPass.includes(v) || scrubReason(v, env[v] ?? "") === undefined);
  if (passed.length > 0) return { ok: true, detail: `${passed.join(", ")} set${passed.some((v) => envPass.includes(v)) ? " and in env_pass" : ""}` };
  if (login !== undefined) return { ok: true, detail: `logged in (${login})` };
  const [first, ...rest] = needs.env;
  const others = rest.length === 0 ? "" : ` (or ${rest.join(", ")})`;
  const how = needs.login === undefined ? "" : `, or log in (${needs.login.how})`;
  if (set.length > 0) return { ok: false, detail: `${set.join(", ")} set but the agent would not get it (secrets are scrubbed): add it to the worker's env_pass${how}` };
  return { ok: false, detail: `no credentials: set ${String(first)}${others} and list it in env_pass${how}` };
}
