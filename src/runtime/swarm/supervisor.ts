// The swarm supervisor: starts the slots, keeps the header current, reacts to interrupts, and reports at the end.
import { ownerDeadHere } from "../../adapters/owner.js";
import type { TaskRecord } from "../../core/ports/store.js";
import { formatUsd } from "../../core/agent/run.js";
import { slotIds } from "./composition.js";
import type { Interrupt } from "./control.js";
import { pauseText, TypeHealth } from "./health.js";
import { startHeartbeat, type HeartbeatFacts } from "./heartbeat.js";
import { formatCounts, leftOver, queueState, type QueueState, type SwarmScope } from "./queue.js";
import { reapAbandoned } from "./reap.js";
import { runSlot, type SlotShared } from "./slot.js";
import { swarmExitCode } from "./summary.js";
import type { Slot } from "../../core/ports/swarm-progress.js";
import type { Merger } from "../../core/ports/merge-queue.js";
import type { SlotEnd, SwarmConfig, SwarmDeps, SwarmResult } from "./types.js";
import { raceWaits, storeWait, Waker } from "./wait.js";

/** The header: queue counts, who merges, and what an interrupt is doing. */
export function headerText(state: QueueState, interrupted: Interrupt | undefined, merger: Merger = "off"): string {
  const counts = `${formatCounts(state.counts)}${mergerText(merger, state.counts.refinery)}`;
  if (interrupted === "stop") return `stopping now: agents killed, tasks given back · ${counts}`;
  if (interrupted === "drain") return `draining: running tasks finish, nothing new is claimed (Ctrl+C again to stop now) · ${counts}`;
  return counts;
}

/** Who merges, for the header: never a silent wait on merges. */
function mergerText(merger: Merger, withRefinery: number): string {
  if (merger === "here") return " · merging here";
  if (merger === "other") return " · waiting for another refinery to merge (it holds the project's lock)";
  return withRefinery > 0 ? " · no refinery running: merge-waiting work is left for `polecat refinery`" : "";
}

/**
 * Runs the swarm until every slot has ended: the queue (or batch) has nothing left for it, an interrupt
 * drained or stopped it, or the slot gave up. Never throws for a task's failure; the report says what
 * happened and which exit code it deserves.
 */
