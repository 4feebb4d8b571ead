// A task's agent as the worker loop runs it: prompt file, filled argv, scrubbed env, restarts after a stall.
import { polecatDir } from "../install-dir.js";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { canResume, resumeCommand, withDialect } from "../../core/agent/dialects.js";
import { addUsage, type AgentRun } from "../../core/agent/run.js";
import { formatDuration } from "../../core/duration.js";
import { scrubEnv, withPushRefused } from "../../core/env-scrub.js";
import { handoffNote } from "../../core/handoff.js";
import type { Kickback, RetryStart } from "../../core/kickback.js";
import { buildPrompt, fillCommand } from "../../core/prompt.js";
import type { TaskSpec, WorkerType } from "../../core/spec.js";
import { gitFingerprint, gitHead, gitProgress, type Progress } from "./git-probes.js";
import { LineRing } from "./line-ring.js";
import { runAgent, type AgentRunResult } from "./run-agent.js";

/** Everything one supervised agent run needs; the store, leases and worktrees stay with the caller. */
export interface SuperviseOptions {
  task: TaskSpec;
  stage: string;
  worker: WorkerType;
  worktree: string;
  branch: string;
  /** Directory of WORKERS.md, for `{registry_dir}`. */
  registryDir: string;
  promptFile: string;
  logFile: string;
  /** The parent environment; secrets are scrubbed from it here (the worker's `env_pass` are kept). */
  env: Record<string, string | undefined>;
  /** Set for the agent after scrubbing, e.g. the refinery's POLECAT_REVIEW_FILE. */
  extraEnv?: Record<string, string>;
  /** The task's attempt number, from 1 (POLECAT_ATTEMPT). */
  attempt: number;
  /** Replaces the prompt's default "work here and commit" paragraph. */
  instructions?: string;
  /** A retry: the prompt gets the "Why this came back" section, and the kickback is written as JSON to `kickbackFile` (POLECAT_KICKBACK_FILE). */
  retry?: { kickback: Kickback; start?: RetryStart; kickbackFile: string };
  /** Aborting stops the agent: a lost lease, a second Ctrl+C. */
  signal?: AbortSignal;
  /** Live output for the UI, kept across restarts. */
  ring?: LineRing;
  cpu?: number;
  killGraceMs?: number;
  pollMs?: number;
  /** Worktree fingerprint for stall detection (default: git status + HEAD + mtimes). */
  fingerprint?: () => Promise<string>;
  /** A session of this task's earlier run to continue (a retry after a crash), when the dialect can resume. */
  resumeSession?: string;
  /** The task's spending cap in USD: an agent whose reported cost (with `spentUsd`) passes it is stopped. */
  maxCostUsd?: number;
  /** What the task has already cost in earlier runs, counted against `maxCostUsd`. */
  spentUsd?: number;
  /** Commits and files so far, for the restart summary (default: git, since the HEAD at the start). */
  progress?: () => Promise<Progress>;
  now?: () => number;
}

/** How a supervised run ended: the last run's result plus how many times a stalled agent was restarted. */
export interface AgentResult extends AgentRunResult {
  restarts: number;
  /** Runs that continued the agent's earlier session instead of starting cold. */
  resumed: number;
  /** Stopped because the task's cost passed `maxCostUsd`. */
  overBudget: boolean;
}

/** Reports of consecutive runs of one task as one: figures summed, the latest session, model and message. */
export function mergeReports(a: AgentRun, b: AgentRun): AgentRun {
  const { runs: _runs, ...sums } = addUsage(addUsage(undefined, a), b);
  return { ...a, ...b, ...sums };
}

// Only the refinery moves the base branch: the agent's `git push origin` is refused (see withPushRefused).
function agentEnv(o: SuperviseOptions, scrubbed: Record<string, string>, restarts: number): Record<string, string> {
  return {
    ...withPushRefused(scrubbed),
    POLECAT_PROMPT_FILE: o.promptFile,
    POLECAT_TASK_ID: o.task.id,
    POLECAT_WORKTREE: o.worktree,
    POLECAT_BRANCH: o.branch,
    POLECAT_STAGE: o.stage,
    POLECAT_ATTEMPT: String(o.attempt),
    POLECAT_RESTART: String(restarts),
    ...(o.retry === undefined ? {} : { POLECAT_KICKBACK_FILE: o.retry.kickbackFile }),
    ...o.extraEnv,
  };
}

