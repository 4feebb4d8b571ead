// Benchmark: CLI start-up — `polecat --version` and `polecat validate` on the example spec — against the
// floor of starting Node at all (`node -e 0`), as medians of alternating runs in this one run.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(SELF, "../..");
const MAIN = resolve(ROOT, "dist/cli/main.js");
const RUNS = 15;
const GOAL = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(args) {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
  return performance.now() - t0;
}

export async function run() {
  const floor = [];
  const version = [];
  const validate = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(time(["-e", "0"]));
    version.push(time([MAIN, "--version"]));
    validate.push(time([MAIN, "validate", "--spec", "examples/swarm.yaml"]));
  }
  const f = median(floor);
  const row = (what, xs) => {
    const ratio = median(xs) / f;
    return {
      benchmark: `CLI start-up: ${what} vs node -e 0`,
      goal: `≤ ${GOAL}x node -e 0`,
      measured: `${ratio.toFixed(2)}x (median ${Math.round(median(xs))} ms vs ${Math.round(f)} ms, ${RUNS} alternating runs)`,
      pass: ratio <= GOAL,
      command: "node bench/startup.mjs",
    };
  };
  return [row("polecat --version", version), row("polecat validate examples/swarm.yaml", validate)];
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
