// Types of scripts/install-agent-clis.mjs, so the test suite's global setup and harness can import it.

/** One pinned CLI of the manifest. */
export interface PinnedCli {
  package: string;
  version: string;
  bin: string;
}
/** An installed cache entry: where it is, each CLI's executable and what `--version` printed. */
export interface AgentClisEntry {
  dir: string;
  key: string;
  bins: Record<string, string>;
  versions: Record<string, string>;
  packages: Record<string, string>;
}
/** Where the pinned manifest lives. */
export const MANIFEST_PATH: string;
/** The cache root: $POLECAT_AGENT_CLIS_DIR, else $XDG_CACHE_HOME/polecat/agent-clis, else ~/.cache/polecat/agent-clis. */
export function cacheRoot(env?: NodeJS.ProcessEnv): string;
/** The manifest's CLIs by name; throws unless every version is exact. */
export function readManifest(path?: string): Record<string, PinnedCli>;
/** The cache key of a manifest on this platform. */
export function cacheKey(clis: Record<string, PinnedCli>): string;
/** Where each CLI's executable is inside an entry directory. */
export function binPaths(dir: string, clis: Record<string, PinnedCli>): Record<string, string>;
/** The installed entry for the manifest, or null. */
export function installedEntry(opts?: { manifestPath?: string; env?: NodeJS.ProcessEnv }): AgentClisEntry | null;
/** Installs the manifest's CLIs unless the cache has them already. */
export function ensureAgentClis(opts?: { manifestPath?: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void }): Promise<AgentClisEntry>;
