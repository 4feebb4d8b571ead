// Fetches that coalesce: one fetch of a mirror in flight serves every caller whose need it covers, and a
// caller whose need is newer than the fetch in flight waits for the next one, which all such callers share.
import { existsSync } from "node:fs";
import { PolecatError } from "../../core/errors.js";
import { runGitRetrying } from "./contention.js";
import { gitFailure, type GitContext, type SharedFetches } from "./run.js";

/** One fetch of one mirror: when it started (local clock) and its end. */
interface Flight {
  startedAt: number;
  done: Promise<void>;
}

/** Per mirror: the fetch in flight, the one queued behind it, and when the last good one started. */
interface MirrorFetches {
  current?: Flight;
  next?: Promise<void>;
  lastStartedAt?: number;
}

/**
 * The fetches of one process, shared by its slots (carried in GitContext.fetches). A fetch started at or
 * after a caller's `since` brings everything origin had at `since`, so it serves that caller: a finished
 * one is reused, one in flight is joined; otherwise the caller starts one, or joins the one queued behind the
 * fetch in flight. Eight slots asking at once cost at most two fetches, never eight.
 */
export class FetchCoalescer implements SharedFetches {
  private readonly mirrors = new Map<string, MirrorFetches>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Resolves once a fetch of `mirror` that started at or after `since` has finished (or throws its failure). */
  fetch(mirror: string, since: number, run: () => Promise<void>): Promise<void> {
    const m = this.mirrors.get(mirror) ?? {};
    this.mirrors.set(mirror, m);
    if ((m.lastStartedAt ?? -Infinity) >= since) return Promise.resolve();
    if (m.current !== undefined && m.current.startedAt >= since) return m.current.done;
    if (m.current === undefined) return this.start(m, run);
    m.next ??= m.current.done
      .catch(() => undefined)
      .then(() => {
        m.next = undefined;
        return this.start(m, run);
      });
    return m.next;
  }

  private start(m: MirrorFetches, run: () => Promise<void>): Promise<void> {
    const startedAt = this.clock();
    const done = run().then(() => {
      m.lastStartedAt = Math.max(m.lastStartedAt ?? -Infinity, startedAt);
    });
    const flight: Flight = { startedAt, done };
    m.current = flight;
    void done.catch(() => undefined).then(() => {
      if (m.current === flight) m.current = undefined;
    });
    return done;
  }
}

/**
 * Fetches origin's branches into the mirror without pruning (a prune could delete a tracking ref another
 * process's push has just written) and without FETCH_HEAD (concurrent fetches would fight over it), again
 * on lock contention. With the context's coalescer, a fetch that started at or after `since` serves.
 */
export async function fetchMirror(ctx: GitContext, project: string, since: number = Date.now()): Promise<void> {
  const path = ctx.layout.mirror(project);
  if (!existsSync(path)) {
    throw new PolecatError("E_NOT_FOUND", `no mirror for ${project} at ${path}`, { details: ["run `polecat init` first"] });
  }
  const run = async (): Promise<void> => {
    const args = ["fetch", "--quiet", "--no-write-fetch-head", "origin"];
    const r = await runGitRetrying(ctx, path, args);
    if (r.exitCode !== 0) throw gitFailure(args, path, r);
  };
  await (ctx.fetches === undefined ? run() : ctx.fetches.fetch(path, since, run));
}
