// `polecat logs`: the event log, filtered; `--follow` keeps printing new events until Ctrl+C.
import type { Command } from "commander";
import { followEvents } from "../../adapters/event-log/follow.js";
import { PolecatError } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import { filterEvents, formatEvent, matchesLog, parseLevel, LEVELS, type LogFilter } from "../../core/views/logs.js";
import type { EventRecord } from "../../core/ports/store.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { sinceOption } from "../observe-options.js";
import { withStore } from "../store-context.js";
import { println, type World } from "../world.js";

interface LogsOpts {
  follow?: boolean;
  task?: string;
  level?: string;
  project?: string;
  since?: string;
}

/** Registers `polecat logs`. */
export const registerLogs: RegisterCommand = (program, world) => {
  program
    .command("logs")
    .description("print the event log (JSON lines with stable labels); --follow for new events")
    .option("-f, --follow", "keep printing new events until interrupted")
    .option("--task <id>", "only this task's events")
    .option("--level <level>", `minimum level (${LEVELS.join(", ")})`)
    .option("-p, --project <name>", "project (default: the spec's, else all)")
    .option("--since <duration>", "only the last DURATION (e.g. 1h)")
    .action(async (opts: LogsOpts, cmd: Command) => {
      const level = opts.level === undefined ? undefined : parseLevel(opts.level);
      if (opts.level !== undefined && level === undefined) throw new PolecatError("E_USAGE", `--level must be one of ${LEVELS.join(", ")}`);
      const json = globalOptions(cmd).json === true;
      const since = sinceOption(opts.since, world.now());
      const print = (e: EventRecord): void => println(world.stdout, json ? JSON.stringify(e) : formatEvent(e));
      const base: LogFilter = {
        ...(opts.task === undefined ? {} : { task: opts.task }),
        ...(level === undefined ? {} : { level }),
        ...(since === undefined ? {} : { since }),
      };
      if (opts.follow) return follow(cmd, world, base, opts.project, print);
      const events = await withStore(cmd, world, { needSpec: false, ...(opts.project ? { project: opts.project } : {}) }, async ({ store, project }) =>
        filterEvents(await store.events(project === undefined ? {} : { project }), { ...base, ...(project === undefined ? {} : { project }) }),
      );
      events.forEach(print);
    });
};

/** Tails the home's JSONL log from its start, so nothing falls between reading and following. */
async function follow(cmd: Command, world: World, base: LogFilter, project: string | undefined, print: (e: EventRecord) => void): Promise<void> {
  const filter = { ...base, ...(project === undefined ? {} : { project }) };
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  world.signals.on("SIGINT", stop);
  world.signals.on("SIGTERM", stop);
  try {
    for await (const e of followEvents(homeLayout(resolveHome(world, globalOptions(cmd))).events, { signal: controller.signal, fromStart: true })) {
      if (matchesLog(e, filter)) print(e);
    }
  } finally {
    world.signals.off("SIGINT", stop);
    world.signals.off("SIGTERM", stop);
  }
}
