// Benchmark: the swarm's makespan on a 200-task DAG of sleeping scripted agents (durations spread, one long
// chain) with `-w scripted=8`, against GNU `make -j8` on a Makefile with the same sleeps and dependencies,
// and against the list-scheduling lower bound. The swarm runs for real (store, worktrees, pushes, agents);
// a stand-in refinery in this process marks merge-ready tasks done, since a dependent is claimable only
// once its dependencies are done. Both runs happen in this one run. Imports the built code from dist/.
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { stringify } from "yaml";
import { applyBenchProject, gitEnv, seedOrigin } from "./_git-env.mjs";
import { floorScript } from "./overhead.mjs";

const TASKS = 200;
const CHAIN = 12;
const SLOTS = 8;
const GOAL = 1.1;
const SELF = fileURLToPath(import.meta.url);
const MAIN = resolve(fileURLToPath(import.meta.url), "../../dist/cli/main.js");
const AGENT = resolve(fileURLToPath(import.meta.url), "../../agents/scripted-agent.mjs");

/**
 * A deterministic DAG: a chain of CHAIN tasks of 1.5 s (the critical path), and the rest 0.1–1.5 s, each
 * depending on up to two of the 40 tasks before it, so waves are wide and dependencies plenty.
 */
export function generate() {
  let seed = 4_242;
  const rand = (k) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % k;
  };
  const id = (i) => `t${String(i).padStart(3, "0")}`;
  return Array.from({ length: TASKS }, (_, i) => {
    if (i < CHAIN) return { id: id(i), seconds: 1.5, depends_on: i === 0 ? [] : [id(i - 1)] };
    const deps = i - CHAIN < 10 ? [] : [...new Set(Array.from({ length: rand(3) }, () => id(CHAIN + Math.max(0, i - CHAIN - 1 - rand(40)))))];
    return { id: id(i), seconds: (1 + rand(15)) / 10, depends_on: deps };
  });
}



/** Origin, WORKERS.md with the scripted agent, the spec with one task per DAG node, the mirror and the applied store. */
async function setup(root, env, dag) {
  const origin = await seedOrigin(root, env, "bench");
  const workers = {
    workers: { scripted: { command: [process.execPath, AGENT], capabilities: ["code"], max_concurrent: SLOTS, timeout: "10m", stall_timeout: "10m" } },
    routing: { default: "scripted" },
  };
  await writeFile(join(root, "WORKERS.md"), `# Bench workers\n\n\`\`\`yaml\n${stringify(workers)}\`\`\`\n`);
  const fence = "```";
  const tasks = dag.map((t) => ({
    id: t.id,
    title: `Sleep ${t.seconds}s`,
    depends_on: t.depends_on,
    description: `${fence}polecat-script\nwrite ${t.id}.txt ${t.id}\nsleep ${t.seconds}\n${fence}\n`,
  }));
  const spec = { version: 1, project: "bench", repo: origin, base: "main", limits: { lease: "5m" }, refinery: { review: { complexity: [] } }, tasks };
  await applyBenchProject(root, env, spec);
}

/**
 * Runs the swarm as a user would, with the stand-in refinery polling the store meanwhile; returns seconds.
 * The stand-in holds the project's refinery lock, as any other refinery would, so the swarm leaves the
 * merges to it and waits for them instead of running its own merge queue.
 */
