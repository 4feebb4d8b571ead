// Exclusive, named leadership (one refinery per project, one run of each daemon job): taken by name and
// held until released. Backends: adapters/file-store/leadership.ts and adapters/pg-store/leadership.ts.

/** Gives up leadership. Safe to call once; a lock that was lost meanwhile is simply gone. */
export type Release = () => Promise<void>;

/** Exclusive, named leadership across processes (and machines, for a shared backend). */
export interface Leadership {
  /** Takes `name` at once if nobody holds it; undefined when someone else does. Never waits. */
  acquire(name: string): Promise<Release | undefined>;
}
