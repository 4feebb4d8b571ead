// Swarm composition: how many slots of each worker type, from `-w type=N`, the `-c`/`-g` shorthands or `--auto`.
import { didYouMean } from "../../core/did-you-mean.js";
import { PolecatError } from "../../core/errors.js";
import { suggestSwarm, taskMix } from "../../core/sizing.js";
import type { WorkerRegistry } from "../../core/spec.js";
import type { TaskInput } from "../../core/ports/store.js";

/** What the user asked for on the command line. */
export interface CompositionRequest {
  /** `-w type=N`, in the order given. */
  workers: readonly string[];
  /** `-c N`: shorthand for `-w claude=N`. */
  claude?: string;
  /** `-g N`: shorthand for `-w gemini=N`. */
  gemini?: string;
  /** `--auto`: size from WORKERS.md `sizing` instead. */
  auto: boolean;
}

/** Slots per worker type, in the order they were asked for, and what capping changed. */
export interface Composition {
  slots: Record<string, number>;
  /** One line per type cut down to its max_concurrent. */
  notes: string[];
}

const COUNT = /^\d+$/;

/** Parses `-w`/`-c`/`-g` into slots per type; unknown types, bad counts, repeats and zero slots are usage errors (exit 2). */
export function parseComposition(req: CompositionRequest, registry: WorkerRegistry): Composition {
  const asked: [string, string][] = req.workers.map((w) => {
    const eq = w.indexOf("=");
    if (eq <= 0) throw new PolecatError("E_USAGE", `-w "${w}" must be TYPE=N, e.g. -w claude=2`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
  if (req.claude !== undefined) asked.push(["claude", req.claude]);
  if (req.gemini !== undefined) asked.push(["gemini", req.gemini]);
  if (req.auto && asked.length > 0) throw new PolecatError("E_USAGE", "--auto sizes the swarm itself: drop -w, -c and -g, or drop --auto");
  if (asked.length === 0) throw new PolecatError("E_USAGE", "no workers: pass -w TYPE=N (or -c N / -g N), or --auto");
  const requested = new Map<string, number>();
  for (const [type, count] of asked) {
    if (registry.workers[type] === undefined) {
      const hint = didYouMean(type, Object.keys(registry.workers));
      throw new PolecatError("E_USAGE", `unknown worker type "${type}"${hint === undefined ? "" : ` (${hint})`}`, {
        details: [`worker types in the registry: ${Object.keys(registry.workers).join(", ")}`],
      });
    }
    if (!COUNT.test(count)) throw new PolecatError("E_USAGE", `${type}: "${count}" is not a number of slots`);
    if (requested.has(type)) throw new PolecatError("E_USAGE", `worker type ${type} is given twice`);
    requested.set(type, Number(count));
  }
  return capComposition(Object.fromEntries(requested), registry);
}

/** Cuts each type to its max_concurrent and drops types with no slots; zero slots in all is a usage error. */
export function capComposition(requested: Readonly<Record<string, number>>, registry: WorkerRegistry): Composition {
  const slots: Record<string, number> = {};
  const notes: string[] = [];
  for (const [type, n] of Object.entries(requested)) {
    const max = registry.workers[type]?.max_concurrent ?? 0;
    if (n > max) notes.push(`${type}: ${n} slots asked, capped at its max_concurrent of ${max}`);
    if (Math.min(n, max) > 0) slots[type] = Math.min(n, max);
  }
  if (Object.keys(slots).length === 0) throw new PolecatError("E_USAGE", "the swarm would have no slots: ask for at least one worker");
  return { slots, notes };
}

/**
 * `--auto`: WORKERS.md sizing over the work ready now (every dependency done or outside the tasks given)
 * and the work ready next (every dependency among those), per worker type. A type gets slots only when it
 * has such work, types with work ready now first; the total follows the sizing tiers for the larger of the
 * two waves, and is at least one slot per type with work while `max_total` allows. Work further out is left
 * to a later swarm (the swarm says so when it ends with ready work unclaimed).
 */
export function autoComposition(tasks: readonly TaskInput[], registry: WorkerRegistry): Record<string, number> {
  const ids = new Set(tasks.map((t) => t.spec.id));
  const deps = (t: TaskInput): string[] => t.spec.depends_on.filter((d) => ids.has(d));
  const now = tasks.filter((t) => deps(t).length === 0);
  const nowIds = new Set(now.map((t) => t.spec.id));
  const next = tasks.filter((t) => !nowIds.has(t.spec.id) && deps(t).every((d) => nowIds.has(d)));
  const mix = taskMix([...now, ...next].map((t) => t.route.worker));
  const width = Math.max(now.length, next.length, Object.keys(mix).length);
  return suggestSwarm(mix, registry, width, taskMix(now.map((t) => t.route.worker)));
}

/** The slot ids of a composition (`claude-1`, `claude-2`, `gemini-1`), as `swarm --dry-run` names them too. */
export function slotIds(slots: Readonly<Record<string, number>>): { id: string; type: string }[] {
  return Object.entries(slots).flatMap(([type, n]) => Array.from({ length: n }, (_, k) => ({ id: `${type}-${k + 1}`, type })));
}