async function runSwarm(root, env, dag) {
  const { openStore } = await import("../dist/adapters/open-store.js");
  const { fileLeadership } = await import("../dist/adapters/file-store/leadership.js");
  const { refineryLockName } = await import("../dist/adapters/refinery/index.js");
  const { homeLayout } = await import("../dist/core/layout.js");
  const store = await openStore({ home: join(root, "home"), env });
  const release = await fileLeadership(homeLayout(join(root, "home")).locks).acquire(refineryLockName("bench"));
  if (release === undefined) throw new Error("the project's refinery lock is held already");
  let running = true;
  const refinery = (async () => {
    while (running) {
      for (const t of await store.list({ project: "bench", status: "merge_ready" })) {
        await store.transition({ project: "bench", id: t.id, from: "merge_ready", to: "done", actor: "refinery" });
      }
      await sleep(20);
    }
  })();
  const t0 = performance.now();
  // GNU time reports the CPU of the swarm and everything it ran (git, agents) on its last stderr line.
  const swarmArgv = [process.execPath, MAIN, "--home", join(root, "home"), "swarm", "-w", `scripted=${SLOTS}`, "--stagger", "0", "--silent"];
  const r = await execa("/usr/bin/time", ["-f", "%U %S", ...swarmArgv], {
    cwd: root,
    env,
    extendEnv: false,
    reject: false,
  });
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await refinery;
  await release();
  const tasks = await store.list({ project: "bench" });
  const events = await store.events({ project: "bench" });
  await store.close();
  if (r.exitCode !== 0) throw new Error(`swarm exited ${r.exitCode}: ${r.stderr.slice(-2000)}`);
  const cpu = cpuSeconds(r.stderr);
  const finished = tasks.filter((t) => t.status === "done" || t.status === "merge_ready").length;
  if (finished !== TASKS) throw new Error(`only ${finished} of ${TASKS} tasks finished`);
  return { seconds, cpu, own: await measured(events, dag) };
}

/** User + system seconds from the last line GNU time printed (`%U %S`). */
function cpuSeconds(stderr) {
  const [user, sys] = stderr.trim().split("\n").at(-1).split(" ").map(Number);
  if (!Number.isFinite(user) || !Number.isFinite(sys)) throw new Error(`no CPU times in: ${stderr.slice(-200)}`);
  return user + sys;
}

/**
 * The least CPU one task needs whatever runs it: the raw git floor (the worker's git commands in a bash loop,
 * as in bench/overhead.mjs, on the swarm's mirror) plus one start of the scripted agent with nothing to sleep.
 */
async function cpuFloorPerTask(root, env) {
  const n = 10;
  const mirror = join(root, "home/mirrors/bench.git");
  const floor = await execa("/usr/bin/time", ["-f", "%U %S", "bash", "-c", floorScript(mirror, join(root, "home/worktrees/bench"), 0, n)], { env, extendEnv: false });
  const scratch = join(root, "agent-scratch");
  await mkdir(scratch, { recursive: true });
  const prompt = join(root, "agent-prompt.md");
  await writeFile(prompt, "```polecat-script\nwrite x.txt x\n```\n");
  let agent = 0;
  for (let i = 0; i < n; i++) {
    const a = await execa("/usr/bin/time", ["-f", "%U %S", process.execPath, AGENT], { cwd: scratch, env: { ...env, POLECAT_PROMPT_FILE: prompt }, extendEnv: false });
    agent += cpuSeconds(a.stderr);
  }
  return { git: cpuSeconds(floor.stderr) / n, agent: agent / n };
}

/**
 * What the run's own task times allow: each task weighed claim → merge-ready as measured (agent plus
 * orchestration), the lower bound over those, and the makespan from the swarm's start to its end events.
 * Their ratio is the supervisor's scheduling alone; the rest of the gap to the sleeps' bound is per-task
 * orchestration (worktree, finish, push) that the supervisor does not schedule.
 */
async function measured(events, dag) {
  const { lowerBound } = await import("../dist/core/schedule.js");
  const at = new Map();
  for (const e of events) {
    if (e.task_id === undefined) continue;
    const t = at.get(e.task_id) ?? {};
    if (e.event === "task.claimed") t.claimed = e.ts;
    if (e.to === "merge_ready") t.ready = e.ts;
    at.set(e.task_id, t);
  }
  const seconds = (id) => {
    const t = at.get(id);
    return t?.claimed && t.ready ? (t.ready - t.claimed) / 1000 : 0;
  };
  const per = dag.map((t) => seconds(t.id)).sort((a, b) => a - b);
  const tasks = dag.map((t) => ({ id: t.id, depends_on: t.depends_on, duration: seconds(t.id), priority: 0, critical_path: 0, worker: "scripted", fallbacks: [], rule: "", wave: 0 }));
  const ts = (name) => events.find((e) => e.event === name)?.ts ?? 0;
  return {
    median: per[Math.floor(per.length / 2)] ?? 0,
    lower: lowerBound(tasks, { scripted: SLOTS }),
    makespan: (ts("swarm.finished") - ts("swarm.started")) / 1000,
  };
}

