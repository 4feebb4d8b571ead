// Runs the checks `core/doctor` planned, each through its adapter, and turns what it saw into report lines.
import { storeProblem, isFile } from "../../adapters/doctor-probes.js";
import { POLECAT_IDENTITY, runGit } from "../../adapters/git/index.js";
import { findProgram } from "../../adapters/program-path.js";
import { runProbe } from "../../adapters/runner/index.js";
import { credentialVerdict, loginFile } from "../../core/agent/credentials.js";
import type { CheckResult, DoctorCheck } from "../../core/doctor.js";
import { argvVerdict, identityVerdict, nodeVerdict, originVerdict, versionText } from "../../core/doctor-verdicts.js";
import { scrubEnv } from "../../core/env-scrub.js";

/** What running the checks needs from the world. */
export interface DoctorWorld {
  cwd: string;
  env: Record<string, string | undefined>;
  home: string;
  /** The running Node's version (`process.versions.node`). */
  nodeVersion: string;
  /** Where git identity is read: polecat's mirror of the project when there is one, else the working directory. */
  gitDir: string;
  /** Longest a probe may take: a CLI's `--version` / `--help`, or `git ls-remote` of the origin. */
  probeTimeoutMs?: number;
}

/** How long a probe may take unless `doctor --timeout` says otherwise. */
export const PROBE_TIMEOUT_MS = 30_000;

// A URL's password never reaches the report: `postgres://u:secret@h/db` shows as `postgres://u:***@h/db`.
function hidePassword(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*):[^/@\s]*@/g, "$1:***@");
}

async function gitConfig(w: DoctorWorld, key: string): Promise<string | undefined> {
  const r = await runGit({ env: w.env }, w.gitDir, ["config", "--get", key]);
  const v = r.stdout.trim();
  return r.exitCode === 0 && v !== "" ? v : undefined;
}

/** Runs one check; a check never throws, whatever it finds becomes its line. */
async function runCheck(c: DoctorCheck, w: DoctorWorld, found: Map<string, string | undefined>): Promise<CheckResult> {
  const timeoutMs = w.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const probe = (argv: readonly string[], envPass: readonly string[]) => runProbe(argv, { cwd: w.cwd, env: scrubEnv(w.env, envPass).env, timeoutMs });
  switch (c.kind) {
    case "binary": {
      const path = await findProgram(c.program, w.env, w.cwd);
      found.set(c.type, path);
      if (path === undefined) return { name: c.name, status: "fail", detail: `${c.program} is not on PATH${c.program.includes("/") ? " (no executable file there)" : ""}` };
      if (!c.version) return { name: c.name, status: "ok", detail: path };
      const v = await probe([path, "--version"], c.envPass);
      return { name: c.name, status: v.exitCode === 0 ? "ok" : "warn", detail: `${path} (${versionText(v)})` };
    }
    case "argv": {
      if (found.get(c.type) === undefined) return { name: c.name, status: "warn", detail: `not checked: ${c.program} is not on PATH` };
      return argvVerdict(c.name, c.probe, c.flags, c.added, await probe(c.probe, c.envPass), await probe(c.help, c.envPass));
    }
    case "credentials": {
      const file = loginFile(c.needs, w.env);
      const login = file !== undefined && (await isFile(file)) ? file : undefined;
      const v = credentialVerdict(c.needs, w.env, c.envPass, login);
      return { name: c.name, status: v.ok ? "ok" : "fail", detail: v.detail };
    }
    case "git_identity":
      return identityVerdict(c.name, await gitConfig(w, "user.name"), await gitConfig(w, "user.email"), `${POLECAT_IDENTITY.name} <${POLECAT_IDENTITY.email}>`);
    case "origin":
      return originVerdict(c.name, c.repo, c.base, await runGit({ env: w.env }, w.cwd, ["ls-remote", c.repo, `refs/heads/${c.base}`], { timeoutMs }), timeoutMs);
    case "store": {
      const problem = await storeProblem(c.location, w.home, w.env);
      const where = c.location === "file" ? `file store in ${w.home}` : `PostgreSQL ${hidePassword(c.location)}`;
      return { name: c.name, status: problem === undefined ? "ok" : "fail", detail: `${where}${problem === undefined ? " reachable" : `: ${hidePassword(problem)}`}` };
    }
    case "node":
      return nodeVerdict(c.name, w.nodeVersion, c.minimum);
  }
}

/** Runs every check in plan order (a type's binary before its argv), one line each. */
export async function runDoctor(plan: readonly DoctorCheck[], w: DoctorWorld): Promise<CheckResult[]> {
  const found = new Map<string, string | undefined>();
  const out: CheckResult[] = [];
  for (const c of plan) {
    const about = { check: c.kind, ...("type" in c ? { type: c.type } : {}) };
    try {
      out.push({ ...(await runCheck(c, w, found)), ...about });
    } catch (err) {
      out.push({ name: c.name, status: "fail", detail: err instanceof Error ? err.message : String(err), ...about });
    }
  }
  return out;
}
