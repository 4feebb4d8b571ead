// Benchmark: `polecat swarm -w scripted=8` with its own merge queue on an 80-task DAG (a chain of 8 one-second
// tasks and 72 tasks of 0.1–1 s, each after up to two earlier ones; validation `true`), against GNU `make -j8`
// whose recipe does the same git work by hand per task (a locked fetch and `git worktree add` from one bare
// mirror, the agent's sleep, `git push` of the branch, a serialized squash-merge onto main with the validation
// and `git push` of main, a locked `git worktree remove`), and against `make -j8` of the sleeps alone. All in
// one run; imports the built code from dist/. Prints JSON rows; `npm run bench` writes them to the docs.
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { stringify } from "yaml";
import { git, gitEnv, seedOrigin } from "./_git-env.mjs";

const TASKS = 80;
const CHAIN = 8;
const SLOTS = 8;
const SELF = fileURLToPath(import.meta.url);
const MAIN = resolve(SELF, "../../dist/cli/main.js");
const AGENT = resolve(SELF, "../../agents/scripted-agent.mjs");
const id = (i) => `t${String(i).padStart(2, "0")}`;

/** The DAG: the chain t00..t07 of 1 s, then 72 tasks of 0.1–1 s, each after up to two of the 20 before it. */
export function generate() {
  let seed = 1_414;
  const rand = (k) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % k;
  };
  return Array.from({ length: TASKS }, (_, i) => {
    if (i < CHAIN) return { id: id(i), seconds: 1, depends_on: i === 0 ? [] : [id(i - 1)] };
    const deps = i - CHAIN < 8 ? [] : [...new Set(Array.from({ length: rand(3) }, () => id(Math.max(CHAIN, i - 1 - rand(20)))))];
    return { id: id(i), seconds: (1 + rand(10)) / 10, depends_on: deps };
  });
}


/** A bare origin with one commit on main. */
const origin = (root, env) => seedOrigin(root, env, "bench");

/** polecat: spec, registry, mirror, apply, then the swarm as a user runs it; seconds and the store's events. */
async function runPolecat(root, env, dag) {
  const repo = await origin(root, env);
  const workers = {
    workers: { scripted: { command: [process.execPath, AGENT], capabilities: ["code"], max_concurrent: SLOTS, timeout: "10m", stall_timeout: "10m" } },
    routing: { default: "scripted" },
  };
  await writeFile(join(root, "WORKERS.md"), `# Bench workers\n\n\`\`\`yaml\n${stringify(workers)}\`\`\`\n`);
  const fence = "```";
  const tasks = dag.map((t) => ({ id: t.id, title: `Sleep ${t.seconds}s`, depends_on: t.depends_on, description: `${fence}polecat-script\nwrite ${t.id}.txt ${t.id}\nsleep ${t.seconds}\n${fence}\n` }));
  const spec = { version: 1, project: "bench", repo, base: "main", limits: { lease: "5m" }, refinery: { validate: ["true"], review: { complexity: [] } }, tasks };
  await writeFile(join(root, "polecat.yaml"), stringify(spec));
  const home = join(root, "home");
  const cli = (...args) => execa(process.execPath, [MAIN, "--home", home, ...args], { cwd: root, env, extendEnv: false, reject: false });
  for (const step of [["init"], ["apply"]]) {
    const r = await cli(...step);
    if (r.exitCode !== 0) throw new Error(`${step[0]} failed: ${r.stderr}`);
  }
  const t0 = performance.now();
  const r = await cli("swarm", "-w", `scripted=${SLOTS}`, "--stagger", "0", "--silent");
  const seconds = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`swarm exited ${r.exitCode}: ${r.stderr.slice(-2000)}`);
  const { openStore } = await import("../dist/adapters/open-store.js");
  const store = await openStore({ home, env });
  const all = await store.list({ project: "bench" });
  const events = await store.events({ project: "bench" });
  await store.close();
  const done = all.filter((t) => t.status === "done").length;
  if (done !== TASKS) throw new Error(`only ${done} of ${TASKS} tasks merged`);
  return { seconds, own: ownBound(events, dag) };
}

