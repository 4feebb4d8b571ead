// The terminal rules every command follows: when output is colourful, when we run in CI, when a display may
// redraw lines. Pure functions of the environment and whether the stream is a terminal.
import { styleText } from "node:util";

/** The environment as commands see it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Off-values of boolean-ish variables such as CI and FORCE_COLOR. */
const OFF = new Set(["false", "0"]);

/**
 * CI is any non-empty `CI` except `false`/`0` (GitHub Actions, GitLab and most CI systems set `CI=true`;
 * some set `CI=1`), like go-task and changesets' ci-info.
 */
export function isCI(env: Env): boolean {
  const v = env.CI;
  return v !== undefined && v !== "" && !OFF.has(v.toLowerCase());
}

/** True in GitHub Actions (the job summary and log groups exist there). */
export function isGitHubActions(env: Env): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/**
 * Colour, in this order: `FORCE_COLOR` set to anything but `0`/`false` forces it on even through a pipe
 * (`FORCE_COLOR=0` forces it off), as in Node and chalk; a non-empty `NO_COLOR` turns it off (no-color.org:
 * an empty value does not); `TERM=dumb` has none; CI logs have none; otherwise only a terminal gets colour.
 */
export function colorEnabled(isTTY: boolean, env: Env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !OFF.has(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  if (isCI(env)) return false;
  return isTTY;
}

/** A display may redraw lines in place only on a real terminal that is not dumb and not a CI log. */
export function canRedraw(isTTY: boolean, env: Env): boolean {
  return isTTY && env.TERM !== "dumb" && !isCI(env);
}

/** Text in bold when colour is on; the escape codes come from Node's `util.styleText`. */
export function bold(text: string, color: boolean): string {
  return color ? styleText("bold", text, { validateStream: false }) : text;
}

/** Text in a foreground colour when colour is on. */
export function paint(text: string, colour: "red" | "green" | "yellow" | "cyan" | "gray", color: boolean): string {
  return color ? styleText(colour, text, { validateStream: false }) : text;
}