export async function runSwarm(config: SwarmConfig, deps: SwarmDeps): Promise<SwarmResult> {
  const { store, control, progress, clock } = deps;
  const startedAt = clock();
  const slots: Slot[] = slotIds(config.composition).map((s, index) => ({ ...s, index }));
  // Slots still running per type: work only a stopped type could take no longer keeps the others waiting.
  const live = new Map<string, number>();
  for (const s of slots) live.set(s.type, (live.get(s.type) ?? 0) + 1);
  const merger = (): Merger => deps.merges?.who() ?? "off";
  const scope = (types = new Set([...live].filter(([, n]) => n > 0).map(([t]) => t))): SwarmScope => ({
    project: config.project,
    ...(config.batch === undefined ? {} : { batch: config.batch }),
    types,
    merging: merger() !== "off",
    paused: new Set(health.pausedTypes(clock())),
  });
  const health = new TypeHealth(config.limitBackoffMs);
  let halted: string | undefined;
  let spent: number | undefined;
  const waker = new Waker();
  let reading: Promise<QueueState> | undefined;
  let last: QueueState | undefined;
  const queue = (): Promise<QueueState> =>
    (reading ??= (async () => {
      try {
        const tasks = await store.list({ project: config.project });
        // A crashed swarm's leases (this host, its pid gone) and expired ones go back to the queue here.
        const reap = { project: config.project, maxAttempts: config.maxAttempts, ownerDead: deps.ownerDead ?? ownerDeadHere, now: clock() };
        const reaped = await reapAbandoned(store, tasks, reap);
        last = queueState(reaped > 0 ? await store.list({ project: config.project }) : tasks, scope(), clock());
        progress.header(headerText(last, control.interrupted, merger()));
        return last;
      } finally {
        reading = undefined;
      }
    })());
  const base = { project: config.project, data: { composition: config.composition, ...(config.batch === undefined ? {} : { batch: config.batch }) } };
  const onInterrupt = (kind: Interrupt) => (): void => {
    if (last !== undefined) progress.header(headerText(last, kind, merger()), true);
    void store.logEvent({ ...base, event: kind === "drain" ? "swarm.draining" : "swarm.stopping", level: "warn" }).catch(() => undefined);
  };
  control.drainSignal.addEventListener("abort", onInterrupt("drain"), { once: true });
  control.stopSignal.addEventListener("abort", onInterrupt("stop"), { once: true });

  const shared: SlotShared = {
    config,
    deps,
    wait: raceWaits(waker.wait, storeWait(store, clock)),
    wake: () => waker.wake(),
    queue,
    runs: [],
    busy: new Map(),
    giveUp: async (slot, reason) => {
      progress.note(slot.id, reason);
      await store.logEvent({ ...base, event: "slot.gave_up", level: "error", worker_id: slot.id, message: reason });
      await deps.alert(`polecat swarm: ${slot.id} ${reason}`);
    },
    health,
    paused: async (slot, text, data) => {
      progress.note(slot.id, text);
      await store.logEvent({ ...base, event: "swarm.type_paused", level: "error", worker_id: slot.id, message: text, data });
      await deps.alert(`polecat swarm: ${text}`);
      waker.wake(); // idle fallbacks may take the paused type's work now
    },
    halt: async (slot, cause) => {
      if (halted !== undefined) return;
      halted = cause;
      progress.header(`stopping: ${cause}`, true);
      progress.note(slot.id, `the swarm stops: ${cause}`);
      await store.logEvent({ ...base, event: "swarm.halted", level: "error", worker_id: slot.id, message: cause });
      await deps.alert(`polecat swarm stops: ${cause}`);
      control.drain();
    },
    spend: (usd) => {
      spent = (spent ?? 0) + usd;
      const budget = config.budgetUsd;
      return budget !== undefined && spent > budget ? `budget spent: agents reported ${formatUsd(spent)}, past limits.budget_usd ${formatUsd(budget)}` : undefined;
    },
  };

  // A merge or a kickback may be what idle slots wait for; a new merger changes the header and the end rule.
  let shownMerger = merger();
  const unsubscribe = deps.merges?.onChange(() => {
    waker.wake();
    // A new merger is said at once (plain output throttles the header): the swarm never waits silently.
    if (merger() !== shownMerger && last !== undefined) progress.header(headerText(last, control.interrupted, (shownMerger = merger())), true);
    void queue().catch(() => undefined);
  });
  await store.logEvent({ ...base, event: "swarm.started", level: "info" });
  // A type that cannot run here is paused before any slot claims: its work goes to fallbacks, no task is charged.
  for (const [type, why] of Object.entries(config.unrunnable ?? {})) {
    const p = health.pause(type, "missing_binary", why, clock());
    await store.logEvent({ ...base, event: "swarm.type_paused", level: "error", message: pauseText(type, p, clock()), data: { worker_type: type, class: p.class } });
  }
  progress.start(slots);
  const facts = async (): Promise<HeartbeatFacts> => ({ busy: shared.busy, slots: slots.length, counts: (await queue().catch(() => last))?.counts, elapsedMs: clock() - startedAt });
  const stopBeat = deps.heartbeat === undefined ? undefined : startHeartbeat(deps.heartbeat, facts);
  let ends: SlotEnd[];
  try {
    await queue().catch(() => undefined);
    ends = await Promise.all(
      slots.map(async (slot) => {
        const end = await runSlot(slot, shared);
        live.set(slot.type, (live.get(slot.type) ?? 1) - 1);
        waker.wake();
        progress.end(slot.id, endText(end), end.kind !== "failed" && end.kind !== "paused");
        return end;
      }),
    );
    await queue().catch(() => undefined);
  } finally {
    stopBeat?.();
    unsubscribe?.();
    // Whatever happened, the display lets go of the terminal (and its timers of the process).
    await progress.close();
  }

  const claimed = new Set(shared.runs.map((r) => r.task));
  const all = await store.list({ project: config.project });
  const tasks = all.filter((t) => claimed.has(t.id));
  const interrupted = halted === undefined ? control.interrupted : undefined;
  const left = leftOver(all, scope(new Set(Object.keys(config.composition))));
  const report: SwarmResult = {
    project: config.project,
    ...(config.batch === undefined ? {} : { batch: config.batch }),
    composition: { ...config.composition },
    startedAt,
    finishedAt: clock(),
    runs: shared.runs,
    slots: ends,
    tasks: tasks satisfies TaskRecord[],
    ...(interrupted === undefined ? {} : { interrupted }),
    ...(halted === undefined ? {} : { halted }),
    ...(spent === undefined ? {} : { cost_usd: spent }),
    left,
    merger: merger(),
    exitCode: halted !== undefined ? 1 : swarmExitCode(interrupted, ends, tasks, left.unclaimed.length, control.signal),
  };
  await store.logEvent({ ...base, event: "swarm.finished", level: report.exitCode === 0 ? "info" : "warn", data: { ...base.data, exit_code: report.exitCode, runs: report.runs.length } });
  return report;
}

function endText(end: SlotEnd): string {
  switch (end.kind) {
    case "finished":
      return "done: nothing left to claim";
    case "drained":
      return "drained";
    case "failed":
    case "paused":
      return end.reason ?? "gave up";
  }
}