/**
 * Runs a task's agent; a stalled agent is stopped and restarted (up to the worker's `max_restarts`) with a
 * summary of its progress in the new prompt. The worker's `timeout_ms` bounds the whole run, restarts included.
 * Throws only for a bad configuration (an unknown placeholder); agent failures are in the result.
 */
export async function superviseAgent(o: SuperviseOptions): Promise<AgentResult> {
  const now = o.now ?? Date.now;
  const startedAt = now();
  const deadline = startedAt + o.worker.timeout_ms;
  const ring = o.ring ?? new LineRing();
  const { env: scrubbed, dropped } = scrubEnv(o.env, o.worker.env_pass);
  const withheld = dropped.length === 0 ? "none" : dropped.map((d) => d.name).join(", ");
  const startHead = o.progress ? undefined : await gitHead(o.worktree, o.env);
  const progress = o.progress ?? (() => gitProgress(o.worktree, o.env, startHead));
  const fingerprint = o.fingerprint ?? (() => gitFingerprint(o.worktree, o.env));

  const retry = o.retry === undefined ? undefined : { kickback: o.retry.kickback, ...(o.retry.start === undefined ? {} : { start: o.retry.start }) };
  if (o.retry !== undefined) {
    await mkdir(dirname(o.retry.kickbackFile), { recursive: true });
    await writeFile(o.retry.kickbackFile, `${JSON.stringify({ task: o.task.id, attempt: o.attempt, ...retry }, null, 2)}\n`);
  }
  let restart: { count: number; summary: string } | undefined;
  let report: AgentRun = {};
  let session = o.resumeSession;
  let resumed = 0;
  const budget = new AbortController();
  const signal = o.signal === undefined ? budget.signal : AbortSignal.any([o.signal, budget.signal]);
  const overCap = (r: AgentRun): boolean => o.maxCostUsd !== undefined && (o.spentUsd ?? 0) + (r.cost_usd ?? 0) > o.maxCostUsd;
  for (;;) {
    const restarts = restart?.count ?? 0;
    const prompt = buildPrompt({ task: o.task, stage: o.stage, instructions: o.instructions, restart, retry });
    await mkdir(dirname(o.promptFile), { recursive: true });
    await writeFile(o.promptFile, prompt);
    const cold = withDialect(o.worker.dialect, o.worker.command);
    const warm = session !== undefined && canResume(o.worker.dialect) ? resumeCommand(o.worker.dialect, cold, session) : undefined;
    if (warm !== undefined) resumed++;
    const before = report;
    const argv = fillCommand(warm ?? cold, {
      prompt,
      prompt_file: o.promptFile,
      "task.id": o.task.id,
      "task.title": o.task.title,
      worktree: o.worktree,
      branch: o.branch,
      stage: o.stage,
      registry_dir: o.registryDir,
      polecat_dir: polecatDir(),
    });
    const r = await runAgent({
      argv,
      cwd: o.worktree,
      env: agentEnv(o, scrubbed, restarts),
      logFile: o.logFile,
      timeoutMs: deadline - now(),
      stallTimeoutMs: o.worker.stall_timeout_ms,
      fingerprint,
      pollMs: o.pollMs,
      killGraceMs: o.killGraceMs,
      signal,
      ring,
      cpu: o.cpu,
      now,
      dialect: o.worker.dialect,
      onReport: (live) => {
        if (overCap(mergeReports(before, live))) budget.abort();
      },
      logHeader: `task ${o.task.id} stage ${o.stage} attempt ${o.attempt} restart ${restarts}${warm === undefined ? "" : ` resuming session ${String(session)}`} (worker ${o.worker.name}); withheld env: ${withheld}`,
    });
    report = mergeReports(before, r.report);
    session = r.report.session_id ?? session;
    const overBudget = budget.signal.aborted || overCap(report);
    const stopped = r.stopped && !budget.signal.aborted;
    if (!r.stalled || overBudget || restarts >= o.worker.max_restarts || now() >= deadline) {
      return { ...r, stopped, report, restarts, resumed, overBudget, durationMs: now() - startedAt };
    }
    const facts = await progress();
    const reason = `no output and no change in the worktree for ${formatDuration(o.worker.stall_timeout_ms)} (restart ${restarts + 1} of at most ${o.worker.max_restarts})`;
    restart = { count: restarts + 1, summary: handoffNote({ ...facts, tail: r.tail, reason }) };
  }
}
