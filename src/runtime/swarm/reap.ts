// A swarm takes back what a crashed swarm left: dead owners' leases at once, expired leases as it meets them.
import type { TaskRecord, TaskStore } from "../../core/ports/store.js";

/** What reaping needs to know about the world. */
export interface ReapScope {
  project: string;
  /** The spec's `limits.max_attempts`, for an expired lease that is counted as a failed attempt. */
  maxAttempts?: number;
  /** True when a lease owner provably names a dead process (same host, pid gone). */
  ownerDead: (owner: string) => boolean;
  now: number;
}

/**
 * Takes back the abandoned leases among `tasks` (one read of the queue): those of a dead owner, with no
 * failure counted, and expired ones, counted. Writes nothing when there are none; returns how many it took.
 */
export async function reapAbandoned(store: Pick<TaskStore, "reapExpired">, tasks: readonly TaskRecord[], scope: ReapScope): Promise<number> {
  const owners = new Map<string, boolean>();
  let expired = false;
  for (const t of tasks) {
    if (t.status !== "in_progress" || t.lease === undefined) continue;
    if (t.lease.expires_at <= scope.now) expired = true;
    if (!owners.has(t.lease.owner)) owners.set(t.lease.owner, scope.ownerDead(t.lease.owner));
  }
  const deadOwners = [...owners].filter(([, dead]) => dead).map(([owner]) => owner);
  if (deadOwners.length === 0 && !expired) return 0;
  const reaped = await store.reapExpired({
    project: scope.project,
    deadOwners,
    ...(scope.maxAttempts === undefined ? {} : { maxAttempts: scope.maxAttempts }),
  });
  return reaped.length;
}
