// Benchmark: claims per second and claim latency (p50/p99) on the file store with 1, 4, 8 and 16 OS processes
// claiming from 2,000 ready tasks until none is left. Goal: at least 500 claims/s at 8 processes. Beside
// it, the floor: the file system steps of the same claims alone, so a row says what the machine allows.
// Run `npm run build` first; `node bench/claims.mjs` prints the rows as JSON.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describeClaims, measureBetweenFloors, measureClaims } from "./_claimers.mjs";

const TASKS = 2000;
const PROCESSES = [1, 4, 8, 16];
const GOAL_PROCESSES = 8;
const GOAL_CLAIMS_PER_S = 500;
const COMMAND = "node bench/claims.mjs";
/** A tmpfs most Linux machines have, for the row that shows the store's cost without the disk's. */
const SHM = "/dev/shm";

/** The benchmark rows, one per process count. */
export async function run() {
  const rows = [];
  for (const processes of PROCESSES) {
    const isGoal = processes === GOAL_PROCESSES;
    const procs = `${processes} process${processes === 1 ? "" : "es"}`;
    // At the goal's process count the floor runs just before and just after the store, since how fast this
    // file system creates files depends on how many it freed in the last minutes.
    const floored = isGoal ? await measureBetweenFloors({ backend: "file", floor: "file-floor", processes, tasks: TASKS }) : undefined;
    const m = floored?.store ?? (await measureClaims({ backend: "file", processes, tasks: TASKS }));
    if (floored !== undefined) {
      rows.push({
        benchmark: `file store floor, ${procs}, ${TASKS} claims: only the file system steps of a claim (bench/_claim-floors.mjs), before and after the store`,
        goal: "reported",
        measured: `before: ${describeClaims(floored.before)}; after: ${describeClaims(floored.after)}`,
        pass: true,
        command: COMMAND,
      });
    }
    rows.push({
      benchmark: `file store claims, ${procs}, ${TASKS} tasks`,
      goal: isGoal ? `>= ${GOAL_CLAIMS_PER_S} claims/s` : "reported",
      measured: `${describeClaims(m)}${floored === undefined ? "" : ` (${floored.ofFloor.toFixed(2)} of the floor's mean)`}`,
      pass: isGoal ? m.rate >= GOAL_CLAIMS_PER_S : true,
      command: COMMAND,
    });
    if (isGoal && existsSync(SHM)) {
      const shm = await measureClaims({ backend: "file", processes, tasks: TASKS, tmp: SHM });
      rows.push({
        benchmark: `file store claims, ${procs}, ${TASKS} tasks, home on tmpfs (${SHM}): the store's own cost, without the disk`,
        goal: "reported",
        measured: `${describeClaims(shm)} (fsync does nothing on tmpfs, so this is not durable; it shows what the disk costs)`,
        pass: true,
        command: COMMAND,
      });
    }
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
