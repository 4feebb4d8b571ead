// Benchmark: the refinery's batch + bisect strategy against serial one-at-a-time merging, on real git
// with the file store. 16 clean branches, then 16 with 2 bad ones; `validate` sleeps a fixed 0.3 s and
// fails when the tree holds a BAD* file. Counts validation runs and wall time. Imports from dist/.
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { createFileStore } from "../dist/adapters/file-store/index.js";
import { initMirror } from "../dist/adapters/git/index.js";
import { refineryDeps } from "../dist/adapters/refinery/index.js";
import { homeLayout } from "../dist/core/layout.js";
import { runRefinery } from "../dist/runtime/refinery/pass.js";
import { gitEnv } from "./_git-env.mjs";
import { loadBenchSpec } from "./_spec.mjs";

const SELF = fileURLToPath(import.meta.url);
const TASKS = 16;
const BAD = [5, 11];
const SLEEP_S = 0.3;
// The validate command: a fixed sleep, then fail when a top-level BAD* file exists.
const VALIDATE = [
  "node",
  "-e",
  `setTimeout(() => process.exit(require("node:fs").readdirSync(".").some((f) => f.startsWith("BAD")) ? 1 : 0), ${SLEEP_S * 1000})`,
];

const id = (i) => `t${String(i).padStart(2, "0")}`;


/** An origin whose main has one commit and TASKS task branches (the `bad` ones add a BAD file), and a store with them merge_ready. */
async function setup(bad, strategy) {
  const root = await realpath(await mkdtemp(join(tmpdir(), "polecat-bench-refinery-")));
  const env = gitEnv(root);
  const git = (cwd, ...args) => execa("git", args, { cwd, env, extendEnv: false });
  const origin = join(root, "origin.git");
  const clone = join(root, "clone");
  await git(root, "init", "-q", "--bare", "--initial-branch=main", origin);
  await git(root, "init", "-q", "--initial-branch=main", clone);
  await writeFile(join(clone, "README.md"), "# bench\n");
  await git(clone, "add", "-A");
  await git(clone, "commit", "-q", "-m", "initial");
  const heads = [];
  for (let i = 0; i < TASKS; i++) {
    await git(clone, "checkout", "-q", "-B", `polecat/${id(i)}`, "main");
    await writeFile(join(clone, `${id(i)}.txt`), `${id(i)}\n`);
    if (bad.includes(i)) await writeFile(join(clone, `BAD-${id(i)}`), "breaks the tests\n");
    await git(clone, "add", "-A");
    await git(clone, "commit", "-q", "-m", `work on ${id(i)}`);
    heads.push((await git(clone, "rev-parse", "HEAD")).stdout.trim());
  }
  await git(clone, "push", "-q", origin, "main", ...Array.from({ length: TASKS }, (_, i) => `polecat/${id(i)}`));

  const home = join(root, "home");
  const ctx = { layout: homeLayout(home), env };
  await initMirror(ctx, "bench", origin);
  const store = await createFileStore({ home });
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    spec: { id: id(i), title: `Task ${id(i)}`, description: "", depends_on: [], tags: [], complexity: "mechanical", files: [], priority: 0, needs: [], pipeline: ["implement"], acceptance: [] },
    route: { worker: "bench", rule: "bench", fallbacks: [] },
    critical_path: 1,
  }));
  await store.applySpec({ project: "bench", tasks });
  for (let i = 0; i < TASKS; i++) {
    const claim = await store.claim({ project: "bench", workerType: "bench", owner: "bench", taskId: id(i), leaseMs: 600_000, capacity: {} });
    const lease = { project: "bench", id: id(i), attempt: claim.lease.attempt, owner: "bench" };
    await store.transition({ project: "bench", id: id(i), from: "in_progress", to: "merge_ready", lease, patch: { branch: `polecat/${id(i)}`, head_sha: heads[i] } });
  }
  const loaded = await loadBenchSpec(root, {
    project: "bench",
    repo: origin,
    base: "main",
    refinery: { validate: VALIDATE, strategy, batch_size: TASKS, review: { sample_rate: 0 }, max_kickbacks: 3 },
    tasks: [],
  });
  const deps = refineryDeps({ loaded, store, ctx });
  return {
    deps,
    async cleanup() {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function measure(bad, strategy) {
  const s = await setup(bad, strategy);
  try {
    const t0 = performance.now();
    const summary = await runRefinery(s.deps);
    const seconds = (performance.now() - t0) / 1000;
    const culprits = summary.decisions.filter((d) => d.reason?.startsWith("validation failed")).map((d) => d.id).sort();
    return { runs: summary.validations, seconds, merged: summary.merged.length, culprits };
  } finally {
    await s.cleanup();
  }
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function run() {
  const command = "node bench/refinery.mjs";
  const cleanBatch = await measure([], "batch");
  const cleanSerial = await measure([], "serial");
  const badBatch = await measure(BAD, "batch");
  const badSerial = await measure(BAD, "serial");
  const wanted = BAD.map(id).sort();
  const compare = (b, s) =>
    `${plural(b.runs, "validation run")} in ${b.seconds.toFixed(1)} s vs serial ${plural(s.runs, "run")} in ${s.seconds.toFixed(1)} s (${(s.seconds / b.seconds).toFixed(1)}x faster)`;
  return [
    {
      benchmark: `refinery: ${TASKS} clean branches, validate ${SLEEP_S} s`,
      goal: "at most 3 validation runs",
      measured: `${compare(cleanBatch, cleanSerial)}; ${cleanBatch.merged} merged`,
      pass: cleanBatch.runs <= 3 && cleanBatch.merged === TASKS,
      command,
    },
    {
      benchmark: `refinery: ${TASKS} branches, 2 bad (${wanted.join(", ")}), validate ${SLEEP_S} s`,
      goal: "at most 10 validation runs, both culprits found, 14 merged",
      measured: `${compare(badBatch, badSerial)}; ${badBatch.merged} merged, culprits ${badBatch.culprits.join(", ") || "none"}`,
      pass: badBatch.runs <= 10 && badBatch.merged === TASKS - BAD.length && badBatch.culprits.join() === wanted.join(),
      command,
    },
  ];
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
