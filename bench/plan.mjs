// Benchmark: `plan` on a generated 10,000-task spec (time and peak memory in a fresh process), and the
// simulated swarm's makespan against the list-scheduling lower bound. Imports the built code from dist/.
import { execa } from "execa";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const TASKS = 10_000;
const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(SELF, "../..");

function worker(name, capabilities, max_concurrent, fallback) {
  return {
    name,
    command: [name, "{prompt}"],
    capabilities,
    cost: 3,
    speed: 3,
    max_concurrent,
    best_for: [],
    fallback,
    env_pass: [],
    timeout_ms: 3_600_000,
    stall_timeout_ms: 900_000,
    max_restarts: 2,
  };
}

/** A deterministic spec: each task depends on up to 3 of the 200 tasks before it, so the DAG is deep and wide. */
function generate(n) {
  let seed = 12_345;
  const rand = (k) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % k;
  };
  const complexities = [undefined, "mechanical", "chore", "requires-judgment", "multi-step"];
  const tasks = Array.from({ length: n }, (_, i) => ({
    id: `task.${i}`,
    title: `Generated task ${i}`,
    description: "",
    depends_on: i === 0 ? [] : [...new Set(Array.from({ length: rand(4) }, () => `task.${Math.max(0, i - 1 - rand(200))}`))],
    tags: rand(10) === 0 ? ["docs"] : rand(20) === 0 ? ["security"] : [],
    complexity: complexities[rand(complexities.length)],
    files: Array.from({ length: rand(15) }, (_, k) => `src/m${k}.ts`),
    effort_minutes: 5 + rand(120),
    priority: rand(20) === 0 ? 1 : 0,
    needs: rand(5) === 0 ? ["docs"] : [],
    pipeline: ["implement"],
    acceptance: [],
  }));
  const registry = {
    workers: {
      claude: worker("claude", ["code", "review", "docs"], 6, "gemini"),
      gemini: worker("gemini", ["code", "docs"], 4, "codex"),
      codex: worker("codex", ["code"], 2, "claude"),
    },
    routing: {
      default: "claude",
      complexity: { mechanical: "codex", chore: "gemini", "requires-judgment": "claude", "multi-step": "claude" },
      tags: { high_stakes: { tags: ["security"], worker: "claude" }, bulk: { tags: ["docs"], worker: "gemini" } },
      heuristics: [{ name: "wide", files_over: 10, worker: "claude" }],
    },
    sizing: { tiers: [{ ready_at_most: 5, total: 4 }, { ready_at_most: 50, total: 8 }], max_total: 12 },
  };
  const spec = {
    version: 1,
    project: "bench",
    repo: "/tmp/bench",
    base: "main",
    workers: "/tmp/bench/WORKERS.md",
    store: "file",
    pipeline: ["implement"],
    worktree: { setup: [], copy: [] },
    dispatch: { serialize_overlapping: false },
    refinery: { strategy: "batch", batch_size: 4, review: { complexity: [], tags: [], paths: [], sample_rate: 0, seed: 1 }, max_kickbacks: 2 },
    schedules: [],
    limits: { max_attempts: 3, lease_ms: 60_000, stalled_after_ms: 14_400_000, backoff_ms: 1_000 },
    tasks,
  };
  return { spec, registry, specPath: "/tmp/bench/polecat.yaml", registryPath: "/tmp/bench/WORKERS.md" };
}

/** Runs in a fresh process so peak RSS belongs to `plan` alone. */
async function child() {
  const { buildPlan } = await import("../dist/core/plan.js");
  const { planTable, planMarkdown, planMermaid } = await import("../dist/core/plan-format.js");
  const { simulateSchedule, lowerBound, schedTasks } = await import("../dist/core/schedule.js");
  const loaded = generate(TASKS);
  const t0 = performance.now();
  const plan = buildPlan(loaded, { now: Date.now() });
  const out = [JSON.stringify(plan), planTable(plan).rows.length, planMarkdown(plan), planMermaid(plan)];
  const planMs = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const tasks = schedTasks(plan);
  const t1 = performance.now();
  const schedule = simulateSchedule(tasks, plan.swarm);
  const scheduleMs = performance.now() - t1;
  const bound = lowerBound(tasks, plan.swarm);
  // The same spec with dispatch.serialize_overlapping: every overlapping pair ordered (after the RSS reading).
  const t2 = performance.now();
  const serial = buildPlan({ ...loaded, spec: { ...loaded.spec, dispatch: { serialize_overlapping: true } } }, { now: Date.now() });
  const serialMs = performance.now() - t2;
  process.stdout.write(
    JSON.stringify({
      planMs,
      maxRssMb,
      outChars: out.join("").length,
      scheduleMs,
      swarm: plan.swarm,
      makespan: schedule.makespan,
      bound,
      overlaps: `${plan.overlaps.length}${plan.overlaps_truncated ? "+" : ""}`,
      serialMs,
      serialEdges: serial.serialized.length,
    }),
  );
}

