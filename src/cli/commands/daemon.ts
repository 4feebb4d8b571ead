// `polecat daemon`: runs the spec's cron schedules (janitor, refinery, swarm, sync) until SIGTERM/SIGINT.
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import type { Command } from "commander";
import { openLeadership } from "../../adapters/open-store.js";
import { listSchedules, runDaemon, type JobRunner, type JobTable } from "../../adapters/scheduler/index.js";
import { PolecatError } from "../../core/errors.js";
import type { ScheduleJob } from "../../core/spec.js";
import { renderTable } from "../../core/table.js";
import { globalOptions, resolveHome, type RegisterCommand, type RunPolecat } from "../context.js";
import { loadSpecOrExit } from "../load-spec.js";
import { withStore } from "../store-context.js";
import { println, type World } from "../world.js";

/** The polecat command each built-in job runs (its schedule's args are appended). */
export const JOB_COMMANDS: Readonly<Record<ScheduleJob, readonly string[]>> = {
  janitor: ["janitor"],
  refinery: ["refinery", "--once"],
  swarm: ["swarm"],
  sync: ["sync"],
};

/** Registers `polecat daemon`. */
export const registerDaemon: RegisterCommand = (program, world, run) => {
  program
    .command("daemon")
    .description("run the spec's schedules (janitor, refinery, swarm, sync); SIGTERM/SIGINT stop after running jobs drain")
    .option("--list", "print each schedule with its next run times, and exit")
    .option("--next <n>", "how many next run times --list shows", "3")
    .action(async (opts: { list?: boolean; next: string }, cmd: Command) => {
      const loaded = await loadSpecOrExit(cmd, world);
      const { spec } = loaded;
      if (opts.list) {
        const listing = listSchedules(spec.schedules, Math.max(1, Number(opts.next) || 3), world.now());
        if (globalOptions(cmd).json) return println(world.stdout, JSON.stringify(listing, null, 2));
        const rows = listing.map((l) => [l.name, [l.job, ...l.args].join(" "), l.words, l.next.map((t) => new Date(t).toISOString()).join(", ")]);
        for (const line of renderTable(["SCHEDULE", "JOB", "WHEN", "NEXT RUNS"], rows)) println(world.stdout, line);
        return;
      }
      if (spec.schedules.length === 0) throw new PolecatError("E_CONFIG", `the spec has no schedules: add \`schedules:\` (see polecat daemon --list)`);
      const home = resolveHome(world, globalOptions(cmd));
      await withStore(cmd, world, { needSpec: true }, async ({ store }) => {
        println(world.stderr, `daemon: ${spec.schedules.length} schedule(s) for ${spec.project}; SIGTERM or Ctrl+C stops after running jobs finish`);
        const result = await runDaemon({
          project: spec.project,
          schedules: spec.schedules,
          jobs: jobTable(cmd, world, run),
          log: (e) => store.logEvent(e),
          leadership: openLeadership({ spec, home, env: world.env, project: spec.project }),
          signals: world.signals,
        });
        const s = result.stats;
        println(world.stderr, `daemon: stopped on ${result.signal} (${s.started} runs: ${s.finished} finished, ${s.failed} failed, ${s.skipped} skipped)`);
      });
    });
};

/** Every job runs its polecat command in-process with the daemon's global options; drain and stop arrive as signals. */
function jobTable(cmd: Command, world: World, run: RunPolecat): JobTable {
  const g = globalOptions(cmd);
  const globals = [
    ...(g.spec ? ["--spec", g.spec] : []),
    ...(g.workers ? ["--workers", g.workers] : []),
    ...(g.home ? ["--home", g.home] : []),
  ];
  const job =
    (name: ScheduleJob): JobRunner =>
    async (args, ctx) => {
      const signals = new EventEmitter();
      const interrupt = (): boolean => signals.emit("SIGINT");
      ctx.drain.addEventListener("abort", interrupt, { once: true });
      ctx.signal.addEventListener("abort", interrupt, { once: true });
      const prefix = `[${ctx.schedule.name}] `;
      const code = await run([...globals, ...JOB_COMMANDS[name], ...args], {
        ...world,
        stdout: prefixed(world.stderr, prefix),
        stderr: prefixed(world.stderr, prefix),
        isTTY: false,
        signals,
      });
      // A job the daemon drained (interrupted on its own stop) ended as asked: not a failure.
      const drained = (code === 130 || code === 143) && (ctx.drain.aborted || ctx.signal.aborted);
      if (code !== 0 && code !== 3 && !drained) throw new PolecatError("E_AGENT", `${JOB_COMMANDS[name].join(" ")} exited with code ${code}`);
      return code;
    };
  return { janitor: job("janitor"), refinery: job("refinery"), swarm: job("swarm"), sync: job("sync") };
}

/** A stream that writes each line to `out` with a prefix, so interleaved jobs stay readable. */
function prefixed(out: NodeJS.WritableStream, prefix: string): Writable {
  let partial = "";
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) out.write(`${prefix}${line}\n`);
      done();
    },
    final(done) {
      if (partial !== "") out.write(`${prefix}${partial}\n`);
      done();
    },
  });
}
