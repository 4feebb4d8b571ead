// Where a swarm shows its progress: its slots and their live rows. The listr2 display in
// adapters/progress implements it; the swarm in runtime drives it.

/** One slot: a worker type's seat in the swarm, running one task at a time. */
export interface Slot {
  /** `claude-1`, `scripted-4`: the worker id in events. */
  id: string;
  type: string;
  /** 0-based position in start order (stagger, CPU affinity). */
  index: number;
}

/** A live row of the progress display: one per slot. */
export interface SlotRow {
  task?: string;
  stage?: string;
  /** When the current task (or the wait) began, epoch ms. */
  since?: number;
  /** The agent's recent output lines, read when the row is drawn. */
  output?: { lines(): string[] };
  /** `idle`, `working`, `finishing`, or how the slot ended. */
  state: string;
}

/** Where the swarm shows its progress (the listr2 adapter; a no-op when silent). */
export interface SwarmProgress {
  start(slots: readonly Slot[]): void;
  /** The header: queue counts and interrupt state; `urgent` shows it at once even where headers are throttled. */
  header(text: string, urgent?: boolean): void;
  row(slotId: string, row: SlotRow): void;
  /** A line worth keeping in the log: a finished task, a stopped slot. */
  note(slotId: string, text: string): void;
  /** The slot is done; its row keeps `text`. */
  end(slotId: string, text: string, ok: boolean): void;
  close(): Promise<void>;
}
