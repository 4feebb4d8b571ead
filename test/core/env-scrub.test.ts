import { describe, expect, it } from "vitest";
import { scrubEnv, scrubReason } from "../../src/core/env-scrub.js";

describe("scrubReason", () => {
  it.each([
    ["OPENAI_API_KEY", "sk-1", "secret-name"],
    ["MY_KEY", "x", "secret-name"],
    ["GITHUB_TOKEN", "ghp", "secret-name"],
    ["AWS_SECRET_ACCESS_KEY", "x", "secret-name"],
    ["AWS_SESSION_TOKEN", "x", "secret-name"],
    ["DB_PASSWORD", "x", "secret-name"],
    ["PGPASSWORD", "x", "secret-name"],
    ["SECRET_KEY_BASE", "x", "secret-name"],
    ["SLACK_SIGNING_SECRET", "x", "secret-name"],
    ["GOOGLE_APPLICATION_CREDENTIALS", "/k.json", "secret-name"],
    ["npm_config__authToken", "x", "secret-name"],
    ["NPM_AUTH", "x", "secret-name"],
    ["GPG_PASSPHRASE", "x", "secret-name"],
    ["DATABASE_URL", "postgres://app:hunter2@db/app", "credential-url"],
    ["HTTPS_PROXY", "http://me:pw@proxy:3128", "credential-url"],
    ["POLECAT_TEST_PG_URL", "postgres://u:p@localhost/t", "credential-url"],
    ["POLECAT_HOME", "/home/me/.polecat", "polecat"],
    ["POLECAT_TASK_ID", "outer", "polecat"],
  ])("withholds %s", (name, value, reason) => {
    expect(scrubReason(name, value)).toBe(reason);
  });

  it.each([
    ["PATH", "/usr/bin"],
    ["HOME", "/home/me"],
    ["LANG", "C.UTF-8"],
    ["TOKENIZERS_PARALLELISM", "false"],
    ["SSH_AUTH_SOCK", "/tmp/ssh"],
    ["KEYBOARD_LAYOUT", "us"],
    ["DATABASE_URL", "postgres://db/app"],
    ["GIT_AUTHOR_NAME", "me"],
  ])("keeps %s", (name, value) => {
    expect(scrubReason(name, value)).toBeUndefined();
  });
});

describe("scrubEnv", () => {
  it("drops secrets, keeps env_pass names exactly, and reports names without values", () => {
    const { env, dropped } = scrubEnv(
      { PATH: "/bin", ANTHROPIC_API_KEY: "sk-ant", OPENAI_API_KEY: "sk-oai", GITHUB_TOKEN: "ghp", UNSET: undefined },
      ["ANTHROPIC_API_KEY", "anthropic_api_key_typo"],
    );
    expect(env).toEqual({ PATH: "/bin", ANTHROPIC_API_KEY: "sk-ant" });
    expect(dropped).toEqual([
      { name: "GITHUB_TOKEN", reason: "secret-name" },
      { name: "OPENAI_API_KEY", reason: "secret-name" },
    ]);
    expect(JSON.stringify(dropped)).not.toContain("ghp");
  });
});
