// Benchmark: claims per second and claim latency (p50/p99), PostgreSQL store side by side with the file
// store, with 1, 8 and 16 OS processes claiming from the same ready tasks until none is left.
// Goal: at least 3,000 claims/s on PostgreSQL at 8 processes; beside it, the floor of bench/_claim-floors.mjs.
// PostgreSQL comes from POLECAT_BENCH_PG_URL or POLECAT_TEST_PG_URL (each measurement uses a schema of its own, dropped afterwards).
// Run `npm run build` first; `node bench/claims-pg.mjs` prints the rows as JSON.
import { pathToFileURL } from "node:url";
import { describeClaims, measureBetweenFloors, measureClaims } from "./_claimers.mjs";

const TASKS = Number(process.env.TASKS ?? 3000);
const PROCESSES = (process.env.PROCS ?? "1,8,16").split(",").map(Number);
const GOAL_PROCESSES = 8;
const GOAL_CLAIMS_PER_S = 3000;
const PG_URL = process.env.POLECAT_BENCH_PG_URL ?? process.env.POLECAT_TEST_PG_URL;
const COMMAND = "node bench/claims-pg.mjs";

/** The benchmark rows: per process count, PostgreSQL with the file store's numbers from the same run beside it. */
export async function run() {
  const rows = [];
  for (const processes of PROCESSES) {
    const procs = `${processes} process${processes === 1 ? "" : "es"}`;
    const isGoal = processes === GOAL_PROCESSES;
    const benchmark = `PostgreSQL store claims, ${procs}, ${TASKS} tasks`;
    const goal = isGoal ? `>= ${GOAL_CLAIMS_PER_S} claims/s` : "reported";
    const file = await measureClaims({ backend: "file", processes, tasks: TASKS });
    if (PG_URL === undefined || PG_URL === "") {
      rows.push({ benchmark, goal, measured: `not run: set POLECAT_TEST_PG_URL (file store: ${describeClaims(file)})`, pass: !isGoal, command: COMMAND });
      continue;
    }
    // At the goal's process count the floor runs just before and just after, so load drift hits both alike.
    const opts = { processes, tasks: TASKS, pgUrl: PG_URL };
    const floored = isGoal ? await measureBetweenFloors({ backend: "pg", floor: "pg-floor", ...opts }) : undefined;
    const pgm = floored?.store ?? (await measureClaims({ backend: "pg", ...opts }));
    const ofFloor = floored === undefined ? "" : `, ${floored.ofFloor.toFixed(2)} of the floor's mean`;
    if (floored !== undefined) {
      rows.push({
        benchmark: `PostgreSQL floor, ${procs}, ${TASKS} claims: one bare SKIP LOCKED lease + event row per claim (bench/_claim-floors.mjs), before and after the store`,
        goal: "reported",
        measured: `before: ${describeClaims(floored.before)}; after: ${describeClaims(floored.after)}`,
        pass: true,
        command: COMMAND,
      });
    }
    rows.push({
      benchmark,
      goal,
      measured: `${describeClaims(pgm)}${ofFloor}; file store same run: ${describeClaims(file)} (PostgreSQL ${(pgm.rate / file.rate).toFixed(1)}× the file store)`,
      pass: isGoal ? pgm.rate >= GOAL_CLAIMS_PER_S : true,
      command: COMMAND,
    });
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
