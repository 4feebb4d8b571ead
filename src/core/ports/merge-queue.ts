// The merge queue beside a swarm, as the swarm sees it: the refinery's side runner in runtime implements it,
// the swarm's supervisor drives its header and wake-ups from it, and neither engine imports the other.

/** Who merges the swarm's finished work: `here` (this swarm's own merge queue), `other` (another refinery holds the project's lock), `off` (`--no-refinery`). */
export type Merger = "here" | "other" | "off";

/** The merge queue beside the swarm, as the supervisor sees it. */
export interface MergeQueue {
  /** Who merges right now (it changes when another refinery lets go of the lock and this swarm takes over). */
  who(): Merger;
  /** A task turned merge-ready: look at the queue now instead of at the next poll. */
  nudge(): void;
  /** Hears every change the merge queue makes (a merge, a kickback, taking over the lock); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}
