// One agent process: its own process group, output to a log file and a ring, ended by exit, timeout, stall or stop.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { foldLine } from "../../core/agent/parse.js";
import type { AgentRun, Dialect } from "../../core/agent/run.js";
import { formatDuration } from "../../core/duration.js";
import { tasksetPrefix } from "./affinity.js";
import { LineRing, LineSplitter } from "./line-ring.js";
import { guardGroup } from "./parent-guard.js";
import { reapGroup, signalGroup } from "./process-group.js";
import { defaultPollMs, StallWatch } from "./stall-watch.js";

/** One run of an agent command, everything decided by the caller. */
export interface RunAgentOptions {
  /** Filled argv; argv[0] is the program. No shell is involved. */
  argv: readonly string[];
  cwd: string;
  /** The complete environment the agent gets; nothing else is inherited. */
  env: Record<string, string>;
  /** Output is appended here (stdout and stderr, as they arrive). */
  logFile: string;
  /** Wall-clock limit in ms: TERM to the process group, then KILL after `killGraceMs`. */
  timeoutMs: number;
  /** No output and no fingerprint change for this long (ms) is a stall; 0 turns stall detection off. */
  stallTimeoutMs: number;
  /** Worktree fingerprint polled every `pollMs`; without it only output counts as activity. */
  fingerprint?: () => Promise<string>;
  pollMs?: number;
  /** Grace between TERM and KILL (default 5s). */
  killGraceMs?: number;
  /** Aborting stops the agent (lost lease, second Ctrl+C); the result then says `stopped`. */
  signal?: AbortSignal;
  /** Where display lines go; pass one to read them live (the UI) or to share it across restarts. */
  ring?: LineRing;
  /** Pin the agent to this core with taskset. */
  cpu?: number;
  /** How the CLI reports its run: its stdout lines are read as that dialect's JSON events (default generic). */
  dialect?: Dialect;
  /** Called with the report after every stdout line that changed it (streaming cost, for budgets). */
  onReport?: (report: AgentRun) => void;
  /** Written to the log before the run's own start line. */
  logHeader?: string;
  now?: () => number;
}

/** How a run ended, as data: an agent failing is never an exception. */
export interface AgentRunResult {
  pid: number | undefined;
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  stalled: boolean;
  /** Stopped on the caller's request (AbortSignal). */
  stopped: boolean;
  durationMs: number;
  /** The last display lines (the ring's content). */
  tail: string[];
  /** Why the agent could not be started (missing program, missing cwd), if it could not. */
  error: string | undefined;
  /** What the agent said about its run (session, cost, tokens, final message), read from its output. */
  report: AgentRun;
}

/** Grace between TERM and KILL when the caller gives none. */
export const DEFAULT_KILL_GRACE_MS = 5_000;

type EndReason = "timeout" | "stall" | "stop";

// setTimeout fires at once for delays beyond 2^31-1 ms; a longer limit is as good as none.
const MAX_TIMER_MS = 2 ** 31 - 1;

async function openLog(path: string): Promise<WriteStream> {
  await mkdir(dirname(path), { recursive: true });
  const log = createWriteStream(path, { flags: "a" });
  log.on("error", () => undefined); // a full disk must not kill the run; the ring still has the output
  return log;
}

function closeLog(log: WriteStream, line: string): Promise<void> {
  return new Promise((resolve) => log.end(`${line}\n`, () => resolve()));
}

function endLine(r: AgentRunResult, reason: EndReason | undefined, o: RunAgentOptions): string {
  const after = `after ${formatDuration(r.durationMs)}`;
  const how = r.error ?? (r.signal ? `killed by ${r.signal}` : `exit code ${String(r.exitCode)}`);
  if (reason === "timeout") return `timed out ${after} (${how})`;
  if (reason === "stall") return `stalled: no output and no worktree change for ${formatDuration(o.stallTimeoutMs)} (${how})`;
  if (reason === "stop") return `stopped on request ${after} (${how})`;
  return `${how} ${after}`;
}