/** The same 10,000 tasks as files on disk, run through the real CLI: load + validate + plan + JSON. */
async function endToEnd() {
  const dir = await mkdtemp(join(tmpdir(), "polecat-bench-plan-"));
  try {
    const { tasks } = generate(TASKS).spec;
    const raw = tasks.map((t) => ({
      id: t.id,
      title: t.title,
      depends_on: t.depends_on,
      tags: t.tags,
      ...(t.complexity === undefined ? {} : { complexity: t.complexity }),
      files: t.files,
      effort: `${t.effort_minutes}m`,
      priority: t.priority,
    }));
    await writeFile(join(dir, "polecat.yaml"), stringify({ version: 1, project: "bench", repo: ".", workers: join(ROOT, "WORKERS.md"), tasks: raw }));
    const t0 = performance.now();
    const res = await execa("/usr/bin/time", ["-f", "%M", process.execPath, join(ROOT, "dist/cli/main.js"), "plan", "--json", "--spec", join(dir, "polecat.yaml")], { reject: false, stdout: "ignore" });
    const ms = performance.now() - t0;
    if (res.exitCode !== 0) throw new Error(`plan failed: ${res.stderr}`);
    const peakMb = Number(res.stderr.trim().split("\n").at(-1)) / 1024;
    return { ms, peakMb };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const e2e = await endToEnd();
  const res = await execa(process.execPath, [SELF, "--child"], { reject: false });
  if (res.exitCode !== 0) throw new Error(`bench child failed: ${res.stderr}`);
  const m = JSON.parse(res.stdout);
  const ratio = m.makespan / m.bound;
  const swarm = Object.entries(m.swarm).map(([t, n]) => `${t}:${n}`).join(" ");
  const command = "node bench/plan.mjs";
  const cli = "node bench/plan.mjs (end to end: polecat plan --json on the spec file)";
  return [
    { benchmark: `plan CLI end to end: ${TASKS}-task YAML spec, time (load + validate + plan + JSON)`, goal: "< 1 s", measured: `${Math.round(e2e.ms)} ms`, pass: e2e.ms < 1_000, command: cli },
    { benchmark: `plan CLI end to end: ${TASKS}-task YAML spec, peak memory`, goal: "< 200 MB", measured: `${Math.round(e2e.peakMb)} MB peak RSS`, pass: e2e.peakMb < 200, command: cli },
    {
      benchmark: `plan in-process: ${TASKS} tasks (buildPlan + renderers), time`,
      goal: "< 1 s",
      measured: `${Math.round(m.planMs)} ms (${m.overlaps} overlapping pairs listed: most tasks declare some of the same 14 files)`,
      pass: m.planMs < 1_000,
      command,
    },
    { benchmark: `plan in-process: ${TASKS} tasks, peak memory`, goal: "< 200 MB", measured: `${Math.round(m.maxRssMb)} MB peak RSS`, pass: m.maxRssMb < 200, command },
    {
      benchmark: `plan in-process with dispatch.serialize_overlapping: the same ${TASKS} tasks, time`,
      goal: "reported",
      measured: `${Math.round(m.serialMs)} ms (${m.serialEdges} ordering edges added)`,
      pass: true,
      command,
    },
    {
      benchmark: `schedule: ${TASKS} tasks on the suggested swarm (${swarm})`,
      goal: "makespan ≤ 1.10x lower bound",
      measured: `${ratio.toFixed(3)}x (${Math.round(m.makespan)} / ${Math.round(m.bound)} min, simulated in ${Math.round(m.scheduleMs)} ms)`,
      pass: ratio <= 1.1,
      command,
    },
  ];
}

if (process.argv[1] === SELF) {
  if (process.argv.includes("--child")) await child();
  else console.log(JSON.stringify(await run(), null, 2));
}
