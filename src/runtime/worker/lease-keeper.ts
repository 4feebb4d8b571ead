// Keeps a claimed task's lease alive while the worker holds it, and says so the moment it is lost.
import { PolecatError, isPolecatError } from "../../core/errors.js";
import type { LeaseRef, TaskStore } from "../../core/ports/store.js";

/** A running heartbeat for one lease. */
export interface LeaseKeeper {
  /** Aborted when the store says the lease is gone: the agent must stop and nothing of its result be written. */
  readonly signal: AbortSignal;
  /** Why the lease was lost; undefined while it holds. */
  lostReason(): string | undefined;
  /** A fence before pushing a result: reads (without writing) whether the lease still holds; throws E_LEASE_LOST when it is gone. */
  check(): Promise<void>;
  /** Stops heartbeating and waits for a heartbeat in flight. */
  stop(): Promise<void>;
}

/**
 * Heartbeats every `leaseMs / 3`, so two missed beats still leave the lease alive. A failed heartbeat for
 * any other reason than E_LEASE_LOST (a busy store) is retried at the next beat: the lease itself decides.
 */
export function keepLease(store: TaskStore, ref: LeaseRef, leaseMs: number): LeaseKeeper {
  const controller = new AbortController();
  let reason: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  const lose = (err: PolecatError): never => {
    reason ??= err.message;
    if (!controller.signal.aborted) controller.abort(err);
    throw err;
  };
  const beat = async (): Promise<void> => {
    try {
      await store.heartbeat(ref, leaseMs);
    } catch (err) {
      if (isPolecatError(err, "E_LEASE_LOST")) lose(err);
    }
  };
  const schedule = (): void => {
    if (stopped || reason !== undefined) return;
    timer = setTimeout(() => {
      inFlight = beat().catch(() => undefined).finally(schedule);
    }, Math.max(1, Math.floor(leaseMs / 3)));
  };
  schedule();

  return {
    signal: controller.signal,
    lostReason: () => reason,
    async check() {
      await inFlight;
      const task = await store.get(ref.project, ref.id);
      const lease = task?.lease;
      if (reason !== undefined || task?.status !== "in_progress" || lease?.attempt !== ref.attempt || lease.owner !== ref.owner) {
        const now = task === undefined ? "gone" : `${task.status}${lease === undefined ? ", no lease" : `, attempt ${lease.attempt} by ${lease.owner}`}`;
        lose(new PolecatError("E_LEASE_LOST", reason ?? `task ${ref.project}/${ref.id}: attempt ${ref.attempt} by ${ref.owner} lost its lease (now ${now})`));
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
