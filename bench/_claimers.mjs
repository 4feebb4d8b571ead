// Shared by the claims benchmarks: N OS processes claim from ready tasks until none is left, on the file
// store or PostgreSQL, or the bare floor loops of _claim-floors.mjs; reports claims/s and p50/p99 latency.
// Also the claimer child's entry point: `node bench/_claimers.mjs child BACKEND LOCATION HOME PROCESSES TASKS
// INDEX`. Imports the built code from dist/.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { createFileStore } from "../dist/adapters/file-store/index.js";
import { FLOORS } from "./_claim-floors.mjs";

const SELF = fileURLToPath(import.meta.url);

/** `n` independent tasks routed to the `bench` worker type, in three priorities. */
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

/** A claimer on `backend`: a store, or a floor loop (which takes its share of the tasks from its index). */
async function open(backend, location, home, share = { processes: 1, tasks: 0, index: 0 }) {
  const floor = FLOORS[backend];
  if (floor !== undefined) return floor.open(backend === "file-floor" ? home : location, share.processes, share.tasks, share.index);
  if (backend === "file") return createFileStore({ home });
  const { createPgStore } = await import("../dist/adapters/pg-store/index.js");
  return createPgStore({ url: location, home });
}

const wallNow = () => performance.timeOrigin + performance.now();

/** One claiming process: open, say ready, wait for "go", claim until nothing is left, report. */
async function child(backend, location, home, share) {
  const store = await open(backend, location, home, share);
  await store.get("bench", "t0");
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.destroy();
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
}

/** Spawns a claimer; `ready` resolves once it has opened the store, `done` with its report. */
function startChild(backend, location, home, share) {
  const args = [SELF, "child", backend, location, home, share.processes, share.tasks, share.index].map(String);
  const proc = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
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

/** Where one measurement's store lives (a fresh home; for PostgreSQL a schema of its own), and how to remove it. */
async function sandbox(backend, pgUrl, tmp = tmpdir()) {
  const home = await mkdtemp(join(tmp, "polecat-bench-claims-"));
  if (backend === "file" || backend === "file-floor") return { location: "file", home, cleanup: () => rm(home, { recursive: true, force: true }) };
  const schema = `polecat_bench_${randomBytes(5).toString("hex")}`;
  const url = new URL(pgUrl);
  url.searchParams.set("schema", schema);
  const cleanup = async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    await rm(home, { recursive: true, force: true });
  };
  return { location: url.toString(), home, cleanup };
}

/**
 * `processes` claimers take all of `tasks` ready tasks; claims/s over the whole run and p50/p99 latency in ms.
 * `tmp` is where the home goes (default: the OS temp dir).
 */
export async function measureClaims({ backend, processes, tasks, pgUrl, tmp }) {
  const box = await sandbox(backend, pgUrl, tmp);
  try {
    if (FLOORS[backend] === undefined) {
      const store = await open(backend, box.location, box.home);
      await store.applySpec({ project: "bench", tasks: taskInputs(tasks) });
      await store.close();
    } else {
      await FLOORS[backend].setup(box.location, tasks);
    }
    const children = Array.from({ length: processes }, (_, index) => startChild(backend, box.location, box.home, { processes, tasks, index }));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.end("go\n");
    const results = await Promise.all(children.map((c) => c.done));
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    if (latencies.length !== tasks) throw new Error(`${backend}: claimed ${latencies.length} of ${tasks} tasks`);
    const seconds = (Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
    return { rate: tasks / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    await box.cleanup();
  }
}

/**
 * `backend` measured between two runs of its floor backend (just before and just after, so drift in the
 * machine's state hits both alike); `ofFloor` is the store's rate over the floor's mean.
 */
export async function measureBetweenFloors({ backend, floor, ...opts }) {
  const before = await measureClaims({ ...opts, backend: floor });
  const store = await measureClaims({ ...opts, backend });
  const after = await measureClaims({ ...opts, backend: floor });
  return { store, before, after, ofFloor: store.rate / ((before.rate + after.rate) / 2) };
}

/** A measurement in words for a benchmark row. */
export function describeClaims(m) {
  return `${m.rate.toFixed(0)} claims/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "child") {
  const [backend, location, home, processes, tasks, index] = process.argv.slice(3);
  await child(backend, location, home, { processes: Number(processes), tasks: Number(tasks), index: Number(index) });
}
