// What `polecat store check|repair` report, for every backend: problems by file, and a repair as a plan.

/** One thing wrong with a store: the file (or table) and what is wrong with it. */
export interface StoreProblem {
  file: string;
  problem: string;
}

/** A store's health: every problem found (empty when whole) and, when it loads, its size. */
export interface StoreCheck {
  /** `file <dir>` or the PostgreSQL URL without its password. */
  location: string;
  problems: StoreProblem[];
  tasks?: number;
  /** The newest change number (file store) or schema version (PostgreSQL). */
  version?: number;
}

/** What a repair will do (with `--dry-run`) or did. */
export interface RepairPlan {
  location: string;
  /** The problems that made it necessary; a plan without any does nothing. */
  problems: StoreProblem[];
  /** The steps in order, in words. */
  steps: string[];
  /** Files moved aside (never deleted), and where to. */
  movedAside: string[];
  asideDir?: string;
  /** Changes that could not be recovered, with the tasks they carried when readable. */
  lost: string[];
  /** Tasks whose state may be older than it was, because a lost change may have rewritten them. */
  stale: string[];
  /** Tasks the rebuilt store holds. */
  tasks: number;
}
