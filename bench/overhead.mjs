// Benchmark: per-task orchestration overhead of the worker (claim + worktree + a trivial agent + finish +
// cleanup, through the real store and git) against the raw git floor: the same git commands in a bash loop
// on the same mirror. Both run in this process's run, so the ratio compares like with like. Imports dist/.
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { stringify } from "yaml";
import { gitEnv } from "./_git-env.mjs";

const TASKS = 30;
const WARMUP = 3;
/** Tasks per round; rounds alternate between polecat and the floor so machine-load drift hits both alike. */
const ROUND = 5;
const GOAL = 1.5;
const SELF = fileURLToPath(import.meta.url);


async function git(cwd, env, ...args) {
  await execa("git", args, { cwd, env, extendEnv: false });
}

/** A bare origin with a small project on main, a spec whose worker type is a trivial agent, and the tasks. */
async function setup(root, env) {
  const origin = join(root, "origin.git");
  const clone = join(root, "clone");
  await git(root, env, "init", "--quiet", "--bare", "--initial-branch=main", origin);
  await git(root, env, "init", "--quiet", "--initial-branch=main", clone);
  for (let i = 0; i < 50; i++) await writeFile(join(clone, `file-${i}.txt`), `content ${i}\n`.repeat(20));
  await git(clone, env, "add", "--all");
  await git(clone, env, "commit", "--quiet", "-m", "initial");
  await git(clone, env, "push", "--quiet", origin, "main");
  // The agent does the least a real one does: one file changed, left for finish to commit.
  const workers = { workers: { touch: { command: ["touch", "{task.id}.txt"], capabilities: ["code", "review"], max_concurrent: 1, timeout: "1m", stall_timeout: "1m" } }, routing: { default: "touch" } };
  await writeFile(join(root, "WORKERS.md"), `# Bench workers\n\n\`\`\`yaml\n${stringify(workers)}\`\`\`\n`);
  const tasks = Array.from({ length: WARMUP + TASKS }, (_, i) => ({ id: `t${String(i).padStart(3, "0")}`, title: `Task ${i}`, priority: WARMUP + TASKS - i }));
  const spec = { version: 1, project: "bench", repo: origin, base: "main", limits: { lease: "5m" }, tasks };
  await writeFile(join(root, "polecat.yaml"), stringify(spec));
  return join(root, "polecat.yaml");
}

/** The floor: per task, the git commands polecat's worker runs, in one bash process, on the same mirror; prints a timestamp (ns) before and after each task. */
export function floorScript(mirror, worktrees, from, count) {
  return `set -e
cd "${mirror}"
date +%s%N
for i in $(seq ${from} ${from + count - 1}); do
  wt="${worktrees}/floor-$i"
  git fetch --prune --quiet origin
  git worktree add --quiet --force --no-track -B "floor/$i" "$wt" refs/remotes/origin/main
  touch "$wt/floor-$i.txt"
  git -C "$wt" add --all
  git -C "$wt" commit --quiet -m "floor $i"
  git fetch --prune --quiet origin
  git -C "$wt" rebase --quiet refs/remotes/origin/main
  git -C "$wt" push --porcelain --quiet --force-with-lease origin "HEAD:refs/heads/floor/$i" >/dev/null
  git worktree remove --force --force "$wt"
  date +%s%N
done
`;
}

async function measure() {
  const { loadSpec } = await import("../dist/adapters/spec-loader.js");
  const { openStore } = await import("../dist/adapters/open-store.js");
  const { initMirror } = await import("../dist/adapters/git/index.js");
  const { applyInput } = await import("../dist/core/apply.js");
  const { homeLayout } = await import("../dist/core/layout.js");
  const { runOne } = await import("../dist/runtime/worker/index.js");

  const root = await realpath(await mkdtemp(join(tmpdir(), "polecat-bench-overhead-")));
  try {
    const env = gitEnv(root);
    const specPath = await setup(root, env);
    const loaded = await loadSpec({ specPath });
    if (!loaded.ok) throw new Error(`bench spec invalid: ${JSON.stringify(loaded.errors)}`);
    const home = join(root, "home");
    const gitCtx = { layout: homeLayout(home), env };
    await initMirror(gitCtx, "bench", loaded.value.spec.repo);
    const store = await openStore({ spec: loaded.value.spec, home, env });
    await store.applySpec(applyInput(loaded.value));
    const ctx = { store, loaded: loaded.value, git: gitCtx, env, clock: Date.now, owner: "bench:1:0", slot: { id: "touch-1" } };
    const mirror = gitCtx.layout.mirror("bench");
    const worktrees = gitCtx.layout.worktrees("bench");
    await mkdir(worktrees, { recursive: true });

    const polecatMs = [];
    const polecat = async (n) => {
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const out = await runOne(ctx, { workerType: "touch" });
        polecatMs.push(performance.now() - t0);
        if (out.kind !== "done" || out.result.kind !== "merge_ready") throw new Error(`bench task did not end merge-ready: ${JSON.stringify(out)}`);
      }
    };
    const floorMs = [];
    let next = 0;
    const floor = async (n) => {
      const { stdout } = await execa("bash", ["-c", floorScript(mirror, worktrees, next, n)], { env, extendEnv: false });
      const stamps = stdout.trim().split("\n").map(Number);
      for (let i = 1; i < stamps.length; i++) floorMs.push((stamps[i] - stamps[i - 1]) / 1e6);
      next += n;
    };

    await floor(WARMUP);
    await polecat(WARMUP);
    floorMs.length = polecatMs.length = 0;
    for (let done = 0; done < TASKS; done += ROUND) {
      await floor(ROUND);
      await polecat(ROUND);
    }
    await store.close();
    return { floorMs: median(floorMs), polecatMs: median(polecatMs) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function run() {
  const { floorMs, polecatMs } = await measure();
  const ratio = polecatMs / floorMs;
  return [
    {
      benchmark: `worker overhead: ${TASKS} tasks through claim + worktree + trivial agent + finish + cleanup`,
      goal: `≤ ${GOAL}x the raw git floor per task`,
      measured: `${ratio.toFixed(2)}x (median ${polecatMs.toFixed(0)} ms vs ${floorMs.toFixed(0)} ms per task, same run)`,
      pass: ratio <= GOAL,
      command: "node bench/overhead.mjs",
    },
  ];
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
