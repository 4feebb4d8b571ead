// Benchmark: claims per second and claim latency (p50/p99), PostgreSQL store side by side with the file
// store, with 1, 8 and 16 OS processes claiming from the same ready tasks until none is left.
// Goal: at least 3,000 claims/s on PostgreSQL at 8 processes. PostgreSQL comes from POLECAT_BENCH_PG_URL or
// POLECAT_TEST_PG_URL (each measurement uses a schema of its own, dropped afterwards).
// Run `npm run build` first; `node bench/claims-pg.mjs` prints the rows as JSON.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { createFileStore } from "../dist/adapters/file-store/index.js";
import { createPgStore } from "../dist/adapters/pg-store/index.js";
import { taskInputs } from "./claims.mjs";

const TASKS = Number(process.env.TASKS ?? 3000);
const PROCESSES = (process.env.PROCS ?? "1,8,16").split(",").map(Number);
const GOAL_PROCESSES = 8;
const GOAL_CLAIMS_PER_S = 3000;
const PG_URL = process.env.POLECAT_BENCH_PG_URL ?? process.env.POLECAT_TEST_PG_URL;
const COMMAND = "node bench/claims-pg.mjs";

const open = (backend, location, home) =>
  backend === "pg" ? createPgStore({ url: location, home }) : createFileStore({ home });

const wallNow = () => performance.timeOrigin + performance.now();

/** One claiming process: open, say ready, wait for "go", claim until nothing is left, report. */
async function child(backend, location, home) {
  const store = await open(backend, location, home);
  await store.get("bench", "t0");
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const latencies = [];
  const owner = `bench:${process.pid}`;
  const start = wallNow();
  for (;;) {
    const t0 = performance.now();
    const claim = await store.claim({ project: "bench", workerType: "bench", owner, leaseMs: 600_000, capacity: {} });
    if (claim === undefined) break;
    latencies.push(performance.now() - t0);
  }
  const end = wallNow();
  await store.close();
  process.stdout.write(`${JSON.stringify({ start, end, latencies })}\n`);
  process.exit(0);
}

/** Spawns a claimer and resolves its handle once it is ready. */
function startChild(backend, location, home) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), "child", backend, location, home], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  const ready = new Promise((resolve, reject) => {
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.startsWith("ready\n")) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`claimer exited with ${code} before it was ready`)));
  });
  const done = new Promise((resolve, reject) => {
    proc.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.slice("ready\n".length))) : reject(new Error(`claimer exited with ${code}`))));
  });
  return { proc, ready, done };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** Where one measurement's store lives, and how to remove it. */
async function sandbox(backend) {
  const home = await mkdtemp(join(tmpdir(), "polecat-bench-claims-"));
  if (backend === "file") return { location: "file", home, cleanup: () => rm(home, { recursive: true, force: true }) };
  const schema = `polecat_bench_${randomBytes(5).toString("hex")}`;
  const url = new URL(PG_URL);
  url.searchParams.set("schema", schema);
  const cleanup = async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    await rm(home, { recursive: true, force: true });
  };
  return { location: url.toString(), home, cleanup };
}

async function measure(backend, processes) {
  const box = await sandbox(backend);
  try {
    const store = await open(backend, box.location, box.home);
    await store.applySpec({ project: "bench", tasks: taskInputs(TASKS) });
    await store.close();
    const children = Array.from({ length: processes }, () => startChild(backend, box.location, box.home));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.end("go\n");
    const results = await Promise.all(children.map((c) => c.done));
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    if (latencies.length !== TASKS) throw new Error(`${backend}: claimed ${latencies.length} of ${TASKS} tasks`);
    const seconds = (Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
    return { rate: TASKS / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    await box.cleanup();
  }
}

const describe = (m) => `${m.rate.toFixed(0)} claims/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`;

/** The benchmark rows: per process count, PostgreSQL with the file store's numbers from the same run beside it. */
export async function run() {
  const rows = [];
  for (const processes of PROCESSES) {
    const procs = `${processes} process${processes === 1 ? "" : "es"}`;
    const isGoal = processes === GOAL_PROCESSES;
    const file = await measure("file", processes);
    if (PG_URL === undefined || PG_URL === "") {
      rows.push({
        benchmark: `PostgreSQL store claims, ${procs}, ${TASKS} tasks`,
        goal: isGoal ? `>= ${GOAL_CLAIMS_PER_S} claims/s` : "reported",
        measured: `not run: set POLECAT_TEST_PG_URL (file store: ${describe(file)})`,
        pass: !isGoal,
        command: COMMAND,
      });
      continue;
    }
    const pgm = await measure("pg", processes);
    rows.push({
      benchmark: `PostgreSQL store claims, ${procs}, ${TASKS} tasks`,
      goal: isGoal ? `>= ${GOAL_CLAIMS_PER_S} claims/s` : "reported",
      measured: `${describe(pgm)}; file store same run: ${describe(file)} (PostgreSQL ${(pgm.rate / file.rate).toFixed(1)}× the file store)`,
      pass: isGoal ? pgm.rate >= GOAL_CLAIMS_PER_S : true,
      command: COMMAND,
    });
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "child") await child(process.argv[3], process.argv[4], process.argv[5]);
  else console.log(JSON.stringify(await run(), null, 2));
}
