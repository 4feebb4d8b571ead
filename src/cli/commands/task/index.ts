// `polecat task list|show|set|add`: look at and steer individual tasks (claim and release live in task-lease.ts).
import type { Command } from "commander";
import { criticalPaths } from "../../../core/dag.js";
import { parseDuration, formatDuration } from "../../../core/duration.js";
import { PolecatError } from "../../../core/errors.js";
import { taskGraph } from "../../../core/plan.js";
import { routeOf } from "../../../core/routing.js";
import { COMPLEXITIES, type Complexity, type TaskSpec } from "../../../core/spec.js";
import { STATUSES, type TaskStatus } from "../../../core/status.js";
import type { TaskRecord } from "../../../core/ports/store.js";
import { taskRuns, type TaskRun } from "../../../core/views/runs.js";
import { costLine, RUN_COLUMNS, runCells } from "../../../core/views/usage.js";
import { globalOptions, type RegisterCommand } from "../../context.js";
import { getTask, withStore } from "../../store-context.js";
import { TaskIdArgument } from "../../task-id-argument.js";
import { renderTable } from "../../../core/table.js";
import { registerTaskLease } from "./lease.js";
import { registerTaskRetry } from "./retry.js";
import { println } from "../../world.js";

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

/** Registers `polecat task` and its subcommands. */
export const registerTask: RegisterCommand = (program, world) => {
  const task = program.command("task").description("list, show, add, set, retry, claim and release tasks in the store");
  task
    .command("list")
    .description("tasks in the store, in claim order")
    .option("-p, --project <name>", "project (default: the spec's)")
    .option("--status <status>", `only this status (${STATUSES.join(", ")})`, (v, prev: string[] = []) => [...prev, v])
    .option("--batch <name>", "only this batch")
    .option("--tag <tag>", "only tasks with this tag")
    .action(async (opts: { project?: string; status?: string[]; batch?: string; tag?: string }, cmd: Command) => {
      for (const s of opts.status ?? []) assertStatus(s);
      const tasks = await withStore(cmd, world, { needSpec: false, ...projectOpt(opts.project) }, ({ store, project }) =>
        store.list({
          ...(project === undefined ? {} : { project }),
          ...(opts.status === undefined ? {} : { status: opts.status as TaskStatus[] }),
          ...(opts.batch === undefined ? {} : { batch: opts.batch }),
          ...(opts.tag === undefined ? {} : { tag: opts.tag }),
        }),
      );
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(tasks, null, 2));
      const rows = tasks.map((t) => [t.id, t.status, t.route.worker, `${t.attempt}/${t.failures}/${t.kickbacks}`, t.batch ?? "", t.spec.title]);
      for (const line of renderTable(["TASK", "STATUS", "WORKER", "ATT/FAIL/KICK", "BATCH", "TITLE"], rows)) println(world.stdout, line);
    });
  task
    .command("show")
    .addArgument(new TaskIdArgument("<id>"))
    .description("one task: spec, route, lease, notes, and each agent run (session, cost, tokens, turns, model)")
    .option("-p, --project <name>", "project (default: the spec's)")
    .action(async (id: string, opts: { project?: string }, cmd: Command) => {
      const { t, runs } = await withStore(cmd, world, { needSpec: false, ...projectOpt(opts.project) }, async ({ store, project }) => {
        const found = await getTask(store, project, id);
        return { t: found, runs: taskRuns(await store.events({ project: found.project, task_id: found.id })) };
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify({ ...t, runs }, null, 2));
      for (const line of [...showLines(t, world.now()), ...runLines(t, runs)]) println(world.stdout, line);
    });
  task
    .command("set")
    .addArgument(new TaskIdArgument("<id>"))
    .description("move a task to another status by hand (the status table decides what is legal)")
    .requiredOption("--status <status>", "the new status")
    .option("--reason <text>", "why (recorded on the task)")
    .option("-p, --project <name>", "project (default: the spec's)")
    .action(async (id: string, opts: { status: string; reason?: string; project?: string }, cmd: Command) => {
      const to = assertStatus(opts.status);
      const t = await withStore(cmd, world, { needSpec: false, ...projectOpt(opts.project) }, async ({ store, project }) => {
        const current = await getTask(store, project, id);
        return store.transition({
          project: current.project,
          id,
          from: current.status,
          to,
          actor: "human",
          ...(opts.reason === undefined ? {} : { patch: { reason: opts.reason }, note: { kind: "note", author: "human", text: opts.reason } }),
        });
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(t, null, 2));
      println(world.stdout, `${t.project}/${t.id}: ${t.status}`);
    });
  task
    .command("add <id>")
    .description("add one task to the spec's project (routed with the spec's worker registry)")
    .requiredOption("--title <text>", "title")
    .option("--description <text>", "description", "")
    .option("--depends-on <ids>", "comma-separated task ids", list)
    .option("--tag <tags>", "comma-separated tags", list)
    .option("--complexity <c>", COMPLEXITIES.join(" | "))
    .option("--effort <duration>", "estimated effort, e.g. 30m or 2h")
    .option("--priority <n>", "higher runs first", "0")
    .option("--worker <type>", "pin to a worker type")
    .option("--batch <name>", "batch to tag it with")
    .action(async (id: string, opts: AddOpts, cmd: Command) => {
      const t = await withStore(cmd, world, { needSpec: true }, async ({ store, loaded }) => {
        if (loaded === undefined) throw new PolecatError("E_CONFIG", "task add needs the spec");
        const spec = taskSpec(id, opts, loaded.spec.pipeline);
        for (const dep of spec.depends_on) await getTask(store, loaded.spec.project, dep);
        const route = routeOf(spec, loaded.registry);
        if (route === undefined) throw new PolecatError("E_USAGE", `no worker type can take task ${id}`);
        const cp = criticalPaths(taskGraph([spec])).get(id) ?? 0;
        await store.applySpec({ project: loaded.spec.project, ...(opts.batch === undefined ? {} : { batch: opts.batch }), tasks: [{ spec, route, critical_path: cp }] });
        return getTask(store, loaded.spec.project, id);
      });
      if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(t, null, 2));
      println(world.stdout, `added ${t.project}/${t.id} → ${t.route.worker} (${t.route.rule})`);
    });
  registerTaskLease(task, world);
  registerTaskRetry(task, world);
};

