// "No output and no change in the worktree for a while" is a stall: output and fingerprint changes reset the clock.

/** How a stall watch is set up. */
export interface StallWatchOptions {
  stallMs: number;
  pollMs: number;
  /** A cheap worktree fingerprint; a failing probe counts as "no change". */
  fingerprint?: () => Promise<string>;
  now: () => number;
  onStall: () => void;
}

/** Polling interval when the caller gives none: a few seconds, or a quarter of a short stall timeout. */
export function defaultPollMs(stallMs: number): number {
  return Math.min(5_000, Math.max(50, Math.floor(stallMs / 4)));
}

/** Watches one agent run for a stall; the runner calls `touch` on output and `stop` when the run ends. */
export class StallWatch {
  private last: number;
  private previous: string | undefined;
  private baseline = false;
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(private readonly o: StallWatchOptions) {
    this.last = o.now();
  }

  /**
   * Polls every pollMs; the first poll only records the worktree's fingerprint, so an agent that ends
   * sooner costs no probe at all. The stall clock runs from construction (the agent's spawn).
   */
  start(): void {
    this.schedule();
  }

  /** The agent printed something. */
  touch(): void {
    this.last = this.o.now();
  }

  /** The run ended: no more polls, no stall report. */
  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  private async probe(): Promise<string | undefined> {
    if (!this.o.fingerprint) return undefined;
    try {
      return await this.o.fingerprint();
    } catch {
      return undefined;
    }
  }

  private schedule(): void {
    if (!this.done) this.timer = setTimeout(() => void this.tick(), this.o.pollMs);
  }

  private async tick(): Promise<void> {
    const fp = await this.probe();
    if (this.done) return;
    if (fp !== undefined && fp !== this.previous) {
      if (this.baseline) this.touch();
      this.previous = fp;
    }
    this.baseline = true;
    if (this.o.now() - this.last >= this.o.stallMs) {
      this.done = true;
      this.o.onStall();
      return;
    }
    this.schedule();
  }
}
