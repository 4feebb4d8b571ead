// Drain and stop: the two ways a swarm is interrupted, as signals every slot listens to.
import type { SignalSource } from "../../adapters/scheduler/index.js";

/** How far an interrupt has gone: draining (finish running tasks, claim nothing) or stopping now. */
export type Interrupt = "drain" | "stop";

/**
 * The swarm's interrupt state. The first interrupt drains: no new claims, idle slots stop waiting,
 * running tasks finish. The second stops now: running agents are killed and their tasks released.
 */
export class SwarmControl {
  private readonly draining = new AbortController();
  private readonly stopping = new AbortController();
  private first: "SIGINT" | "SIGTERM" | undefined;

  /** The signal of the first interrupt (SIGTERM makes the swarm exit 143, SIGINT 130). */
  get signal(): "SIGINT" | "SIGTERM" | undefined {
    return this.first;
  }

  /** Aborted when draining starts (and when stopping, which implies it). */
  get drainSignal(): AbortSignal {
    return this.draining.signal;
  }

  /** Aborted on stop-now: the running agents' stop signal. */
  get stopSignal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Where the interrupts have got to; undefined while the swarm runs undisturbed. */
  get interrupted(): Interrupt | undefined {
    if (this.stopping.signal.aborted) return "stop";
    return this.draining.signal.aborted ? "drain" : undefined;
  }

  /** Starts draining; a no-op once draining or stopping. */
  drain(): void {
    this.draining.abort();
  }

  /** Stops now: running agents are killed, their tasks given back. */
  stopNow(): void {
    this.draining.abort();
    this.stopping.abort();
  }

  /** Ctrl+C or SIGTERM: the first drains, the second stops now. Returns what this one did. */
  interrupt(by: "SIGINT" | "SIGTERM" = "SIGINT"): Interrupt {
    this.first ??= by;
    if (this.draining.signal.aborted) this.stopNow();
    else this.drain();
    return this.interrupted ?? "drain";
  }
}

/**
 * Routes signals to the control: SIGINT and SIGTERM alike interrupt (the first drains, the second stops
 * now). Returns the unsubscribe.
 */
export function bindSignals(source: SignalSource, control: SwarmControl): () => void {
  const onInt = (): void => void control.interrupt("SIGINT");
  const onTerm = (): void => void control.interrupt("SIGTERM");
  source.on("SIGINT", onInt);
  source.on("SIGTERM", onTerm);
  return () => {
    source.off("SIGINT", onInt);
    source.off("SIGTERM", onTerm);
  };
}
