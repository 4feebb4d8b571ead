// Benchmark: claims per second and claim latency (p50/p99) on the file store with 1, 4, 8 and 16 OS processes
// claiming from 2,000 ready tasks until none is left. Goal: at least 500 claims/s at 8 processes.
// Run `npm run build` first; `node bench/claims.mjs` prints the rows as JSON.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createFileStore } from "../dist/adapters/file-store/index.js";

const TASKS = 2000;
const PROCESSES = [1, 4, 8, 16];
const GOAL_PROCESSES = 8;
const GOAL_CLAIMS_PER_S = 500;
const COMMAND = "node bench/claims.mjs";

/** `n` independent tasks routed to the `bench` worker type, in three priorities (the PostgreSQL bench uses them too). */
export function taskInputs(n) {
  return Array.from({ length: n }, (_, i) => ({
    spec: {
      id: `t${i}`,
      title: `task ${i}`,
      description: "benchmark task",
      depends_on: [],
      tags: [],
      files: [],
      priority: i % 3,
      needs: [],
      pipeline: ["code"],
      acceptance: [],
    },
    route: { worker: "bench", rule: "default", fallbacks: [] },
    critical_path: 1,
  }));
}

const wallNow = () => performance.timeOrigin + performance.now();

/** One claiming process: load, say ready, wait for "go", claim until nothing is left, report. */
async function child(home) {
  const store = await createFileStore({ home });
  await store.list();
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.destroy();
  const latencies = [];
  const owner = `bench:${process.pid}`;
  const start = wallNow();
  for (;;) {
    const t0 = performance.now();
    const claim = await store.claim({ workerType: "bench", owner, leaseMs: 600_000, capacity: {} });
    if (claim === undefined) break;
    latencies.push(performance.now() - t0);
  }
  const end = wallNow();
  await store.close();
  process.stdout.write(`${JSON.stringify({ start, end, latencies })}\n`);
}

/** Spawns a child and resolves with a handle once it is ready. */
function startChild(home) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), "child", home], { stdio: ["pipe", "pipe", "inherit"] });
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

async function measure(processes) {
  const home = await mkdtemp(join(tmpdir(), "polecat-bench-claims-"));
  try {
    const store = await createFileStore({ home });
    await store.applySpec({ project: "bench", tasks: taskInputs(TASKS) });
    await store.close();
    const children = Array.from({ length: processes }, () => startChild(home));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.end("go\n");
    const results = await Promise.all(children.map((c) => c.done));
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    if (latencies.length !== TASKS) throw new Error(`claimed ${latencies.length} of ${TASKS} tasks`);
    const seconds = (Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
    return { rate: TASKS / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** The benchmark rows, one per process count. */
export async function run() {
  const rows = [];
  for (const processes of PROCESSES) {
    const m = await measure(processes);
    const isGoal = processes === GOAL_PROCESSES;
    rows.push({
      benchmark: `file store claims, ${processes} process${processes === 1 ? "" : "es"}, ${TASKS} tasks`,
      goal: isGoal ? `>= ${GOAL_CLAIMS_PER_S} claims/s` : "reported",
      measured: `${m.rate.toFixed(0)} claims/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`,
      pass: isGoal ? m.rate >= GOAL_CLAIMS_PER_S : true,
      command: COMMAND,
    });
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "child") await child(process.argv[3]);
  else console.log(JSON.stringify(await run(), null, 2));
}