/**
 * What the run's own task times allow: the longest dependency chain with each task weighed claim → done (a
 * dependent can start only then), and the slot work (claim → merge-ready) spread over the slots; the
 * makespan is the swarm's start to its end events.
 */
function ownBound(events, dag) {
  const at = new Map(dag.map((t) => [t.id, {}]));
  for (const e of events) {
    const t = e.task_id === undefined ? undefined : at.get(e.task_id);
    if (t === undefined) continue;
    if (e.event === "task.claimed") t.claimed ??= e.ts;
    if (e.to === "merge_ready") t.ready = e.ts;
    if (e.to === "done") t.done = e.ts;
  }
  const finish = new Map();
  const path = (t) => {
    if (!finish.has(t.id)) {
      const own = (at.get(t.id).done - at.get(t.id).claimed) / 1000;
      finish.set(t.id, own + Math.max(0, ...t.depends_on.map((d) => path(dag.find((x) => x.id === d)))));
    }
    return finish.get(t.id);
  };
  const chain = Math.max(...dag.map(path));
  const work = dag.reduce((s, t) => s + (at.get(t.id).ready - at.get(t.id).claimed) / 1000, 0) / SLOTS;
  const ts = (name) => events.find((e) => e.event === name)?.ts ?? 0;
  return { bound: Math.max(chain, work), chain, work, makespan: (ts("swarm.finished") - ts("swarm.started")) / 1000 };
}

/** The hand-rolled recipe of one task: bash, with the time spent waiting for each lock appended to waits.txt. */
const RECIPE = `#!/usr/bin/env bash
set -euo pipefail
id=$1; secs=$2; root=$3
cd "$root"
now() { date +%s%N; }
locked() { # locked LOCKFILE CMD...: run CMD holding LOCKFILE, logging how long the lock took to get
  local asked; asked=$(now)
  flock "$1" bash -c 'echo "$0 $1 $(( ($(date +%s%N) - $2) / 1000000 ))" >> waits.txt; shift 2; "$@"' "$id" "$(basename "$1")" "$asked" "\${@:2}"
}
locked locks/mirror git -C mirror.git fetch --quiet origin
locked locks/mirror git -C mirror.git worktree add --quiet -B "b/$id" "$root/wt/$id" origin/main
cd "wt/$id"
sleep "$secs"; echo "$id" > "$id.txt"
git add --all; git commit --quiet -m "$id"
git push --quiet origin "b/$id"
cd "$root"
locked locks/merge bash -c 'cd merge && flock ../locks/mirror git fetch --quiet origin && git checkout --quiet --detach origin/main && git merge --squash --quiet "origin/b/$0" && git commit --quiet -m "$0" && true && git push --quiet origin HEAD:main' "$id"
locked locks/mirror git -C mirror.git worktree remove --force "$root/wt/$id"
`;

/** The same DAG as a Makefile whose recipe does the git work by hand; seconds and the lock waits per task. */
export async function runRecipe(root, env, dag) {
  const repo = await origin(root, env);
  await git(root, env, "clone", "--quiet", "--bare", repo, "mirror.git");
  await git(root, env, "-C", "mirror.git", "config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*");
  await git(root, env, "-C", "mirror.git", "fetch", "--quiet", "origin");
  await git(root, env, "-C", "mirror.git", "worktree", "add", "--quiet", "--detach", join(root, "merge"), "origin/main");
  await mkdir(join(root, "locks"));
  await mkdir(join(root, "wt"));
  await writeFile(join(root, "task.sh"), RECIPE, { mode: 0o755 });
  const lines = [".PHONY: all " + dag.map((t) => t.id).join(" "), `all: ${dag.map((t) => t.id).join(" ")}`, ""];
  for (const t of dag) lines.push(`${t.id}: ${t.depends_on.join(" ")}`, `\t@./task.sh ${t.id} ${t.seconds} ${root}`, "");
  await writeFile(join(root, "Makefile"), lines.join("\n"));
  const t0 = performance.now();
  const r = await execa("make", [`-j${SLOTS}`, "all"], { cwd: root, env, extendEnv: false, reject: false });
  const seconds = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0) throw new Error(`make + git failed: ${r.stderr.slice(-2000)}`);
  const merged = (await git(root, env, "-C", "origin.git", "log", "--format=%s", "main")).stdout.split("\n").length - 1;
  if (merged !== dag.length) throw new Error(`make + git merged ${merged} of ${dag.length}`);
  const waits = new Map();
  for (const line of (await readFile(join(root, "waits.txt"), "utf8")).trim().split("\n")) {
    const [task, lock, ms] = line.split(" ");
    const w = waits.get(task) ?? { mirror: 0, merge: 0 };
    w[lock] += Number(ms);
    waits.set(task, w);
  }
  return { seconds, waits: [...waits.values()] };
}

