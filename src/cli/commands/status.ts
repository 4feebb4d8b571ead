// `polecat status`: what runs now, queue counts by status, and the refinery queue; `--watch` keeps it live.
import type { Command } from "commander";
import { deadOwnersHere } from "../../adapters/owner.js";
import { parseDuration } from "../../core/duration.js";
import { PolecatError } from "../../core/errors.js";
import { renderStatus, statusView, type StatusView } from "../../core/views/status.js";
import { globalOptions, type RegisterCommand } from "../context.js";
import { withStore, type StoreContext } from "../store-context.js";
import { keyWithout, watch } from "../watch.js";
import { println, type World } from "../world.js";

interface StatusOpts {
  project?: string;
  watch?: boolean;
  interval?: string;
}

/** The fields of the view that only say how old something is: a watch off a terminal prints again when anything else changes. */
const AGES: ReadonlySet<string> = new Set(["now", "elapsed_ms", "heartbeat_age_ms", "expires_in_ms", "expired", "waiting_ms"]);

async function look(ctx: StoreContext, world: World): Promise<StatusView> {
  const filter = ctx.project === undefined ? {} : { project: ctx.project };
  const [tasks, events] = await Promise.all([ctx.store.list(filter), ctx.store.events(filter)]);
  return statusView(tasks, world.now(), { events, deadOwners: deadOwnersHere(tasks), ...(ctx.loaded ? { registry: ctx.loaded.registry } : {}) });
}

function intervalMs(opts: StatusOpts): number {
  if (opts.interval === undefined) return 2_000;
  if (opts.watch !== true) throw new PolecatError("E_USAGE", "--interval is for --watch");
  const ms = parseDuration(opts.interval);
  if (ms === undefined || ms < 100) throw new PolecatError("E_USAGE", `--interval "${opts.interval}" is not a duration of at least 100ms (e.g. 2s)`);
  return ms;
}

/** Redraws until SIGINT or SIGTERM, which end it with exit 0 like `logs --follow`. */
async function watchStatus(ctx: StoreContext, world: World, json: boolean, ms: number, every: string): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  world.signals.on("SIGINT", stop);
  world.signals.on("SIGTERM", stop);
  try {
    await watch({
      frame: async () => {
        const view = await look(ctx, world);
        return { lines: json ? [JSON.stringify(view)] : renderStatus(view), key: keyWithout(view, AGES) };
      },
      stream: world.stdout,
      tty: world.isTTY && !json,
      intervalMs: ms,
      now: world.now,
      signal: controller.signal,
      ...(json ? {} : { title: `Every ${every}: polecat status` }),
    });
  } finally {
    world.signals.off("SIGINT", stop);
    world.signals.off("SIGTERM", stop);
  }
}

/** Registers `polecat status`. */
export const registerStatus: RegisterCommand = (program, world) => {
  program
    .command("status")
    .description("running slots (task, stage, elapsed, heartbeat), queue counts, refinery queue")
    .option("-p, --project <name>", "project (default: the spec's, else all)")
    .option("-w, --watch", "keep it live until Ctrl+C: redrawn on a terminal; elsewhere printed again when it changes (--json: one line each)")
    .option("--interval <duration>", "how often --watch looks (default 2s)")
    .action(async (opts: StatusOpts, cmd: Command) => {
      const ms = intervalMs(opts);
      const json = globalOptions(cmd).json === true;
      const project = opts.project ? { project: opts.project } : {};
      if (opts.watch === true) return withStore(cmd, world, { needSpec: false, ...project }, (ctx) => watchStatus(ctx, world, json, ms, opts.interval ?? "2s"));
      const view = await withStore(cmd, world, { needSpec: false, ...project }, (ctx) => look(ctx, world));
      if (json) return println(world.stdout, JSON.stringify(view, null, 2));
      for (const line of renderStatus(view)) println(world.stdout, line);
    });
};
