// Soak: a swarm (with its merge queue) of 50 scripted tasks is killed with SIGKILL at 10 random instants and
// started again at once each time; the last run goes to the end. Reports that every task ended exactly once
// on main (one commit carrying its `Polecat-Task:` trailer, status done, no failure counted), how fast the
// dead swarm's agents went (the parent guard), and how long recovery took: from each restart to its first
// claim and to its first merge. Runs the built CLI from dist/.
import { readdir, readFile, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { stringify } from "yaml";
import { applyBenchProject, git, gitEnv, seedOrigin } from "./_git-env.mjs";

const TASKS = 50;
const KILLS = 10;
const SLOTS = 4;
const SELF = fileURLToPath(import.meta.url);
const MAIN = resolve(SELF, "../../dist/cli/main.js");
const AGENT = resolve(SELF, "../../agents/scripted-agent.mjs");


/** A seeded generator, so a rerun kills at the same instants and gives tasks the same lengths. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Origin, WORKERS.md (the scripted agent, tagged with `marker` so its processes can be found), spec, mirror, store. */
async function setup(root, env, marker, rand) {
  const origin = await seedOrigin(root, env, "soak");
  const workers = {
    workers: { scripted: { command: [process.execPath, AGENT, marker], capabilities: ["code"], max_concurrent: SLOTS, timeout: "10m", stall_timeout: "10m" } },
    routing: { default: "scripted" },
  };
  await writeFile(join(root, "WORKERS.md"), `# Soak workers\n\n\`\`\`yaml\n${stringify(workers)}\`\`\`\n`);
  const fence = "```";
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const id = `t${String(i).padStart(2, "0")}`;
    const seconds = (5 + Math.floor(rand() * 16)) / 10; // 0.5–2 s
    return { id, title: `Soak ${id}`, description: `${fence}polecat-script\nwrite ${id}.txt ${id}\nsleep ${seconds}\ncommit add ${id}\n${fence}\n` };
  });
  const spec = { version: 1, project: "soak", repo: origin, base: "main", limits: { lease: "5m" }, refinery: { validate: ["true"], review: { complexity: [] } }, tasks };
  await applyBenchProject(root, env, spec);
  return origin;
}

/** Pids of running processes whose command line holds `marker` (the agents of this bench). */
async function agentsAlive(marker) {
  const pids = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "");
    if (!cmd.includes(marker)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    if (stat !== "" && !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) pids.push(Number(name));
  }
  return pids;
}

