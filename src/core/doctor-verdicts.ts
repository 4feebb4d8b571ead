// How `doctor` reads what its probes saw: a CLI's answer to `--help`, a Node version, git's identity and origin.
import type { CheckResult, CheckStatus } from "./doctor.js";
import { formatDuration } from "./duration.js";

/** What a probe process gave (exit code undefined: it did not start, `error` says why). */
export interface ProbeOutput {
  exitCode: number | undefined;
  output: string;
  error?: string;
  timedOut?: boolean;
}

// How CLIs word a rejected argument: clap ("unexpected argument"), commander ("unknown option"), yargs ("Unknown argument").
const REJECTED = /unexpected argument|unknown option|unknown argument|unrecognized (option|argument)|invalid option|no such option/i;

const result = (name: string, status: CheckStatus, detail: string): CheckResult => ({ name, status, detail });

/** The first line of a `--version` answer, or why there is none. */
export function versionText(p: ProbeOutput): string {
  if (p.exitCode !== 0) return `--version ${p.error ?? (p.timedOut === true ? "timed out" : `exited ${String(p.exitCode)}`)}`;
  const line = p.output.split("\n").map((l) => l.trim()).find((l) => l !== "" && !/^warning\b/i.test(l));
  return line ?? "no version printed";
}

function flagPattern(flag: string): RegExp {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[\\s,=\\[(])${escaped}(?=$|[\\s,=\\])<])`, "m");
}

/**
 * Judges a CLI's answer to its own command with `--help` appended (`p`): a rejection of an argument fails; a
 * flag its plain `--help` (`help`) does not list is a warning (hidden flags exist); otherwise all is accepted.
 */
export function argvVerdict(name: string, probe: readonly string[], flags: readonly string[], added: readonly string[], p: ProbeOutput, help: ProbeOutput): CheckResult {
  const shown = probe.join(" ");
  if (p.exitCode === undefined) return result(name, "fail", `\`${shown}\` did not run: ${p.error ?? (p.timedOut === true ? "timed out" : "no exit code")}`);
  const rejected = p.output.split("\n").find((l) => REJECTED.test(l));
  if (rejected !== undefined) return result(name, "fail", `\`${shown}\` is rejected: ${rejected.trim()}`);
  if (p.exitCode !== 0) {
    const last = p.output.trim().split("\n").pop()?.trim() ?? "";
    return result(name, "warn", `\`${shown}\` exited ${p.exitCode}${last === "" ? "" : `: ${last}`}`);
  }
  const unlisted = flags.filter((f) => !flagPattern(f).test(help.output));
  if (unlisted.length > 0) return result(name, "warn", `not in its --help: ${unlisted.join(", ")} (a hidden flag, or one it will reject)`);
  const adds = added.length === 0 ? "" : `; polecat adds ${added.join(" ")}`;
  return result(name, "ok", `accepts ${flags.length === 0 ? "its arguments" : flags.join(" ")}${adds}`);
}

/** Compares a Node version with an engines range of the form `>=X[.Y[.Z]]`. */
export function nodeVerdict(name: string, version: string, minimum: string): CheckResult {
  const m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(minimum.trim());
  if (m === null) return result(name, "warn", `${version}; cannot read the engines range "${minimum}"`);
  const parts = (v: string): number[] => v.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10) || 0);
  const have = parts(version);
  const need = parts(m[1] ?? "0");
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h !== n) return result(name, h > n ? "ok" : "fail", `${version} (polecat needs ${minimum})`);
  }
  return result(name, "ok", `${version} (polecat needs ${minimum})`);
}

/** git's user.name / user.email: missing ones are a warning (polecat's mirror then commits as polecat). */
export function identityVerdict(name: string, user: string | undefined, email: string | undefined, fallback: string): CheckResult {
  if (user !== undefined && email !== undefined) return result(name, "ok", `${user} <${email}>`);
  const missing = [user === undefined ? "user.name" : undefined, email === undefined ? "user.email" : undefined].filter((s) => s !== undefined);
  return result(name, "warn", `${missing.join(" and ")} not set: commits in polecat's mirror use ${fallback}`);
}

/** `git ls-remote <origin> refs/heads/<base>`: reachable with the base branch, or git's own reason, or no answer in time. */
export function originVerdict(name: string, repo: string, base: string, r: { exitCode: number; stdout: string; stderr: string; timedOut?: boolean }, waitedMs: number): CheckResult {
  if (r.timedOut === true) return result(name, "fail", `${repo} did not answer git ls-remote within ${formatDuration(waitedMs)}`);
  if (r.exitCode !== 0) {
    const said = r.stderr.split("\n").find((l) => /^(fatal|error):/.test(l.trim()))?.trim() ?? r.stderr.trim().split("\n").pop() ?? "";
    return result(name, "fail", `${repo} unreachable (git ls-remote exit ${r.exitCode})${said === "" ? "" : `: ${said}`}`);
  }
  const sha = r.stdout.split(/\s/)[0] ?? "";
  if (sha === "") return result(name, "fail", `${repo} has no branch ${base}`);
  return result(name, "ok", `${repo} reachable, ${base} at ${sha.slice(0, 10)}`);
}
