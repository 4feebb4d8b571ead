// Options the observability commands share: which project and since when.
import { parseDuration } from "../core/duration.js";
import { PolecatError } from "../core/errors.js";

/** `--since 24h` as an epoch-ms lower bound, or undefined without the option. */
export function sinceOption(since: string | undefined, now: number): number | undefined {
  if (since === undefined) return undefined;
  const ms = parseDuration(since);
  if (ms === undefined) throw new PolecatError("E_USAGE", `--since "${since}" is not a duration (e.g. 30m, 24h, 7d)`);
  return now - ms;
}