interface AddOpts {
  title: string;
  description: string;
  dependsOn?: string[];
  tag?: string[];
  complexity?: string;
  effort?: string;
  priority: string;
  worker?: string;
  batch?: string;
}

function taskSpec(id: string, opts: AddOpts, pipeline: string[]): TaskSpec {
  if (!ID.test(id)) throw new PolecatError("E_USAGE", `task id "${id}" must match ${ID.source} (ids become paths and git refs)`);
  if (opts.complexity !== undefined && !(COMPLEXITIES as readonly string[]).includes(opts.complexity)) {
    throw new PolecatError("E_USAGE", `--complexity must be one of ${COMPLEXITIES.join(", ")}`);
  }
  const effortMs = opts.effort === undefined ? undefined : parseDuration(opts.effort);
  if (opts.effort !== undefined && effortMs === undefined) throw new PolecatError("E_USAGE", `--effort "${opts.effort}" is not a duration (e.g. 30m, 2h)`);
  const priority = Number(opts.priority);
  if (!Number.isInteger(priority)) throw new PolecatError("E_USAGE", `--priority must be an integer`);
  return {
    id,
    title: opts.title,
    description: opts.description,
    depends_on: opts.dependsOn ?? [],
    tags: opts.tag ?? [],
    files: [],
    priority,
    needs: [],
    pipeline,
    acceptance: [],
    ...(opts.complexity === undefined ? {} : { complexity: opts.complexity as Complexity }),
    ...(opts.effort === undefined || effortMs === undefined ? {} : { effort: opts.effort, effort_minutes: effortMs / 60_000 }),
    ...(opts.worker === undefined ? {} : { worker: opts.worker }),
  };
}

function assertStatus(s: string): TaskStatus {
  if (!(STATUSES as readonly string[]).includes(s)) throw new PolecatError("E_USAGE", `unknown status "${s}" (one of ${STATUSES.join(", ")})`);
  return s as TaskStatus;
}

function projectOpt(project: string | undefined): { project?: string } {
  return project === undefined ? {} : { project };
}

function showLines(t: TaskRecord, now: number): string[] {
  const ago = (ms: number): string => `${formatDuration(Math.max(0, now - ms))} ago`;
  const lines = [
    `${t.project}/${t.id}: ${t.spec.title}`,
    `status:    ${t.status}${t.reason ? ` (${t.reason})` : ""}`,
    `route:     ${t.route.worker} — ${t.route.rule}${t.route.fallbacks.length > 0 ? `; fallbacks ${t.route.fallbacks.join(" → ")}` : ""}`,
    `attempts:  ${t.attempt} claimed, ${t.failures} failed, ${t.kickbacks} kicked back`,
    `depends:   ${t.spec.depends_on.join(", ") || "-"}`,
  ];
  if (t.batch) lines.push(`batch:     ${t.batch}`);
  if (t.lease) lines.push(`lease:     ${t.lease.slot ?? t.lease.owner} (${t.lease.worker_type}${t.lease.slot === undefined ? "" : `, owner ${t.lease.owner}`}), attempt ${t.lease.attempt}, heartbeat ${ago(t.lease.heartbeat_at)}, expires in ${formatDuration(Math.max(0, t.lease.expires_at - now))}`);
  if (t.branch) lines.push(`branch:    ${t.branch}${t.head_sha ? ` @ ${t.head_sha.slice(0, 12)}` : ""}`);
  if (t.merge_commit) lines.push(`merged:    ${t.merge_commit.slice(0, 12)}`);
  if (t.spec.description) lines.push("", ...t.spec.description.split("\n").map((l) => `  ${l}`));
  if (t.notes.length > 0) lines.push("", "notes:", ...t.notes.map((n) => `  ${new Date(n.ts).toISOString()} [${n.kind}] ${n.author}: ${n.text}`));
  return lines;
}

// The task's spending and one row per agent run, when any run was recorded.
function runLines(t: TaskRecord, runs: readonly TaskRun[]): string[] {
  const cost = t.usage === undefined ? undefined : costLine("cost", t.usage);
  if (runs.length === 0) return cost === undefined ? [] : ["", cost];
  const rows = runs.map((r) => [`#${r.attempt}`, r.agent?.worker_type ?? r.worker_type ?? r.slot, r.outcome, ...runCells(r.agent)]);
  return ["", ...(cost === undefined ? [] : [cost]), "runs:", ...renderTable(["attempt", "worker", "outcome", ...RUN_COLUMNS], rows).map((l) => `  ${l}`)];
}
