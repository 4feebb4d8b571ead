#!/usr/bin/env node
// Installs the real agent CLIs the test suite runs (Claude Code, Gemini CLI, Codex) from npm into a
// cache directory, pinned by test/agents-real/manifest.json. The cache entry is keyed by the manifest's
// packages and the platform, so a second run is a no-op; the test suite's global setup runs this.
//
//   node scripts/install-agent-clis.mjs          # install if needed, print the directory
//   node scripts/install-agent-clis.mjs --json   # the same, as JSON (bins, versions)
//
// The cache lives in $POLECAT_AGENT_CLIS_DIR, else $XDG_CACHE_HOME/polecat/agent-clis, else
// ~/.cache/polecat/agent-clis: outside node_modules, so `npm ci` does not throw it away and every
// checkout on a machine shares one copy. Each entry is built in a temp directory and renamed into place,
// so a killed install leaves nothing half-made; a lock file keeps two test runs from installing at once.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";


const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Where the pinned manifest lives. */
export const MANIFEST_PATH = join(ROOT, "test", "agents-real", "manifest.json");
const MARKER = "installed.json";
const LOCK_STALE_MS = 10 * 60_000;

/** The cache root: the env override, else the XDG cache, else ~/.cache. */
export function cacheRoot(env = process.env) {
  if (env.POLECAT_AGENT_CLIS_DIR) return resolve(env.POLECAT_AGENT_CLIS_DIR);
  const xdg = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(xdg, "polecat", "agent-clis");
}

/** The manifest's CLIs: name → { package, version, bin }. */
export function readManifest(path = MANIFEST_PATH) {
  const clis = JSON.parse(readFileSync(path, "utf8")).clis;
  for (const [name, c] of Object.entries(clis)) {
    if (!/^\d+\.\d+\.\d+$/.test(c.version)) throw new Error(`${path}: ${name} must pin an exact version, not ${c.version}`);
  }
  return clis;
}

/** The cache key: the pinned packages and the platform the native parts were chosen for. */
export function cacheKey(clis) {
  const pins = Object.keys(clis).sort().map((n) => `${clis[n].package}@${clis[n].version}`);
  const h = createHash("sha256").update(JSON.stringify({ pins, platform: process.platform, arch: process.arch, abi: process.versions.modules }));
  return h.digest("hex").slice(0, 16);
}

/** Where each CLI's executable is inside an entry. */
export function binPaths(dir, clis) {
  return Object.fromEntries(Object.entries(clis).map(([name, c]) => [name, join(dir, "node_modules", ".bin", c.bin)]));
}

/** The installed entry for the manifest, or null when it is not (completely) installed. */
export function installedEntry({ manifestPath = MANIFEST_PATH, env = process.env } = {}) {
  const clis = readManifest(manifestPath);
  const dir = join(cacheRoot(env), cacheKey(clis));
  if (!existsSync(join(dir, MARKER))) return null;
  return JSON.parse(readFileSync(join(dir, MARKER), "utf8"));
}

async function takeLock(path, log) {
  for (let waited = 0; ; waited += 500) {
    try {
      const fh = await open(path, "wx");
      await fh.writeFile(String(process.pid));
      await fh.close();
      return;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const age = Date.now() - (await stat(path).then((s) => s.mtimeMs, () => Date.now()));
      if (age > LOCK_STALE_MS) await rm(path, { force: true });
      else if (waited % 15_000 === 0) log(`waiting for another install of the agent CLIs (${path})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function versionOf(bin, env) {
  const { execa } = await import("execa");
  const r = await execa(bin, ["--version"], { env, reject: false, stdin: "ignore", timeout: 60_000 });
  if (r.exitCode !== 0) throw new Error(`${bin} --version exited ${r.exitCode}: ${r.stderr || r.stdout}`);
  return r.stdout.trim().split("\n").pop();
}

/**
 * Installs the manifest's CLIs unless the cache already has them; returns the entry
 * ({ dir, key, bins, versions, packages }). `log` gets one line per step.
 */
export async function ensureAgentClis({ manifestPath = MANIFEST_PATH, env = process.env, log = () => {} } = {}) {
  const existing = installedEntry({ manifestPath, env });
  if (existing) return existing;
  const clis = readManifest(manifestPath);
  const root = cacheRoot(env);
  const key = cacheKey(clis);
  const dir = join(root, key);
  await mkdir(root, { recursive: true });
  const lock = join(root, `${key}.lock`);
  await takeLock(lock, log);
  try {
    const again = installedEntry({ manifestPath, env });
    if (again) return again;
    const tmp = join(root, `${key}.tmp-${process.pid}`);
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const dependencies = Object.fromEntries(Object.values(clis).map((c) => [c.package, c.version]));
    await writeFile(join(tmp, "package.json"), JSON.stringify({ name: "polecat-agent-clis", private: true, dependencies }, null, 2));
    log(`installing ${Object.entries(dependencies).map(([p, v]) => `${p}@${v}`).join(" ")} into ${dir}`);
    const npmEnv = { ...env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
    const { execa } = await import("execa");
    const r = await execa("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: tmp, env: npmEnv, reject: false, stdin: "ignore", all: true });
    if (r.exitCode !== 0) throw new Error(`npm install of the agent CLIs failed (exit ${r.exitCode}):\n${r.all}`);
    // Each CLI must start here and be the pinned version; a throwaway HOME keeps their state out of ~.
    const home = join(root, `${key}.home-${process.pid}`);
    await mkdir(home, { recursive: true });
    const versions = {};
    try {
      for (const [name, bin] of Object.entries(binPaths(tmp, clis))) versions[name] = await versionOf(bin, { ...env, HOME: home });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
    for (const [name, c] of Object.entries(clis)) {
      if (!versions[name].includes(c.version)) throw new Error(`${name}: --version says "${versions[name]}", the manifest pins ${c.version}`);
    }
    const packages = Object.fromEntries(Object.entries(clis).map(([n, c]) => [n, `${c.package}@${c.version}`]));
    const entry = { dir, key, bins: binPaths(dir, clis), versions, packages };
    await writeFile(join(tmp, MARKER), JSON.stringify(entry, null, 2) + "\n");
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    log(`installed: ${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(", ")}`);
    return entry;
  } finally {
    await rm(lock, { force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes("--json");
  try {
    const entry = await ensureAgentClis({ log: (l) => process.stderr.write(`${l}\n`) });
    process.stdout.write(json ? JSON.stringify(entry, null, 2) + "\n" : `${entry.dir}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