/** Runs one agent to its end; the whole process group is gone when this resolves. */
export async function runAgent(o: RunAgentOptions): Promise<AgentRunResult> {
  const now = o.now ?? Date.now;
  const started = now();
  const ring = o.ring ?? new LineRing();
  const grace = o.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const log = await openLog(o.logFile);
  const stamp = (): string => `[polecat ${new Date(now()).toISOString()}]`;
  if (o.logHeader !== undefined) log.write(`${stamp()} ${o.logHeader}\n`);

  let reason: EndReason | undefined;
  let report: AgentRun = {};
  const finish = async (r: Omit<AgentRunResult, "durationMs" | "tail" | "timedOut" | "stalled" | "stopped" | "report">) => {
    const result = {
      ...r,
      report,
      timedOut: reason === "timeout",
      stalled: reason === "stall",
      stopped: reason === "stop",
      durationMs: now() - started,
      tail: ring.lines(),
    };
    await closeLog(log, `${stamp()} ${endLine(result, reason, o)}`);
    return result;
  };
  if (o.signal?.aborted) {
    reason = "stop";
    return finish({ pid: undefined, exitCode: undefined, signal: undefined, error: "stopped before start" });
  }

  const [file = "", ...args] = o.cpu === undefined ? o.argv : [...tasksetPrefix(o.cpu), ...o.argv];
  log.write(`${stamp()} start: ${file}${args.length > 0 ? ` (+${args.length} args)` : ""} in ${o.cwd}\n`);
  const sub = execa(file, args, {
    cwd: o.cwd,
    env: o.env,
    extendEnv: false,
    detached: true, // the agent leads its own process group, so the group can be signalled as a whole
    stdin: "ignore",
    buffer: false,
    reject: false,
  });
  const pid = sub.pid;
  // If polecat dies (even by kill -9), the watcher ends the group: no agent writes on after its swarm.
  const guard = pid === undefined ? undefined : guardGroup(pid, grace);

  let termSentAt: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  function terminate(why: EndReason): void {
    if (reason !== undefined || pid === undefined) return;
    reason = why;
    termSentAt = Date.now();
    signalGroup(pid, "SIGTERM");
    killTimer = setTimeout(() => signalGroup(pid, "SIGKILL"), grace);
  }

  const watch =
    pid !== undefined && o.stallTimeoutMs > 0
      ? new StallWatch({
          stallMs: o.stallTimeoutMs,
          pollMs: o.pollMs ?? defaultPollMs(o.stallTimeoutMs),
          fingerprint: o.fingerprint,
          now,
          onStall: () => terminate("stall"),
        })
      : undefined;
  watch?.start();
  const dialect = o.dialect ?? "generic";
  const onStdout = (line: string): void => {
    const folded = foldLine(dialect, report, line);
    if (folded.report !== report) {
      report = folded.report;
      o.onReport?.(report);
    }
    if (folded.display === undefined) ring.add(line);
    else if (folded.display !== "") ring.add(folded.display);
  };
  const splitters = [new LineSplitter(onStdout), new LineSplitter(ring)] as const;
  const feed = (splitter: LineSplitter) => (chunk: Buffer) => {
    log.write(chunk);
    watch?.touch();
    splitter.write(chunk);
  };
  sub.stdout?.on("data", feed(splitters[0]));
  sub.stderr?.on("data", feed(splitters[1]));
  const exited = new Promise<void>((resolve) => {
    sub.once("exit", () => resolve());
    sub.once("error", () => resolve());
  });

  const onAbort = (): void => terminate("stop");
  o.signal?.addEventListener("abort", onAbort, { once: true });
  const timeout = Number.isFinite(o.timeoutMs)
    ? setTimeout(() => terminate("timeout"), Math.min(Math.max(0, o.timeoutMs), MAX_TIMER_MS))
    : undefined;

  if (pid !== undefined) await exited;
  clearTimeout(timeout);
  watch?.stop();
  o.signal?.removeEventListener("abort", onAbort);
  // Children may outlive the leader (a background server, a grandchild holding the pipe): none may stay.
  if (pid !== undefined) await reapGroup(pid, grace, termSentAt);
  guard?.disarm();
  clearTimeout(killTimer);

  // Output ends once every holder of the pipes is gone; a process that escaped the group cannot hold us up.
  const settled = await Promise.race([sub, sleep(2_000, undefined, { ref: false })]);
  if (settled === undefined) {
    sub.stdout?.destroy();
    sub.stderr?.destroy();
  }
  const r = settled ?? (await sub);
  for (const s of splitters) s.end();
  const failedToStart = r.exitCode === undefined && r.signal === undefined;
  return finish({
    pid,
    exitCode: r.exitCode,
    signal: r.signal,
    error: failedToStart ? (r.originalMessage ?? r.shortMessage ?? "agent did not start") : undefined,
  });
}
