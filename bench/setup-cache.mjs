// Benchmark: an attempt's worktree set-up with the setup cache warm (hardlinking node_modules from the
// cache) against cold (`npm ci` plus filling the cache), on a fixture with a real node_modules: a few
// real packages from the registry, locked by a package-lock.json. npm's own download cache is warmed
// first, so the cold run is what a slot pays per attempt without this cache, not the network. Imports dist/.
import { cp, mkdir, mkdtemp, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { setupWithCache } from "../dist/adapters/setup-cache.js";
import { homeLayout } from "../dist/core/layout.js";

const GOAL = 0.1;
const WARM_RUNS = 5;
const DEPENDENCIES = { execa: "9.6.1", commander: "14.0.3", yaml: "2.9.1", ajv: "8.20.0", "js-yaml": "4.3.2", picomatch: "4.0.7" };
const SELF = fileURLToPath(import.meta.url);

async function countFiles(dir) {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) n += e.isDirectory() ? await countFiles(join(dir, e.name)) : 1;
  return n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Rows for docs/benchmarks.md. */
export async function run() {
  const root = await realpath(await mkdtemp(join(tmpdir(), "polecat-bench-setup-")));
  try {
    const fixture = join(root, "fixture");
    await mkdir(fixture);
    await writeFile(join(fixture, "package.json"), JSON.stringify({ name: "fixture", private: true, dependencies: DEPENDENCIES }, null, 2));
    await execa("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: fixture }); // the lockfile, and npm's cache warm
    await rm(join(fixture, "node_modules"), { recursive: true });
    const files = async (name) => {
      const wt = join(root, name);
      await mkdir(wt);
      await cp(join(fixture, "package.json"), join(wt, "package.json"));
      await cp(join(fixture, "package-lock.json"), join(wt, "package-lock.json"));
      return wt;
    };
    const cache = {
      dir: join(root, "cache"),
      setup: [["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]],
      paths: ["node_modules"],
      runtime: `node ${process.version}`,
    };
    const ctx = { layout: homeLayout(join(root, "home")), env: { ...process.env } };
    const time = async (wt) => {
      const t0 = performance.now();
      const r = await setupWithCache(ctx, wt, cache);
      const ms = performance.now() - t0;
      if (!r.results.every((x) => x.ok)) throw new Error(`setup failed: ${r.results.at(-1)?.output}`);
      return { ms, cache: r.cache };
    };
    const cold = await time(await files("cold"));
    if (cold.cache !== "miss") throw new Error("the first set-up should miss the cache");
    const warm = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const r = await time(await files(`warm-${i}`));
      if (r.cache !== "hit") throw new Error("a set-up with the same lockfile should hit the cache");
      warm.push(r.ms);
    }
    const n = await countFiles(join(root, "warm-0", "node_modules"));
    const ratio = median(warm) / cold.ms;
    return [
      {
        benchmark: `worktree set-up with the setup cache: npm ci of ${Object.keys(DEPENDENCIES).length} real packages (${n} files in node_modules), warm cache vs cold`,
        goal: `warm ≤ ${GOAL}x cold`,
        measured: `${ratio.toFixed(3)}x (warm median ${median(warm).toFixed(0)} ms over ${WARM_RUNS} runs by hardlink; cold ${cold.ms.toFixed(0)} ms: npm ci from npm's warm download cache plus filling the setup cache)`,
        pass: ratio <= GOAL,
        command: "node bench/setup-cache.mjs",
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) {
  for (const row of await run()) console.log(JSON.stringify(row));
}
