// Benchmark: claims per second and claim latency (p50/p99) on the file store with 1, 4, 8 and 16 OS processes
// claiming from 2,000 ready tasks until none is left. Goal: at least 500 claims/s at 8 processes.
// Run `npm run build` first; `node bench/claims.mjs` prints the rows as JSON.
import { pathToFileURL } from "node:url";
import { describeClaims, measureClaims } from "./_claimers.mjs";

const TASKS = 2000;
const PROCESSES = [1, 4, 8, 16];
const GOAL_PROCESSES = 8;
const GOAL_CLAIMS_PER_S = 500;
const COMMAND = "node bench/claims.mjs";

/** The benchmark rows, one per process count. */
export async function run() {
  const rows = [];
  for (const processes of PROCESSES) {
    const m = await measureClaims({ backend: "file", processes, tasks: TASKS });
    const isGoal = processes === GOAL_PROCESSES;
    rows.push({
      benchmark: `file store claims, ${processes} process${processes === 1 ? "" : "es"}, ${TASKS} tasks`,
      goal: isGoal ? `>= ${GOAL_CLAIMS_PER_S} claims/s` : "reported",
      measured: describeClaims(m),
      pass: isGoal ? m.rate >= GOAL_CLAIMS_PER_S : true,
      command: COMMAND,
    });
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