/** The sleeps alone under make -j8. */
async function runSleeps(root, dag) {
  const lines = [".PHONY: all " + dag.map((t) => t.id).join(" "), `all: ${dag.map((t) => t.id).join(" ")}`, ""];
  for (const t of dag) lines.push(`${t.id}: ${t.depends_on.join(" ")}`, `\t@sleep ${t.seconds}`, "");
  await writeFile(join(root, "Makefile"), lines.join("\n"));
  const t0 = performance.now();
  await execa("make", [`-j${SLOTS}`, "all"], { cwd: root });
  return (performance.now() - t0) / 1000;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), p50: s[Math.floor(s.length / 2)] ?? 0, max: s.at(-1) ?? 0 };
};

export async function run() {
  const dag = generate();
  const root = await realpath(await mkdtemp(join(tmpdir(), "polecat-bench-vs-make-")));
  const env = gitEnv(root, { CI: "true" });
  try {
    const dirs = ["polecat", "recipe", "sleeps"].map((d) => join(root, d));
    for (const d of dirs) await mkdir(d);
    const polecat = await runPolecat(dirs[0], env, dag);
    const recipe = await runRecipe(dirs[1], env, dag);
    const sleeps = await runSleeps(dirs[2], dag);
    const command = "node bench/swarm-vs-make.mjs";
    const vsRecipe = polecat.seconds / recipe.seconds;
    const own = polecat.own.makespan / polecat.own.bound;
    const mirror = stats(recipe.waits.map((w) => w.mirror));
    const merge = stats(recipe.waits.map((w) => w.merge));
    const ms = (x) => `${Math.round(x)} ms`;
    return [
      {
        benchmark: `swarm with its merge queue vs make -j${SLOTS} + hand-rolled git: ${TASKS}-task DAG (chain of ${CHAIN} × 1 s, the rest 0.1–1 s), validate \`true\``,
        goal: "≤ 1.0x the hand-rolled recipe",
        measured: `${vsRecipe.toFixed(2)}x (polecat ${polecat.seconds.toFixed(1)} s, make + git ${recipe.seconds.toFixed(1)} s, make -j${SLOTS} of the sleeps alone ${sleeps.toFixed(1)} s)`,
        pass: vsRecipe <= 1,
        command,
      },
      {
        benchmark: "swarm scheduling alone: same run, against what its own measured task times allow",
        goal: "≤ 1.10x",
        measured: `${own.toFixed(2)}x (${polecat.own.makespan.toFixed(1)} s from swarm start to end vs ${polecat.own.bound.toFixed(1)} s: longest chain of claim → done ${polecat.own.chain.toFixed(1)} s, slot work claim → merge-ready ${polecat.own.work.toFixed(1)} s per slot)`,
        pass: own <= 1.1,
        command,
      },
      {
        benchmark: "time each task waited on a lock: same run",
        goal: "reported",
        measured: `make + git: mirror lock (fetch, worktree add, remove) mean ${ms(mirror.mean)}, p50 ${ms(mirror.p50)}, max ${ms(mirror.max)} per task; merge lock mean ${ms(merge.mean)}, max ${ms(merge.max)}. polecat: task git steps take no lock (fetches coalesce, git's own ref and worktree locks with retries); merges are the merge queue's, not a lock`,
        pass: true,
        command,
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