/** The same DAG as a Makefile of sleeps, run with `make -j8`; returns seconds. */
async function runMake(root, dag) {
  const lines = [".PHONY: all " + dag.map((t) => t.id).join(" "), `all: ${dag.map((t) => t.id).join(" ")}`, ""];
  for (const t of dag) lines.push(`${t.id}: ${t.depends_on.join(" ")}`, `\t@sleep ${t.seconds}`, "");
  await writeFile(join(root, "Makefile"), lines.join("\n"));
  const t0 = performance.now();
  const r = await execa("make", [`-j${SLOTS}`, "-f", join(root, "Makefile"), "all"], { cwd: root, reject: false });
  if (r.exitCode !== 0) throw new Error(`make failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/** List-scheduling lower bound in seconds: max(longest chain, total work / slots). */
async function bound(dag) {
  const { lowerBound, simulateSchedule } = await import("../dist/core/schedule.js");
  const tasks = dag.map((t) => ({ id: t.id, depends_on: t.depends_on, duration: t.seconds, priority: 0, critical_path: 0, worker: "scripted", fallbacks: [], rule: "", wave: 0 }));
  return { lower: lowerBound(tasks, { scripted: SLOTS }), work: dag.reduce((s, t) => s + t.seconds, 0), simulated: simulateSchedule(tasks, { scripted: SLOTS }).makespan };
}

export async function run() {
  const dag = generate();
  const root = await realpath(await mkdtemp(join(tmpdir(), "polecat-bench-makespan-")));
  const env = gitEnv(root, { CI: "true" });
  try {
    await setup(root, env, dag);
    const swarm = await runSwarm(root, env, dag);
    const make = await runMake(root, dag);
    const b = await bound(dag);
    const floor = await cpuFloorPerTask(root, env);
    const cores = availableParallelism();
    const cpuFloorSeconds = (TASKS * (floor.git + floor.agent)) / cores;
    const vsBound = swarm.seconds / b.lower;
    const vsMake = swarm.seconds / make;
    const command = "node bench/makespan.mjs";
    const detail = `swarm ${swarm.seconds.toFixed(1)} s, make -j${SLOTS} ${make.toFixed(1)} s, lower bound ${b.lower.toFixed(1)} s (chain ${(CHAIN * 1.5).toFixed(1)} s, work ${b.work.toFixed(1)} s / ${SLOTS})`;
    const own = swarm.own.makespan / swarm.own.lower;
    const perTask = (x) => `${(x * 1000).toFixed(0)} ms`;
    return [
      { benchmark: `swarm makespan: ${TASKS}-task DAG, -w scripted=${SLOTS}, vs lower bound`, goal: `≤ ${GOAL}x lower bound`, measured: `${vsBound.toFixed(2)}x (${detail})`, pass: vsBound <= GOAL, command },
      { benchmark: `swarm makespan: ${TASKS}-task DAG, -w scripted=${SLOTS}, vs make -j${SLOTS}`, goal: "no worse than make", measured: `${vsMake.toFixed(2)}x make (make itself ${(make / b.lower).toFixed(2)}x the lower bound)`, pass: vsMake <= 1, command },
      {
        benchmark: `swarm scheduling alone: same run, tasks weighed claim → merge-ready as measured`,
        goal: `≤ ${GOAL}x that lower bound`,
        measured: `${own.toFixed(2)}x (${swarm.own.makespan.toFixed(1)} s from swarm start to end vs ${swarm.own.lower.toFixed(1)} s; median task ${swarm.own.median.toFixed(2)} s claim → merge-ready against ${(b.work / TASKS).toFixed(2)} s of sleep)`,
        pass: own <= GOAL,
        command,
      },
      {
        benchmark: `swarm CPU: same run, against the least CPU ${TASKS} tasks need on this machine`,
        goal: "reported",
        measured:
          `swarm used ${swarm.cpu.toFixed(1)} CPU-s (${perTask(swarm.cpu / TASKS)} per task); the raw git floor ${perTask(floor.git)} + an agent start ${perTask(floor.agent)} ` +
          `per task is ${(TASKS * (floor.git + floor.agent)).toFixed(1)} CPU-s, ${cpuFloorSeconds.toFixed(1)} s of all ${cores} cores (${(cpuFloorSeconds / b.lower).toFixed(2)}x the lower bound) before any task sleeps`,
        pass: true,
        command,
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