/** Milliseconds until no agent of this bench runs (polled every 5 ms); undefined past 15 s. */
async function orphansGone(marker, since) {
  for (;;) {
    if ((await agentsAlive(marker)).length === 0) return performance.now() - since;
    if (performance.now() - since > 15_000) return undefined;
    await sleep(5);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

export async function run() {
  const root = await realpath(await mkdtemp(join(tmpdir(), "polecat-soak-")));
  const marker = `soak-agent-${root}`;
  const env = gitEnv(root, { CI: "true" });
  const rand = random(1_818);
  try {
    const origin = await setup(root, env, marker, rand);
    const home = join(root, "home");
    const swarm = () =>
      execa(process.execPath, [MAIN, "--home", home, "swarm", "-w", `scripted=${SLOTS}`, "--stagger", "0", "--silent"], { cwd: root, env, extendEnv: false, reject: false, stdin: "ignore" });
    const restarts = []; // wall clock (ms) of each restart after a kill
    const kills = []; // { agents: agents running at the kill, goneMs }
    const t0 = performance.now();
    let proc = swarm();
    for (let k = 0; k < KILLS; k++) {
      // 0.5–2.5 s apart: the ten kills land within the first ~15 s, while the 50 tasks (0.5–2 s each on
      // 4 slots, plus each restart) take longer than that even on a fast machine.
      await sleep(500 + rand() * 2_000);
      if (proc.exitCode !== null && proc.exitCode !== undefined) throw new Error(`swarm ended before kill ${k + 1} (exit ${proc.exitCode}); raise the task count`);
      const agents = (await agentsAlive(marker)).length;
      const killedAt = performance.now();
      proc.kill("SIGKILL");
      await proc;
      kills.push({ agents, goneMs: await orphansGone(marker, killedAt) });
      restarts.push(Date.now());
      proc = swarm();
    }
    const last = await proc;
    const seconds = (performance.now() - t0) / 1000;
    if (last.exitCode !== 0) throw new Error(`the last swarm exited ${last.exitCode}: ${last.stderr.slice(-1500)}`);

    const { openStore } = await import("../dist/adapters/open-store.js");
    const store = await openStore({ home, env });
    const tasks = await store.list({ project: "soak" });
    const events = await store.events({ project: "soak" });
    await store.close();
    const log = (await git(root, env, "--git-dir", origin, "log", "--format=%(trailers:key=Polecat-Task,valueonly)", "main")).stdout;
    const carried = new Map();
    for (const id of log.split("\n").map((l) => l.trim()).filter(Boolean)) carried.set(id, (carried.get(id) ?? 0) + 1);
    const once = tasks.filter((t) => t.status === "done" && carried.get(t.id) === 1).length;
    const twice = [...carried.values()].filter((n) => n > 1).length;
    const failures = tasks.reduce((n, t) => n + t.failures, 0);
    const reaped = events.filter((e) => e.event === "task.reaped");
    const charged = reaped.filter((e) => e.data?.charged !== false).length;

    const firstAfter = (match, from) => events.filter((e) => match(e) && e.ts >= from).reduce((m, e) => Math.min(m, e.ts - from), Infinity);
    const toClaim = restarts.map((r) => firstAfter((e) => e.event === "task.claimed", r));
    const toMerge = restarts.map((r) => firstAfter((e) => e.to === "done", r)).filter(Number.isFinite);
    const gone = kills.map((k) => k.goneMs);
    const killedAgents = kills.reduce((n, k) => n + k.agents, 0);
    const ok = once === TASKS && twice === 0 && failures === 0 && charged === 0 && gone.every((g) => g !== undefined);
    const ms = (x) => `${Math.round(x)} ms`;
    const goneText = gone.every((g) => g !== undefined) ? `median ${ms(median(gone))}, max ${ms(Math.max(...gone))}` : "some outlived 15 s";
    return [
      {
        benchmark: `soak: swarm of ${TASKS} tasks (-w scripted=${SLOTS}, merge queue, validate \`true\`) killed with SIGKILL at ${KILLS} random instants, restarted at once each time`,
        goal: "every task ends exactly once on main; no crash counted as a failure",
        measured: `${once}/${TASKS} done with exactly one commit carrying its Polecat-Task trailer, ${twice} merged twice; ${reaped.length} leases of dead swarms reaped, ${charged} counted as failures (failures over all tasks: ${failures}); ${seconds.toFixed(1)} s in all`,
        pass: ok,
        command: "node bench/soak.mjs",
      },
      {
        benchmark: "soak recovery: same run, from each restart to its first claim / first merge",
        goal: "reported",
        measured: `first claim median ${ms(median(toClaim))}, max ${ms(Math.max(...toClaim))}; first merge median ${ms(median(toMerge))}, max ${ms(Math.max(...toMerge))} (${toMerge.length} of ${KILLS} restarts merged)`,
        pass: toClaim.every(Number.isFinite),
        command: "node bench/soak.mjs",
      },
      {
        benchmark: "soak orphans: same run, from each SIGKILL of the swarm until none of its agents runs (parent guard)",
        goal: "reported",
        measured: `${killedAgents} agents running at the ${KILLS} kills; all gone after ${goneText} (polled every 5 ms)`,
        pass: gone.every((g) => g !== undefined),
        command: "node bench/soak.mjs",
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) {
  for (const row of await run()) console.log(`${row.pass ? "ok " : "NO "} ${row.benchmark}: ${row.measured}`);
}
